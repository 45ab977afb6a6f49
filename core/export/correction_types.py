"""The corrections' data: a ``Correction`` the clerk chooses by its key, the ``TextEdit``s it
makes, and how an edit finds its spot again in a paragraph's or a cell's text. Shared by the
plan (``core.export.corrections``, ``core.export.prose_corrections``) and the writers
(``docx_writeback``, ``docx_spans``, ``xlsx_writeback``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from core.document import Location
from core.export.content import Change
from core.normalize import simplify

Kind = Literal["cell", "text", "note"]


@dataclass(frozen=True)
class TextEdit:
    """Replace ``old`` by ``new`` in the paragraph (or frame cell) at ``loc``: the occurrence
    that follows ``before`` (simplified text, as the sentence was read)."""

    loc: Location
    old: str
    new: str
    before: str = ""
    fine: bool = False  # change only the characters that differ (a label's typo), not the whole
    # The sentence (or title, or period) ``before`` is counted from: with the line it was read
    # in, the context grows to the whole line before the change.
    sentence: str = ""


@dataclass
class Correction:
    key: str  # what the caller selects by
    kind: Kind
    name: str  # where, in Chinese: 表三“…”, 标题, 正文第一部分
    comment: str  # why, in Chinese: the comment written beside the change
    findings: list[str] = field(default_factory=list)  # finding keys this resolves
    change: Change | None = None  # kind "cell": the cell and its value
    edits: list[TextEdit] = field(default_factory=list)  # kind "text"
    loc: Location | None = None  # kind "note": where the comment goes
    severity: str = "warning"  # of the finding (the first one), for the default choice

    @property
    def default(self) -> bool:
        """Chosen unless the clerk says otherwise: the clerk's own edits, errors and
        template labels; warnings that are only doubts wait for the clerk."""
        if self.kind == "cell" and self.change is not None and self.change.rule is None:
            return True
        return self.severity == "error" or any(k.startswith("S-LABEL|") for k in self.findings)


NOT_FOUND = "原文中找不到要修改的文字（可能在检查后被改过，或被拆在不同段落中）"
AMBIGUOUS = "原文同一处有多处相同的文字，无法确定改哪一处"


def fold(text: str) -> str:
    """``text`` in the simplified form sentences are read in, character for character (so
    offsets hold): full-width digits become ASCII; a character whose normal form is not one
    character stays as it is."""
    out: list[str] = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) != 1:
            out.append(ch)
            continue
        simple = simplify(folded)
        out.append(simple if len(simple) == 1 else folded)
    return "".join(out)


def find_in_text(text: str, old: str, before: str) -> tuple[int, int] | str:
    """(start, end) of the occurrence of ``old`` in ``text`` that follows ``before``, or the
    reason it cannot be told. A number is matched whole ("40", not the 40 of "140"); the
    longest part of the context that leaves one occurrence decides (a tab or a list numeral
    the sentence was read with may not be in the file's text)."""
    text, old, before = fold(text), fold(old), fold(before)
    if not old:
        return NOT_FOUND
    edge_l = r"(?<![\d.])" if old[:1].isdigit() else ""
    edge_r = r"(?![\d.])" if old[-1:].isdigit() else ""
    spots = [m.start() for m in re.finditer(edge_l + re.escape(old) + edge_r, text)]
    for n in range(len(before), -1, -1):
        context = before[len(before) - n:]
        hits = [s for s in spots if text[:s].endswith(context)]
        if len(hits) == 1:
            return hits[0], hits[0] + len(old)
        if len(hits) > 1:
            return AMBIGUOUS
    return NOT_FOUND
