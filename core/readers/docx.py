"""Word documents (.docx), read from the body XML in document order.

Paragraphs become text blocks (one per line: a manual line break often separates a heading
from its text), tables become raw tables on the Word grid: ``gridSpan`` cells sit at their
first grid column and ``vMerge`` continuations are absent, so a group label such as
“（三）不予公开” appears once, in its first row. Content controls (``w:sdt``), hyperlinks,
tracked insertions and text boxes are read; deleted text and field codes are not.

The XML goes through python-docx's own parser settings (lxml with ``resolve_entities=False``)
plus a refusal of any DOCTYPE, after the zip container passed the bomb checks.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from core.document import Document, Location, Note, RawTable, ReadError, TextBlock
from core.limits import Progress
from core.producers.ocr.pictures import read_pictures, worth_reading
from core.readers.cells import PROSE_CELL_CHARS, BlockSink, cell_text, line_text, span
from core.readers.docx_numbering import Numbering
from core.readers.ooxml import Package

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (_W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
T, TAB, BR, CR, TXBX = (_W + t for t in ("t", "tab", "br", "cr", "txbxContent"))
TC_PR, TR_PR, GRID_SPAN, V_MERGE, H_MERGE, GRID_BEFORE, VAL = (
    _W + t for t in ("tcPr", "trPr", "gridSpan", "vMerge", "hMerge", "gridBefore", "val"))
NO_BREAK_HYPHEN = _W + "noBreakHyphen"
# Never read: deleted or moved-away text, field instructions, properties, the legacy copy
# of a drawing (Word stores text boxes twice: mc:Choice and mc:Fallback).
_SKIP = frozenset(_W + t for t in ("del", "moveFrom", "instrText", "delText", "rPr", "pPr", "tblPr", "tcPr", "trPr",
                                   "sectPr", "commentReference", "footnoteReference", "endnoteReference"))
_SKIP |= {_MC + "Fallback"}

_MAX_DEPTH = 20
_MAIN_PART = "word/document.xml"


def read_docx(path: Path, data: bytes | None = None, progress: Progress | None = None) -> Document:
    with Package(path, "Word 文档", data) as package:
        if _MAIN_PART not in package.names():
            raise ReadError("这不是有效的 Word 文档（缺少正文部分）；请用 Word 或 WPS 打开后另存为 .docx 再检查。")
        package.check_xml_parts()
        root = package.parse(_MAIN_PART)
        names = set(package.names())
        doc_title = _core_title(package.parse("docProps/core.xml")) if "docProps/core.xml" in names else ""
        numbering = Numbering(
            package.parse("word/numbering.xml") if "word/numbering.xml" in names else None,
            package.parse("word/styles.xml") if "word/styles.xml" in names else None,
        )
        images = _embedded_images(package, names)
    body = root.find(_W + "body")
    if body is None:
        raise ReadError("Word 文档没有正文；请确认选对了文件。")
    walker = _Walker(numbering, table_elements(body), images, paragraph_elements(body))
    walker.flow(body, 0)
    doc_ocr = _read_pictures(path, walker, progress) if walker.pictures else None
    # A document converted from a web page keeps the page's title only in its properties;
    # used when the body has no title line of its own.
    first = [b.text for b in walker.blocks[:8] if isinstance(b, TextBlock)]
    if doc_title and not any("年度报告" in text for text in first):
        walker.blocks.insert(0, TextBlock(doc_title, Location()))
    notes = [Note(n, "data_lost") for n in walker.picture_notes]
    return Document(str(path), "docx", walker.blocks, notes=notes, ocr=doc_ocr)


_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _embedded_images(package: Package, names: set[str]) -> dict[str, bytes]:
    """Pictures stored inside the file, by relationship id (a linked one is never fetched)."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name not in names:
        return {}
    out: dict[str, bytes] = {}
    for rel in package.parse(rels_name).iter(_RELS):
        if not rel.get("Type", "").endswith("/image") or rel.get("TargetMode") == "External":
            continue
        target = "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
        if target in names:
            out[rel.get("Id", "")] = package.read(target)
    return out


def _read_pictures(path: Path, walker: "_Walker", progress: Progress | None):  # type: ignore[no-untyped-def]
    """Tables pasted as pictures, read by OCR (core/producers/ocr/pictures.py) and put where the
    picture stood. The OCR engine loads only for a document that has large pictures."""
    chosen = [(at, data) for at, data in walker.pictures if worth_reading(data)]
    if not chosen:
        return None
    tables, info = read_pictures(str(path), [data for _, data in chosen], progress, [at for at, _ in chosen])
    for (at, _), found in sorted(zip(chosen, tables), key=lambda x: -x[0][0]):
        walker.blocks[at:at] = found
    walker.picture_notes = info.notes
    return info if info.pages else None


_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def _core_title(core: etree._Element) -> str:
    """The document's title property, when it is a report title (not "文档1" or a
    template's name)."""
    el = core.find(_DC_TITLE)
    text = line_text(el.text or "") if el is not None else ""
    return text if "年度报告" in text and len(text) <= 80 else ""


def table_elements(body: etree._Element) -> list[etree._Element]:
    """Every w:tbl of the body in document order, nested ones included: the first number of
    ``Location.docx_cell``."""
    return list(body.iter(TBL))


def paragraph_elements(body: etree._Element) -> list[etree._Element]:
    """Every w:p of the body in document order: the numbering of ``Location.docx_paragraph``."""
    return list(body.iter(P))


def cell_element(body: etree._Element, address: tuple[int, int, int],
                 tables: list[etree._Element] | None = None) -> etree._Element | None:
    """The w:tc a ``Location.docx_cell`` names, or None when the body has no such cell."""
    t, r, c = address
    tables = table_elements(body) if tables is None else tables
    if not 0 <= t < len(tables):
        return None
    rows = _children(tables[t], TR)
    if not 0 <= r < len(rows):
        return None
    cells = _children(rows[r], TC)
    return cells[c] if 0 <= c < len(cells) else None


_Cell = tuple[int, etree._Element, tuple[int, int, int]]  # grid column, w:tc, its docx_cell


class _Walker(BlockSink):
    def __init__(self, numbering: Numbering, tables: list[etree._Element], images: dict[str, bytes] | None = None,
                 paragraphs: list[etree._Element] | None = None) -> None:
        super().__init__()
        self.numbering = numbering
        self.table_index = {el: i for i, el in enumerate(tables)}
        self.paragraph_index = {el: i for i, el in enumerate(paragraphs or [])}
        self.images = images or {}
        self.pictures: list[tuple[int, bytes]] = []  # (block index, picture) in document order
        self.picture_notes: list[str] = []  # pictures the OCR budget left unread

    def flow(self, container: etree._Element, depth: int) -> None:
        """Block-level content of the body, a cell, a content control or a text box."""
        for el in container:
            tag = el.tag
            if tag == P:
                self.paragraph(el, depth)
            elif tag == TBL:
                if depth < _MAX_DEPTH:
                    self.table(el, depth + 1)
            elif tag == SDT:
                content = el.find(SDT_CONTENT)
                if content is not None:
                    self.flow(content, depth)
            elif tag == CUSTOM_XML:
                self.flow(el, depth)

    def paragraph(self, p: etree._Element, depth: int) -> None:
        lines, boxes = _paragraph_lines(p, self.numbering)
        wrote = False
        for line in lines:
            text = line_text(line)
            if text:
                self.budget.add(text)
                self.blocks.append(TextBlock(text, Location(paragraph=self.paragraphs, docx_paragraph=self.paragraph_index.get(p))))
                wrote = True
        if wrote:
            self.paragraphs += 1
        if self.images:
            for blip in p.iter(_BLIP):
                data = self.images.get(blip.get(_R_EMBED, ""))
                if data is not None:
                    self.pictures.append((len(self.blocks), data))
        for box in boxes:
            if depth < _MAX_DEPTH:
                self.flow(box, depth + 1)

    def table(self, tbl: etree._Element, depth: int) -> None:
        segment: list[list[_Cell]] = []
        t = self.table_index.get(tbl, -1)
        for r, tr in enumerate(_children(tbl, TR)):
            cells = [(col, tc, (t, r, c)) for col, tc, c in _row_cells(tr)]
            if any(_is_container(tc) for _, tc, _ in cells):
                self.emit_table(segment)
                segment = []
                for _, tc, _ in cells:
                    self.flow(tc, depth)
                continue
            segment.append(cells)
        self.emit_table(segment)

    def emit_table(self, rows: list[list[_Cell]]) -> None:  # type: ignore[override]
        before = len(self.blocks)
        super().emit_table([[(col, _cell_text(tc, self.numbering)) for col, tc, _ in cells] for cells in rows])
        table = self.blocks[-1] if len(self.blocks) > before else None
        if not isinstance(table, RawTable) and len(self.blocks) > before:
            # A frame of one cell a row came out as lines: each line knows its cell.
            filled = [cells[0][2] for cells in rows if cells and _cell_text(cells[0][1], self.numbering)]
            for block, address in zip(self.blocks[before:], filled):
                if isinstance(block, TextBlock) and address[0] >= 0:
                    block.loc.docx_cell = address
        if isinstance(table, RawTable):
            # The sink drops rows without cells; the rest pair up in order.
            for out_row, cells in zip(table.rows, [cells for cells in rows if cells]):
                for out_cell, (_, _, address) in zip(out_row, cells):
                    if address[0] >= 0:
                        out_cell.loc.docx_cell = address


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """Direct children with ``tag``, looking through content controls and custom XML that
    may wrap rows and cells."""
    out: list[etree._Element] = []
    for el in parent:
        if el.tag == tag:
            out.append(el)
        elif el.tag in (SDT, CUSTOM_XML):
            inner = el.find(SDT_CONTENT) if el.tag == SDT else el
            if inner is not None:
                out.extend(_children(inner, tag))
    return out


def _row_cells(tr: etree._Element) -> list[tuple[int, etree._Element, int]]:
    """(grid column, cell, index among the row's w:tc) for the cells that start in this row."""
    col = 0
    tr_pr = tr.find(TR_PR)
    if tr_pr is not None:
        before = tr_pr.find(GRID_BEFORE)
        if before is not None:
            col = span(before.get(VAL), 0)
    out: list[tuple[int, etree._Element, int]] = []
    for index, tc in enumerate(_children(tr, TC)):
        width, covered = 1, False
        tc_pr = tc.find(TC_PR)
        if tc_pr is not None:
            grid = tc_pr.find(GRID_SPAN)
            if grid is not None:
                width = max(1, span(grid.get(VAL)))
            for merge in (tc_pr.find(V_MERGE), tc_pr.find(H_MERGE)):
                # <w:vMerge/> without a value continues the merge above; "restart" starts it.
                if merge is not None and (merge.get(VAL) or "continue") == "continue":
                    covered = True
        if not covered:
            out.append((col, tc, index))
        col += width
    return out


def _is_container(tc: etree._Element) -> bool:
    """A cell holding a table or a page of prose makes its row page layout."""
    for _ in tc.iter(TBL):
        return True
    total = 0
    for t in tc.iter(T):
        total += len(t.text or "")
        if total > PROSE_CELL_CHARS:
            return True
    return False


def _cell_text(tc: etree._Element, numbering: Numbering) -> str:
    parts: list[str] = []
    for p in _children(tc, P):
        lines, _ = _paragraph_lines(p, numbering)
        parts.extend(lines)
    return cell_text(" ".join(parts))


def _paragraph_lines(p: etree._Element, numbering: Numbering) -> tuple[list[str], list[etree._Element]]:
    """The paragraph's text split at manual line breaks (its list numeral first), and the
    text boxes anchored in it."""
    lines: list[list[str]] = [[numbering.label(p)]]
    boxes: list[etree._Element] = []
    walk = etree.iterwalk(p, events=("start",))
    for _, el in walk:
        tag = el.tag
        if el is p:
            continue
        if not isinstance(tag, str) or tag in _SKIP:
            walk.skip_subtree()
        elif tag == T:
            lines[-1].append(el.text or "")
        elif tag == TAB:
            lines[-1].append("\t")
        elif tag in (BR, CR):
            lines.append([])
        elif tag == NO_BREAK_HYPHEN:
            lines[-1].append("-")
        elif tag == TXBX:
            boxes.append(el)
            walk.skip_subtree()
        elif tag == P:
            # A paragraph nested in a paragraph only happens inside drawings; skip it.
            walk.skip_subtree()
    return ["".join(parts) for parts in lines], boxes
