"""A new year's report being written: the draft the clerk fills, saved as a file of our own.

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
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Literal

from core.template import TEMPLATE_2021

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
