"""A letter's 整改 items kept machine-readable beside it (``<letter>.items.json``), so the
corrected report the agency sends back can be checked item by item (core/export/followup.py).

The file names the report by what it prints (agency, year, title), not by the reviewer's file
path, and each item by its rule and cells (``core.dismissals.finding_key``): the message of a
finding changes with the numbers, its rule and cells do not.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from core.batch.crossyear import agency_key
from core.export.files import ExportError, write_atomically
from core.model import CellRef, Report

ITEMS_SUFFIX = ".items.json"
FORMAT = "nianbao-letter-items"
VERSION = 1


@dataclass(frozen=True)
class LetterItem:
    n: int  # its number in the letter
    rule: str
    severity: str  # 错误 / 警告
    key: str  # finding_key
    cells: tuple[CellRef, ...]
    values: dict[str, object]  # "t4/review/total" → the value the report printed there
    should_be: str | None
    text: str  # the sentence of the letter


@dataclass
class LetterItems:
    agency: str
    year: int | None
    title: str
    number: str  # the letter's 文号
    day: str  # ISO date it was signed
    items: list[LetterItem] = field(default_factory=list)
    source: str = ""  # the .items.json it was read from (not written)

    @property
    def agency_key(self) -> str | None:
        return agency_key(self.agency)

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT, "version": VERSION,
            "report": {"agency": self.agency, "year": self.year, "title": self.title},
            "letter": {"number": self.number, "day": self.day},
            "items": [{"n": i.n, "rule": i.rule, "severity": i.severity, "key": i.key,
                       "cells": [list(c) for c in i.cells], "values": i.values,
                       "should_be": i.should_be, "text": i.text} for i in self.items],
        }

    @staticmethod
    def from_json(data: object, source: str = "") -> "LetterItems":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ExportError(f"“{Path(source).name}”不是本程序写出的审核意见条目文件。")
        report = data.get("report") or {}
        letter = data.get("letter") or {}
        items = []
        for raw in data.get("items") or []:
            cells = tuple(tuple(c) for c in raw.get("cells") or [])  # type: ignore[misc]
            items.append(LetterItem(int(raw.get("n", 0)), str(raw.get("rule", "")), str(raw.get("severity", "")),
                                    str(raw.get("key", "")), cells, dict(raw.get("values") or {}),  # type: ignore[arg-type]
                                    raw.get("should_be"), str(raw.get("text", ""))))
        year = report.get("year")
        return LetterItems(str(report.get("agency") or ""), int(year) if isinstance(year, int) else None,
                           str(report.get("title") or ""), str(letter.get("number") or ""),
                           str(letter.get("day") or ""), items, source)


def cell_id(ref: CellRef) -> str:
    return "/".join(str(part) for part in ref if part is not None)


class Item(Protocol):
    """What a letter's item (``review_letter.Problem``) offers: said here so this module
    need not import the letter that imports it."""

    rule: str
    severity: str
    key: str
    cells: tuple[CellRef, ...]
    should_be: str | None

    def sentence(self) -> str: ...


def items_of(report: Report, *, agency: str, year: int | None, title: str, number: str, day: date,
             items: Sequence[Item]) -> LetterItems:
    """A letter's items with the values the report printed in their cells."""
    ext = report.extraction
    out = LetterItems(agency, year, title, number, day.isoformat())
    for n, problem in enumerate(items, start=1):
        values: dict[str, object] = {}
        for ref in problem.cells:
            value = _printed(report, ref) if ext is not None else None
            if value is not None:
                values[cell_id(ref)] = value
        out.items.append(LetterItem(n, problem.rule, problem.severity, problem.key, tuple(problem.cells), values,
                                    problem.should_be, problem.sentence()))
    return out


def _printed(report: Report, ref: CellRef) -> object | None:
    ext = report.extraction
    assert ext is not None
    table, row, col = ref
    if table not in ("t2", "t3", "t4") or not row or not col:
        return None
    try:
        index = [c.key for c in ext.spec(table).row(row).columns].index(col)
    except (KeyError, ValueError):
        return None
    cell = ext.value(table, row, index)
    return cell.value if cell is not None else None


def items_path(letter_path: str | os.PathLike[str]) -> Path:
    path = Path(letter_path)
    return path.with_name(path.stem + ITEMS_SUFFIX)


def write_items(items: LetterItems, path: str | os.PathLike[str]) -> Path:
    text = json.dumps(items.to_json(), ensure_ascii=False, indent=1)

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)

    return write_atomically(Path(path), write, "审核意见条目文件")


def read_items(path: str | os.PathLike[str]) -> LetterItems:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError(f"审核意见条目文件“{Path(path).name}”无法读取（{exc.__class__.__name__}）。") from None
    return LetterItems.from_json(data, os.fspath(path))


def read_items_folder(folder: str | os.PathLike[str]) -> list[LetterItems]:
    """Every ``*.items.json`` in ``folder`` (not its subfolders), unreadable ones skipped."""
    out = []
    for path in sorted(Path(folder).glob("*" + ITEMS_SUFFIX)):
        try:
            out.append(read_items(path))
        except ExportError:
            continue
    return out
