"""While a scan is recognised the window says 正在识别第 k / n 页 (not 正在读取: a page takes
seconds, the clerk must know why), stays responsive, and 取消 gives the window back at once
without a grid of a half-read file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import open_and_wait, seed_copy
from tests.ocr_scan import scan, t4_crop

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture(scope="module")
def two_page_scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An image-only PDF: a scanned cover page with one line, then table 四 scanned."""
    picture = scan(t4_crop(), angle=-1.4, seed=3)
    cover = Image.new("RGB", (picture.width, int(picture.width * 1.41)), (250, 250, 248))
    ImageDraw.Draw(cover).rectangle((80, 120, 700, 150), fill=(30, 30, 30))
    path = tmp_path_factory.mktemp("scan") / "扫描件.pdf"
    cover.save(path, "PDF", resolution=170, save_all=True, append_images=[picture])
    return path


def test_the_window_says_it_is_recognising_page_by_page(qtbot, make_window, two_page_scan: Path,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    window = make_window()
    seen: list[str] = []
    ticks: list[str] = []

    def tick() -> None:  # the UI thread's heartbeat while the scan is read
        text = window.opening.status.label.text()
        ticks.append(text)
        if window.opening.status.label.isVisible() and (not seen or seen[-1] != text):
            seen.append(text)

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    window.open_file(str(two_page_scan))
    qtbot.waitUntil(lambda: any("正在识别第 2 / 2 页" in t for t in seen), timeout=60000)
    window.grab().save(str(tmp_path / "recognising.png"))
    qtbot.waitUntil(lambda: not window.loading, timeout=120000)
    timer.stop()
    assert any("正在识别第 1 / 2 页" in t for t in seen), seen
    assert not any("正在读取“扫描件.pdf”：第" in t and "识别" not in t for t in seen[seen.index(
        next(t for t in seen if "正在识别" in t)):]), seen
    assert window.session is not None, window.drop_zone.error.text()
    assert window.session.extraction.tables["t4"].rows["review"][0].value == 10  # type: ignore[union-attr]
    # The UI thread kept running while each page was recognised: its heartbeat came round
    # again and again during both pages, not once before and once after a blocking read
    # (counted, not timed: how long a gap may be belongs to benchmarks/bench_gui.py).
    for page in ("正在识别第 1 / 2 页", "正在识别第 2 / 2 页"):
        assert sum(page in t for t in ticks) >= 2, (page, len(ticks))


def test_cancelling_a_scan_gives_the_window_back(qtbot, make_window, two_page_scan: Path,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    window = make_window()
    window.open_file(str(two_page_scan))
    qtbot.waitUntil(lambda: "正在识别第 1 / 2 页" in window.opening.status.label.text(), timeout=60000)
    window.opening.status.cancel_button.click()
    # Given back at once: the click itself, with no event processed after it, ends the load.
    assert not window.loading and not window.opening.status.label.isVisible()
    assert window.session is None
    assert "已取消" in window.statusBar().currentMessage()
    # The abandoned read stops at its next page and installs nothing; another file opens.
    qtbot.wait(300)
    text = seed_copy(tmp_path, "000")
    open_and_wait(qtbot, window, text)
    assert window.session is not None and window.path == str(text)
    qtbot.wait(6000)  # the abandoned read finishes its page meanwhile: it must not take over
    assert window.path == str(text) and window.session.report.format == "txt"
