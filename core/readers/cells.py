"""Small helpers the structured readers (HTML, DOCX, XLSX) share: how a cell's text is
cleaned, and the rule that decides when a table is page layout rather than data."""

from __future__ import annotations

import re

from core.document import Block, Location, RawTable, TableCell, TextBlock
from core.limits import Budget

# No-break and ideographic spaces are how reports pad cells and indent paragraphs; for the
# checker they are ordinary spaces.
_WIDE_SPACES = str.maketrans({"\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": ""})
_RUNS = re.compile(r"\s+")

# A cell with this much text is prose, not a table cell: the table around it is page
# layout (a whole report typed into one Word table cell, an old site's frame table).
PROSE_CELL_CHARS = 300

# Runaway spans in hand-written or generated markup: no report table is this wide.
MAX_SPAN = 256


def cell_text(raw: str) -> str:
    """One line: every run of whitespace (line breaks, tabs, padding) becomes one space."""
    return _RUNS.sub(" ", raw.translate(_WIDE_SPACES)).strip()


def line_text(raw: str) -> str:
    """Running text of one line: wide spaces become spaces but runs are kept, because a
    run of spaces is how a table laid out as text separates its cells."""
    return raw.translate(_WIDE_SPACES).strip()


def span(value: str | None, default: int = 1) -> int:
    """A rowspan/colspan/gridSpan attribute as an int within sane bounds."""
    if not value:
        return default
    digits = re.match(r"\s*(\d+)", value)
    if not digits:
        return default
    n = int(digits.group(1))
    return max(0, min(n, MAX_SPAN))


class BlockSink:
    """Where the DOCX and HTML walkers put what they read, in reading order: text blocks
    and raw tables, numbered as the source numbers them, counted against the content
    budget."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.budget = Budget()

    def emit_table(self, rows: list[list[tuple[int, str]]]) -> None:
        """``rows``: (grid column, cell text) of the cells that start in each row."""
        index = self.tables
        out: list[list[TableCell]] = []
        for cells in rows:
            if not cells:
                continue
            r = len(out)
            row = [TableCell(text, Location(table=index, row=r, col=col)) for col, text in cells]
            self.budget.add("".join(c.text for c in row), items=len(row))
            out.append(row)
        if not any(c.text for row in out for c in row):
            return
        if all(len(row) == 1 for row in out):
            # One cell a row is a frame or a menu, not a data table: read it as lines.
            for row in out:
                if row[0].text:
                    self.blocks.append(TextBlock(row[0].text, Location(paragraph=self.paragraphs)))
                    self.paragraphs += 1
            return
        self.blocks.append(RawTable(out, Location(table=index)))
        self.tables += 1
