"""Qt fixtures for the window tests (kept out of conftest.py so the core suite never loads
Qt). Import the fixtures into a test module with ``from tests.gui_fixtures import *``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, QStandardPaths, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from tests.shared_data import REPO, SEEDS  # noqa: E402

ARTIFACTS = REPO / "tests" / "_artifacts"

__all__ = ["gui_app", "isolated", "make_window", "open_and_wait", "seed_copy", "answer", "type_into_cell", "ARTIFACTS"]


@pytest.fixture
def gui_app(qapp, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The application configured as ``run_gui`` does, with settings in a temp folder."""
    from gui.app import configure_application

    QStandardPaths.setTestModeEnabled(True)
    settings_dir = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_dir))
    configure_application(qapp)
    return qapp


@pytest.fixture
def isolated(gui_app, tmp_path):  # type: ignore[no-untyped-def]
    """A folder for autosaves of this test."""
    folder = tmp_path / "autosave"
    folder.mkdir()
    return folder


@pytest.fixture
def make_window(qtbot, isolated, monkeypatch):  # type: ignore[no-untyped-def]
    """Windows that never block on a dialog: unsaved-edit prompts answer 不保存 unless a
    test says otherwise."""
    from gui.autosave import AutosaveStore
    from gui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))

    def make(register: bool = True, size: tuple[int, int] | None = (1400, 900)) -> MainWindow:
        window = MainWindow(autosave=AutosaveStore(isolated))
        if register:
            qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        return window

    return make


def open_and_wait(qtbot, window, path: Path | str, timeout: int = 20000) -> None:  # type: ignore[no-untyped-def]
    window.open_file(str(path))
    qtbot.waitUntil(lambda: not window.loading, timeout=timeout)


def type_into_cell(qtbot, window, table: str, row: str, col: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into a cell through the view's real editor, as a person does, and press Enter.
    Non-ASCII text arrives as a Chinese input method sends it: composed, committed at once."""
    from PySide6.QtWidgets import QLineEdit

    view = window.tables.show_table(table)
    index = view.grid_model().index_of(row, col)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        from PySide6.QtGui import QInputMethodEvent

        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(editor, event)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.indexWidget(index) is None, timeout=3000)


def seed_copy(tmp_path: Path, prefix: str) -> Path:
    """A private copy of a seed: autosave keys on the path, so tests must not share one."""
    source = next(SEEDS.glob(f"{prefix}_*.txt"))
    target = tmp_path / source.name
    shutil.copy2(source, target)
    return target


def answer(monkeypatch, button, calls: list | None = None) -> None:  # type: ignore[no-untyped-def]
    """Make QMessageBox.question return ``button`` (and record its texts in ``calls``)."""

    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        if calls is not None:
            calls.append((title, text))
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
