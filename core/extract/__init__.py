"""Document → Extraction: the three tables in template keys, the template version, the
metadata and the prose, each tied to its place in the source."""

from __future__ import annotations

from typing import Sequence

from core.document import Document, note_kind
from core.extract.copies import count_titles, table_copies
from core.extract.meta import find_headings_by_words, find_sections, read_meta
from core.extract.table2 import parse_t2
from core.extract.table3 import parse_t3
from core.extract.table4 import parse_t4
from core.extract.table_result import TableResult
from core.model import Extraction, Finding
from core.tokens import Token, TokenStream, tokenize


def extract(doc: Document) -> Extraction:
    stream = tokenize(doc)
    extraction = extract_stream(stream)
    # Table 三 printed twice, two reports in one file (core/extract/copies.py); the rules
    # judge the copies (core/rules/copies.py).
    extraction.t3_copies = table_copies(stream.tokens, extraction)
    extraction.report_titles = count_titles(stream.text)
    # What the reader had to say reaches the user when it bears on the result, by the kind
    # of note the reader left: data lost (a warning), informative (info); routine work
    # ("表格跨页，已合并") is not a finding.
    extraction.notes[:0] = [
        Finding("X-READ", _SEVERITY[note_kind(note)], str(note), [("text", None, None)])  # type: ignore[arg-type]
        for note in doc.notes if note_kind(note) != "routine"
    ]
    return extraction


_SEVERITY = {"data_lost": "warning", "informative": "info"}


def extract_stream(stream: TokenStream) -> Extraction:
    sections = find_sections(stream)
    by_words = find_headings_by_words(stream)
    meta = read_meta(stream, sections, by_words)
    positions = {num: pos for num, (pos, _) in sections.items()}
    # Tables attached under their own numbering ("一、主动公开政府信息情况" as 附表一, "表二：…")
    # are found by the heading's words where the numbered section is not there.
    for num, (pos, _) in by_words.items():
        if num != "一":
            positions.setdefault(num, pos)
    tokens = stream.tokens

    def region(start_sec: str, end_secs: Sequence[str]) -> list[Token] | None:
        start = positions.get(start_sec)
        if start is None:
            return None
        ends = [positions[s] for s in end_secs if s in positions and positions[s] > start]
        end = min(ends) if ends else len(stream.text) + 1
        return [t for t in tokens if start <= t.pos < end]

    t3_region = region("三", ("四", "五", "六"))
    t3 = _first_found(parse_t3, t3_region, tokens)
    t2_region = region("二", ("三", "四", "五", "六"))
    t2 = _first_found(lambda ts: parse_t2(ts, t3.version), t2_region, tokens)
    t4_region = region("四", ("五", "六"))
    t4 = parse_t4(t4_region) if t4_region is not None else TableResult(None, None)
    if t4.table is None and t3.table is not None:
        # No heading 四, or no table under it (tables printed together after the prose):
        # table 四 follows table 三.
        last = max((loc_pos for loc_pos in _row_positions(tokens, t3)), default=None)
        after_t3 = parse_t4([t for t in tokens if last is not None and t.pos > last])
        if after_t3.table is not None:
            t4 = after_t3

    tables = {}
    versions: dict[str, str] = {}
    for key, result in (("t2", t2), ("t3", t3), ("t4", t4)):
        if result.table is not None:
            tables[key] = result.table
    if t2.version:
        versions["t2"] = t2.version
    if t3.version:
        versions["t3"] = t3.version
    # The report's layout: table 二's header words are the clearest fingerprint, then the
    # （六）其他处理 rows of table 三.
    template = t2.version or t3.version
    if template and "t4" in tables:
        versions["t4"] = template
    notes: list[Finding] = t2.notes + t3.notes + t4.notes
    unparsed = []
    for key, result, sec in (("t2", t2, "二"), ("t3", t3, "三"), ("t4", t4, "四")):
        if result.table is None and (sec in positions or result.found_anchor):
            unparsed.append(key)
    return Extraction(template, tables, meta, versions, notes, unparsed)


def _first_found(parse, region: list[Token] | None, everything: list[Token]) -> TableResult:  # type: ignore[no-untyped-def]
    """Parse the table in its section; if the section is missing or holds no table (tables
    printed after the prose, an export with one sheet per table), search the whole text."""
    if region is not None:
        result = parse(region)
        if result.table is not None:
            return result
    result2 = parse(everything)
    if result2.table is not None:
        return result2
    return result if region is not None else result2


def _row_positions(tokens: list[Token], result: TableResult) -> list[int]:
    table = result.table
    if table is None:
        return []
    ids = {id(c.loc) for cells in table.rows.values() for c in cells if c.loc is not None}
    return [t.pos for t in tokens if id(t.loc) in ids]
