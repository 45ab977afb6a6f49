"""The 原文 sheet's content: the source's running text in reading order, each of tables
二/三/四 replaced by a mark where it was printed (the sheet draws the corrected table there)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.document import Document, Location, RawTable, TableCell, TextBlock
from core.model import Extraction, Report
from core.normalize import label_key
from core.template import SECTIONS, TableSpec, grid_layout
from core.tokens import parse_cell_number

# Excel refuses longer strings in one cell.
MAX_CELL_CHARS = 32_000


@dataclass(frozen=True)
class TableMark:
    """Where a table stood in the source: the 原文 sheet draws the table there (linked to
    its own sheet), so the full text reads like the report and each table sits under its
    section heading, where any reader of annual reports looks for it."""

    table: str


# A line of text, a mark where a table stood, or a row of a table that is not one of the
# three (a box around the introduction, a layout table), kept cell by cell.
ProseItem = str | TableMark | tuple[str, ...]


def prose_items(report: Report) -> list[ProseItem]:
    """The source's running text in reading order — title, prose of the six sections,
    signature — with each of tables 二/三/四 replaced by a mark where it was printed. The
    source's own copy of a table (a scrape, possibly damaged) is never repeated: a re-check
    of the workbook must read the corrected values."""
    ext = report.extraction
    doc = report.document
    if doc is None or ext is None:
        return list(_section_text_lines(ext))
    spans = _table_spans(ext, doc)
    items: list[ProseItem] = []
    placed: set[str] = set()
    for block in doc.blocks:
        if isinstance(block, RawTable):
            # Row by row: a ruled PDF page may hold a table together with headings and prose
            # in one grid; other tables (a box around the introduction, page layout) are report
            # text too — the statistics period often sits in such a box.
            # The header rows of a ruled table sit above the first value the extraction
            # placed, outside its span: a row of the grid that holds only that table's header
            # and caption words is part of the table, not text to repeat before it.
            owner = next((k for row in block.rows if (k := _row_table(row, spans)) is not None), None)
            owner_words = _header_words(ext.spec(owner)) if owner is not None else ""
            for row in block.rows:
                cells = tuple(c.text.strip() for c in row)
                filled = [c for c in cells if c]
                key = None if len(filled) == 1 and _is_section_heading(filled[0]) else _row_table(row, spans)
                if key is None and owner is not None and filled and not (len(filled) == 1 and _is_section_heading(filled[0])) \
                        and all(_is_header_line(c, owner_words) for c in filled):
                    key = owner
                if key is not None:
                    if key not in placed:
                        placed.add(key)
                        items.append(TableMark(key))
                elif len(filled) == 1:
                    items.extend(_split_long(filled[0]))
                elif filled:
                    items.append(tuple(c[:MAX_CELL_CHARS] for c in cells))
            continue
        key = _table_of(block, spans)
        if key is not None:
            if key not in placed:
                placed.add(key)
                items.append(TableMark(key))
            continue
        text = block.text.strip()
        if text:
            items.extend(_split_long(text))
    return items


def _row_table(row: list[TableCell], spans: dict[str, tuple[int, int]]) -> str | None:
    for key, span in spans.items():
        if any(_inside(cell.loc, [span]) for cell in row):
            return key
    return None


def prose_lines(report: Report) -> list[str]:
    return [item if isinstance(item, str) else "\t".join(item) for item in prose_items(report)
            if not isinstance(item, TableMark)]


def _table_of(block: TextBlock, spans: dict[str, tuple[int, int]]) -> str | None:
    if _is_section_heading(block.text):
        # A heading that names the table's words ("四、…行政复议、行政诉讼情况") can be
        # taken for the table's first header cell; it stays in the text.
        return None
    for key, span in spans.items():
        if _inside(block.loc, [span]):
            return key
    return None


def _section_text_lines(ext: Extraction | None) -> list[str]:
    if ext is None:
        return []
    lines: list[str] = []
    for num in ext.meta.section_order or list(ext.meta.section_text):
        for line in ext.meta.section_text.get(num, "").split("\n"):
            if line.strip() and "\t" not in line:
                lines.extend(_split_long(line.strip()))
    return lines


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_CELL_CHARS:
        return [text]
    out: list[str] = []
    while len(text) > MAX_CELL_CHARS:
        cut = text.rfind("。", 0, MAX_CELL_CHARS)
        cut = cut + 1 if cut > 0 else MAX_CELL_CHARS
        out.append(text[:cut])
        text = text[cut:]
    if text:
        out.append(text)
    return out


def _inside(loc: Location, spans: list[tuple[int, int]]) -> bool:
    if loc.start is None or loc.end is None:
        return False
    return any(loc.start < end and loc.end > start for start, end in spans)


_PIECES = re.compile(r"[\t|｜]+|[ \u3000\u00a0]{2,}")


def _header_words(spec: TableSpec) -> str:
    """All header and caption words of a table, as one matching key."""
    words = [c.text for c in grid_layout(spec).cells if c.kind in ("header", "caption")]
    return "|".join(label_key(w, keep_annotation=True) for w in words) + "|" + "|".join(label_key(w) for w in words)


def _table_spans(ext: Extraction, doc: Document) -> dict[str, tuple[int, int]]:
    """Character spans of the source taken by tables 二/三/四: from the first header line
    above the first row to the last value, as the extraction located them."""
    blocks = [b for b in doc.blocks if isinstance(b, TextBlock) and b.loc.start is not None]
    spans: dict[str, tuple[int, int]] = {}
    for key, table in ext.tables.items():
        locs: list[Location] = [loc for loc in [table.loc, *table.row_locs.values()] if loc is not None]
        locs += [c.loc for cells in table.rows.values() for c in cells if c.loc is not None]
        starts = [loc.start for loc in locs if loc.start is not None]
        ends = [loc.end for loc in locs if loc.end is not None]
        if not starts or not ends:
            continue
        start, end = min(starts), max(ends)
        words = _header_words(ext.spec(key))
        # Walk back over the header lines printed above the first row ("申请人情况",
        # "商业" / "企业", "第二十条第（一）项", the 勾稽关系 note).
        before = [b for b in blocks if b.loc.end is not None and b.loc.end <= start]
        for block in reversed(before):
            if not _is_header_line(block.text, words):
                break
            start = block.loc.start  # type: ignore[assignment]
        # Numbers a damaged scrape left after the last placed cell belong to the table too.
        after = [b for b in blocks if b.loc.start is not None and b.loc.start >= end]
        for block in after:
            if not _PIECES.sub("", block.text).strip() or not all(
                    parse_cell_number(p) is not None for p in _PIECES.split(block.text) if p.strip()):
                break
            end = block.loc.end  # type: ignore[assignment]
        spans[key] = (start, end)
    return spans


_NUMERAL = re.compile(r"^\s*[一二三四五六]\s*[、.．,，]")


def _is_section_heading(text: str) -> bool:
    if not _NUMERAL.match(text) or len(text.strip()) > 60:
        return False
    key = label_key(text)
    return any(any(frag in key for frag in section.match) for section in SECTIONS)


def _is_header_line(text: str, words: str) -> bool:
    pieces = [p for p in _PIECES.split(text) if p.strip()]
    if not pieces:
        return True
    for piece in pieces:
        if parse_cell_number(piece) is not None:
            continue
        key = label_key(piece, keep_annotation=True)
        if not key or key not in words:
            key = label_key(piece)
            if not key or key not in words:
                return False
    return True
