"""The text half of the corrections plan (``core.export.corrections``): what to type where
in the report's own words.

- a prose number that contradicts the table (TX-*): the number after the rule's words in the
  sentence the finding quotes, replaced by the table's;
- the report year (M-YEAR, M-PERIOD): which of the title, the statistics period, the prose
  and the signature date is the odd one, decided by what the others print, and that one
  corrected;
- a row label (S-LABEL): back to the template's words, only the characters that differ.

Each edit names the text as read (simplified) and what precedes it in its line, so the
writers find the spot again in the file's own runs or cells.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from core.dismissals import finding_key
from core.document import Location
from core.export.content import cell_names, number_text
from core.export.correction_types import Correction, TextEdit
from core.model import Extraction, Finding, Sentence
from core.normalize import simplify
from core.template import template_for

# Prose-against-table rules whose finding states the number printed (``actual``) and the
# table's (``expected``), each with the words that precede the number in the sentence.
_PROSE_NUMBER_RULES: dict[str, str] = {
    "TX-NEW": r"新收|收到|受理|接到|接收",
    "TX-DONE": r"办结|答复|办理完毕|已办理|完成答复",
    "TX-CARRY": r"结转",
    "TX-REV": r"行政复议",
    "TX-LIT": r"行政诉讼",
    "TX-ND": r"规范性文件",
}
_UNIT = r"\s*(?:件|个|条|份|起|次|宗)"


def year_corrections(ext: Extraction, findings: list[Finding]) -> list[Correction]:
    """M-YEAR and M-PERIOD: the title year against the statistics period, the prose and the
    signature date (the year before it). The year most of them print is the report's; the
    odd one is corrected."""
    meta = ext.meta
    title_year = meta.year
    if title_year is None:
        return []
    period = [f for f in findings if f.rule == "M-PERIOD" and f.actual is not None and f.expected == title_year]
    prose = [f for f in findings if f.rule == "M-YEAR" and "多处" in f.message and f.actual is not None]
    start = meta.period_start.value if meta.period_start is not None else None
    period_year = start.year if start is not None else None
    prose_year = _prose_year(ext)
    signed = meta.signature_date.value.year - 1 if meta.signature_date and meta.signature_date.value else None
    out: list[Correction] = []
    # The title counts once, as each of the others: the year more of them print is the
    # report's; a tie decides nothing (the findings then become comments).
    others = [y for y in (period_year, prose_year, signed) if y is not None]
    against = Counter(y for y in others if y != title_year)
    truth, votes = against.most_common(1)[0] if against else (None, 0)
    backing = 1 + sum(1 for y in others if y == title_year)
    if votes == backing:
        return []
    if truth is not None and votes > backing:
        # The title is the odd one: correct it, or nothing (never the others towards it).
        edit = _year_in(meta.title, title_year, truth, meta.title_loc) if meta.title and meta.title_loc else None
        if edit is not None:
            keys = [finding_key(f) for f in (*period, *prose)]
            keys += [finding_key(f) for f in findings if f.rule == "M-DEADLINE"]
            agree = "、".join(name for name, y in (("统计期限", period_year), ("正文", prose_year), ("落款日期", signed)) if y == truth)
            out.append(Correction(keys[0], "text", "标题",
                                  f"标题年度：原为 {title_year} 年，改为 {truth} 年。\n{agree}均表明报告年度为 {truth} 年，标题年份应与之一致。",
                                  keys, edits=[edit], severity="error"))
        return out
    for f in period:
        edit = _period_edit(ext, f, title_year)
        if edit is not None:
            key = finding_key(f)
            out.append(Correction(key, "text", "统计期限", f"统计期限：原为“{edit.old}”，改为“{edit.new}”。\n{f.rule}：{f.message}",
                                  [key], edits=[edit], severity=f.severity))
    for f in prose:
        edits = _prose_year_edits(ext, int(f.actual), title_year)  # type: ignore[arg-type]
        if edits:
            key = finding_key(f)
            out.append(Correction(key, "text", "正文年份", f"正文年份：原为 {int(f.actual)} 年，改为 {title_year} 年。\n{f.rule}：{f.message}",  # type: ignore[arg-type]
                                  [key], edits=edits, severity=f.severity))
    return out


def _prose_year(ext: Extraction) -> int | None:
    """The year most sentences of parts 一–三 open with ("2023年，我局…"), as the rules read it."""
    years = Counter(int(m.group(1)) for s in ext.meta.sentences if s.section in ("一", "二", "三")
                    and (m := _SENTENCE_YEAR.match(s.text)))
    return years.most_common(1)[0][0] if years else None


def _year_in(text: str, old: int, new: int, loc: Location) -> TextEdit | None:
    m = re.search(rf"(?<!\d){old}(?=\s*年)", text)
    if m is None:
        return None
    return TextEdit(loc, str(old), str(new), text[: m.start()], sentence=text)


def _period_edit(ext: Extraction, f: Finding, title_year: int) -> TextEdit | None:
    """"统计期限为2022年1月1日至2022年12月31日" in a 2023 report: the dates from the first
    year to the end, with the report's year."""
    meta = ext.meta
    text, loc = meta.period_text, meta.period_loc
    if not text or loc is None or f.actual is None:
        return None
    wrong = str(int(f.actual))
    m = re.search(rf"(?<!\d){wrong}(?=\s*年)", text)
    if m is None:
        return None
    old = text[m.start():]
    new = re.sub(rf"(?<!\d){wrong}(?=\s*年)", str(title_year), old)
    return TextEdit(loc, old, new, text[: m.start()], sentence=text)


_SENTENCE_YEAR = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）])?\s*((?:19|20)\d{2})(?=\s*年)")


def _prose_year_edits(ext: Extraction, wrong: int, year: int) -> list[TextEdit]:
    """Every sentence of parts 一–三 that opens with the wrong year ("2022年，我局…")."""
    out: list[TextEdit] = []
    for s in ext.meta.sentences:
        if s.section not in ("一", "二", "三") or s.loc is None:
            continue
        m = _SENTENCE_YEAR.match(s.text)
        if m and int(m.group(1)) == wrong:
            out.append(TextEdit(s.loc, str(wrong), str(year), s.text[: m.start(1)], sentence=s.text))
    return out


# ----------------------------------------------------------------------------- prose

def text_correction(ext: Extraction, f: Finding, key: str) -> Correction | None:
    if f.rule in _PROSE_NUMBER_RULES:
        edit = _prose_number(ext, f)
        if edit is None:
            return None
        where = f"正文第{f.cells[0][1]}部分" if f.cells and f.cells[0][0] == "text" and f.cells[0][1] else "正文"
        return Correction(key, "text", where, f"{where}：原为“{edit.old}”，改为“{edit.new}”。\n{f.rule}：{f.message}",
                          [key], edits=[edit], severity=f.severity)
    if f.rule == "M-YEAR" and "多处" not in f.message and f.actual is not None and f.expected is not None:
        edit = _year_in_sentence(ext, f)
        if edit is None:
            return None
        return Correction(key, "text", "正文年份", f"正文年份：原为 {edit.old} 年，改为 {edit.new} 年。\n{f.rule}：{f.message}",
                          [key], edits=[edit], severity=f.severity)
    if f.rule == "S-LABEL":
        return _label(ext, f, key)
    return None


def _sentence_of(ext: Extraction, f: Finding) -> Sentence | None:
    """The sentence a prose finding quotes: at its location, in its part, quoted in its message."""
    section = f.cells[0][1] if f.cells and f.cells[0][0] == "text" else None
    quoted = re.findall(r"“([^”]{2,})”", f.message)
    for s in ext.meta.sentences:
        if s.loc != f.loc or (section is not None and s.section != section):
            continue
        text = s.text.strip().rstrip("。；;")
        if any(q.rstrip("…") in text for q in quoted):
            return s
    return None


def _prose_number(ext: Extraction, f: Finding) -> TextEdit | None:
    if f.actual is None or f.expected is None or f.loc is None:
        return None
    s = _sentence_of(ext, f)
    if s is None:
        return None
    said = number_text(f.actual)
    spots = [m for m in re.finditer(rf"(?<![\d.]){re.escape(said)}(?![\d.])(?={_UNIT})", s.text)]
    if len(spots) > 1:
        # The number after the rule's words ("新收…40件", not "办结40件").
        words = re.compile(_PROSE_NUMBER_RULES[f.rule])
        spots = [m for m in spots if words.search(s.text[max(0, m.start() - 24): m.start()])][:1]
    if len(spots) != 1:
        return None  # "没有收到申请" says 0 without a digit: nothing to replace
    m = spots[0]
    return TextEdit(s.loc, said, number_text(f.expected), s.text[: m.start()], sentence=s.text)  # type: ignore[arg-type]


def _year_in_sentence(ext: Extraction, f: Finding) -> TextEdit | None:
    s = _sentence_of(ext, f)
    if s is None or s.loc is None:
        return None
    wrong, right = int(f.actual), int(f.expected)  # type: ignore[arg-type]
    spots = list(re.finditer(rf"(?<!\d){wrong}(?=\s*年)", s.text))
    quoted = re.search(r"写“([^”]+)”", f.message)
    if len(spots) > 1 and quoted:
        at = s.text.find(quoted.group(1).rstrip("…"))
        spots = [m for m in spots if at >= 0 and at <= m.start() <= at + 8][:1]
    if len(spots) != 1:
        return None
    return TextEdit(s.loc, str(wrong), str(right), s.text[: spots[0].start()], sentence=s.text)


def _label(ext: Extraction, f: Finding, key: str) -> Correction | None:
    """A row label printed with a typo, back to the template's words, in its own cell."""
    if not f.cells or f.loc is None or (f.loc.docx_cell is None and f.loc.cell is None):
        return None
    table, row, _ = f.cells[0]
    if table not in ext.tables or row is None:
        return None
    spec = template_for(ext.table_versions.get(table, ext.template)).table(table)
    if not spec.has_row(row):
        return None
    printed = ext.tables[table].row_labels.get(row)
    m = re.search(r"印为“([^”]*)”", f.message)
    printed = printed or (m.group(1) if m else None)
    label = spec.row(row).label
    if not printed or simplify(printed).strip() == simplify(label).strip():
        return None
    name = cell_names(ext, [(table, row, None)])
    return Correction(key, "text", name, f"{name}的行标签：原为“{printed}”，改为模板文字“{label}”。\n{f.rule}：{f.message}",
                      [key], edits=[TextEdit(f.loc, printed, label, "", fine=True)], severity=f.severity)



def in_line(edit: TextEdit, lines: dict[tuple[int | None, int | None], str]) -> TextEdit:
    """The edit with the text of its line before the sentence added to its context: a
    sentence that opens with the year ("2022年，我局…") has no context of its own."""
    line = lines.get((edit.loc.start, edit.loc.end))
    first = edit.sentence.split("\n", 1)[0]
    if line is None or not first or "\n" in edit.before:
        return edit
    at = line.find(first)
    return replace(edit, before=line[:at] + edit.before) if at > 0 else edit
