"""Even the light on a photographed page before its ink is thresholded.

A phone photo is lit from one side and shadowed by the phone: the paper runs from white to a
mid grey across the page. One threshold for the whole page (Otsu, image.ink) then takes the
dark corner's paper, with the sensor's grain on it, for ink — a field of specks that the run
finder joins into page-sized "runs", and the table under them is lost (dev seed 20: 0 of 175
cells). Dividing the page by its paper tone makes the paper white everywhere; the ink keeps
its contrast against the paper around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# The paper is estimated on a page reduced this many times: a character is then a few pixels,
# and the brightest pixel of a window a few characters wide is paper.
_REDUCE = 8
_WINDOW = 7
# Paper tone varying by less than this many grey levels over the page (the 5th to the 95th
# percentile) is even: a flatbed scan, a copier, a fax. Those pages are left as they are.
_UNEVEN = 24


def paper_tone(grey: "np.ndarray") -> "np.ndarray":
    """The brightness of the paper under every pixel (a smooth field, same shape as ``grey``)."""
    import cv2
    import numpy as np

    h, w = grey.shape
    small = cv2.resize(grey, (max(1, w // _REDUCE), max(1, h // _REDUCE)), interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, np.ones((_WINDOW, _WINDOW), np.uint8))
    paper = cv2.GaussianBlur(paper, (0, 0), _WINDOW / 2)
    return cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)


def even_light(grey: "np.ndarray") -> "np.ndarray":
    """``grey`` with unevenly lit paper brought to white; an evenly lit page unchanged."""
    import numpy as np

    if grey.ndim != 2 or min(grey.shape) < 8 * _REDUCE:
        return grey
    paper = paper_tone(grey)
    low, high = np.percentile(paper, [5, 95])
    if high - low < _UNEVEN:
        return grey
    out = grey.astype(np.float32) * (255.0 / np.maximum(paper.astype(np.float32), 1.0))
    return out.clip(0, 255).astype(np.uint8)
