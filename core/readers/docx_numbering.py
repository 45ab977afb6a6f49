"""Word's automatic list numbering, rendered as the reader sees it printed.

Reports written in Word often number their headings and table rows with Word lists
("一、总体情况", "（三）不予公开", "1.属于国家秘密"): the numeral is not in the paragraph
text but generated from ``word/numbering.xml``. Without it the section headings and the
numbered rows of table 三 are not found, so the counters are replayed here in document
order, for paragraphs numbered directly (``w:numPr``) or through their paragraph style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = _W + "val"
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_MAX_LEVELS = 9


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Instance:
    levels: dict[int, _Level]
    counters: list[int] = field(default_factory=lambda: [0] * _MAX_LEVELS)
    seen: list[bool] = field(default_factory=lambda: [False] * _MAX_LEVELS)


def chinese_counting(n: int, digits: str = _DIGITS) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (the counts lists reach)."""
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + digits[rest]
    elif rest < 20:
        tail = digits[1] + "十" + (digits[rest - 10] if rest > 10 else "")
    else:
        tail = chinese_counting(rest, digits)
    return digits[hundreds] + "百" + tail


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz.
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = []
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "ideographDigital",
               "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_counting(n)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _LEGAL)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL, default))
    except (TypeError, ValueError):
        return default


class Numbering:
    """Replays list counters; ``label(p)`` gives the numeral text of paragraph ``p``."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._instances: dict[str, _Instance] = {}
        self._style_num: dict[str, tuple[str | None, int | None]] = {}
        self._style_parent: dict[str, str] = {}
        if numbering is not None:
            self._load_numbering(numbering)
        if styles is not None:
            self._load_styles(styles)

    def _load_numbering(self, root: etree._Element) -> None:
        for abstract in root.iter(_W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(_W + "lvl"):
                ilvl = _int_attr(lvl.get(_W + "ilvl"), 0)
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                levels[ilvl] = _Level(
                    fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
                    text.get(_VAL, "") if text is not None else "",
                    _int(lvl.find(_W + "start"), 1),
                )
            self._abstract[abstract.get(_W + "abstractNumId", "")] = levels
        for num in root.iter(_W + "num"):
            abstract_id = num.find(_W + "abstractNumId")
            overrides: dict[int, int] = {}
            for override in num.iter(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                if start is not None:
                    overrides[_int_attr(override.get(_W + "ilvl"), 0)] = _int(start, 1)
            if abstract_id is not None:
                self._nums[num.get(_W + "numId", "")] = (abstract_id.get(_VAL, ""), overrides)

    def _load_styles(self, root: etree._Element) -> None:
        for style in root.iter(_W + "style"):
            sid = style.get(_W + "styleId")
            if not sid:
                continue
            based = style.find(_W + "basedOn")
            if based is not None and based.get(_VAL):
                self._style_parent[sid] = based.get(_VAL, "")
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                num_id = num_pr.find(_W + "numId")
                ilvl = num_pr.find(_W + "ilvl")
                self._style_num[sid] = (num_id.get(_VAL) if num_id is not None else None,
                                        _int(ilvl, 0) if ilvl is not None else None)

    def _paragraph_num(self, p: etree._Element) -> tuple[str, int] | None:
        ppr = p.find(_W + "pPr")
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            num_pr = ppr.find(_W + "numPr")
            if num_pr is not None:
                nid = num_pr.find(_W + "numId")
                num_id = nid.get(_VAL) if nid is not None else None
                lvl = num_pr.find(_W + "ilvl")
                ilvl = _int(lvl, 0) if lvl is not None else None
            style = ppr.find(_W + "pStyle")
            sid = style.get(_VAL) if style is not None else None
            for _ in range(10):  # basedOn chains are short; a loop in a crafted file is not
                if sid is None or (num_id is not None and ilvl is not None):
                    break
                s_num, s_lvl = self._style_num.get(sid, (None, None))
                num_id = num_id if num_id is not None else s_num
                ilvl = ilvl if ilvl is not None else s_lvl
                sid = self._style_parent.get(sid)
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        return num_id, min(max(ilvl or 0, 0), _MAX_LEVELS - 1)

    def label(self, p: etree._Element) -> str:
        found = self._paragraph_num(p)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstract.get(abstract_id, {})
        inst = self._instances.get(num_id)
        if inst is None:
            inst = self._instances[num_id] = _Instance(levels)
        level = levels.get(ilvl, _Level())
        if level.fmt in ("bullet", "none"):
            return ""  # a bullet glyph (often a Symbol-font private-use character) is not text
        start = overrides.get(ilvl, level.start)
        inst.counters[ilvl] = inst.counters[ilvl] + 1 if inst.seen[ilvl] else start
        inst.seen[ilvl] = True
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            inst.seen[deeper] = False

        def place(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k <= ilvl:
                return ""
            lv = levels.get(k, _Level())
            n = inst.counters[k] if inst.seen[k] else overrides.get(k, lv.start)
            return format_number(n, lv.fmt)

        return re.sub(r"%([1-9])", place, level.text)


def _int_attr(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
