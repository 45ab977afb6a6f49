"""A phone photo lit from one side (core/producers/ocr/paper.py): its dark corner's paper,
with the sensor's grain on it, must not become ink — on dev seed 20 it did, the run finder
joined the specks into page-sized runs and the whole table 三 was lost. No recogniser: the
ink mask is compared directly, in well under a second."""

from __future__ import annotations

import numpy as np

from core.producers.ocr.paper import even_light
from core.producers.ocr.page import deskewed


def _page(light: float, seed: int = 0) -> np.ndarray:
    """A grey page 1650 px wide: rows of digit-like bars on white, grey as a blurred photo
    shows thin strokes, lit by a ramp from the top-left corner (``light`` of the white lost
    there) with grain over it."""
    h, w = 2300, 1650
    page = np.full((h, w), 250.0, dtype=np.float32)
    for y in range(400, 2000, 60):
        for x in range(300, 1400, 90):
            page[y:y + 22, x:x + 4] = 120  # a "1": a stroke of a 9 pt digit at 200 dpi
            page[y:y + 4, x + 20:x + 34] = 120
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = 1.0 - 0.5 * (xx / w + yy / h)  # 1 at the top-left corner, 0 at the bottom right
    page *= 1.0 - light * ramp
    page += np.random.default_rng(seed).normal(0, 6, (h, w))
    return page.clip(0, 255).astype(np.uint8)


def test_a_dark_corner_of_paper_is_not_ink() -> None:
    _, mask, _ = deskewed(np.dstack([_page(0.3)] * 3))
    corner = mask[:350, :280]  # paper only, the darkest part of the page
    assert (corner > 0).mean() < 0.001
    text = mask[400:2000, 300:1400]
    assert (text > 0).mean() > 0.02  # the strokes are still ink


def test_without_the_correction_the_corner_was_ink() -> None:
    """The case the correction is for: the same page thresholded as it is (what image.ink
    did before) takes the corner's paper for ink."""
    from core.producers.ocr import image

    mask = image.ink(_page(0.3))
    assert (mask[:350, :280] > 0).mean() > 0.05


def test_an_evenly_lit_page_is_left_as_it_is() -> None:
    page = _page(0.0)
    assert even_light(page) is page

