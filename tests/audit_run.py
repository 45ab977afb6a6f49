"""Run a full check and export — in the engine, or in the real window — under a Python audit
hook that records every network, process and file-writing event, and print them as JSON.

    python -m tests.audit_run core OUTDIR FILE...
    python -m tests.audit_run gui OUTDIR AUTOSAVE_DIR FILE...

Used by tests/test_network.py in a child process: an audit hook cannot be removed, and the
child's temp folder (TMPDIR) is set by the test so leftovers can be seen.
"""

from __future__ import annotations

import json
import os
import sys

events: list[list[object]] = []

# Whatever reaches the network or starts a program. ("open" is watched separately.)
_WATCH = ("socket.", "urllib.", "http.client.", "ftplib.", "smtplib.", "poplib.", "imaplib.", "nntplib.",
          "telnetlib.", "webbrowser.", "subprocess.", "os.system", "os.exec", "os.spawn", "os.posix_spawn",
          "os.fork", "os.startfile", "pty.")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _hook(event: str, args: tuple) -> None:  # type: ignore[type-arg]
    if event.startswith(_WATCH):
        events.append([event, repr(args)[:200]])
    elif event == "open":
        path, mode, flags = (list(args) + [None, None, None])[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS)
        if writing and isinstance(path, (str, bytes, os.PathLike)):
            name = os.fsdecode(path)
            if not name.endswith(".pyc") and "__pycache__" not in name and name != os.devnull:
                events.append(["write", os.path.abspath(name)])
    elif event in ("os.remove", "os.rename", "os.replace"):
        events.append([event, os.fsdecode(args[0]) if args and isinstance(args[0], (str, bytes)) else repr(args)])


def run_core(outdir: str, files: list[str]) -> None:
    from core.check import check_file
    from core.export.workbook import write_corrected_workbook

    for i, name in enumerate(files):
        report = check_file(name)
        assert report.status != "unreadable", (name, report.error)
        write_corrected_workbook(report, os.path.join(outdir, f"导出{i}.xlsx"))


def run_gui(outdir: str, autosave: str, files: list[str]) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from pathlib import Path

    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from gui.app import create_application
    from gui.autosave import AutosaveStore
    from gui.main_window import MainWindow

    app = create_application(["audit"])
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)  # type: ignore[method-assign]
    window = MainWindow(autosave=AutosaveStore(Path(autosave)))
    window.show()

    def wait(condition, ms: int = 30000) -> None:  # type: ignore[no-untyped-def]
        timer = QElapsedTimer()
        timer.start()
        while not condition():
            app.processEvents()
            if timer.elapsed() > ms:
                raise TimeoutError("the window did not finish")

    for i, name in enumerate(files):
        window.open_file(name)
        wait(lambda: not window.loading)
        assert window.session is not None, name  # (a PDF's pages are rendered before loading ends)
        window.editing.push_edit("t3", "new", "natural", 12345)
        window.autosaver.flush()
        target = os.path.join(outdir, f"窗口导出{i}.xlsx")
        QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (target, ""))  # type: ignore[method-assign]
        assert window.exporting.export_corrected(), name
    window.close()
    app.processEvents()


def main() -> None:
    mode, outdir, *rest = sys.argv[1:]
    sys.addaudithook(_hook)
    try:
        if mode == "core":
            run_core(outdir, rest)
        else:
            run_gui(outdir, rest[0], rest[1:])
    finally:
        sys.stdout.write("AUDIT " + json.dumps(events, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
