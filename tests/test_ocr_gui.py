"""A picture of a report in the window (issue 11): the source pane shows the page image that
was read, with the selected cell's box on its digit; an uncertain cell is amber with its
picture in the tooltip."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ImageDraw

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import open_and_wait
from tests.ocr_scan import scan, t4_crop

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def test_picture_in_the_window(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from gui import palette

    img = scan(t4_crop(), angle=-1.4, seed=3)
    w, h = img.size
    x, y = int(w * 0.653) + 24, int(h * 0.905) - 6
    ImageDraw.Draw(img).ellipse((x - 12, y - 14, x + 12, y + 10), fill=(70, 70, 70))  # the "5" blotted
    path = tmp_path / "表四.png"
    img.save(path)
    window = make_window()
    open_and_wait(qtbot, window, path, timeout=120000)
    assert window.session is not None, window.drop_zone.error.text()
    assert window.source.is_pdf and window.source.pdf.rendered_pages() == 1
    window.navigation.select_cell("t4", "review", "upheld")
    page, bbox = window.source.pdf.highlighted
    assert page == 1 and bbox[2] - bbox[0] > 5
    model = window.tables.models["t4"]
    ok = model.index_of("review", "upheld")
    assert ok.data() == "10" and ok.data(Qt.ItemDataRole.ForegroundRole) == palette.OCR_TEXT
    doubtful = model.index_of("litigation_after_review", "upheld")
    assert doubtful.data(Qt.ItemDataRole.BackgroundRole) == palette.UNCERTAIN_BACKGROUND
    tip = doubtful.data(Qt.ItemDataRole.ToolTipRole)
    assert "识别不确定" in tip and '<img src="data:image/png;base64,' in tip
    window.grab().save(str(tmp_path / "window.png"))
