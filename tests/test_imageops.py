"""core/producers/ocr/imageops.py against OpenCV on real pages (issue 23: the app no longer
ships OpenCV; cv2 stays a test dependency so this comparison keeps its reference).

The pages are tests/data/real-pdf rendered by pdfium and scanned as an office would (turned,
grain, a red seal, JPEG): every operation the OCR uses must give OpenCV's pixels, labels and
numbers exactly, so no reading can change by the swap.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.producers.ocr import imageops as ops
from tests.ocr_scan import render_pages, scan

cv2 = pytest.importorskip("cv2")

REAL = Path(__file__).parent / "data" / "real-pdf"


def _same(ours: np.ndarray, theirs: np.ndarray) -> None:
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    diff = np.flatnonzero(ours != theirs)
    assert not len(diff), f"{len(diff)} pixels differ, first at {np.unravel_index(diff[0], ours.shape)}"


@pytest.fixture(scope="module")
def pages() -> list[np.ndarray]:
    """Colour scans: a table page of each real PDF at 150 dpi and one page at 110 dpi."""
    out = []
    for name, page, dpi, seed in (("hongze-2023.pdf", 2, 150, 1), ("huaian-2024.pdf", 3, 150, 2),
                                  ("hongze-2024.pdf", 1, 110, 3)):
        img = scan(render_pages(REAL / name, dpi=dpi)[page], angle=0.8 + seed / 3, seed=seed)
        out.append(np.asarray(img).copy())
    return out


@pytest.fixture(scope="module")
def greys(pages: list[np.ndarray]) -> list[np.ndarray]:
    return [np.ascontiguousarray(p.max(axis=2)) for p in pages]


@pytest.fixture(scope="module")
def masks(greys: list[np.ndarray]) -> list[np.ndarray]:
    return [cv2.threshold(cv2.GaussianBlur(g, (3, 3), 0), 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
            for g in greys]


def test_blur_and_otsu(greys: list[np.ndarray]) -> None:
    for g in greys:
        blur = ops.GaussianBlur(g, (3, 3), 0)
        _same(blur, cv2.GaussianBlur(g, (3, 3), 0))
        t1, m1 = ops.threshold(blur, 0, 255, ops.THRESH_BINARY_INV + ops.THRESH_OTSU)
        t2, m2 = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        assert t1 == t2
        _same(m1, m2)
    tiny = np.array([[0, 255], [255, 3]], np.uint8)  # the reflected border at its smallest
    _same(ops.GaussianBlur(tiny, (3, 3), 0), cv2.GaussianBlur(tiny, (3, 3), 0))


@pytest.mark.parametrize("connectivity", [8, 4])
def test_connected_components(masks: list[np.ndarray], connectivity: int) -> None:
    samples = list(masks)
    samples.append(cv2.dilate(masks[0], np.ones((1, 9), np.uint8)))  # long joined runs
    samples.append((masks[1][400:701, 300:557] > 0).astype(np.uint8))     # 0/1, odd sizes
    for m in samples:
        n1, l1, s1, c1 = ops.connectedComponentsWithStats(m, connectivity=connectivity)
        n2, l2, s2, c2 = cv2.connectedComponentsWithStats(m, connectivity=connectivity)
        assert n1 == n2 > 5
        _same(l1, l2)
        _same(s1, s2)
        np.testing.assert_allclose(c1, c2, rtol=0, atol=1e-9)
    empty = np.zeros((5, 7), np.uint8)
    assert ops.connectedComponentsWithStats(empty)[0] == 1


def test_morphology(masks: list[np.ndarray]) -> None:
    for m in masks:
        h, w = m.shape
        for size in ((3, 1), (1, 5), (3, 3), (4, 2), (max(20, w // 10), 1), (1, max(20, h // 20)), (17, 8)):
            k1, k2 = ops.getStructuringElement(ops.MORPH_RECT, size), cv2.getStructuringElement(cv2.MORPH_RECT, size)
            _same(k1, k2)
            _same(ops.dilate(m, k1), cv2.dilate(m, k2))
            for op, cv_op in ((ops.MORPH_OPEN, cv2.MORPH_OPEN), (ops.MORPH_CLOSE, cv2.MORPH_CLOSE)):
                _same(ops.morphologyEx(m, op, k1), cv2.morphologyEx(m, cv_op, k2))
    with pytest.raises(NotImplementedError):
        ops.dilate(masks[0], np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.uint8))


def test_resize(greys: list[np.ndarray], masks: list[np.ndarray]) -> None:
    for g, m in zip(greys, masks):
        h, w = g.shape
        for f in (1650 / w, 0.61, 0.5, 1 / 3):  # the working width; whole and broken cells
            _same(ops.resize(g, None, fx=f, fy=f, interpolation=ops.INTER_AREA),
                  cv2.resize(g, None, fx=f, fy=f, interpolation=cv2.INTER_AREA))
        for f in (700 / w, 900 / w):  # skew search's reduced mask; enlarging by area too
            size = (max(1, int(w * f)), max(1, int(h * f)))
            _same(ops.resize(m, size, interpolation=ops.INTER_AREA), cv2.resize(m, size, interpolation=cv2.INTER_AREA))
    low = greys[2]  # a 110-dpi page brought up to the working width (page.deskewed)
    f = 1650 / low.shape[1]
    ours = ops.resize(low, None, fx=f, fy=f, interpolation=ops.INTER_CUBIC)
    theirs = cv2.resize(low, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    assert ours.shape == theirs.shape
    off = np.abs(ours.astype(int) - theirs.astype(int))
    # Not OpenCV's weights at a broken scale: a sum on .5 now and then rounds the other way.
    assert off.max() <= 1 and np.count_nonzero(off) < ours.size // 10000
    small = greys[2][:300, :260]
    _same(ops.resize(small, (701, 801), interpolation=ops.INTER_AREA),
          cv2.resize(small, (701, 801), interpolation=cv2.INTER_AREA))


def test_crop_resizes(greys: list[np.ndarray], pages: list[np.ndarray]) -> None:
    """The recogniser's inputs: crops to 48 rows in RGB (INTER_LINEAR, halving included) and
    the doubled crops of a re-read cell (INTER_CUBIC)."""
    rng = np.random.default_rng(0)
    for g in greys:
        h, w = g.shape
        for _ in range(25):
            ch, cw = int(rng.integers(8, 100)), int(rng.integers(4, 400))
            y, x = int(rng.integers(0, h - ch)), int(rng.integers(0, w - cw))
            crop = np.ascontiguousarray(g[y:y + ch, x:x + cw])
            rgb = ops.cvtColor(crop, ops.COLOR_GRAY2RGB)
            _same(rgb, cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB))
            for size in ((max(1, int(np.ceil(48 * cw / ch))), 48), (max(1, cw // 2), max(1, ch // 2))):
                _same(ops.resize(rgb, size), cv2.resize(rgb, size))
            _same(ops.resize(crop, None, fx=2.0, fy=2.0, interpolation=ops.INTER_CUBIC),
                  cv2.resize(crop, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC))
    colour = pages[0][500:560, 300:700]  # three different channels: no grey shortcut
    assert not np.array_equal(colour[:, :, 0], colour[:, :, 2])
    for size in ((320, 48), (200, 30)):
        _same(ops.resize(colour, size), cv2.resize(colour, size))
    _same(ops.resize(colour, None, fx=2.0, fy=2.0, interpolation=ops.INTER_CUBIC),
          cv2.resize(colour, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC))


def test_warp_and_rotate(greys: list[np.ndarray], masks: list[np.ndarray], pages: list[np.ndarray]) -> None:
    for g, m in zip(greys, masks):
        h, w = g.shape
        small = cv2.resize(m, (700, int(h * 700 / w)), interpolation=cv2.INTER_AREA)
        for angle in (-2.95, -0.4, 0.05, 1.37):
            mat = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
            _same(ops.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), mat)
            _same(ops.warpAffine(g, mat, (w, h), flags=ops.INTER_LINEAR, borderValue=255),
                  cv2.warpAffine(g, mat, (w, h), flags=cv2.INTER_LINEAR, borderValue=255))
            sm = cv2.getRotationMatrix2D((small.shape[1] / 2, small.shape[0] / 2), angle, 1.0)
            _same(ops.warpAffine(small, sm, small.shape[::-1], flags=ops.INTER_NEAREST),
                  cv2.warpAffine(small, sm, small.shape[::-1], flags=cv2.INTER_NEAREST))
        _same(ops.rotate(g, ops.ROTATE_180), cv2.rotate(g, cv2.ROTATE_180))
    page = pages[0]
    h, w = page.shape[:2]
    mat = cv2.getRotationMatrix2D((w / 2, h / 2), 1.1, 1.0)
    _same(ops.warpAffine(page, mat, (w, h), flags=ops.INTER_LINEAR, borderValue=(255, 255, 255)),
          cv2.warpAffine(page, mat, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255)))


def test_bitwise(masks: list[np.ndarray]) -> None:
    a, b = masks[0], cv2.dilate(masks[0], np.ones((3, 3), np.uint8))
    _same(ops.bitwise_and(a, ops.bitwise_not(b)), cv2.bitwise_and(a, cv2.bitwise_not(b)))
    _same(ops.bitwise_or(a, b), cv2.bitwise_or(a, b))


def test_cell_picture_png(greys: list[np.ndarray]) -> None:
    """An uncertain cell's tooltip picture (core/ocr_record.py writes it with Pillow now)."""
    from core.ocr_record import OcrPage

    grey = greys[0]
    page = OcrPage(1, grey, 0.5, grey.shape[1] * 0.5, grey.shape[0] * 0.5, view=grey)
    png = page.crop_png((100.0, 50.0, 160.0, 70.0), pad=0.0)
    shown = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_UNCHANGED)
    _same(shown, grey[100:141, 200:321])
    assert page.crop_png((1e6, 1e6, 1e6 + 10, 1e6 + 10), pad=0.0) == b""  # off the page


def test_the_app_does_not_import_opencv() -> None:
    """The installer no longer carries OpenCV (issue 23): no module of the app names it."""
    root = Path(__file__).parents[1]
    sources = [p for d in ("core", "gui") for p in (root / d).rglob("*.py")] + [root / "main.py"]
    users = [str(p.relative_to(root)) for p in sources
             if any(line.strip().startswith(("import cv2", "from cv2")) for line in p.read_text(encoding="utf-8").splitlines())]
    assert len(sources) > 50 and users == []
