"""Build 年报校验 in one command: frozen onedir app, then the installer, with measurements.

    python packaging/build.py                  build dist/nianbao and dist/nianbao-setup-<ver>.exe
    python packaging/build.py --no-installer   only the frozen app
    python packaging/build.py --compare        also build without the exclusions and print both sizes
    python packaging/build.py --installer-from DIR
                                               only the installer, from an existing Windows onedir
                                               folder (the release installer is compiled on Linux:
                                               Debian's NSIS has the 64-bit stubs it needs)

Run it with the project's environment (`.venv/bin/python` or `.venv\\Scripts\\python.exe`)
with PyInstaller installed (`pip install -e ".[build]"`). The installer step needs NSIS's
makensis on PATH (Windows: `choco install nsis`, or the default install folder is found;
Debian: `apt-get install nsis`). On Linux the installer is compiled uncompressed from the
Linux bundle only to prove the script is valid; the real installer is built on Windows.

Prints the bundle size and the frozen app's start-up time (wall time of
`nianbao-cli check --json` on the sample, median of 3) and writes them to
build/bundle-metrics.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
import product  # noqa: E402  (packaging/ is not a package)
SPEC = ROOT / "packaging" / "nianbao.spec"
NSI = ROOT / "packaging" / "installer.nsi"
SAMPLE = ROOT / "resources" / "sample" / "示例年报.txt"
WINDOWS = os.name == "nt"


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def folder_size(path: Path) -> tuple[int, int]:
    # PyInstaller links some libraries into _internal/ on Linux: count each file once.
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def freeze(dist_root: Path, work: Path, baseline: bool) -> Path:
    env = dict(os.environ)
    env.pop("NIANBAO_BUNDLE_BASELINE", None)
    if baseline:
        env["NIANBAO_BUNDLE_BASELINE"] = "1"
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist_root), "--workpath", str(work), str(SPEC)]
    print(f"build: {'baseline (no exclusions)' if baseline else 'frozen app'} → {dist_root / 'nianbao'}", flush=True)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-8000:])
        raise SystemExit(f"build: PyInstaller failed (exit {proc.returncode})")
    # Unresolvable system libraries of plugins we drop anyway are expected on a bare Linux box.
    noise = ("Library not found", "Ignoring icon", "Hidden import", "collect_submodules")
    for line in proc.stderr.splitlines():
        if ("WARNING" in line or "ERROR" in line) and not any(n in line for n in noise):
            print(f"  {line}")
    print(f"  PyInstaller took {time.perf_counter() - started:.0f} s")
    return dist_root / "nianbao"


def startup_seconds(app: Path, runs: int = 3) -> float:
    cli = app / ("nianbao-cli.exe" if WINDOWS else "nianbao-cli")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run([str(cli), "check", "--json", str(SAMPLE)], capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
        if proc.returncode not in (0, 1):
            sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-3000:])
            raise SystemExit(f"build: the frozen app could not check the sample (exit {proc.returncode})")
    return statistics.median(times)


def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "NSIS" / "makensis.exe").exists():
            return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def sign_files(sign_cmd: str, files: list[Path]) -> None:
    """Sign the program's executables before they are packed (signtool on Windows)."""
    for f in files:
        proc = subprocess.run(f'{sign_cmd} "{f}"', shell=True, capture_output=True, text=True, errors="replace")
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-2000:])
            raise SystemExit(f"build: signing {f.name} failed (exit {proc.returncode})")
        print(f"signed: {f}")


def installer(app: Path, out: Path, sign_cmd: str | None = None, compress: bool = WINDOWS) -> Path:
    makensis = find_makensis()
    if makensis is None:
        raise SystemExit("build: makensis not found — install NSIS (Windows: choco install nsis; Debian: apt-get install nsis) or pass --no-installer")
    flag = "/" if WINDOWS else "-"
    cmd = [makensis, f"{flag}V2", f"{flag}DDIST_DIR={app}", f"{flag}DAPP_VERSION={version()}", f"{flag}DOUT_FILE={out}",
           f"{flag}DPUBLISHER={product.PUBLISHER}", f"{flag}DCOPYRIGHT={product.copyright_line()}"]
    if not compress:
        cmd.append(f"{flag}DNO_COMPRESS")  # a syntax/logic check of the script, not a shippable installer
    if sign_cmd:
        cmd.append(f"{flag}DSIGN_CMD={sign_cmd}")  # makensis signs setup.exe and the uninstaller
    cmd.append(str(NSI))
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=NSI.parent, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if proc.returncode != 0 or not out.exists():
        sys.stderr.write(proc.stdout[-6000:] + proc.stderr[-3000:])
        if "amd64-unicode" in proc.stdout + proc.stderr:
            raise SystemExit("build: this NSIS has no 64-bit (amd64-unicode) stubs — compile the installer on Linux "
                             "(apt-get install nsis; python packaging/build.py --installer-from dist/nianbao)")
        raise SystemExit(f"build: makensis failed (exit {proc.returncode})")
    if proc.stdout.strip():
        print("  " + proc.stdout.strip().replace("\n", "\n  "))
    print(f"installer: {out} ({mib(out.stat().st_size)}, makensis {time.perf_counter() - started:.0f} s)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="年报校验：构建可执行程序与安装包")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)")
    parser.add_argument("--no-installer", action="store_true", help="skip the NSIS installer")
    parser.add_argument("--compare", action="store_true", help="also build without exclusions and report both sizes")
    parser.add_argument("--sign", metavar="COMMAND",
                        help='sign the .exe files and the installer with COMMAND FILE, e.g. '
                             '"signtool sign /fd SHA256 /tr <timestamp URL> /td SHA256 /a"')
    parser.add_argument("--installer-from", type=Path, metavar="DIR",
                        help="only compile the (compressed) installer from this onedir folder into --dist")
    args = parser.parse_args(argv)
    args.dist = args.dist.resolve()  # makensis runs from packaging/
    if args.installer_from:
        args.dist.mkdir(parents=True, exist_ok=True)
        installer(args.installer_from.resolve(), args.dist / f"nianbao-setup-{version()}.exe", args.sign, compress=True)
        return 0

    metrics: dict[str, object] = {"version": version(), "platform": sys.platform}
    if args.compare:
        base = freeze(ROOT / "build" / "baseline-dist", ROOT / "build" / "baseline-work", baseline=True)
        size, count = folder_size(base)
        metrics["baseline_bytes"], metrics["baseline_files"] = size, count
        metrics["baseline_startup_s"] = round(startup_seconds(base), 3)
        print(f"baseline bundle: {mib(size)} in {count} files; startup {metrics['baseline_startup_s']:.2f} s")

    app = freeze(args.dist, ROOT / "build" / "pyinstaller", baseline=False)
    size, count = folder_size(app)
    metrics["bundle_bytes"], metrics["bundle_files"] = size, count
    metrics["startup_s"] = round(startup_seconds(app), 3)
    print(f"bundle: {mib(size)} in {count} files ({app})")
    print(f"startup: {metrics['startup_s']:.2f} s (median of 3 × `nianbao-cli check --json` on the sample)")

    if args.sign:
        sign_files(args.sign, sorted(app.glob("*.exe")))

    if not args.no_installer:
        out_dir = args.dist if WINDOWS else ROOT / "build"
        setup = installer(app, out_dir / f"nianbao-setup-{version()}{'' if WINDOWS else '-syntaxcheck'}.exe", args.sign)
        metrics["installer_bytes"] = setup.stat().st_size
        if not WINDOWS:
            setup.unlink()  # 200 MB of uncompressed Linux files: proof enough that it compiled

    out = ROOT / "build" / "bundle-metrics.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
