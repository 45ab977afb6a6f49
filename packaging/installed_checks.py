"""The installer's checks on Windows: install, use the *installed* program as a clerk would,
uninstall. One list of checks for both places it runs:

    python packaging\\installed_checks.py --setup dist\\nianbao-setup-0.1.0.exe --out build\\installed-checks
        .github/workflows/windows.yml (a real Windows runner)
        packaging/wine_check.sh       (the Windows CPython under Wine, zh_CN locale, user 张 三;
                                       adds --expect-acp 936 --external-shots)

Run with any Windows CPython 3.11 (stdlib only; PySide6 for screenshots without a helper).
The checking Python must not be the installed app: everything goes through nianbao-cli.exe,
nianbao.exe, setup.exe and uninst.exe as separate processes.

Checked, in order (every failure is reported; exit 1 if any):
  oldwindows (Wine only) setup.exe told it runs on Windows 7 (Wine's per-program version):
             refuses with exit 4, installs nothing, names 10 1809 in its message (setup-old-windows.png)
  install    setup.exe /S: files, Start-menu shortcut, 打开方式 entries and the right-click
             "用年报校验检查" for every report type (images, .mht, .doc/.wps/.et/.xls/.ofd too),
             "用年报校验批量检查" on folders, default programs untouched, uninstall entry,
             long-path-aware manifests, VERSIONINFO (product, version, publisher, copyright) of
             the installed programs and of setup.exe
  frozen     the installed CLI runs in UTF-8 mode (and, with --expect-acp, sees that ANSI code page)
  cli        sample (exit 1, agency), a real PDF in a folder with Chinese characters under the
             user's profile, a read-only copy, a copy on a path longer than 260 characters:
             exit codes, UTF-8 JSON on stdout, Chinese progress on stderr
  export     `export` writes an .xlsx next to a report with a Chinese name
  gui        first start of a never-started install (no settings yet): the window opens the PDF
             (screenshot gui-pdf.png) and, closed, keeps its settings in HKCU; while it runs,
             setup.exe and uninst.exe refuse (exit 3, setup-running.png) and change nothing
  batch      the folder verb's command on a folder of reports opens the batch view (gui-batch.png)
  autosave   an edit (编辑 → 全部采用建议值), the window process killed, restarted: the recovery
             question appears (gui-recovery.png) and brings the edit back (gui-recovered.png)
  uninstall  uninst.exe /S keeps settings and autosaves; reinstalled, uninst.exe /S /PURGE removes them
Screenshots and a summary (installed-checks.json) go to --out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import stat
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

if sys.platform == "win32":
    import ctypes
    import winreg

sys.path.insert(0, str(Path(__file__).resolve().parent))  # an embeddable Python's ._pth leaves the script's folder out
import win_helpers as wh  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = "年报校验"
SETTINGS_KEY = r"Software\NianbaoJiaoyan\nianbao-jiaoyan"  # gui/settings.py ORGANIZATION\APPLICATION
SETTINGS_ORG_KEY = r"Software\NianbaoJiaoyan"
UNINST_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\NianbaoJiaoyan"
PROGID_KEY = r"Software\Classes\NianbaoJiaoyan.Report"
SAMPLE_AGENCY = "示例市自然资源和规划局"
# Every type the readers take; installer.nsi ForEachReportType registers the same list.
REPORT_TYPES = (".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et", ".html", ".htm", ".mht", ".mhtml", ".txt",
                ".ofd", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
CHECK_VERB = "NianbaoJiaoyan.Check"
BATCH_VERB = "NianbaoJiaoyan.Batch"
EXIT_RUNNING, EXIT_OLD_WINDOWS = 3, 4  # installer.nsi
PUBLISHER = "年报校验开发组"  # packaging/product.py (the default; a release may set NIANBAO_PUBLISHER)


class Checks:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.failures: list[str] = []
        self.results: dict[str, object] = {}

    def ok(self, name: str, condition: bool, detail: str = "") -> bool:
        print(f"  {'ok  ' if condition else 'FAIL'} {name}" + (f" — {detail}" if detail else ""), flush=True)
        if not condition:
            self.failures.append(name)
        return condition


# ---------------------------------------------------------------- helpers


def autosave_files() -> list[Path]:
    found: list[Path] = []
    for base in (os.environ.get("APPDATA"), os.environ.get("LOCALAPPDATA")):
        if base:
            found += (Path(base) / "NianbaoJiaoyan" / "nianbao-jiaoyan").rglob("autosave/*.json")
    return found


def user_data_folders() -> list[Path]:
    return [Path(b) / "NianbaoJiaoyan" for b in (os.environ.get("APPDATA"), os.environ.get("LOCALAPPDATA")) if b
            and (Path(b) / "NianbaoJiaoyan").exists()]


def on_wine() -> bool:
    try:
        winreg.CloseKey(winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"Software\Wine"))
        return True
    except OSError:
        return False


def version_strings(path: Path) -> dict[str, str]:
    """The VERSIONINFO strings Explorer shows (文件属性 → 详细信息), read through version.dll."""
    version = ctypes.WinDLL("version")
    size = version.GetFileVersionInfoSizeW(str(path), None)
    if not size:
        return {}
    data = ctypes.create_string_buffer(size)
    if not version.GetFileVersionInfoW(str(path), 0, size, data):
        return {}
    pointer, length = ctypes.c_void_p(), ctypes.c_uint()
    if not version.VerQueryValueW(data, "\\VarFileInfo\\Translation", ctypes.byref(pointer), ctypes.byref(length)) or not length.value:
        return {}
    lang, codepage = ctypes.cast(pointer, ctypes.POINTER(ctypes.c_ushort * 2)).contents
    found: dict[str, str] = {"translation": f"{lang:04x}{codepage:04x}"}
    for name in ("ProductName", "ProductVersion", "FileVersion", "CompanyName", "LegalCopyright", "FileDescription"):
        if version.VerQueryValueW(data, f"\\StringFileInfo\\{lang:04x}{codepage:04x}\\{name}",
                                  ctypes.byref(pointer), ctypes.byref(length)) and length.value:
            found[name] = ctypes.wstring_at(pointer, length.value).rstrip("\0")
    return found


# ---------------------------------------------------------------- the checks


def old_windows(c: Checks, setup: Path, app_dir: Path, shots: wh.Screenshots) -> None:
    """Wine can tell one program it runs on another Windows: Windows 7 SP1 (6.1.7601) here."""
    if not on_wine():
        print("  skipped: a real Windows runner is 10 1809 or later (Wine stands in for Windows 7)")
        return
    key_path = rf"Software\Wine\AppDefaults\{setup.name}"
    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, key_path) as key:
        winreg.SetValueEx(key, "Version", 0, winreg.REG_SZ, "win7")
    try:
        code, *_ = wh.run([str(setup), "/S"])
        c.ok(f"old windows: setup.exe /S on Windows 7 refuses (exit {EXIT_OLD_WINDOWS}) and installs nothing",
             code == EXIT_OLD_WINDOWS and not app_dir.exists(), f"exit {code}")
        proc = subprocess.Popen([str(setup)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            box = wh.wait_window(proc, "", 60)
            time.sleep(2)
            shots.take("setup-old-windows")
            text = wh.window_text(box[0]) if box else ""
            c.ok("old windows: the message names Windows 10 1809 (10.0.17763) and this PC's version",
                 "Windows 10 1809" in text and "10.0.17763" in text and "6.1.7601" in text, text[:200])
            if box:
                wh.press(box[0], "enter")
            code = proc.wait(30)
            c.ok(f"old windows: setup.exe exits {EXIT_OLD_WINDOWS} after the message", code == EXIT_OLD_WINDOWS, f"exit {code}")
        finally:
            if proc.poll() is None:
                proc.kill()
    finally:
        wh.delete_tree(key_path)


def versioninfo(c: Checks, setup: Path, app_dir: Path) -> None:
    from_pyproject = next(line.split('"')[1] for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
                          if line.startswith("version"))
    for path in (app_dir / "nianbao.exe", app_dir / "nianbao-cli.exe", setup):
        info = version_strings(path)
        c.results[f"versioninfo_{path.name}"] = info
        c.ok(f"versioninfo {path.name}: 年报校验 {from_pyproject}, publisher {PUBLISHER}, copyright, zh-CN",
             info.get("ProductName") == PRODUCT and info.get("ProductVersion") == from_pyproject
             and info.get("CompanyName") == PUBLISHER and PUBLISHER in info.get("LegalCopyright", "")
             and info.get("translation", "").startswith("0804"), json.dumps(info, ensure_ascii=False))


def verbs(c: Checks, app_dir: Path, defaults_before: dict[str, str | None]) -> None:
    exe = app_dir / "nianbao.exe"
    want = f'"{exe}" "%1"'
    no_open_with = [ext for ext in REPORT_TYPES if "NianbaoJiaoyan.Report" not in wh.value_names(rf"Software\Classes\{ext}\OpenWithProgids")]
    c.ok(f"install: 打开方式 entries for all {len(REPORT_TYPES)} report types", not no_open_with, f"missing for {no_open_with}")
    bad_verb = [ext for ext in REPORT_TYPES
                if wh.default_value(rf"Software\Classes\SystemFileAssociations\{ext}\shell\{CHECK_VERB}") != f"用{PRODUCT}检查"
                or wh.default_value(rf"Software\Classes\SystemFileAssociations\{ext}\shell\{CHECK_VERB}\command") != want]
    c.ok(f"install: right-click 用{PRODUCT}检查 on all report types → {want}", not bad_verb, f"wrong for {bad_verb}")
    folder = rf"Software\Classes\Directory\shell\{BATCH_VERB}"
    c.ok(f"install: right-click 用{PRODUCT}批量检查 on folders",
         wh.default_value(folder) == f"用{PRODUCT}批量检查" and wh.default_value(folder + "\\command") == want,
         f"{wh.default_value(folder)!r} → {wh.default_value(folder + chr(92) + 'command')!r}")
    changed = {ext: (before, wh.default_value(rf"Software\Classes\{ext}")) for ext, before in defaults_before.items()
               if wh.default_value(rf"Software\Classes\{ext}") != before}
    c.ok("install: no report type's default program changed", not changed, str(changed))


def running_refusal(c: Checks, setup: Path, app_dir: Path, shots: wh.Screenshots) -> None:
    """Called while the window runs: neither setup nor uninst may touch the bundle."""
    exe = app_dir / "nianbao.exe"
    stamp = exe.stat().st_mtime_ns
    code, *_ = wh.run([str(setup), "/S"])
    c.ok(f"running: setup.exe /S refuses while the window runs (exit {EXIT_RUNNING})", code == EXIT_RUNNING, f"exit {code}")
    code, *_ = wh.run([str(app_dir / "uninst.exe"), "/S", f"_?={app_dir}"])
    # Judged by what it leaves: under Wine the uninstaller run in place (_?=) has exited 0 here
    # after un.onInit's Quit, where a direct `wine uninst.exe` run gave 3.
    c.results["uninstall_while_running_exit"] = code
    c.ok("running: setup.exe and uninst.exe /S left the program as it was (uninstaller exit "
         f"{code}, {EXIT_RUNNING} expected on Windows)", exe.exists() and exe.stat().st_mtime_ns == stamp
         and (app_dir / "_internal").is_dir() and (app_dir / "uninst.exe").exists() and wh.key_exists(UNINST_KEY)
         and wh.key_exists(PROGID_KEY))
    proc = subprocess.Popen([str(setup)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        box = wh.wait_window(proc, "", 60)
        time.sleep(2)
        shots.take("setup-running")
        text = wh.window_text(box[0]) if box else ""
        c.ok(f"running: setup.exe asks the clerk to close {PRODUCT} (重试/取消)", f"{PRODUCT}正在运行" in text, text[:200])
        if box:
            wh.press(box[0], "escape")  # 取消
        code = proc.wait(30)
        c.ok(f"running: 取消 leaves setup.exe with exit {EXIT_RUNNING}", code == EXIT_RUNNING, f"exit {code}")
    finally:
        if proc.poll() is None:
            proc.kill()


def gui_batch(c: Checks, exe: Path, folder: Path, shots: wh.Screenshots) -> None:
    command = wh.default_value(rf"Software\Classes\Directory\shell\{BATCH_VERB}\command") or ""
    c.ok("batch: the folder verb starts nianbao.exe on the folder", command == f'"{exe}" "%1"', command)
    window = wh.Window(exe, folder)  # what Explorer runs for that command
    try:
        found = window.wait_title("批量检查")
        c.ok("batch: the window opens the batch view on the folder", found is not None,
             found[1] if found else window.output[-500:].decode("utf-8", "replace"))
        time.sleep(15)  # the folder's reports are checked
        shot = shots.take("gui-batch")
        c.ok("batch: screenshot gui-batch.png", shot is not None, str(shot))
    finally:
        window.kill()


def install(c: Checks, setup: Path, app_dir: Path) -> None:
    pdf_default = wh.default_value(r"Software\Classes\.pdf")
    defaults_before = {ext: wh.default_value(rf"Software\Classes\{ext}") for ext in REPORT_TYPES}
    code, _, err, seconds = wh.run([str(setup), "/S"])
    c.ok("install: setup.exe /S exits 0", code == 0, f"exit {code} in {seconds:.1f} s {err[-300:]!r}")
    c.results["install_seconds"] = round(seconds, 1)
    missing = [f for f in ("nianbao.exe", "nianbao-cli.exe", "uninst.exe", r"_internal\resources\sample\示例年报.txt")
               if not (app_dir / f).exists()]
    c.ok(f"install: files in {app_dir}", not missing, f"missing {missing}" if missing else "")
    programs = Path(os.environ["APPDATA"]) / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    c.ok("install: Start-menu shortcut", (programs / f"{PRODUCT}.lnk").exists())
    c.ok("install: .pdf default program untouched", wh.default_value(r"Software\Classes\.pdf") == pdf_default)
    c.ok("install: uninstall entry in HKCU", wh.key_exists(UNINST_KEY))
    # Windows opens paths over 260 characters only for programs whose manifest says so (and
    # only where LongPathsEnabled is 1, which Wine does not model): PyInstaller's manifest does.
    unaware = [n for n in ("nianbao.exe", "nianbao-cli.exe")
               if (app_dir / n).exists() and b"<longPathAware" not in (app_dir / n).read_bytes()]
    c.ok("install: both programs' manifests declare longPathAware", not unaware, str(unaware))
    verbs(c, app_dir, defaults_before)
    versioninfo(c, setup, app_dir)


def frozen(c: Checks, cli: Path, sample: Path, expect_acp: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        diag = Path(tmp) / "diag.json"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}  # as on a clerk's PC
        env["NIANBAO_FROZEN_DIAG"] = str(diag)
        wh.run([str(cli), "check", "--json", str(sample)], env=env)
        info = json.loads(diag.read_text(encoding="utf-8")) if diag.exists() else {}
    c.results["frozen"] = info
    c.ok("frozen: UTF-8 mode on (sys.flags.utf8_mode == 1)", info.get("utf8_mode") == 1, json.dumps(info, ensure_ascii=False))
    c.ok("frozen: stdout/stderr UTF-8", info.get("stdout") == "utf-8" and info.get("stderr") == "utf-8")
    if expect_acp is not None:
        c.ok(f"frozen: the app sees ANSI code page {expect_acp}",
             info.get("acp") == expect_acp and info.get("locale_encoding") == f"cp{expect_acp}",
             f"acp {info.get('acp')}, locale encoding {info.get('locale_encoding')}")


def cli_check(c: Checks, cli: Path, name: str, path: Path | str, want: set[int], agency: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    code, out, err, seconds = wh.run([str(cli), "check", "--json", str(path)], env=env)
    try:
        lines = [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        lines = []
        c.ok(f"cli {name}: stdout is UTF-8 JSON", False, f"{exc}: {out[:200]!r}")
    try:
        stderr = err.decode("utf-8")
    except UnicodeDecodeError:
        stderr = err.decode("utf-8", "replace")
        c.ok(f"cli {name}: stderr is UTF-8", False, repr(err[:200]))
    report = lines[0] if len(lines) == 1 else {}
    detail = (f"exit {code}, {seconds:.1f} s, status {report.get('status')}, agency {report.get('agency')}, "
              f"year {report.get('year')}, {len(report.get('findings') or [])} findings")
    c.ok(f"cli {name}: exit {sorted(want)} and one report", code in want and len(lines) == 1
         and report.get("status") not in (None, "unreadable", "error"), detail + (f"; {report.get('error')}" if report.get("error") else ""))
    if agency:
        c.ok(f"cli {name}: agency {agency}", report.get("agency") == agency)
    c.ok(f"cli {name}: Chinese progress on stderr", "已检查 1/1" in stderr and not re.search(r"\\u[0-9a-fA-F]{4}", stderr), stderr.strip()[:120])
    c.results[f"cli_{name}"] = {"exit": code, "seconds": round(seconds, 2), "status": report.get("status"),
                                "findings": len(report.get("findings") or [])}
    return report


def cli_suite(c: Checks, cli: Path, sample: Path, pdf: Path, work: Path) -> Path:
    cli_check(c, cli, "sample", sample, {1}, SAMPLE_AGENCY)
    folder = work / "政府信息公开" / "2024年 年度报告"
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / "淮安市人民政府2024年政府信息公开工作年度报告.pdf"
    shutil.copyfile(pdf, report)
    first = cli_check(c, cli, "pdf (Chinese path)", report, {0, 1})
    c.ok("cli pdf: the report's path comes back intact", first.get("file") == str(report), str(first.get("file")))

    readonly = folder / "只读 年报.pdf"
    shutil.copyfile(pdf, readonly)
    os.chmod(readonly, stat.S_IREAD)
    before = hashlib.sha256(readonly.read_bytes()).hexdigest()
    second = cli_check(c, cli, "pdf (read-only)", readonly, {0, 1})
    c.ok("cli read-only: same result, file untouched and still read-only",
         second.get("findings") == first.get("findings") and hashlib.sha256(readonly.read_bytes()).hexdigest() == before
         and not os.access(readonly, os.W_OK))

    deep = work / "长路径"
    while len(str(deep)) < 240:
        deep = deep / "政府信息公开工作年度报告材料汇编"
    os.makedirs(wh.long_name(deep), exist_ok=True)
    far = Path(str(deep) + "\\淮安市人民政府2024年政府信息公开工作年度报告（正式发布稿）.pdf")
    shutil.copyfile(pdf, wh.long_name(far))
    c.results["long_path_chars"] = len(str(far))
    third = cli_check(c, cli, f"pdf (path of {len(str(far))} characters)", far, {0, 1})
    c.ok("cli long path: same result", third.get("findings") == first.get("findings"))
    return report


def export(c: Checks, cli: Path, report: Path) -> None:
    target = report.with_name(report.stem + "（导出）.xlsx")
    code, _, err, seconds = wh.run([str(cli), "export", str(report), "-o", str(target)])
    stderr = err.decode("utf-8", "replace")
    good = code == 0 and target.exists() and zipfile.is_zipfile(target)
    if good:
        with zipfile.ZipFile(target) as zf:
            good = "xl/workbook.xml" in zf.namelist()
    c.ok("export: .xlsx written next to the Chinese-named report", good, f"exit {code}, {seconds:.1f} s, {stderr.strip()[:120]}")


def startup(c: Checks, cli: Path, sample: Path) -> None:
    times = [wh.run([str(cli), "check", "--json", str(sample)])[3] for _ in range(3)]
    c.results["startup_s"] = round(statistics.median(times), 2)
    print(f"  startup of the installed app: {statistics.median(times):.2f} s (median of 3 × nianbao-cli check --json on the sample)")


def gui_pdf(c: Checks, exe: Path, report: Path, shots: wh.Screenshots, setup: Path) -> None:
    c.ok("gui: first start — no settings in HKCU yet", not wh.key_exists(SETTINGS_KEY))
    window = wh.Window(exe, report)
    try:
        found = window.wait_title(f"{report.name}")
        c.ok("gui: window opens on the PDF", found is not None, found[1] if found else window.output[-500:].decode("utf-8", "replace"))
        time.sleep(10)  # the check finishes and the pages render
        shot = shots.take("gui-pdf")
        c.ok("gui: screenshot gui-pdf.png", shot is not None, str(shot))
        if found:
            running_refusal(c, setup, exe.parent, shots)
        if found:
            wh.close(found[0])
            try:
                code = window.proc.wait(30)
            except subprocess.TimeoutExpired:
                code = None
            c.ok("gui: closes cleanly", code == 0, f"exit {code}; {window.output[-300:].decode('utf-8', 'replace')}")
    finally:
        window.kill()
    stored = wh.registry_values(SETTINGS_KEY)
    # QSettings: the recent-files list is a REG_MULTI_SZ (a list here), the geometry a byte array.
    recent = any(v == str(report) or (isinstance(v, list) and str(report) in v) for v in stored)
    c.ok(f"gui: settings in HKCU\\{SETTINGS_KEY} (recent files with the Chinese path)", recent,
         f"{len(stored)} values" + ("" if recent else f": {[v for v in stored if isinstance(v, (str, list))]}"))


def autosaved_edits(path: Path) -> list[dict]:  # type: ignore[type-arg]
    """Every window's edits in an autosave file (format 2 keeps them per writer; format 1
    had one top-level list)."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    if payload.get("format") == 1:
        return list(payload.get("edits") or [])
    return [e for part in (payload.get("writers") or {}).values() for e in (part.get("edits") or [])]


def gui_autosave(c: Checks, exe: Path, sample: Path, work: Path, shots: wh.Screenshots) -> None:
    folder = work / "草稿 文件夹"
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / "示例 年报（2023）.txt"
    shutil.copyfile(sample, report)
    original = report.read_bytes()
    window = wh.Window(exe, report)
    try:
        found = window.wait_title(report.name)
        if not c.ok("autosave: window opens on the sample", found is not None):
            return
        time.sleep(4)
        wh.press(found[0], "e", hold="alt")  # opens 编辑(&E) on its first item, 撤销
        shots.take("gui-menu")
        wh.press(None, "down", "down", "enter")  # 重做, then 全部采用建议值
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not autosave_files():
            time.sleep(0.5)
        saved = autosave_files()
        shots.take("gui-edited")
        c.ok("autosave: an edit is on disk before any save", bool(saved),
             f"{[str(p) for p in saved]}; title {wh.title_of(found[0])}")
        # The sample's planted error: （一）予以公开/总计 printed 19, the suggested value is 17.
        edits = autosaved_edits(saved[0]) if saved else []
        c.ok("autosave: it holds the suggested fix (表三 予以公开 总计 → 17)",
             {"table": "t3", "row": "granted", "col": "total", "value": 17} in (edits or []), str(edits))
    finally:
        window.kill()  # TerminateProcess: no close event, no flush
    c.ok("autosave: the killed window left its autosave", bool(autosave_files()))
    window = wh.Window(exe, report)
    try:
        question = window.wait_title("恢复未导出的修改", 90)
        time.sleep(3)  # the dialog's window exists before it is painted (seen on a busy machine)
        shots.take("gui-recovery")
        c.ok("autosave: restart asks to recover the edits", question is not None,
             str([t for _, t in wh.windows_of(window.proc.pid)]))
        if question:
            wh.press(question[0], "enter")  # 是(Y) is the default button
            main = window.wait_title(report.name, 30)
            deadline = time.monotonic() + 15
            while main and time.monotonic() < deadline and "*" not in wh.title_of(main[0]):
                time.sleep(0.5)
            title = wh.title_of(main[0]) if main else ""
            shots.take("gui-recovered")
            c.ok("autosave: the edit is back (window marked modified)", "*" in title, title)
    finally:
        window.kill()
    c.ok("autosave: the report itself was never written", report.read_bytes() == original)


def uninstall(c: Checks, setup: Path, app_dir: Path) -> None:
    uninst = app_dir / "uninst.exe"
    code, *_ = wh.run([str(uninst), "/S", f"_?={app_dir}"])
    c.ok("uninstall /S: exits 0", code == 0, f"exit {code}")
    c.ok("uninstall /S: program files gone", not (app_dir / "_internal").exists() and not (app_dir / "nianbao.exe").exists())
    c.ok("uninstall /S: uninstall entry and ProgID gone", not wh.key_exists(UNINST_KEY) and not wh.key_exists(PROGID_KEY))
    left = [ext for ext in REPORT_TYPES
            if wh.key_exists(rf"Software\Classes\SystemFileAssociations\{ext}\shell\{CHECK_VERB}")
            or "NianbaoJiaoyan.Report" in wh.value_names(rf"Software\Classes\{ext}\OpenWithProgids")]
    folder_verbs = [k for k in (rf"Software\Classes\Directory\shell\{BATCH_VERB}",
                                rf"Software\Classes\Directory\Background\shell\{BATCH_VERB}") if wh.key_exists(k)]
    c.ok("uninstall /S: right-click verbs and 打开方式 entries gone", not left and not folder_verbs, f"{left} {folder_verbs}")
    c.ok("uninstall /S: settings kept", wh.key_exists(SETTINGS_KEY))
    c.ok("uninstall /S: autosaved edits kept", bool(autosave_files()))
    shutil.rmtree(app_dir, ignore_errors=True)  # uninst.exe run in place cannot delete itself

    code, *_ = wh.run([str(setup), "/S"])
    c.ok("reinstall /S: exits 0", code == 0 and (app_dir / "uninst.exe").exists(), f"exit {code}")
    c.ok("reinstall: the kept settings are still there", wh.key_exists(SETTINGS_KEY))
    code, *_ = wh.run([str(uninst), "/S", "/PURGE", f"_?={app_dir}"])
    c.ok("uninstall /S /PURGE: exits 0", code == 0, f"exit {code}")
    c.ok("uninstall /S /PURGE: settings removed from HKCU", not wh.key_exists(SETTINGS_KEY) and not wh.key_exists(SETTINGS_ORG_KEY))
    c.ok("uninstall /S /PURGE: autosaves and data folders removed", not autosave_files() and not user_data_folders(),
         str(user_data_folders()))
    shutil.rmtree(app_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", type=Path, required=True, help="nianbao-setup-<version>.exe")
    parser.add_argument("--out", type=Path, required=True, help="folder for screenshots and installed-checks.json")
    parser.add_argument("--expect-acp", type=int, help="the ANSI code page the app must see (936 on Chinese Windows)")
    parser.add_argument("--external-shots", action="store_true", help="screenshots by a helper outside (wine_check.sh)")
    args = parser.parse_args(argv)
    c = Checks(args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    shots = wh.Screenshots(args.out, args.external_shots)
    app_dir = Path(os.environ["LOCALAPPDATA"]) / "Programs" / PRODUCT
    cli, exe = app_dir / "nianbao-cli.exe", app_dir / "nianbao.exe"
    sample = app_dir / "_internal" / "resources" / "sample" / "示例年报.txt"
    pdf = ROOT / "tests" / "data" / "real-pdf" / "huaian-2024.pdf"
    work = Path(os.environ["USERPROFILE"]) / "Documents" / "年报校验测试"
    print(f"installed_checks: user profile {os.environ['USERPROFILE']}, app in {app_dir}", flush=True)
    if wh.key_exists(SETTINGS_KEY) or user_data_folders():
        print("installed_checks: removing settings left by an earlier run (this is meant for a fresh machine)")
        wh.delete_tree(SETTINGS_ORG_KEY)
        for folder in user_data_folders():
            shutil.rmtree(folder, ignore_errors=True)
    steps = [
        ("oldwindows", lambda: old_windows(c, args.setup, app_dir, shots)),
        ("install", lambda: install(c, args.setup, app_dir)),
        ("frozen", lambda: frozen(c, cli, sample, args.expect_acp)),
        ("cli", lambda: c.results.__setitem__("report", str(cli_suite(c, cli, sample, pdf, work)))),
        ("export", lambda: export(c, cli, Path(str(c.results["report"])))),
        ("startup", lambda: startup(c, cli, sample)),
        ("gui", lambda: gui_pdf(c, exe, Path(str(c.results["report"])), shots, args.setup)),
        ("batch", lambda: gui_batch(c, exe, Path(str(c.results["report"])).parent, shots)),
        ("autosave", lambda: gui_autosave(c, exe, sample, work, shots)),
        ("uninstall", lambda: uninstall(c, args.setup, app_dir)),
    ]
    for name, step in steps:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            step()
        except Exception as exc:  # one broken step must not hide the others' results
            c.ok(f"{name}: ran without an exception", False, f"{type(exc).__name__}: {exc}")
        c.results[f"seconds_{name}"] = round(time.perf_counter() - started, 1)
    shutil.rmtree(wh.long_name(work), ignore_errors=True)
    c.results["failures"] = c.failures
    (args.out / "installed-checks.json").write_text(json.dumps(c.results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"installed_checks: {'FAILED: ' + ', '.join(c.failures) if c.failures else 'all passed'}", flush=True)
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
