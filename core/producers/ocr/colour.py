"""Grey for the OCR from a colour page: a seal drops out, coloured print stays ink.

Taking the brightest channel makes a red seal (or its tint over black text) light, which is
what lets the digits under it be read — but it also makes every red or blue character light:
a total row printed in red vanished, and what was left of it read as "C". Coloured strokes
are therefore told apart by their shape: a seal is a large, roughly round ring (its densest
row and column cross only a fraction of it), and what lies inside its box is the seal's
star and lettering. Every other coloured stroke — characters, digits, a row's rules — is ink
and keeps its darkest channel. A large filled area (a coloured header band) is neither: it
is paper, as before, so the black text printed on it stays readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# A pixel is coloured ink when its channels differ this much and its darkest channel is
# this dark: paper tint, a light header fill and JPEG colour noise stay out.
_CHROMA = 60
_DARKEST = 170
# A seal is at least this share of the page's width across, nearly as high as wide, and no
# row or column of it is more than this share ink (a rule or a filled band is).
_SEAL_MIN = 0.05
_SEAL_ASPECT = (0.6, 1.6)
_RING_FILL = 0.6
# A coloured component thicker than this share of the page width and more than half filled
# is a fill (a coloured band behind text), not a stroke.
_FILL_THICK = 0.015
_FILL_SHARE = 0.5


def ink_grey(img: "np.ndarray") -> "np.ndarray":
    from core.producers.ocr import imageops as cv
    import numpy as np

    if img.ndim == 2:
        return img
    r, g, b = img[:, :, 0], img[:, :, 1], img[:, :, 2]
    bright = np.maximum(np.maximum(r, g), b)
    dark = np.minimum(np.minimum(r, g), b)
    coloured = ((bright - dark) > _CHROMA) & (dark < _DARKEST)
    if not coloured.any():
        return bright
    mask = cv.dilate(coloured.astype(np.uint8), np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv.connectedComponentsWithStats(mask, connectivity=8)
    width = img.shape[1]
    paper = np.zeros(img.shape[:2], dtype=bool)  # seals' boxes and coloured fills: not ink
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if min(w, h) > _FILL_THICK * width and area > _FILL_SHARE * w * h:
            paper[y:y + h, x:x + w] |= labels[y:y + h, x:x + w] == i
            continue
        if max(w, h) < _SEAL_MIN * width or not _SEAL_ASPECT[0] <= w / max(h, 1) <= _SEAL_ASPECT[1]:
            continue
        comp = labels[y:y + h, x:x + w] == i
        if comp.sum(axis=1).max() < _RING_FILL * w and comp.sum(axis=0).max() < _RING_FILL * h:
            pad = max(w, h) // 20
            paper[max(0, y - pad):y + h + pad, max(0, x - pad):x + w + pad] = True
    ink = (mask > 0) & ~paper
    out = bright.copy()
    out[ink] = dark[ink]
    return out
