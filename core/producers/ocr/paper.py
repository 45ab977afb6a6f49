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
    from core.producers.ocr import imageops as cv
    import numpy as np

    h, w = grey.shape
    small = cv.resize(grey, (max(1, w // _REDUCE), max(1, h // _REDUCE)), interpolation=cv.INTER_AREA)
    paper = cv.dilate(small, np.ones((_WINDOW, _WINDOW), np.uint8))
    paper = _smooth(paper, _WINDOW / 2)
    return cv.resize(paper, (w, h), interpolation=cv.INTER_LINEAR)


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


def _smooth(img: "np.ndarray", sigma: float) -> "np.ndarray":
    """A Gaussian blur of the small paper map (separable, mirrored at the edges as OpenCV's
    default border): the field only has to be smooth, not any library's exact pixels, so it
    is written here rather than asked of imageops, which matches OpenCV only where the page's
    morphology needs it to."""
    import numpy as np

    radius = max(1, int(np.ceil(3 * sigma)))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    kernel = np.exp(-(x * x) / (2 * sigma * sigma))
    kernel /= kernel.sum()
    out = img.astype(np.float64)
    for axis in (0, 1):
        if out.shape[axis] < 2:
            continue
        pad = min(radius, out.shape[axis] - 1)
        widths = [(0, 0), (0, 0)]
        widths[axis] = (pad, pad)
        padded = np.pad(out, widths, mode="reflect")
        k = kernel[radius - pad:radius + pad + 1]
        k = k / k.sum()
        acc = np.zeros_like(out)
        for i, weight in enumerate(k):
            acc += weight * (padded[i:i + out.shape[0]] if axis == 0 else padded[:, i:i + out.shape[1]])
        out = acc
    return np.clip(np.rint(out), 0, 255).astype(img.dtype)
