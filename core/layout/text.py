"""Glyphs → lines → runs, and how their text is joined.

A producer gives one positioned glyph per character and no spaces (pdfplumber's chars, OCR's
runs cut into characters): WPS and Word leave a visual gap instead
of a space character around digits ("2024 年"), between justified characters and between
table columns. The gap size decides what the gap means: a small one is layout inside a
word or a line (dropped between Chinese characters, one space between two Latin words), a
wide one separates the cells of a table laid out as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A gap wider than this many font sizes separates two cells of a text-laid-out table;
# justified prose and the autospace around digits stay below 0.3 (measured on the real
# PDFs), cells of a table laid out as text are at least two paddings apart.
CELL_GAP = 0.75
# Below this many font sizes two glyphs belong to one word.
WORD_GAP = 0.2

_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
# Where a label or an item starts: 一、 （一） (一) 1. 1、 1．
_ITEM_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[.、．](?!\d))")
_NUMBER = re.compile(r"^[+\-－]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?(?:万元|元)?$|^[+\-－]?\d+(?:\.\d+)?(?:万元|元)?$")
_BLANK = {"—", "－", "-", "–", "——", "/", "／", "\\", "无", "×", "--"}


@dataclass(slots=True)
class Glyph:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def mid_x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Run:
    """Glyphs of one line with no cell-wide gap between them."""

    glyphs: list[Glyph]
    text: str = ""

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(slots=True)
class Line:
    glyphs: list[Glyph]  # left to right
    top: float
    bottom: float
    runs: list[Run] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def size(self) -> float:
        return max(g.size for g in self.glyphs)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def text(self) -> str:
        return join_runs(self.runs)


def group_lines(glyphs: list[Glyph]) -> list[Line]:
    """Cluster glyphs into lines by vertical overlap, top to bottom, then split each line
    into runs at cell-wide gaps."""
    lines: list[Line] = []
    current: Line | None = None
    anchor = 0.0  # vertical centre of the line's first glyph: bands must not drift
    for g in sorted(glyphs, key=lambda g: g.mid_y):
        h = g.bottom - g.top
        if current is not None and abs(g.mid_y - anchor) < 0.45 * min(h, current.glyphs[0].bottom - current.glyphs[0].top):
            current.glyphs.append(g)
            current.top = min(current.top, g.top)
            current.bottom = max(current.bottom, g.bottom)
            continue
        current = Line([g], g.top, g.bottom)
        anchor = g.mid_y
        lines.append(current)
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
        line.glyphs = _drop_overprint(line.glyphs)
        line.runs = _split_runs(line.glyphs)
    return lines


def _drop_overprint(glyphs: list[Glyph]) -> list[Glyph]:
    out: list[Glyph] = []
    for g in glyphs:
        if out and out[-1].text == g.text and g.x0 - out[-1].x0 < 0.3 * max(g.x1 - g.x0, 0.1):
            continue
        out.append(g)
    return out


def _split_runs(glyphs: list[Glyph]) -> list[Run]:
    runs: list[Run] = []
    current: list[Glyph] = []
    for g in glyphs:
        if current:
            prev = current[-1]
            if g.x0 - prev.x1 > CELL_GAP * max(g.size, prev.size):
                runs.append(Run(current, join_glyphs(current)))
                current = []
        current.append(g)
    if current:
        runs.append(Run(current, join_glyphs(current)))
    return runs


def join_glyphs(glyphs: list[Glyph]) -> str:
    parts: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None and g.x0 - prev.x1 > WORD_GAP * max(g.size, prev.size):
            if _ASCII_WORD.match(prev.text[-1]) and _ASCII_WORD.match(g.text[0]):
                parts.append(" ")
        parts.append(g.text)
        prev = g
    return "".join(parts)


def join_runs(runs: list[Run]) -> str:
    """A line's text with its cells separated by a tab (how a text-laid-out table row
    reads in the tokenizer)."""
    return "\t".join(r.text for r in runs)


def join_lines(texts: list[str]) -> str:
    """Lines of one cell or one paragraph: wrapped Chinese joins without a space, two Latin
    words or numbers keep one."""
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(t[0]):
            out += " "
        out += t
    return out


def glyph_lines_text(glyphs: list[Glyph]) -> str:
    """Text of the glyphs inside one table cell, lines joined."""
    return join_lines([join_glyphs(line.glyphs) for line in group_lines(glyphs)])


def starts_item(text: str) -> bool:
    """True when the text starts a new label: 一、 （一） 1. 1、"""
    return bool(_ITEM_START.match(text))


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


def is_value(text: str) -> bool:
    """A number or a blank mark as printed in a value cell."""
    t = text.replace(" ", "")
    return bool(_NUMBER.match(t)) or t in _BLANK
