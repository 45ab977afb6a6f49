"""Security promises (issue 7): the program opens no network connection, ever; XML is parsed
with entity resolution and network access off; no macros, no eval, no shell; temporary
files live in the user's temp folder (or beside the export, for the atomic rename) with
random names and are gone afterwards.

Files full of external references (stylesheets, scripts, images, frames and a DTD on a web
server; a DOCX template and image linked from a server; an XLSX external workbook link; a
PDF link) are checked and exported three ways: in this process with sockets blocked, in
the CLI and the window against a local server that counts connections, and in a child
under a Python audit hook that records every network, process and file-writing event.
"""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from core.check import check_file
from core.export.workbook import write_corrected_workbook
from tests.hostile import AGENCY
from tests.render import consistent_tables, render_docx, render_html, render_xlsx
from tests.render_pdf import render_report_pdf
from tests.network_block import block_sockets
from tests.shared_data import REAL_PDF, REPO


# ---------------------------------------------------------------------------------------
# Files that point at a server


class CountingServer:
    """A TCP server on localhost that only counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def server():  # type: ignore[no-untyped-def]
    s = CountingServer()
    yield s
    s.close()


def _add_parts(path: Path, parts: dict[str, bytes], patch: dict[str, tuple[bytes, bytes]] | None = None) -> None:
    """Rewrite a zip with extra parts and with (old → new) replacements in existing parts."""
    patch = patch or {}
    data = path.read_bytes()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst, zipfile.ZipFile(__import__("io").BytesIO(data)) as src:
        for item in src.infolist():
            body = src.read(item)
            if item.filename in patch:
                old, new = patch[item.filename]
                body = body.replace(old, new, 1)
            dst.writestr(item.filename, body)
        for name, body in parts.items():
            dst.writestr(name, body)


@pytest.fixture(scope="module")
def linked(tmp_path_factory, server) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """A report in each format whose every external reference points at the server."""
    folder = tmp_path_factory.mktemp("linked")
    url = f"http://127.0.0.1:{server.port}"
    tables = consistent_tables(8)
    out: dict[str, Path] = {}

    html = render_html(folder / "网页.html", AGENCY, 2023, tables)
    text = html.read_text(encoding="utf-8")
    text = text.replace("<!DOCTYPE html>", f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{url}/x.dtd">', 1)
    text = text.replace("<head>", f'<head><link rel="stylesheet" href="{url}/a.css"><script src="{url}/a.js"></script>'
                                  f'<meta http-equiv="refresh" content="0; url={url}/">', 1)
    text = text.replace("<body>", f'<body><img src="{url}/a.png"><iframe src="{url}/frame"></iframe>'
                                  f'<object data="{url}/o.swf"></object>', 1)
    html.write_text(text, encoding="utf-8")
    out["html"] = html

    docx = render_docx(folder / "文档.docx", AGENCY, 2023, tables)
    rels = (f'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            f'Target="{url}/logo.png" TargetMode="External"/>'
            f'<Relationship Id="rIdX2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
            f'Target="{url}/" TargetMode="External"/></Relationships>').encode()
    _add_parts(docx, {"word/_rels/settings.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/attachedTemplate" Target="{url}/template.dotm" TargetMode="External"/></Relationships>').encode()},
        {"word/_rels/document.xml.rels": (b"</Relationships>", rels)})
    out["docx"] = docx

    xlsx = render_xlsx(folder / "表格.xlsx", AGENCY, 2023, tables)
    _add_parts(xlsx, {
        "xl/externalLinks/externalLink1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>').encode(),
        "xl/externalLinks/_rels/externalLink1.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/externalLinkPath" Target="{url}/other.xlsx" TargetMode="External"/></Relationships>').encode(),
    })
    out["xlsx"] = xlsx

    pdf = folder / "报告.pdf"
    render_report_pdf(pdf, AGENCY, 2023, tables)
    out["pdf"] = pdf
    linked_pdf = folder / "链接.pdf"
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(linked_pdf))
    c.drawString(72, 700, "Annual report 2023")
    c.linkURL(f"{url}/report", (72, 690, 300, 710))
    c.save()
    out["pdf_link"] = linked_pdf
    out["real_pdf"] = REAL_PDF / "hongze-2024.pdf"
    return out


# ---------------------------------------------------------------------------------------
# 1. In this process, with sockets blocked


def test_check_and_export_with_sockets_blocked(linked: dict[str, Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = block_sockets(monkeypatch)

    for kind, path in linked.items():
        report = check_file(path)
        assert report.status in ("ok", "findings"), (kind, report.error)
        if kind != "pdf_link":
            assert "t3" in report.extraction.tables, kind  # type: ignore[union-attr]
        out = write_corrected_workbook(report, tmp_path / f"{kind}.xlsx")
        assert out.exists()
    assert attempts == []


# ---------------------------------------------------------------------------------------
# 2. The CLI and the window, against a server that counts


def test_cli_and_window_never_reach_the_server(linked: dict[str, Path], server: CountingServer, tmp_path: Path) -> None:
    files = [str(p) for p in linked.values()]
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "check", "--json", *files], cwd=REPO,
                          capture_output=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr.decode("utf-8")[-2000:]
    assert len(done.stdout.decode("utf-8").splitlines()) == len(files)
    for name in files:
        done = subprocess.run([sys.executable, str(REPO / "main.py"), "export", name, "-o",
                               str(tmp_path / (Path(name).stem + ".xlsx"))], cwd=REPO, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode("utf-8")
    _audited("gui", tmp_path, [str(linked[k]) for k in ("html", "docx", "xlsx", "pdf_link")])
    assert server.connections == 0


# ---------------------------------------------------------------------------------------
# 3. Under an audit hook: nothing reaches the network or starts a program; files are written
#    only where they belong, and the temporary ones are gone afterwards


def _audited(mode: str, tmp_path: Path, files: list[str]) -> tuple[list[list[object]], dict[str, Path]]:
    dirs = {name: tmp_path / f"{mode}-{name}" for name in ("out", "tmp", "home", "autosave")}
    for folder in dirs.values():
        folder.mkdir(exist_ok=True)
    env = dict(os.environ, TMPDIR=str(dirs["tmp"]), TEMP=str(dirs["tmp"]), TMP=str(dirs["tmp"]),
               HOME=str(dirs["home"]), XDG_CONFIG_HOME=str(dirs["home"] / "config"),
               XDG_DATA_HOME=str(dirs["home"] / "data"), XDG_CACHE_HOME=str(dirs["home"] / "cache"),
               QT_QPA_PLATFORM="offscreen")
    args = [sys.executable, "-m", "tests.audit_run", mode, str(dirs["out"])]
    if mode == "gui":
        args.append(str(dirs["autosave"]))
    done = subprocess.run(args + files, cwd=REPO, capture_output=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr.decode("utf-8")[-3000:]
    line = next(ln for ln in done.stdout.decode("utf-8").splitlines() if ln.startswith("AUDIT "))
    return json.loads(line[len("AUDIT "):]), dirs


@pytest.mark.parametrize("mode", ["core", "gui"])
def test_audited_run_has_no_network_no_process_and_leaves_no_temp_files(linked: dict[str, Path], tmp_path: Path,
                                                                         mode: str) -> None:
    files = [str(linked[k]) for k in ("pdf", "real_pdf", "docx", "xlsx", "html")]
    events, dirs = _audited(mode, tmp_path, files)
    assert [e for e in events if e[0] not in ("write", "os.remove", "os.rename", "os.replace")] == []
    written = {str(e[1]) for e in events if e[0] == "write"}
    allowed = [str(dirs[k]) for k in ("out", "tmp", "autosave", "home")]
    assert all(any(w.startswith(a + os.sep) for a in allowed) for w in written), sorted(written)
    # Beside the export and the autosave only the atomic-rename temporaries appear (random
    # names from tempfile); anything else goes to the temp folder. All are gone afterwards.
    outputs = {str(dirs["out"] / f"{'导出' if mode == 'core' else '窗口导出'}{i}.xlsx") for i in range(len(files))}
    odd = sorted(w for w in written - outputs if not w.startswith(str(dirs["tmp"]) + os.sep)
                 and not Path(w).name.startswith((".~年报校验导出-", ".autosave-")))
    assert odd == []
    assert list(dirs["tmp"].iterdir()) == []
    assert sorted(p.name for p in dirs["out"].iterdir()) == sorted(
        f"{'导出' if mode == 'core' else '窗口导出'}{i}.xlsx" for i in range(len(files)))
    if mode == "gui":
        assert [p.name for p in dirs["autosave"].iterdir() if p.name.endswith(".tmp")] == []
    for source in files:  # the sources were only read
        assert not any(w == str(Path(source).resolve()) for w in written)


# ---------------------------------------------------------------------------------------
# 4. No macros, no eval, no shell, safe XML parsers — in the source itself


_CODE_DIRS = ("core", "gui")
# Calls that run text as code, or start a program.
_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "input"}
_FORBIDDEN_ATTRS = {("os", "system"), ("os", "popen"), ("os", "startfile"), ("os", "execv"), ("os", "execl"),
                    ("os", "execvp"), ("os", "spawnv"), ("os", "spawnl"), ("os", "posix_spawn"), ("os", "fork"),
                    ("QDesktopServices", "openUrl"), ("QProcess", "start"), ("QProcess", "startDetached")}
_FORBIDDEN_MODULES = {"subprocess", "socket", "urllib", "http", "ftplib", "smtplib", "requests", "webbrowser",
                      "pickle", "marshal", "shelve", "ctypes", "telnetlib", "xmlrpc", "PySide6.QtNetwork",
                      "PySide6.QtWebEngineCore", "pty", "code", "codeop"}
# What is allowed, and why.
_ALLOWED_MODULES = {
    ("core/batch/runner.py", "multiprocessing"): "batch checks run in worker processes of this same program (spawn), "
                                          "so a crash or hang costs one file; no shell, no other program",
    ("core/batch/worker.py", "multiprocessing"): "the worker side of the same: the pipe to the parent and the "
                                          "parent's sentinel (a worker ends when the program that started it is gone)",
    ("gui/app.py", "ctypes"): "Windows only: kernel32's CreateMutexW for the named mutex the installer and "
                              "uninstaller look for before replacing the program (issue 30); no other library, "
                              "no other call",
}


# Calls forbidden above that one module may make, and why. The test checks each such call
# is given a QUrl.fromLocalFile(...) URL, so only a local file or folder is ever opened.
_ALLOWED_CALLS = {
    ("gui/export_notice.py", "QDesktopServices", "openUrl"):
        "打开文件 / 打开所在文件夹 after an export: the file just written or its folder, opened with the "
        "program the system uses for it; local paths only (QUrl.fromLocalFile), never a web address",
}


def _local_file_url(call: ast.Call) -> bool:
    """The call's only argument is QUrl.fromLocalFile(...)."""
    if len(call.args) != 1 or call.keywords:
        return False
    arg = call.args[0]
    return (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "fromLocalFile"
            and isinstance(arg.func.value, ast.Name) and arg.func.value.id == "QUrl")


def _sources() -> list[Path]:
    return sorted(p for d in _CODE_DIRS for p in (REPO / d).rglob("*.py"))


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_eval_no_shell_no_network_modules_in_the_program() -> None:
    problems: list[str] = []
    seen_allowed: set[tuple[str, str]] = set()
    seen_calls: set[tuple[str, str, str]] = set()
    for path in _sources():
        rel = path.relative_to(REPO).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name in _imports(tree):
            top = name.split(".")[0]
            if (name in _FORBIDDEN_MODULES or top in _FORBIDDEN_MODULES) and (rel, top) not in _ALLOWED_MODULES:
                problems.append(f"{rel}: imports {name}")
            if (rel, top) in _ALLOWED_MODULES:
                seen_allowed.add((rel, top))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in _FORBIDDEN_CALLS:
                    problems.append(f"{rel}:{node.lineno}: calls {func.id}()")
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
                        func.value.id, func.attr) in _FORBIDDEN_ATTRS:
                    allowed = (rel, func.value.id, func.attr)
                    if allowed in _ALLOWED_CALLS and _local_file_url(node):
                        seen_calls.add(allowed)
                    elif allowed in _ALLOWED_CALLS:
                        problems.append(f"{rel}:{node.lineno}: {func.value.id}.{func.attr}() with a URL that is not "
                                        "QUrl.fromLocalFile(...)")
                    else:
                        problems.append(f"{rel}:{node.lineno}: calls {func.value.id}.{func.attr}()")
                for kw in node.keywords:
                    if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                        problems.append(f"{rel}:{node.lineno}: shell=")
    assert problems == []
    # The allowlist stays honest: an entry nobody needs any more is removed.
    assert seen_allowed == set(_ALLOWED_MODULES)
    assert seen_calls == set(_ALLOWED_CALLS)
    # … and would catch a web address passed to the allowed call.
    assert not _local_file_url(ast.parse("QDesktopServices.openUrl(QUrl('https://example.com'))").body[0].value)  # type: ignore[attr-defined]
    assert _local_file_url(ast.parse("QDesktopServices.openUrl(QUrl.fromLocalFile(path))").body[0].value)  # type: ignore[attr-defined]


def test_every_xml_parser_in_core_has_entities_and_network_off() -> None:
    """lxml parsers are built with no_network (and, for XML, resolve_entities=False); every
    fromstring/parse/XML call passes such a parser; openpyxl runs on defusedxml."""
    problems: list[str] = []
    for path in _sources():
        rel = path.relative_to(REPO).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            name = node.func.attr
            kwargs = {kw.arg: kw.value for kw in node.keywords}

            def const(key: str) -> object:
                value = kwargs.get(key)
                return value.value if isinstance(value, ast.Constant) else None

            if name in ("XMLParser", "iterparse", "XMLPullParser"):
                if const("resolve_entities") is not False or const("no_network") is not True:
                    problems.append(f"{rel}:{node.lineno}: {name} without resolve_entities=False, no_network=True")
            elif name in ("HTMLParser",) and isinstance(node.func.value, ast.Name) and node.func.value.id == "etree":
                if const("no_network") is not True:
                    problems.append(f"{rel}:{node.lineno}: HTMLParser without no_network=True")
            elif name in ("fromstring", "parse", "XML") and isinstance(node.func.value, ast.Name) and \
                    node.func.value.id == "etree" and len(node.args) < 2 and "parser" not in kwargs:
                problems.append(f"{rel}:{node.lineno}: etree.{name} with the default parser")
    assert problems == []
    from core.readers.ooxml import SAFE_XML

    assert SAFE_XML.resolvers is not None  # a real parser object
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML, "openpyxl must parse through defusedxml (pip install defusedxml)"


def test_macros_are_never_run_nor_carried_into_the_export(tmp_path: Path) -> None:
    """A macro-enabled workbook (.xlsm) is read as data; the export is a fresh .xlsx with no
    VBA part. Nothing in the program can run a macro: no COM, no Office, no VBA engine."""
    path = render_xlsx(tmp_path / "宏.xlsm", AGENCY, 2023, consistent_tables(5))
    _add_parts(path, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000)})
    report = check_file(path)
    assert report.status in ("ok", "findings") and "t3" in report.extraction.tables  # type: ignore[union-attr]
    out = write_corrected_workbook(report, tmp_path / "导出.xlsx")
    names = zipfile.ZipFile(out).namelist()
    assert not any("vba" in n.lower() for n in names)


# ---------------------------------------------------------------------------------------
# 5. OCR (issue 11): the engine's models ship inside the package; reading a picture opens no
#    connection, in this process with sockets blocked and in a child under the audit hook


@pytest.mark.slow
def test_ocr_of_a_picture_never_reaches_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.ocr_scan import scan, t4_crop

    picture = tmp_path / "扫描表四.jpg"
    scan(t4_crop(), seed=5).save(picture, "JPEG", quality=80)
    events, _ = _audited("core", tmp_path, [str(picture)])
    assert [e for e in events if e[0] not in ("write", "os.remove", "os.rename", "os.replace")] == []

    attempts = block_sockets(monkeypatch)
    report = check_file(picture)
    assert report.ocr and report.extraction is not None
    assert report.extraction.tables["t4"].rows["review"][0].value == 10
    assert attempts == []
