"""How each sheet of the batch summary prints (issue 27): a leader prints it. Landscape A4,
one page wide, the header rows on every page, the sheet's name and the page number in the
footer — instead of 46 portrait pages with the labels on one page and the numbers on the
next. Row heights are set where text wraps, because a merged or wrapped label does not grow
its row by itself in every spreadsheet program, and overlapping labels were the result."""

from __future__ import annotations

import math
import unicodedata

A4 = 9  # xlsxwriter's paper code


def print_setup(ws, *, header_rows: int = 1, tall: int = 0, portrait: bool = False) -> None:  # type: ignore[no-untyped-def]
    """``header_rows``: the rows repeated at the top of every page (0: none); ``tall``: fit
    the sheet to this many pages tall as well (0: as many as the rows need)."""
    if not portrait:
        ws.set_landscape()
    ws.set_paper(A4)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.fit_to_pages(1, tall)
    if header_rows:
        ws.repeat_rows(0, header_rows - 1)
    ws.set_footer("&C&A　第 &P 页，共 &N 页")
    ws.hide_gridlines(0)  # printed without the screen's grid: borders are drawn where they matter


def text_width(text: str) -> float:
    """Width in Excel character units: a Chinese character counts two."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def lines_needed(text: str, width_chars: float) -> int:
    """How many lines ``text`` wraps to in a column ``width_chars`` wide (a little slack for
    the cell's padding and the line breaking rules)."""
    if not text:
        return 1
    room = max(1.0, width_chars - 1.5)
    return sum(max(1, math.ceil(text_width(part) * 1.05 / room)) for part in str(text).split("\n"))


def row_height(lines: int, point: float = 15.0) -> float:
    return max(point, lines * point)
