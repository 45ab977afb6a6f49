"""Table 三 printed more than once, and two reports in one file: the copies found.

Extraction reads one table 三: the one under heading 三 (or the first found). A clerk who
pasted the table twice — last year's draft left below this year's, the 2019 form appended
after the 2021 one, two reports saved into one file — gets a verdict on one copy while the
other says something else. Each further copy is read here with the same parser, starting at
its own first row ("一、本年新收政府信息公开申请数量"); core/rules/copies.py judges them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.extract.table3 import parse_t3
from core.marks import PROSE_SHEET
from core.model import Extraction, TableCopy
from core.normalize import label_key
from core.template import TEMPLATE_2021
from core.tokens import Token

_START = TEMPLATE_2021.t3.row("new").match
# A copy needs most of its rows to be a table and not a sentence quoting a row's label.
_MIN_ROWS = 6


def _starts(tokens: Sequence[Token]) -> list[int]:
    out = []
    for i, t in enumerate(tokens):
        if t.kind == "label" and any(f in label_key(t.text) for f in _START):
            out.append(i)
    return out


def table_copies(tokens: Sequence[Token], ext: Extraction) -> list[TableCopy]:
    """The copies of table 三 beyond the one in ``ext``, in print order; the rules judge
    them (core/rules/copies.py)."""
    primary = ext.tables.get("t3")
    if primary is None or any(t.loc is not None and t.loc.sheet == PROSE_SHEET for t in tokens):
        # Our own export keeps the original text, tables included, on its 原文 sheet beside
        # the table sheets: a record of the source, not a second copy.
        return []
    starts = _starts(tokens)
    if len(starts) < 2:
        return []
    primary_ids = {id(c.loc) for cells in primary.rows.values() for c in cells if c.loc is not None}
    copies: list[TableCopy] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        segment = tokens[start:end]
        if any(id(t.loc) in primary_ids for t in segment):
            continue  # the copy that was checked
        result = parse_t3(segment)
        if result.table is not None and sum(1 for cells in result.table.rows.values() if any(c.value is not None for c in cells)) >= _MIN_ROWS:
            copies.append(TableCopy(result.table, result.version))
    return copies


# A line that is a report's title and nothing else ("…2023年政府信息公开工作年度报告").
_TITLE_LINE = re.compile(r"^\S{2,60}?(?:19|20)\d{2}\s*年度?\s*政府信息公开(?:工作)?(?:年度)?报告$")


def count_titles(text: str) -> int:
    return sum(1 for line in text.splitlines() if len(line) < 100 and _TITLE_LINE.match(line.strip()))
