"""Column bands of a table from where its full rows print their values.

A row read with fewer values than the template's columns (a cell the page lost, a number
OCR could not make out) keeps the order of what it printed but not which columns those were.
The template's sums guess that only where they leave one choice. The page says it outright:
every value stands under its column, and the rows read in full show where the columns are.
A short row's value is put into the column whose band it stands in; when one does not stand
clearly in one band (between two, or two values in one), the row is left to the sums.

Positions are the producers' own (a PDF's text layer, OCR's glyph boxes), so text PDFs and
scans are placed alike.
"""

from __future__ import annotations

from statistics import median
from typing import Sequence

from core.tokens import Token

# A page needs this many rows read in full before their positions say where its columns are.
_MIN_FULL_ROWS = 2
# A value stands in a band when its centre is within this share of the gap to the
# neighbouring band's centre.
_IN_BAND = 0.35
# The column centres for a row are taken from this many full rows nearest to it.
_NEAREST = 3


def _centre(tok: Token) -> float | None:
    box = tok.loc.bbox if tok.loc is not None else None
    if box is None:
        return None
    return (box[0] + box[2]) / 2


Bands = dict[int, list[tuple[float, list[float]]]]


def column_bands(rows: Sequence[Sequence[Token]], ncols: int) -> Bands:
    """Per page, the full rows that show where the columns are: each one's height on the
    page and the centres of its ``ncols`` values, left to right — the rows that print
    exactly ``ncols`` values there, in order, standing where most of the page's full rows
    put them."""
    by_page: dict[int, list[tuple[float, list[float]]]] = {}
    for values in rows:
        if len(values) != ncols or any(v.kind not in ("number", "blank") for v in values):
            continue
        pages = {v.loc.page for v in values if v.loc is not None}
        centres = [_centre(v) for v in values]
        if len(pages) != 1 or None in pages or any(c is None for c in centres):
            continue
        xs = [c for c in centres if c is not None]
        if any(b <= a for a, b in zip(xs, xs[1:])):
            continue
        by_page.setdefault(next(iter(pages)), []).append((_middle(values), xs))  # type: ignore[arg-type]
    bands: Bands = {}
    for page, found in by_page.items():
        if len(found) < _MIN_FULL_ROWS:
            continue
        centres = [median(xs[c] for _, xs in found) for c in range(ncols)]
        # The full rows must mostly agree, or the page's columns are not one grid (two
        # tables side by side): a row or two shifted by a lost cell and a stray number is
        # what the bands are for, and those rows do not set them.
        agree = [(y, xs) for y, xs in found if all(_column(xs[c], centres) == c for c in range(ncols))]
        if len(agree) >= _MIN_FULL_ROWS and 3 * len(agree) >= 2 * len(found):
            bands[page] = agree
    return bands


def _middle(values: Sequence[Token]) -> float:
    return median((v.loc.bbox[1] + v.loc.bbox[3]) / 2 for v in values if v.loc is not None and v.loc.bbox is not None)


def _near(rows: list[tuple[float, list[float]]], y: float) -> list[float]:
    """The column centres where the full rows nearest ``y`` put them: a photographed page
    is not square, and its columns drift from top to bottom."""
    nearest = sorted(rows, key=lambda r: abs(r[0] - y))[:_NEAREST]
    return [median(xs[c] for _, xs in nearest) for c in range(len(nearest[0][1]))]


def _column(x: float, centres: Sequence[float]) -> int | None:
    best = min(range(len(centres)), key=lambda c: abs(centres[c] - x))
    gaps = [abs(centres[best] - centres[n]) for n in (best - 1, best + 1) if 0 <= n < len(centres)]
    if not gaps or abs(x - centres[best]) > _IN_BAND * min(gaps):
        return None
    return best


def columns_of(values: Sequence[Token], bands: Bands) -> list[int | None] | None:
    """The column each value of a row stands in, from the bands of its page (None for a value
    that stands clearly in no band, reaches over two — digits of neighbouring cells run
    together — or shares its band with another value of the row); None when the row's page
    has no bands."""
    if not values:
        return None
    pages = {v.loc.page for v in values if v.loc is not None}
    if len(pages) != 1:
        return None
    rows = bands.get(next(iter(pages)))  # type: ignore[arg-type]
    if rows is None or any(v.loc.bbox is None for v in values):
        return None
    centres = _near(rows, _middle(values))
    cols: list[int | None] = []
    for v in values:
        x = _centre(v)
        box = v.loc.bbox
        col = _column(x, centres) if x is not None else None
        if box is not None and sum(1 for c in centres if box[0] < c < box[2]) > 1:
            col = None  # across two columns: digits of neighbouring cells run together
        cols.append(col)
    shared = {c for c in cols if c is not None and cols.count(c) > 1}
    return [None if c in shared else c for c in cols]
