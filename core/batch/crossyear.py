"""Year-over-year checks: a report against the same agency's report of the year before.

Rules (template.md §6.3 and E7), all warnings because restatements, expiry without formal
repeal and honest "nothing changed" years exist:

- X-YEAR-CARRY  this year's 上年结转 = last year's 结转下年度继续办理, per column of table 三.
- T2-STOCK      现行有效件数 = last year's 现行有效 + 本年制发 − 本年废止, for 规章 and
                行政规范性文件 (2021 layout in both years).
- T2-REPEAL≤STOCK  本年废止 ≤ last year's 现行有效 + 本年制发 (said instead of T2-STOCK).
- T2V19-XYEAR   2019 layout in both years: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减.
- X-YEAR-SAME   内容雷同: the prose is (nearly) last year's with only years and numbers changed,
                and the tables barely changed.
- X-YEAR-PAIR   (info) the two reports cannot be compared: wrong year, unreadable, another agency.

Every finding carries ``other_file`` (the other year's file) and cells in contract keys of
*this* report; the other report's cells are named in the message.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.model import CellValue, Extraction, Finding, Number, Report
from core.normalize import drop_spaces, label_key, simplify
from core.template import SECTIONS, TEMPLATES, cell_label, template_for

# Rules this module adds; ``apply_cross_year`` replaces them, so running it twice is harmless.
CROSS_YEAR_RULES = ("X-YEAR-CARRY", "T2-STOCK", "T2-REPEAL≤STOCK", "T2V19-XYEAR", "X-YEAR-SAME", "X-YEAR-PAIR")

# --------------------------------------------------------------------------------------
# Agency names

_BRACKETED = re.compile(r"[(（〔\[【][^()（）〔〕\[\]【】]*[)）〕\]】]")
_NAME_PUNCT = re.compile(r"[\s\"'“”‘’、，,·・.．:：;；\-—_/／()（）\[\]【】〔〕<>《》]+")
# Characters an administrative division name ends with: a shorter name that still names
# its place ("洪泽区人民政府") may be the same agency as the longer one ("淮安市洪泽区人民政府").
_PLACE_END = "省市区县州旗盟"


@lru_cache(maxsize=4096)
def agency_key(agency: str | None) -> str | None:
    """A normalised agency name for matching reports of different years: NFKC, traditional →
    simplified, no whitespace, bracketed annotations ("（市政务公开办）") and punctuation
    dropped, and "人民政府" written as "政府" (both are used for the same body)."""
    if not agency:
        return None
    text = drop_spaces(simplify(unicodedata.normalize("NFKC", agency)))
    stripped = _BRACKETED.sub("", text)
    text = stripped or text
    text = _NAME_PUNCT.sub("", text).replace("人民政府", "政府")
    return text or None


def same_agency(a: str | None, b: str | None) -> bool:
    """Equal keys, or one name is the other with a leading higher division ("淮安市" +
    "洪泽区政府"), as long as the shorter one still names a place: "科学技术局" alone would
    match every county's bureau."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if not long.endswith(short) or len(short) < 4:
        return False
    prefix = long[: -len(short)]
    return prefix[-1] in _PLACE_END and any(ch in _PLACE_END for ch in short[:-1])


# --------------------------------------------------------------------------------------
# Pairing reports of a batch


def previous_years(reports: Sequence[Report | None]) -> dict[int, int]:
    """For each readable report, the index of the same agency's report of the year before in
    ``reports``, where there is one. Names match after ``agency_key``; failing an exact
    match, a unique ``same_agency`` match ("洪泽区人民政府" ~ "淮安市洪泽区人民政府"). When
    several files hold the previous year (the same report as PDF and DOCX) the first wins."""
    known: list[tuple[int, str, int]] = []
    for i, report in enumerate(reports):
        if report is None or report.extraction is None or report.status == "unreadable":
            continue
        key = agency_key(report.extraction.meta.agency)
        year = report.extraction.meta.year
        if key and year:
            known.append((i, key, year))
    out: dict[int, int] = {}
    for i, key, year in known:
        before = [(j, k) for j, k, y in known if y == year - 1 and j != i]
        exact = [j for j, k in before if k == key]
        # A loose match must be unique: two different 区 bureaus must not both match a
        # city-level name.
        loose = [j for j, k in before if same_agency(k, key)]
        match = exact[0] if exact else (loose[0] if len(loose) == 1 else None)
        if match is not None:
            out[i] = match
    return out


def cross_year_findings(reports: Sequence[Report | None]) -> dict[int, list[Finding]]:
    """Each report compared with the same agency's report of the year before in ``reports``
    (``previous_years``). Keys are indexes into ``reports``; reports with nothing to say
    are absent."""
    out: dict[int, list[Finding]] = {}
    for i, j in previous_years(reports).items():
        current, previous = reports[i], reports[j]
        assert current is not None and previous is not None
        found = compare_years(current, previous)
        if found:
            out[i] = found
    return out


def apply_cross_year(reports: Sequence[Report | None]) -> int:
    """Add the cross-year findings to the reports in place (replacing any added before) and
    update their status; returns how many findings were added."""
    added = 0
    pairs = cross_year_findings(reports)
    for i, report in enumerate(reports):
        if report is None or report.status == "unreadable" or not report.is_report:
            continue  # a notice or a skipped file never becomes "ok" or "findings"
        kept = [f for f in report.findings if f.rule not in CROSS_YEAR_RULES]
        new = pairs.get(i, [])
        if len(kept) == len(report.findings) and not new:
            continue
        report.findings = kept + new
        report.status = "findings" if any(f.severity != "info" for f in report.findings) else "ok"
        added += len(new)
    return added


# --------------------------------------------------------------------------------------
# Comparing two reports


def compare_years(current: Report, previous: Report) -> list[Finding]:
    """Findings on ``current`` from comparing it with ``previous`` (meant to be the same
    agency's report of the year before). When the two cannot be compared the result is a
    single info finding X-YEAR-PAIR saying why and what to pick instead."""
    other = previous.file
    name = os.path.basename(other)
    cur, prev = current.extraction, previous.extraction
    if previous.status == "unreadable" or prev is None:
        why = previous.error or "文件无法读取"
        return [_pair(f"上年报告（{name}）无法读取，未做跨年度核对：{why}", other)]
    if cur is None or current.status == "unreadable":
        return []
    y, py = cur.meta.year, prev.meta.year
    if y is not None and py is not None and py != y - 1:
        return [_pair(f"所选的对比报告（{name}）是 {py} 年度的，本报告是 {y} 年度的，跨年度核对需要 {y - 1} 年度的报告；"
                      f"请选择同一单位 {y - 1} 年度的报告。", other)]
    out: list[Finding] = []
    ca, pa = agency_key(cur.meta.agency), agency_key(prev.meta.agency)
    if ca and pa and not same_agency(ca, pa):
        out.append(_pair(f"对比报告（{name}）的单位是“{prev.meta.agency}”，本报告是“{cur.meta.agency}”，"
                         "两者可能不是同一单位；以下跨年度核对结果仅供参考。", other))
    out += _carry(cur, prev, name, other)
    out += _stock(cur, prev, name, other)
    out += _items_2019(cur, prev, name, other)
    same = similarity(cur, prev)
    if same.flagged:
        out.append(_same_finding(same, name, other))
    return out


def _pair(message: str, other: str) -> Finding:
    return Finding("X-YEAR-PAIR", "info", message, [("meta", "year", None)], other_file=other)


def _cells(ext: Extraction, table: str, row: str) -> list[CellValue] | None:
    t = ext.tables.get(table)
    return t.rows.get(row) if t is not None else None


def _version(ext: Extraction, table: str) -> str:
    return ext.table_versions.get(table, ext.template or "2021")


def _n(value: Number) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _carry(cur: Extraction, prev: Extraction, name: str, other: str) -> list[Finding]:
    """X-YEAR-CARRY: both layouts have the same 上年结转 / 结转下年度 rows and columns."""
    carried, carry_next = _cells(cur, "t3", "carried"), _cells(prev, "t3", "carry_next")
    if not carried or not carry_next:
        return []
    spec = cur.spec("t3")
    tmpl, ptmpl = template_for(_version(cur, "t3")), template_for(_version(prev, "t3"))
    out = []
    for index, col in enumerate(spec.row("carried").columns):
        if index >= len(carried) or index >= len(carry_next):
            break
        a, b = carried[index], carry_next[index]
        # A cell the reader could not find is "unverifiable", not a difference.
        if not (a.known and b.known) or a.number == b.number:
            continue
        here = cell_label(tmpl, "t3", "carried", col.key)
        there = cell_label(ptmpl, "t3", "carry_next", col.key)
        diff = a.number - b.number
        out.append(Finding(
            "X-YEAR-CARRY", "warning",
            f"{here}为 {_n(a.number)}，上年报告（{name}）{there}为 {_n(b.number)}，两者应当相等"
            f"（相差 {_n(abs(diff))}）；请核对本年的上年结转数，或上年报告的结转数是否有误"
            "（上年数据如有更正，请在报告中说明）。",
            [("t3", "carried", col.key)], expected=b.number, actual=a.number,
            culprit=("t3", "carried", col.key), loc=a.loc, other_file=other))
    return out


_STOCK_ROWS = ("regulations", "normative_docs")


def _stock(cur: Extraction, prev: Extraction, name: str, other: str) -> list[Finding]:
    """T2-STOCK, 2021 layout in both years (the 2019 layout has no 现行有效件数)."""
    if _version(cur, "t2") != "2021" or _version(prev, "t2") != "2021":
        return []
    tmpl = template_for("2021")
    out = []
    for row in _STOCK_ROWS:
        now, before = _cells(cur, "t2", row), _cells(prev, "t2", row)
        if not now or not before or len(now) < 3 or len(before) < 3:
            continue
        made, repealed, in_force = now[0], now[1], now[2]
        last = before[2]
        # Blank 规章 rows ("/" for an organ without rule-making power) are all blank.
        if not all(c.known for c in (made, repealed, in_force, last)):
            continue
        if all(c.state == "blank" for c in (made, repealed, in_force, last)):
            continue
        expected = last.number + made.number - repealed.number
        label = tmpl.t2.row(row).label
        if repealed.number > last.number + made.number:
            # T2-REPEAL≤STOCK: more repealed than could have been in force this year.
            out.append(Finding(
                "T2-REPEAL≤STOCK", "warning",
                f"表二“{label}”本年废止 {_n(repealed.number)} 件，多于上年报告（{name}）现行有效 {_n(last.number)} 件"
                f"与本年制发 {_n(made.number)} 件之和 {_n(last.number + made.number)} 件：废止的只能是有效的文件；请核对。",
                [("t2", row, "repealed"), ("t2", row, "made")],
                expected=last.number + made.number, actual=repealed.number, culprit=("t2", row, "repealed"),
                loc=repealed.loc, other_file=other))
            continue  # the stock identity cannot hold either; one finding says it
        if expected == in_force.number:
            continue
        diff = in_force.number - expected
        out.append(Finding(
            "T2-STOCK", "warning",
            f"表二“{label}”现行有效件数为 {_n(in_force.number)}，按上年报告（{name}）现行有效 {_n(last.number)} 件"
            f" + 本年制发 {_n(made.number)} 件 − 本年废止 {_n(repealed.number)} 件，应为 {_n(expected)} 件"
            f"（{'多' if diff > 0 else '少'} {_n(abs(diff))} 件）；如有有效期届满或清理后失效而未正式废止的文件，"
            "请在报告中说明，否则请核对这三个数。",
            [("t2", row, "in_force"), ("t2", row, "made"), ("t2", row, "repealed")],
            expected=expected, actual=in_force.number, culprit=("t2", row, "in_force"), loc=in_force.loc,
            other_file=other))
    return out


def _items_2019(cur: Extraction, prev: Extraction, name: str, other: str) -> list[Finding]:
    """T2V19-XYEAR: 2019 layout in both years (report years 2019 → 2020)."""
    if _version(cur, "t2") != "2019" or _version(prev, "t2") != "2019":
        return []
    tmpl = template_for("2019")
    out = []
    for row in tmpl.t2.rows:
        keys = [c.key for c in row.columns]
        if "prev" not in keys or "delta" not in keys:
            continue
        now, before = _cells(cur, "t2", row.key), _cells(prev, "t2", row.key)
        if not now or not before:
            continue
        pi, di = keys.index("prev"), keys.index("delta")
        if max(pi, di) >= len(before) or pi >= len(now):
            continue
        this_prev, last_prev, last_delta = now[pi], before[pi], before[di]
        if not all(c.state == "ok" for c in (this_prev, last_prev)) or not last_delta.known:
            continue
        expected = last_prev.number + last_delta.number
        if expected == this_prev.number:
            continue
        out.append(Finding(
            "T2V19-XYEAR", "warning",
            f"表二“{row.label}”上一年项目数量为 {_n(this_prev.number)}，按上年报告（{name}）上一年项目数量 "
            f"{_n(last_prev.number)} + 本年增/减 {_n(last_delta.number)}，应为 {_n(expected)}"
            f"（相差 {_n(abs(this_prev.number - expected))}）；请核对。",
            [("t2", row.key, "prev")], expected=expected, actual=this_prev.number,
            culprit=("t2", row.key, "prev"), loc=this_prev.loc, other_file=other))
    return out


# --------------------------------------------------------------------------------------
# 内容雷同 (E7)

# Character n-grams of the prose, after years and numbers are replaced by one symbol.
SHINGLE = 6
# Thresholds, measured by ``python benchmarks/bench_batch.py --similarity`` on the real
# reports beside the repo (README 批量检查):
# - real consecutive reports of one agency, which reuse some paragraphs: at most 0.37
#   (洪泽区 2023→2024: 0.37, a third of its sentences kept); 平潭 2019→…→2025 at most 0.33;
# - 187 pairs of different agencies, sharing only the template's wording and stock phrases:
#   at most 0.08 (0.13 before table rows printed as text were recognised as template wording);
# - last year's report re-dated: 1.0; with 5 % of its prose rewritten 0.93–0.97, 10 %
#   0.80–0.89, 15 % about 0.70, 20 % 0.63–0.75, 30 % about 0.5 (shingles spanning a
#   rewritten sentence's edges are lost too).
# So PROSE_COPY (0.90) is "at most about one sentence in twenty changed", flagged whatever the
# tables say; PROSE_SAME (0.75) is "about nine tenths kept", flagged only when the tables
# barely changed either — both far above the 0.37 of a real report.
PROSE_SAME = 0.75  # prose at least this similar ...
TABLES_SAME = 0.90  # ... and at least this share of the non-zero table cells unchanged
PROSE_COPY = 0.90  # prose this similar is flagged whatever the tables say
MIN_OWN_CHARS = 150  # below this much own prose (template wording removed) there is nothing to judge


@dataclass(frozen=True)
class Similarity:
    prose: float | None  # Jaccard similarity of the prose shingles; None when too little prose
    # Share of the table cells that are non-zero in either year and equal in both; 1.0 when
    # both years' tables are all zero (identical, if not by itself suspicious); None when the
    # tables cannot be compared (absent, different layouts).
    tables: float | None
    cells: int  # how many non-zero table cells were compared
    own_chars: int  # prose characters compared (the shorter report's)

    @property
    def flagged(self) -> bool:
        if self.prose is None:
            return False
        if self.prose >= PROSE_COPY:
            return True
        return self.prose >= PROSE_SAME and self.tables is not None and self.tables >= TABLES_SAME


@lru_cache(maxsize=1)
def _template_wording() -> tuple[str, ...]:
    """Every fixed label of both templates as label keys, longest first: a sentence made only
    of template wording (a table row copied as text, a heading, a header cell scraped one per
    line) is the template's, not the agency's prose, and is the same every year."""
    keys: set[str] = {label_key(s.heading) for s in SECTIONS}
    for template in TEMPLATES.values():
        for spec in template.tables:
            keys.add(label_key(spec.heading))
            keys.add(spec.name)
            for cell in spec.header:
                keys.add(label_key(cell.text))
                keys.add(label_key(cell.text, keep_annotation=True))
            for row in spec.rows:
                keys.add(label_key(row.label))
                keys.add(label_key(row.label, keep_annotation=True))
                keys.update(label_key(g) for g in row.groups)
                keys.add(label_key(row.block))
                keys.add(label_key(row.values_header))
                keys.update(label_key(c.label) for c in row.columns)
    return tuple(sorted((k for k in keys if len(k) >= 2), key=len, reverse=True))


_NUMBER = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)*|[〇零一二三四五六七八九十百千万]+(?=年|月|日|件|条|个|次|项|人|家|元|万)")
_NOT_TEXT = re.compile(r"[^\u4e00-\u9fff#A-Za-z]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _only_template(text: str) -> bool:
    """True when nothing but template labels, numbers and punctuation is left of ``text``."""
    rest = label_key(_NUMBER.sub(" ", text), keep_annotation=True)
    rest = re.sub(r"[一二三四五六七八九十]+(?=[、.．])|[（(][一二三四五六七八九十\d]+[)）]", "", rest)
    for label in _template_wording():
        if label in rest:
            rest = rest.replace(label, "")
    return len(_HAN.findall(rest)) < 4


def prose_signature(ext: Extraction) -> str:
    """The agency's own prose in a form that ignores what changes every year anyway: years and
    numbers become '#', whitespace and punctuation go, and sentences that are only template
    wording (section headings, table rows and labels) are dropped."""
    parts: list[str] = []
    for sentence in ext.meta.sentences:
        key = _NOT_TEXT.sub("", _NUMBER.sub("#", sentence.text))
        if len(_HAN.findall(key)) < 4 or _only_template(sentence.text):
            continue  # numbers, page furniture, template wording
        parts.append(key)
    return "".join(parts)


def _shingles(text: str) -> set[str]:
    return {text[i: i + SHINGLE] for i in range(max(0, len(text) - SHINGLE + 1))}


def _table_agreement(cur: Extraction, prev: Extraction) -> tuple[float | None, int]:
    """Zeros are left out: most cells of a small agency's tables are 0 every year, and
    counting them would make any two years look alike."""
    same = total = compared = 0
    for key in ("t2", "t3", "t4"):
        a, b = cur.tables.get(key), prev.tables.get(key)
        if a is None or b is None or _version(cur, key) != _version(prev, key):
            continue
        for row, cells in a.rows.items():
            other = b.rows.get(row)
            if other is None:
                continue
            for x, y in zip(cells, other):
                if not (x.known and y.known):
                    continue
                compared += 1
                if x.number == 0 and y.number == 0:
                    continue
                total += 1
                same += x.number == y.number
    if not compared:
        return None, 0
    return (same / total if total else 1.0), total


def similarity(cur: Extraction, prev: Extraction) -> Similarity:
    a, b = prose_signature(cur), prose_signature(prev)
    own = min(len(a), len(b))
    prose: float | None = None
    if own >= MIN_OWN_CHARS:
        sa, sb = _shingles(a), _shingles(b)
        prose = len(sa & sb) / len(sa | sb) if sa | sb else None
    tables, cells = _table_agreement(cur, prev)
    return Similarity(prose, tables, cells, own)


def _same_finding(same: Similarity, name: str, other: str) -> Finding:
    assert same.prose is not None
    if same.tables is None:
        tables = "表格无法与上年比较"
    elif same.cells == 0:
        tables = "两年的表格数字全部为 0"
    else:
        tables = f"表格中两年不全为 0 的 {same.cells} 个数字有 {same.tables:.0%} 与上年相同"
    return Finding(
        "X-YEAR-SAME", "warning",
        f"本报告与上年报告（{name}）内容雷同：正文在不计年份和数字时相似度为 {same.prose:.0%}，{tables}。"
        "年度报告应如实反映本年度工作，请核实是否照搬了上年报告，并按本年情况重新撰写。",
        [("text", None, None)], expected=None, actual=None, other_file=other)
