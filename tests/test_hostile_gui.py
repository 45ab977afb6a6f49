"""Hostile inputs in the window: each message is shown where the tables would be, and the
window then opens a good file as if nothing happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import hostile
from tests.gui_fixtures import *  # noqa: F401,F403 — gui_app, isolated, make_window
from tests.gui_fixtures import open_and_wait
from tests.test_hostile_inputs import FOREIGN

pytestmark = pytest.mark.gui

BAD = ("docx_password", "pdf_flate_bomb", "html_50mb", "wps_as_docx", "missing_file", "scanned_pdf", "garbled_txt")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile.build(tmp_path_factory.mktemp("hostile-gui"),
                         [*BAD, "chinese_path_spaces", "pdf_300_pages", "pdf_giant_page"])


def test_window_shows_each_message_and_then_opens_a_good_file(corpus: dict[str, Path], qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    for name in BAD:
        open_and_wait(qtbot, window, corpus[name])
        assert window.session is None
        assert window.stack.currentWidget() is window.drop_zone
        assert window.drop_zone.error.isVisible()
        shown = window.drop_zone.error.text()
        assert corpus[name].name in shown
        for word in hostile.BY_NAME[name].keywords:
            assert word in shown
        assert not FOREIGN.search(shown.replace(corpus[name].name, ""))
        assert window.commands.open_action.isEnabled()
    open_and_wait(qtbot, window, corpus["chinese_path_spaces"])
    assert window.session is not None
    assert not window.drop_zone.error.isVisible()
    assert window.stack.currentWidget() is not window.drop_zone


def test_a_good_file_after_a_bad_one_and_back(corpus: dict[str, Path], qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A bad file after a good one leaves the good one open as it was (issue 29), with the
    bad file's message in a warning; with no report open the message is on the drop zone."""
    from PySide6.QtWidgets import QMessageBox

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, _title, text, *a, **k: warned.append(text)))
    window = make_window()
    open_and_wait(qtbot, window, corpus["chinese_path_spaces"])
    session = window.session
    assert session is not None
    open_and_wait(qtbot, window, corpus["pdf_300_pages"])
    assert window.session is session and window.stack.currentWidget() is window.main_splitter
    assert len(warned) == 1 and "300 页" in warned[0]
    assert window.commands.export_action.isEnabled() and window.path == str(corpus["chinese_path_spaces"])
    open_and_wait(qtbot, window, corpus["chinese_path_spaces"])
    assert window.session is not None and window.commands.export_action.isEnabled()


def test_a_long_pdf_shows_its_pages_and_cancel_stops_the_reader(corpus: dict[str, Path], qtbot, make_window,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    from gui.worker import LoadTask

    pages_after_cancel: list[int] = []
    progress = LoadTask._progress

    def counting(task: LoadTask, done: int, total: int) -> None:  # pages the reader reached once cancelled
        if task.cancelled.is_set():
            pages_after_cancel.append(done)
        progress(task, done, total)

    monkeypatch.setattr(LoadTask, "_progress", counting)

    path = tmp_path / "六十页.pdf"
    hostile.long_pdf(path, 60, table=True)
    window = make_window()
    window.open_file(str(path))
    qtbot.waitUntil(lambda: "/ 60 页" in window.opening.status.label.text(), timeout=20000)
    assert window.opening.status.progress.maximum() == 60 and window.opening.status.cancel_button.isVisible()
    task = window.opening.task  # to see the abandoned reader stop
    qtbot.mouseClick(window.opening.status.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.loading and window.session is None
    # The reader stops at the next page instead of reading the other fifty-odd (counted in
    # pages, not seconds: a loaded machine must not fail this).
    qtbot.waitUntil(lambda: task.cancelled.is_set() and window.opening.pool.activeThreadCount() == 0, timeout=60000)
    assert len(pages_after_cancel) <= 1 and all(page < 60 for page in pages_after_cancel), pages_after_cancel
    open_and_wait(qtbot, window, corpus["chinese_path_spaces"])
    assert window.session is not None


def test_a_giant_page_is_shown_at_a_bounded_size(corpus: dict[str, Path], qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from gui.worker import MAX_PAGE_PIXELS

    window = make_window()
    open_and_wait(qtbot, window, corpus["pdf_giant_page"])
    assert window.session is not None
    view = window.source.pdf
    qtbot.waitUntil(lambda: view.rendered_pages() == 1, timeout=10000)
    pixmap = view._pages[0].pixmap()  # noqa: SLF001
    assert 0 < pixmap.width() * pixmap.height() <= MAX_PAGE_PIXELS
    # Drawn at the page's full size in points, like any other page.
    assert abs(view._pages[0].boundingRect().width() * view._pages[0].scale() - 14400) < 20  # noqa: SLF001
