"""The words of a new year's report in the official order, shared by the Word output
(core/draft/compose.py) and the draft reader (core/readers/draft.py), so a draft is checked as
the document it becomes: the title, the six section headings, the standard sentences that
quote the table figures (drafted for the clerk to edit), the clerk's own text or
"（文字描述）" where only the clerk can write, and where each table goes.

Below the export layer on purpose: it needs only the draft and the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.draft.model import Draft, Number, Ref
from core.template import SECTIONS, TEMPLATE_2021

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
