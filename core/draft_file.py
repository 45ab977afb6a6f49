"""A new year's report being written (新建年度报告, core/draft): the draft the clerk fills,
saved as a file of our own, and the words of the report it becomes.

Low in the layers on purpose (beside the document model and the template): the draft reader
(core/readers/draft.py) needs the file format and the report's words, and core/draft — the
start from last year's report, the live checks, the exports — sits above export.

The draft holds this year's three tables in the official 2021 layout, where each value came
from (carried over from last year's report, typed by the clerk, or a total the clerk accepted
as suggested), the reason the clerk gave for changing a carried value, and what was taken
from last year's report (its 结转下年度 and 现行有效 figures, mapped onto 2021 rows).

File format (``.nbdraft``, UTF-8 JSON, documented in the README section 新建年度报告)::

    {"schema": "nianbao-draft", "version": 1, "year": 2024, "agency": "…",
     "cells": {"t3/carried/natural": {"value": 3, "origin": "carried"}, …},
     "reasons": {"t3/carried/natural": "…"}, "prose": {"五": "…"},
     "last": {"file": "…", "year": 2023, "agency": "…", "template": "2021",
              "values": {"t3/carry_next/natural": 3, …}, "unmapped": ["…"]}}

Cells absent from ``cells`` are empty. The reader (core/readers/draft.py) recognises the file
by its first bytes and the ``schema`` key, not by its name.

The words (``outline``): the title, the six section headings, the standard sentences that quote
the table figures (drafted for the clerk to edit), the clerk's own text or "（文字描述）" where
only the clerk can write, and where each table goes — shared by the Word output
(core/draft/compose.py) and the reader, so a draft is checked as the document it becomes. The
reader leaves the figure sentences out: they follow the tables by construction, and the window
re-checks edits on the tables alone (a sentence fixed at opening would go stale).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Literal

from core.template import SECTIONS, TEMPLATE_2021

# As core.model.Number; declared here so the draft reader (core/readers/draft.py) depends
# only on the document model and the template, like the other readers.
Number = int | float

SCHEMA = "nianbao-draft"
VERSION = 1
SUFFIX = ".nbdraft"

Origin = Literal["carried", "typed", "suggested"]
ORIGINS: tuple[Origin, ...] = ("carried", "typed", "suggested")
Ref = tuple[str, str, str]  # (table, row, column) in 2021 template keys


class DraftError(Exception):
    """A draft file that cannot be used; ``message`` says why in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class DraftCell:
    value: Number | None
    origin: Origin = "typed"


@dataclass
class LastYear:
    """What the draft took from last year's report."""

    file: str
    year: int | None
    agency: str | None
    template: str | None  # the layout last year's report was printed in
    values: dict[Ref, Number | None] = field(default_factory=dict)  # mapped onto 2021 keys
    unmapped: list[str] = field(default_factory=list)  # 2021 rows with no counterpart, named

    def value(self, ref: Ref) -> Number | None:
        return self.values.get(ref)


@dataclass
class Draft:
    year: int
    agency: str
    cells: dict[Ref, DraftCell] = field(default_factory=dict)
    reasons: dict[Ref, str] = field(default_factory=dict)  # why a carried value was changed
    prose: dict[str, str] = field(default_factory=dict)  # section number → the clerk's text
    last: LastYear | None = None

    def value(self, ref: Ref) -> Number | None:
        cell = self.cells.get(ref)
        return cell.value if cell else None

    def origin(self, ref: Ref) -> Origin | None:
        cell = self.cells.get(ref)
        return cell.origin if cell and cell.value is not None else None

    def set(self, ref: Ref, value: Number | None, origin: Origin = "typed") -> None:
        if value is None:
            self.cells.pop(ref, None)
        else:
            self.cells[ref] = DraftCell(value, origin)

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    # ------------------------------------------------------------------ file format

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "schema": SCHEMA,
            "version": VERSION,
            "year": self.year,
            "agency": self.agency,
            "cells": {_key(ref): {"value": c.value, "origin": c.origin} for ref, c in sorted(self.cells.items())
                      if c.value is not None},
            "reasons": {_key(ref): text for ref, text in sorted(self.reasons.items()) if text},
            "prose": {k: v for k, v in sorted(self.prose.items()) if v.strip()},
        }
        if self.last is not None:
            out["last"] = {
                "file": self.last.file, "year": self.last.year, "agency": self.last.agency,
                "template": self.last.template,
                "values": {_key(ref): v for ref, v in sorted(self.last.values.items())},
                "unmapped": list(self.last.unmapped),
            }
        return out

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)

    @staticmethod
    def from_json(data: object) -> "Draft":
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise DraftError("这不是年报校验的草稿文件。")
        version = data.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise DraftError("这个草稿文件由更新版本的年报校验保存，请升级程序后再打开。")
        year, agency = data.get("year"), data.get("agency")
        if not isinstance(year, int) or not isinstance(agency, str):
            raise DraftError("草稿文件缺少年度或单位，已损坏；请重新新建年度报告。")
        draft = Draft(year, agency)
        for key, cell in _dict(data.get("cells")).items():
            ref = _ref(key)
            if ref is None or not isinstance(cell, dict):
                continue
            value, origin = cell.get("value"), cell.get("origin")
            if _is_number(value):
                draft.cells[ref] = DraftCell(value, origin if origin in ORIGINS else "typed")  # type: ignore[arg-type]
        for key, text in _dict(data.get("reasons")).items():
            ref = _ref(key)
            if ref is not None and isinstance(text, str):
                draft.reasons[ref] = text[:_MAX_NOTE]
        # Only the six sections; their text is counted against the reader's budget like any report's.
        draft.prose = {k: v for k, v in _dict(data.get("prose")).items() if k in _SECTIONS and isinstance(v, str)}
        last = data.get("last")
        if isinstance(last, dict):
            values = {ref: (v if _is_number(v) else None) for k, v in _dict(last.get("values")).items()
                      if (ref := _ref(k)) is not None}
            draft.last = LastYear(
                str(last.get("file") or ""), last.get("year") if isinstance(last.get("year"), int) else None,
                last.get("agency") if isinstance(last.get("agency"), str) else None,
                last.get("template") if last.get("template") in ("2019", "2021") else None,
                values, [u[:_MAX_NOTE] for u in (last.get("unmapped") or [])[:_MAX_NOTES] if isinstance(u, str)])
        return draft

    @staticmethod
    def loads(text: str) -> "Draft":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise DraftError("草稿文件已损坏（不是完整的 JSON），无法打开；如有自动保存的副本请改用副本。") from exc
        return Draft.from_json(data)


# A hand-edited or hostile file cannot make the reader's notes unbounded.
_MAX_NOTES, _MAX_NOTE = 20, 600
_SECTIONS = ("一", "二", "三", "四", "五", "六")


def _key(ref: Ref) -> str:
    return "/".join(ref)


def _ref(key: object) -> Ref | None:
    """A cell key of the file, if it names a cell of the 2021 template."""
    if not isinstance(key, str) or key.count("/") != 2:
        return None
    table, row, col = key.split("/")
    if table not in ("t2", "t3", "t4"):
        return None
    spec = TEMPLATE_2021.table(table)
    if not spec.has_row(row) or col not in [c.key for c in spec.row(row).columns]:
        return None
    return table, row, col


def _dict(value: object) -> dict:  # type: ignore[type-arg]
    return value if isinstance(value, dict) else {}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def value_refs() -> list[Ref]:
    """Every value cell of the 2021 layout, in template order."""
    return [(spec.key, row.key, col.key) for spec in TEMPLATE_2021.tables for row in spec.rows for col in row.columns]


def looks_like_draft(head: bytes) -> bool:
    """The first bytes of a draft file: a JSON object naming our schema near its start."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"{") and _SCHEMA_KEY.search(head[:1024]) is not None


_SCHEMA_KEY = re.compile(rb'"schema"\s*:\s*"nianbao-draft"')


# ----------------------------------------------------------------------------- the words

PLACEHOLDER = "（文字描述）"
# Section 六 as the official template words it: the 信息处理费 statement belongs there.
PLACEHOLDER_SIX = "（文字描述，收取信息处理费情况在此处报告。）"
DRAFTED = "yellow"  # the highlight of text the program drafted
# The sections the official template leaves to the clerk's words; 二 to 四 are the tables.
_WRITTEN_BY_CLERK = ("一", "五", "六")


def intro_sentence(year: int) -> str:
    return (f"本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
            f"（国办公开办函〔2021〕30号）要求编制。本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。")


def figure_sentences(draft: Draft) -> dict[str, list[str]]:
    """Standard sentences per section quoting the tables; a sentence is drafted only when
    every figure it quotes is filled in (a blank is for the clerk to settle first)."""
    v = draft.value
    out: dict[str, list[str]] = {"二": [], "三": [], "四": []}
    parts = []
    for row, name in (("regulations", "规章"), ("normative_docs", "行政规范性文件")):
        made, repealed, in_force = (v(("t2", row, c)) for c in ("made", "repealed", "in_force"))
        if made is not None and repealed is not None and in_force is not None:
            parts.append(f"制发{name}{_n(made)}件，废止{_n(repealed)}件，现行有效{_n(in_force)}件")
    if parts:
        out["二"].append("本年度" + "；".join(parts) + "。")
    new, carried, total, nxt = (v(("t3", r, "total")) for r in ("new", "carried", "total", "carry_next"))
    if new is not None and carried is not None:
        out["三"].append(f"本年度新收政府信息公开申请{_n(new)}件，上年结转政府信息公开申请{_n(carried)}件。")
    outcomes = _outcomes(draft)
    if total is not None and outcomes is not None:
        listed = "，".join(f"{name}{_n(n)}件" for name, n in outcomes if n)
        out["三"].append(f"本年度办理结果总计{_n(total)}件" + (f"（{listed}）" if listed else "") + "。")
    if nxt is not None:
        out["三"].append(f"结转下年度继续办理{_n(nxt)}件。")
    reasons = [text for ref, text in sorted(draft.reasons.items()) if text.strip() and _carried_changed(draft, ref)]
    if reasons:
        out["三"].append("上年结转数与上年度报告所列结转下年度继续办理数不同，原因是：" + "；".join(r.strip().rstrip("。") for r in reasons) + "。")
    review = v(("t4", "review", "total"))
    direct, after = v(("t4", "litigation_direct", "total")), v(("t4", "litigation_after_review", "total"))
    if review is not None and direct is not None and after is not None:
        out["四"].append(f"本年度发生政府信息公开行政复议{_n(review)}件，行政诉讼{_n(direct + after)}件"
                        f"（其中未经复议直接起诉{_n(direct)}件，复议后起诉{_n(after)}件）。")
    return out


def _outcomes(draft: Draft) -> list[tuple[str, Number]] | None:
    groups = (("予以公开", ("granted",)), ("部分公开", ("partial",)),
              ("不予公开", tuple(f"deny_{i}" for i in range(1, 9))), ("无法提供", ("unable_1", "unable_2", "unable_3")),
              ("不予处理", tuple(f"reject_{i}" for i in range(1, 6))), ("其他处理", ("other_1", "other_2", "other_3")))
    out = []
    for name, rows in groups:
        values = [draft.value(("t3", r, "total")) for r in rows]
        if any(x is None for x in values):
            return None
        out.append((name, sum(values)))  # type: ignore[arg-type]
    return out


def _carried_changed(draft: Draft, ref: Ref) -> bool:
    if draft.last is None or ref[:2] != ("t3", "carried"):
        return False
    return draft.value(ref) != draft.last.value(("t3", "carry_next", ref[2]))


def _n(value: Number) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)



PieceKind = Literal["title", "heading", "drafted", "text", "table"]


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str  # for "table": the table key


def outline(draft: Draft, drafted: bool = True) -> list[Piece]:
    """The report piece by piece. ``drafted``: include the figure sentences (the Word
    output does; the checker's view of a draft does not, see core/readers/draft.py)."""
    sentences = figure_sentences(draft) if drafted else {}
    tables = {spec.heading: spec.key for spec in TEMPLATE_2021.tables}
    out = [Piece("title", draft.title)]
    for section in SECTIONS:
        out.append(Piece("heading", section.heading))
        if section.number == "一":
            out.append(Piece("drafted", intro_sentence(draft.year)))
        out.extend(Piece("drafted", text) for text in sentences.get(section.number, []))
        prose = draft.prose.get(section.number, "").strip()
        if prose:
            out.extend(Piece("text", line.strip()) for line in prose.splitlines() if line.strip())
        elif section.number in _WRITTEN_BY_CLERK:
            out.append(Piece("text", PLACEHOLDER_SIX if section.number == "六" else PLACEHOLDER))
        if section.heading in tables:
            out.append(Piece("table", tables[section.heading]))
    return out
