"""The supervisor's letterhead: what every 审核意见 carries besides the problems — the office
that signs it, its 文号, the 整改期限, who to call, and the date it is signed.

Entered once: the window keeps it in QSettings (gui/letterhead_dialog.py), the command line
reads it from a small JSON file (``--letterhead 落款.json``, keys as in ``Letterhead``, with
Chinese keys accepted too). An empty field is simply left out of the letter.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date


class LetterheadError(Exception):
    """The settings file cannot be used; ``message`` says why in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Letterhead:
    office: str = ""  # 审核单位, signs the letter
    number_pattern: str = ""  # 文号, e.g. "淮政公开审〔{year}〕{n}号"; {n} counts the letters of a batch
    first_number: int = 1  # the {n} of the first letter
    deadline: str = ""  # 整改期限: "15" (working days) or a date or sentence ("2027年1月15日")
    contact: str = ""  # 联系人
    phone: str = ""  # 联系电话
    day: str = ""  # 落款日期 as "2026-12-01"; empty: the day the letter is drawn

    @property
    def empty(self) -> bool:
        return self == Letterhead()

    def signing_day(self, today: date | None = None) -> date:
        if self.day:
            parsed = parse_day(self.day)
            if parsed is not None:
                return parsed
        return today or date.today()

    def number(self, n: int, day: date) -> str:
        """The 文号 of the n-th letter (0-based) of a batch signed on ``day``."""
        if not self.number_pattern:
            return ""
        try:
            return self.number_pattern.format(year=day.year, n=self.first_number + n)
        except (KeyError, IndexError, ValueError):
            # A pattern with other braces is printed as entered rather than refused.
            return self.number_pattern

    def deadline_sentence(self) -> str:
        """“请于收到本意见后 15 个工作日内”, “请于2027年1月15日前”, or ""."""
        text = self.deadline.strip()
        if not text:
            return ""
        if text.isdigit():
            return f"请于收到本意见后 {int(text)} 个工作日内"
        if re.fullmatch(r"\d+\s*个?工作日", text):
            return f"请于收到本意见后 {text}内"
        return f"请于{text.rstrip('前')}前"

    def contact_sentence(self) -> str:
        parts = []
        if self.contact:
            parts.append(f"联系人：{self.contact}")
        if self.phone:
            parts.append(f"联系电话：{self.phone}")
        return "；".join(parts) + "。" if parts else ""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "Letterhead":
        known = {f.name: f for f in fields(cls)}
        values: dict[str, object] = {}
        for key, value in data.items():
            name = _ZH_KEYS.get(str(key).strip(), str(key).strip())
            if name not in known or value is None:
                continue
            if name == "first_number":
                try:
                    values[name] = max(1, int(str(value)))
                except ValueError:
                    raise LetterheadError(f"落款设置中的起始编号“{value}”不是整数；请写成如 1。") from None
            else:
                values[name] = str(value).strip()
        head = replace(cls(), **values)  # type: ignore[arg-type]
        if head.day and parse_day(head.day) is None:
            raise LetterheadError(f"落款日期“{head.day}”无法识别；请写成如 2026-12-01 或 2026年12月1日。")
        return head


_ZH_KEYS = {"审核单位": "office", "文号": "number_pattern", "起始编号": "first_number", "整改期限": "deadline",
            "联系人": "contact", "联系电话": "phone", "电话": "phone", "落款日期": "day"}


def parse_day(text: str) -> date | None:
    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def load_letterhead(path: str | os.PathLike[str]) -> Letterhead:
    """Read a JSON settings file (UTF-8, or UTF-8 with BOM as Notepad writes it)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise LetterheadError(f"落款设置文件“{os.fspath(path)}”不存在；请检查路径。") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LetterheadError(f"落款设置文件“{os.fspath(path)}”无法读取（{exc.__class__.__name__}）；请另存为 UTF-8 文本。") from None
    except json.JSONDecodeError as exc:
        raise LetterheadError(f"落款设置文件第 {exc.lineno} 行不是有效的 JSON；"
                              '请写成如 {"审核单位": "某某市人民政府办公室", "整改期限": "15"}。') from None
    if not isinstance(data, dict):
        raise LetterheadError('落款设置文件应是一个 JSON 对象，如 {"审核单位": "某某市人民政府办公室"}。')
    return Letterhead.from_dict(data)
