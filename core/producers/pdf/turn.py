"""Pages whose text runs sideways.

A page scanned into a landscape layout, a table turned to fit, or content rotated with the
page's /Rotate entry missing: pdfminer places the glyphs where they are drawn, so the text
runs up or down the page and no line, row or heading is found. The glyphs' own matrices say
which way the text runs; the page is then laid out again as the viewer would show it
turned, through pdfminer's own /Rotate handling, and reads like an upright page. (A page
whose /Rotate is set already comes out upright and is left alone.)
"""

from __future__ import annotations

import math
from collections import Counter

# A page is turned only when nearly all its text runs the same other way: a rotated stamp
# or a vertical margin note on an upright page must not turn the page.
_SHARE = 0.8
_MIN_CHARS = 20


def text_turn(chars: list[dict]) -> int:
    """Clockwise quarter turns (0, 90, 180, 270 degrees) that make the page's text upright."""
    angles: Counter[int] = Counter()
    for ch in chars:
        matrix = ch.get("matrix")
        if not matrix or not (ch.get("text") or "").strip():
            continue
        a, b = matrix[0], matrix[1]
        if a == 0 and b == 0:
            continue
        angles[round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90] += 1
    total = sum(angles.values())
    if total < _MIN_CHARS:
        return 0
    angle, count = angles.most_common(1)[0]
    return angle if angle and count >= _SHARE * total else 0


def turned_page(page, turn: int):  # type: ignore[no-untyped-def]
    """A new pdfplumber page over the same page object, shown turned by ``turn`` more
    degrees clockwise. The caller closes it."""
    from pdfplumber.page import Page

    page_obj = page.page_obj
    rotate = (int(page.rotation) + turn) % 360
    page_obj.attrs = {**page_obj.attrs, "Rotate": rotate}
    page_obj.rotate = rotate
    return Page(page.pdf, page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
