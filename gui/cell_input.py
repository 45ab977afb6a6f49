"""What a clerk types or pastes into a number cell, read as a clerk means it.

A Chinese input method gives full-width digits ("１２"), Excel copies "1,234", a paste brings
spaces and a trailing "万元": all of these are the number. Anything else is refused with a
sentence saying what the cell takes, never silently."""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QCoreApplication

from core.model import Number
from core.template import Column

MAX_DIGITS = 12
_BLANKS = {"—", "–", "-", "/", "无", "——"}  # printed blank marks: the cell is blank (counts 0)
_NUMBER = re.compile(r"^(?P<sign>-?)(?P<int>\d+)(?:\.(?P<frac>\d+))?$")
_GROUPED = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_UNITS = ("万元", "元", "件", "个", "次", "项")


def _t(text: str) -> str:
    return QCoreApplication.translate("CellInput", text)


def read_input(text: str, column: Column | None) -> tuple[Number | None, str | None]:
    """(value, None) for an accepted entry (None = a blank cell), or (None, reason)."""
    t = unicodedata.normalize("NFKC", text or "")
    t = t.replace("\u2212", "-").replace("，", ",").replace("．", ".")
    t = re.sub(r"\s+", "", t)
    if not t or t in _BLANKS:
        return None, None
    for unit in _UNITS:
        if t.endswith(unit) and len(t) > len(unit):
            t = t[: -len(unit)]
            break
    if "," in t:
        if not _GROUPED.match(t):
            return None, _t("“{text}”中的逗号位置不对：千位分隔请写成 1,234，小数点请用“.”。").format(text=text.strip())
        t = t.replace(",", "")
    m = _NUMBER.match(t)
    if m is None:
        return None, _t("“{text}”不是数字：请填阿拉伯数字（如 12），没有请填 0 或留空。").format(text=text.strip())
    if len(m.group("int").lstrip("0")) > MAX_DIGITS:
        return None, _t("“{text}”位数太多，请核对。").format(text=text.strip())
    decimal = bool(column is not None and column.decimal)
    signed = bool(column is not None and column.signed)
    frac = (m.group("frac") or "").rstrip("0")
    if frac and not decimal:
        return None, _t("这一格是件数，只能填整数（如 12）。")
    if m.group("sign") and not signed and (int(m.group("int")) or frac):
        return None, _t("这一格不能填负数。")
    if frac:
        value: Number = float(t)
    else:
        value = int(m.group("sign") + m.group("int"))
    return value, None
