"""Starting the window with arguments, as Explorer's verbs and the Linux desktop entry do:
a file opens in the checker, a folder (用年报校验批量检查) or several files in the batch view."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui_fixtures import gui_app, isolated  # noqa: F401  (fixtures)

pytestmark = pytest.mark.gui


@pytest.fixture
def started(gui_app, isolated, monkeypatch):  # type: ignore[no-untyped-def]  # noqa: F811
    """run_gui with the event loop and the reading replaced by a record of what it was asked."""
    from gui import app as app_module
    from gui.window_opening import Opener

    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(Opener, "start_batch", lambda self, items: calls.append(("batch", list(items))) or True)
    monkeypatch.setattr(Opener, "open_file", lambda self, path, **kw: calls.append(("file", path)) or True)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)

    def run(args: list[str]) -> list[tuple[str, object]]:
        calls.clear()
        assert app_module.run_gui(args) == 0
        for widget in QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        return list(calls)

    return run


def test_a_folder_argument_opens_the_batch_view(started, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "2024年 年报"
    folder.mkdir()
    assert started([str(folder)]) == [("batch", [str(folder)])]


def test_one_file_opens_in_the_checker_and_several_in_the_batch(started, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "甲.txt", tmp_path / "乙.txt"
    a.write_text("x", encoding="utf-8")
    b.write_text("y", encoding="utf-8")
    assert started([str(a)]) == [("file", str(a))]
    assert started([str(a), str(b)]) == [("batch", [str(a), str(b)])]


def test_the_instance_mutex_is_windows_only() -> None:
    from gui import app as app_module

    app_module.hold_instance_mutex()  # a no-op off Windows, never an error
    assert app_module.INSTANCE_MUTEX.startswith("Local\\")
