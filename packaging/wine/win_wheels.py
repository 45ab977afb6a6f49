"""Install the app's dependencies for *Windows* (win_amd64, CPython 3.11) from Linux.

    python packaging/wine/win_wheels.py PYPROJECT WHEEL_DIR SITE_PACKAGES

The list is pyproject.toml's [project] dependencies plus the "build" extra, read here, so a
dependency added there (e.g. an OCR engine) is in the Windows build without touching this
script. pip's --platform picks win_amd64 wheels but still evaluates environment markers for
the machine it runs on (Linux): a requirement such as PyInstaller's `pefile; sys_platform ==
"win32"` would be skipped. So the downloaded wheels' own Requires-Dist are re-evaluated with
Windows' marker values and whatever is missing is named explicitly, until nothing is.

Runs with any Python that has pip (pip's vendored `packaging` parses the requirements).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name

# Marker values of the embeddable CPython 3.11.9 (64-bit) on Windows.
WINDOWS_ENV = {
    "os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64",
    "platform_release": "10", "platform_version": "10.0.19045", "python_version": "3.11",
    "python_full_version": "3.11.9", "implementation_name": "cpython", "implementation_version": "3.11.9",
    "platform_python_implementation": "CPython",
}
PIP_TARGET = ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311",
              "--only-binary=:all:"]


def project_requirements(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return list(project.get("dependencies", [])) + list(project.get("optional-dependencies", {}).get("build", []))


def applies_on_windows(req: Requirement, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**WINDOWS_ENV, "extra": extra}) for extra in (extras or {""}))


def _unmarked(requirement: str) -> str:
    req = Requirement(requirement)
    req.marker = None
    return str(req)


def wheel_requirements(wheel: Path) -> tuple[str, list[Requirement]]:
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        text = zf.read(meta).decode("utf-8", "replace")
    name = re.search(r"^Name: (.+)$", text, re.M)
    reqs = [Requirement(v.strip()) for v in re.findall(r"^Requires-Dist: (.+)$", text, re.M)]
    return canonicalize_name(name.group(1).strip() if name else wheel.name.split("-")[0]), reqs


def pip(*args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-5000:])
        raise SystemExit(f"win_wheels: pip {args[0]} failed (exit {proc.returncode})")


def resolve(top: list[str], wheel_dir: Path) -> list[str]:
    """Download until every requirement that applies on Windows has a wheel; returns the list."""
    # Markers are evaluated here, for Windows; pip would evaluate them again for Linux and
    # drop a `; sys_platform == "win32"` requirement (numpy's Windows pin), so they go.
    wanted = [_unmarked(r) for r in top if applies_on_windows(Requirement(r), set())]
    for _ in range(6):
        pip("download", "-q", *PIP_TARGET, "-d", str(wheel_dir), *wanted)
        have: dict[str, list[Requirement]] = {}
        for wheel in sorted(wheel_dir.glob("*.whl")):
            name, reqs = wheel_requirements(wheel)
            have[name] = reqs
        requested = {canonicalize_name(Requirement(r).name): set(Requirement(r).extras) for r in wanted}
        missing = []
        for name, reqs in have.items():
            for req in reqs:
                if canonicalize_name(req.name) not in have and applies_on_windows(req, requested.get(name, set())):
                    missing.append(str(req).split(";")[0].strip())
        if not missing:
            return wanted
        print(f"win_wheels: Windows-only requirements added: {', '.join(sorted(set(missing)))}")
        wanted += sorted(set(missing))
    raise SystemExit("win_wheels: the requirements did not settle after 6 rounds")


def main(argv: list[str]) -> int:
    pyproject, wheel_dir, site = Path(argv[0]), Path(argv[1]), Path(argv[2])
    wheel_dir.mkdir(parents=True, exist_ok=True)
    wanted = resolve(project_requirements(pyproject), wheel_dir)
    pip("install", "-q", "--no-index", "--find-links", str(wheel_dir), *PIP_TARGET, "--no-compile", "--upgrade",
        "--target", str(site), *wanted)
    # Wheels taken without their dependencies (requirements-nodeps.txt beside pyproject.toml).
    nodeps = pyproject.parent / "requirements-nodeps.txt"
    if nodeps.exists():
        pip("download", "-q", *PIP_TARGET, "--no-deps", "-d", str(wheel_dir), "-r", str(nodeps))
        pip("install", "-q", "--no-index", "--find-links", str(wheel_dir), *PIP_TARGET, "--no-compile", "--upgrade",
            "--no-deps", "--target", str(site), "-r", str(nodeps))
    print(f"win_wheels: {len(list(wheel_dir.glob('*.whl')))} win_amd64 wheels for: {', '.join(wanted)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
