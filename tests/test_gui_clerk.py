"""Issue 13, tried as a new clerk would on a 1366×768 laptop: the window fits the screen and
lands on the error, accepts what clerks type and paste, and finishes the job (dismiss a
finding, print the check result, open the export). Every behaviour through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS, open_and_wait  # noqa: F401
from tests.shared_data import REAL_PDF, REPO  # noqa: F401

pytestmark = pytest.mark.gui


def test_zoom_buttons_on_the_pdf_pane(qtbot, gui_app) -> None:  # type: ignore[no-untyped-def]
    from gui.source_pane import SourcePane

    pane = SourcePane()
    qtbot.addWidget(pane)
    pane.resize(600, 700)
    pane.show()
    pane.is_pdf = True
    pane.zoom.show()
    pane.stack.setCurrentWidget(pane.pdf)
    pane.set_pages([(595.0, 842.0)] * 3)
    QApplication.processEvents()
    view, buttons = pane.pdf, pane.zoom.buttons
    fitted = view.zoom
    buttons["in"].click()
    assert view.zoom == pytest.approx(fitted * 1.15)
    buttons["out"].click()
    buttons["out"].click()
    assert view.zoom == pytest.approx(fitted / 1.15)
    buttons["page"].click()  # a whole A4 page in a 700-px-high pane
    assert view.zoom * 842 <= view.viewport().height()
    buttons["width"].click()
    assert view.zoom == pytest.approx((view.viewport().width() - 4) / (595 + 24))
    pane.resize(800, 700)  # fit width follows the pane
    QApplication.processEvents()
    assert view.zoom == pytest.approx((view.viewport().width() - 4) / (595 + 24)) and view.zoom > fitted
