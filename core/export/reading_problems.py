"""Which findings are the checker's own doubts about the file — the reviewer's to settle
before any letter goes out — rather than the agency's mistakes to correct.

- X-* reading notes (numbers glued together, a row read without its numbers, an OCR cell
  still in doubt, text lost), but not the X-YEAR-* comparisons with last year's report,
  which are about what the agency printed;
- "…的勾稽关系无法核对：有 N 个单元格未能读出数值": the identities the checker could not
  test because cells were not read — "请对照原件补全" is an instruction to the reviewer;

A letter never lists these as 整改 items; the reviewer is told (in the window, on stderr)
how many remain, and confirms them in the grid first. Findings softened because they rest on
text read by OCR ("可能是识别有误，请对照原件核实") are the agency's problems as far as the
reading goes: the letter lists them without that remark, and the reviewer is told to check
them against the original before sending.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.batch.crossyear import CROSS_YEAR_RULES
from core.model import Finding

UNVERIFIABLE_MARK = "未能读出数值"
OCR_NOTE_MARK = "可能是识别有误"


def is_reading_problem(f: Finding) -> bool:
    if f.rule.startswith("X-") and f.rule not in CROSS_YEAR_RULES:
        return True
    return UNVERIFIABLE_MARK in f.message


def rests_on_ocr(f: Finding) -> bool:
    return OCR_NOTE_MARK in f.message


def reading_problems(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity != "info" and is_reading_problem(f)]


def ocr_note(count: int) -> str:
    return (f"审核意见中有 {count} 条依据扫描件的识别结果得出，发出前请对照原件核实。")


def reviewer_note(count: int) -> str:
    """What the reviewer is told when a letter is drawn while reading problems remain."""
    return (f"本报告还有 {count} 处识别问题（扫描件识别不确定、未能读出的单元格等）尚未核对，未写入审核意见；"
            "请先在窗口中对照原件逐一确认（在琥珀色单元格上按回车确认，或直接填入正确的数），再出具审核意见。")
