"""Edits are never lost (issue 7): the real window, in its own process with its default
settings and autosave folder, gets a report and a series of edits; the process is killed
with SIGKILL (no close event, no flush, nothing); a new window on the same folder reopens
the report and offers back exactly the edits that were on screen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.gui_fixtures import *  # noqa: F401,F403 — gui_app, isolated, make_window
from tests.gui_fixtures import open_and_wait
from tests.hostile import SAMPLE
from tests.shared_data import REPO

pytestmark = pytest.mark.gui


def _start(report: Path, home: Path) -> tuple[subprocess.Popen[str], dict]:
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_CACHE_HOME=str(home / "cache"), QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "tests.autosave_driver", str(report)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("READY "):
            return proc, json.loads(line[len("READY "):])
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"the app never became ready: {proc.stderr.read() if proc.stderr else ''}")


def test_killed_app_offers_every_edit_back(qtbot, gui_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from gui.autosave import AutosaveStore
    from gui.main_window import MainWindow

    report = tmp_path / "文档 2023" / "年报（定稿）.txt"
    report.parent.mkdir()
    shutil.copy2(SAMPLE, report)
    home = tmp_path / "home"
    proc, ready = _start(report, home)
    folder = Path(ready["folder"])
    if home not in folder.parents:  # the default folder is not under HOME on this platform
        proc.kill()
        proc.wait()
        pytest.skip(f"autosave folder {folder} is outside the test's home")
    proc.kill()  # SIGKILL on POSIX: no closeEvent, no flush, no atexit
    assert proc.wait(10) != 0
    saved = [p for p in folder.iterdir() if p.suffix == ".json"]
    assert len(saved) == 1
    assert not [p for p in folder.iterdir() if p.suffix == ".tmp"]  # written atomically

    asked: list[str] = []

    def answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[1] if len(args) > 1 else "")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    window = MainWindow(autosave=AutosaveStore(folder))
    qtbot.addWidget(window)
    window.show()
    open_and_wait(qtbot, window, report)
    assert asked == ["恢复未导出的修改"]
    assert window.session is not None
    restored = sorted([e.table, e.row, e.col, e.value] for e in window.session.edits())
    assert restored == ready["edits"]
    assert len(restored) == 4  # five edits on four cells; the undone one is not back
    assert ["t3", "carry_next", "total", 99] not in restored
    assert window.isWindowModified() and window.undo_stack.count() == 1  # one step undoes the recovery
    # The source itself was never written.
    assert report.read_bytes() == SAMPLE.read_bytes()


def test_an_interrupted_autosave_keeps_the_previous_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written to a temporary file and renamed: a crash (here: the disk failing) halfway
    through a save leaves the last complete autosave readable and no stray file."""
    import gui.autosave as autosave
    from gui.autosave import AutosaveStore
    from gui.session import Edit

    store = AutosaveStore(tmp_path / "autosave")
    first = [Edit("t3", "new", "natural", 41)]
    store.write("k", str(SAMPLE), first)

    def failing_dump(obj, f, **kwargs):  # type: ignore[no-untyped-def]
        f.write('{"format": 1, "edits": [')  # half a file…
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(autosave.json, "dump", failing_dump)
    with pytest.raises(OSError):
        store.write("k", str(SAMPLE), first + [Edit("t4", "review", "upheld", 3)])
    monkeypatch.undo()
    assert store.read("k") == first
    assert sorted(p.name for p in store.folder.iterdir()) == ["k.json"]
