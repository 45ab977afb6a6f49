"""What the clerk sees while filling the draft, from the same rules the check runs:

- the draft checked as the document it becomes (``draft_report``: reader → extraction →
  ``core.rules``, exactly ``main.py check 草稿.nbdraft``);
- last year's figures as a report (``last_year_report``), so the cross-year rules of the batch
  (X-YEAR-CARRY: 上年结转 = 上年结转下年度; T2-STOCK: 现行有效 = 上年现行有效 + 制发 − 废止)
  run on the draft as on any pair of reports, live with every edit;
- ``expectations``: the value each cell should hold by those rules and by the template's
  identities — a carried figure, the stock, a total — shown beside the cell and never written
  into it (a total is accepted with one key; a differing value is a warning, not overwritten).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

from core.check import build_report
from core.draft_file import Draft, Ref
from core.draft.tables import cell_of
from core.extract import extract
from core.model import CellValue, ExtractedTable, Extraction, Finding, Meta, Number, Report, in_review_order
from core.template import TEMPLATE_2021

ExpectationKind = Literal["carried", "stock", "total"]


@dataclass(frozen=True)
class Expectation:
    value: Number
    kind: ExpectationKind
    why: str  # Chinese, for the tooltip and the status bar


def draft_report(draft: Draft, path: str) -> Report:
    """The draft checked as a report (what ``check_file`` on the saved draft gives), plus the
    comparison with last year's figures."""
    from core.readers.draft import draft_document

    document = draft_document(draft, path)
    report = build_report(path, document, extract(document))
    extra = draft_findings(draft, report)
    if extra:
        report.findings = in_review_order(report.findings + extra)
        report.status = "findings" if any(f.severity != "info" for f in report.findings) else "ok"
    return report


def draft_findings(draft: Draft, current: Report) -> list[Finding]:
    previous = last_year_report(draft)
    if previous is None or current.extraction is None:
        return []
    return compare_for(draft)(current, previous)


def compare_for(draft: Draft) -> Callable[[Report, Report], list[Finding]]:
    """The batch's cross-year comparison as a draft runs it (the window re-runs it on every
    edit): a cell not filled yet is not compared, a changed carry-over quotes its reason."""
    from core.batch.crossyear import compare_years

    def compare(current: Report, previous: Report) -> list[Finding]:
        if current.extraction is None:
            return []
        return with_reasons(draft, filled_only(current.extraction, compare_years(current, previous)))

    return compare


def filled_only(ext: Extraction, findings: list[Finding]) -> list[Finding]:
    """A cell the clerk has not filled yet is not "0 where N was expected": its expected value
    is shown beside it, and T2-BLANK/T3-BLANK already say it is empty. The cross-year warning
    waits until there is a figure to compare."""
    out = []
    for f in findings:
        if f.rule in ("X-YEAR-CARRY", "T2-STOCK") and f.culprit is not None:
            cell = cell_of(ext, f.culprit)  # type: ignore[arg-type]
            if cell is None or cell.value is None:
                continue
        out.append(f)
    return out


def with_reasons(draft: Draft, findings: list[Finding]) -> list[Finding]:
    """A changed carry-over keeps its warning (the report must explain it) and quotes the
    reason the clerk gave."""
    for f in findings:
        if f.rule == "X-YEAR-CARRY" and f.culprit is not None:
            reason = draft.reasons.get(f.culprit, "").strip()  # type: ignore[arg-type]
            if "改动理由" in f.message:
                continue
            if reason:
                f.message += f"（已填写改动理由：{reason}；导出的报告在第三部分写明此理由）"
            else:
                f.message += "（确需改动的，请填写改动理由，导出的报告会在第三部分写明）"
    return findings


def last_year_report(draft: Draft) -> Report | None:
    """Last year's figures the draft keeps, as a Report the cross-year rules compare with."""
    last = draft.last
    if last is None:
        return None
    tables: dict[str, ExtractedTable] = {}
    for spec in TEMPLATE_2021.tables:
        rows: dict[str, list[CellValue]] = {}
        for row in spec.rows:
            values = [last.value((spec.key, row.key, c.key)) for c in row.columns]
            if all(v is None for v in values):
                continue  # not read, or no counterpart in last year's layout: not compared
            rows[row.key] = [CellValue(v, "ok") if v is not None else CellValue(None, "missing") for v in values]
        if rows:
            tables[spec.key] = ExtractedTable(spec.key, rows)
    # The stock rule needs last year's 现行有效件数, which only the 2021 layout prints.
    version = last.template or "2021"
    versions = {k: ("2021" if k == "t3" else version) for k in tables}
    meta = Meta(agency=last.agency, year=last.year if last.year is not None else draft.year - 1)
    ext = Extraction("2021", tables, meta, versions)
    return Report(last.file or "上年报告", None, "ok", None, ext, [])


def expectations(draft: Draft, ext: Extraction) -> dict[Ref, Expectation]:
    """Each cell's expected value given the values as they stand in ``ext`` (the grid)."""
    out: dict[Ref, Expectation] = {}
    last = draft.last
    if last is not None:
        for col in TEMPLATE_2021.t3.row("carried").columns:
            value = last.value(("t3", "carry_next", col.key))
            if value is not None:
                out[("t3", "carried", col.key)] = Expectation(
                    value, "carried", f"上年报告“结转下年度继续办理/{col.label}”为 {_n(value)}（沿用）")
        for row in ("regulations", "normative_docs"):
            before = last.value(("t2", row, "in_force"))
            if before is None:
                continue
            made, repealed = _num(ext, ("t2", row, "made")), _num(ext, ("t2", row, "repealed"))
            expected = before + (made or 0) - (repealed or 0)
            out[("t2", row, "in_force")] = Expectation(
                expected, "stock",
                f"上年现行有效 {_n(before)} + 本年制发 {_n(made or 0)} − 本年废止 {_n(repealed or 0)} = {_n(expected)}")
    out.update({ref: e for ref, e in suggested_totals(ext).items() if ref not in out})
    return out


def suggested_totals(ext: Extraction) -> dict[Ref, Expectation]:
    """Totals the template's identities determine from filled parts (T3-ROW, T3-DONE, T4-*,
    and 结转下年度 from T3-BAL), each only when every part it sums is filled in. Suggestions
    feed one another (row totals → the 总计 column), so this runs to a fixed point."""
    values: dict[Ref, Number | None] = {}

    def get(ref: tuple[str, str, str]) -> Number | None:
        if ref in values:
            return values[ref]
        return _num(ext, ref)

    out: dict[Ref, Expectation] = {}
    for _ in range(4):
        grew = False
        for ident in TEMPLATE_2021.identities:
            if ident.rule == "T3-BAL":
                new, carried = ident.left
                total, nxt = ident.right
                parts = [get(new), get(carried), get(total)]
                if nxt in out or any(p is None for p in parts):
                    continue
                value = parts[0] + parts[1] - parts[2]  # type: ignore[operator]
                if value < 0:
                    continue  # the figures disagree: the rule's finding says so
                why = f"本年新收 + 上年结转 − 办理结果总计 = {_n(parts[0])} + {_n(parts[1])} − {_n(parts[2])} = {_n(value)}"  # type: ignore[arg-type]
                out[nxt], values[nxt] = Expectation(value, "total", why), value
                grew = True
                continue
            if len(ident.left) != 1 or ident.left[0] in out:
                continue
            parts = [get(ref) for ref in ident.right]
            if any(p is None for p in parts):
                continue
            value = sum(parts)  # type: ignore[arg-type]
            target = ident.left[0]
            out[target] = Expectation(value, "total", f"{ident.scope}各项之和 = {_n(value)}")
            values[target] = value
            grew = True
        if not grew:
            break
    return out


def _num(ext: Extraction, ref: tuple[str, str, str]) -> Number | None:
    cell = cell_of(ext, ref)
    if cell is None or cell.state not in ("ok", "inferred"):
        return None
    return cell.value


def _n(value: Number) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)

