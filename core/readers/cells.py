"""Small helpers the structured readers (HTML, DOCX, XLSX) share: how a cell's text is
cleaned, and the rule that decides when a table is page layout rather than data."""

from __future__ import annotations

import re

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
