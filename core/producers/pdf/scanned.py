"""Is a PDF page a picture of a page? Decided from what the page shows, not from "the page
has no text": publishing systems and PDF editors stamp a page number ("- 3 -"), a header or
a watermark as real text over scanned pages, and such a page with a text layer of five
characters was read as a text page — its tables "missing", a clean report given seven
errors, a fully scanned one told it had no text layer.

A page is a picture when images cover most of it and its visible text accounts for almost
none of what a page of a report shows (a handful of characters, where a page of prose or a
table holds hundreds). Text no one sees — drawn invisible, or under the scan (hidden.py) —
is a scanner's OCR of the picture, not what the page shows: it does not count here, and is
that page's first reading (``hidden_reading``).
"""

from __future__ import annotations

# Share of the page the images must cover (a scanned page's image covers all of it; a logo
# or a photo beside typed text covers far less).
_COVERED = 0.6
# Visible characters a stamped scan carries at most: a page number, a running header, a
# short watermark. A typed page of a report has hundreds.
_STAMPED_CHARS = 40


def is_picture_page(width: float, height: float, chars: list[dict], images: list[dict], hidden: int = 0) -> bool:
    """``hidden``: how many of ``chars`` (not blanks) no one sees."""
    if not images or width <= 0 or height <= 0:
        return False
    text = sum(1 for ch in chars if str(ch.get("text", "")).strip()) - hidden
    if text > _STAMPED_CHARS:
        return False
    return _covered(width, height, images) >= _COVERED


def hidden_reading(hidden: int) -> int:
    """The hidden glyphs of a picture page when they are a reading of it: a few stray ones
    (a scanner's OCR that found a smudge) are none, and the page is read by our OCR."""
    return hidden if hidden > _STAMPED_CHARS else 0


def _covered(width: float, height: float, images: list[dict]) -> float:
    """Share of the page under the images, on a coarse grid (overlapping images count once)."""
    n = 40
    cells = [[False] * n for _ in range(n)]
    for im in images:
        try:
            x0, x1 = max(0.0, float(im["x0"])), min(width, float(im["x1"]))
            top, bottom = max(0.0, float(im["top"])), min(height, float(im["bottom"]))
        except (KeyError, TypeError, ValueError):
            continue
        if x1 <= x0 or bottom <= top:
            continue
        for i in range(int(top / height * n), min(n, int(-(-bottom / height * n // 1)))):
            for j in range(int(x0 / width * n), min(n, int(-(-x1 / width * n // 1)))):
                cells[i][j] = True
    return sum(map(sum, cells)) / (n * n)
