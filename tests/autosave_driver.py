"""The real window in a child process, driven like a clerk: open a report, change cells (one
change undone again), and once the autosave on disk holds every edit print

    READY <json: {"folder": autosave folder, "edits": [[table, row, col, value], ...]}>

then keep running until killed. tests/test_autosave_kill.py kills it with SIGKILL.

    python -m tests.autosave_driver REPORT
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QMessageBox

# (table, row, col, value): an int, a fractional fee, a cleared cell, table 四, and one
# cell changed twice (the last value counts).
EDITS: list[tuple[str, str, str, float | int | None]] = [
    ("t3", "new", "natural", 41),
    ("t3", "granted", "commercial", None),
    ("t2", "fees", "amount_wan", 12.5),
    ("t4", "review", "upheld", 3),
    ("t3", "new", "natural", 42),
]
UNDONE = ("t3", "carry_next", "total", 99)  # changed, then undone: must not come back


def main() -> int:
    from gui.app import create_application
    from gui.autosave import source_key
    from gui.main_window import MainWindow

    path = sys.argv[1]
    app = create_application(["nianbao"])
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)  # type: ignore[method-assign]
    window = MainWindow()  # default settings and default autosave folder, as the installed app
    window.show()

    def wait(condition, ms: int = 30000) -> None:  # type: ignore[no-untyped-def]
        timer = QElapsedTimer()
        timer.start()
        while not condition():
            app.processEvents()
            if timer.elapsed() > ms:
                raise TimeoutError("timed out")

    window.open_file(path)
    wait(lambda: not window.loading)
    assert window.session is not None, "the report did not open"
    for table, row, col, value in EDITS:
        window.editing.push_edit(table, row, col, value)
        app.processEvents()
    window.editing.push_edit(*UNDONE)
    window.undo_stack.undo()
    expected = sorted((e.table, e.row, e.col, e.value) for e in window.session.edits())
    store = window.autosaver.store
    key = source_key(path)
    assert key is not None
    # The autosave is debounced (it waits for a pause in typing); READY only once the
    # file on disk holds exactly the current edits.
    wait(lambda: sorted((e.table, e.row, e.col, e.value) for e in store.read(key)) == expected, 10000)
    print("READY " + json.dumps({"folder": str(store.folder), "edits": expected}, ensure_ascii=False), flush=True)
    QTimer.singleShot(120_000, app.quit)  # never outlive a test that forgot to kill us
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
