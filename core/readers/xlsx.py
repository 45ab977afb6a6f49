"""Excel workbooks (.xlsx/.xlsm): reports typed into a sheet, tables pasted from Word, and
the checker's own corrected workbook (one sheet per table in the official layout).

Every sheet is read in order. Rows go to raw tables cell by cell (located by sheet and cell
reference), merged ranges expanded so a merged label appears once, at its top-left cell,
and the cells it covers are absent. A row whose only content is a paragraph of prose, a
section heading or the report title becomes a text block instead, so extraction finds the
sections in a sheet that holds the whole report.

Formulas are read through their cached results (``data_only``); a formula whose result
was never computed (a file written by a program and never opened in Excel) is reported in
the document notes instead of silently reading as blank.
"""

from __future__ import annotations

import io
import posixpath
import re
from datetime import date, datetime, time
from pathlib import Path

from lxml import etree
from openpyxl.utils.cell import coordinate_to_tuple

from core import limits
from core.document import Block, Document, Location, Note, RawTable, ReadError, TableCell, TextBlock
from core.limits import content_message
from core.marks import APP_SHEETS, EXPORT_MARK
from core.normalize import label_key
from core.producers.ocr.pictures import read_pictures
from core.readers.cells import cell_text, line_text
from core.readers.ooxml import Package
from core.readers.xlsx_pictures import picture_slot, sheet_pictures
from core.template import SECTIONS

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# openpyxl materialises every cell of a merged range; a crafted range over a whole sheet
# would be billions of cells.
MAX_MERGED_CELLS = 200_000
# Stored cells in the whole workbook (formatted blanks included): openpyxl keeps an object of
# about a kilobyte for each, so this bounds its memory before it loads anything. Cells with
# a value count against limits.MAX_ITEMS as well, here, before openpyxl spends seconds on
# a sheet that would be refused afterwards.
MAX_STORED_CELLS = 100_000
MAX_SHARED_STRINGS = 100_000
# "<si/>" too: an empty entry is an entry (4,000,000 of them took 50 s).
_SI_TAG = re.compile(rb"<(?:\w+:)?si[\s/>]")
# <row> elements in one sheet, empty ones included: openpyxl keeps an object for each (empty
# rows down to row 1,048,576: 30 s and 1.6 GB). A report sheet has a few hundred.
MAX_ROWS = 100_000
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")
_SECTION_KEYS = tuple(f for s in SECTIONS for f in s.match)
_HEADING_START = re.compile(r"^\s*[一二三四五六][、.．]")


def read_xlsx(path: Path, data: bytes | None = None, progress: limits.Progress | None = None) -> Document:
    """``progress`` reports the OCR of tables pasted as pictures (xlsx_pictures)."""
    if data is None:
        data = path.read_bytes()
    with Package(path, "Excel 表格", data) as package:
        if "xl/workbook.xml" not in package.names():
            raise ReadError("这不是有效的 Excel 工作簿（缺少工作簿部分）；请用 Excel 或 WPS 打开后另存为 .xlsx 再检查。")
        package.check_xml_parts()
        _check_shared_strings(package)
        uncached = _scan_sheets(package)
        own_export = _is_own_export(package)
        pictures = {sheet: found for sheet, part in _sheet_parts(package) if (found := sheet_pictures(package, part))}
    uncached_at: dict[str, set[tuple[int, int]]] = {}
    for sheet, ref in uncached:
        try:
            col, row = coordinate_to_tuple(ref)[::-1]
        except (ValueError, TypeError):
            continue
        uncached_at.setdefault(sheet, set()).add((row, col))
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    placed: list[tuple[int, bytes]] = []  # (block index, picture): at its anchor among the sheet's blocks
    try:
        blocks: list[Block] = []
        tables = 0
        for ws in workbook.worksheets:
            if own_export and ws.title in APP_SHEETS:
                continue
            sheet_blocks = _sheet_blocks(ws, tables, uncached_at.get(ws.title, set()))
            tables += sum(1 for b in sheet_blocks if isinstance(b, RawTable))
            placed.extend((len(blocks) + picture_slot(sheet_blocks, row), picture)
                          for row, picture in pictures.get(ws.title, []))
            blocks.extend(sheet_blocks)
    finally:
        workbook.close()
    ocr = _read_pictures(str(path), blocks, placed, progress) if placed else None
    if not blocks:
        raise ReadError("这个 Excel 工作簿的所有工作表都是空的；请确认选对了文件，或把报告内容粘贴进工作表后再检查。")
    notes: list[str] = []
    if uncached:
        shown = "、".join(f"“{sheet}”{ref}" for sheet, ref in uncached[:5])
        more = f"等 {len(uncached)} 个单元格" if len(uncached) > 5 else ""
        notes.append(Note(f"工作表{shown}{more}是公式，但文件里没有保存计算结果（可能由程序生成、未在 Excel 中打开过），已按空白读取；"
                          "请用 Excel 或 WPS 打开并保存一次后再检查。", "data_lost"))
    return Document(str(path), "xlsx", blocks, notes=notes, ocr=ocr)


def _read_pictures(path: str, blocks: list[Block], placed: list[tuple[int, bytes]],
                   progress: limits.Progress | None):  # type: ignore[no-untyped-def]
    found, info = read_pictures(path, [data for _, data in placed], progress, [at for at, _ in placed])
    for (at, _), tables in sorted(zip(placed, found), key=lambda x: -x[0][0]):
        blocks[at:at] = tables
    return info if info.pages else None


def _is_own_export(package: Package) -> bool:
    """A workbook this program exported carries a custom document property."""
    if "docProps/custom.xml" not in package.names():
        return False
    name, value = EXPORT_MARK
    for prop in package.parse("docProps/custom.xml"):
        if prop.get("name") == name:
            return any((child.text or "").strip() == value for child in prop)
    return False


# ---------------------------------------------------------------------------------------
# One sheet

def _sheet_blocks(ws, first_table: int, unknown: set[tuple[int, int]]) -> list[Block]:  # type: ignore[no-untyped-def]
    """``unknown``: (row, col) of formula cells without a cached result; they are blank but
    still part of their table's width."""
    from openpyxl.cell.cell import MergedCell

    texts: dict[tuple[int, int], str] = {}
    for (r, c), cell in ws._cells.items():  # noqa: SLF001 — only the stored cells, not the formatted range
        if isinstance(cell, MergedCell) or cell.value is None:
            continue
        text = value_text(cell.value)
        if text.strip():
            texts[(r, c)] = text
    ranges = [(rng.min_row, rng.min_col, rng.max_row, rng.max_col) for rng in ws.merged_cells.ranges]
    return grid_blocks(ws.title, texts, ranges, first_table, unknown)


def grid_blocks(name: str, texts: dict[tuple[int, int], str], ranges: list[tuple[int, int, int, int]],
                first_table: int, unknown: set[tuple[int, int]] | None = None) -> list[Block]:
    """One sheet's blocks from its non-blank cell texts by (row, column), 1-based, and its
    merged ranges as (first row, first column, last row, last column). Shared with the
    old binary workbooks (core/readers/biff.py)."""
    from openpyxl.utils import get_column_letter

    if not texts:
        return []
    unknown = unknown or set()
    merged_from: set[tuple[int, int]] = set()
    covered: set[tuple[int, int]] = set()
    # How far right a merged cell reaches, from its top-left cell.
    reach: dict[tuple[int, int], int] = {}
    for min_row, min_col, max_row, max_col in ranges:
        merged_from.add((min_row, min_col))
        reach[(min_row, min_col)] = max_col
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col):
                    covered.add((r, c))
    by_row: dict[int, list[int]] = {}
    for r, c in texts:
        by_row.setdefault(r, []).append(c)
    rows = sorted(by_row)
    single = {r: len(by_row[r]) == 1 and not _is_number(texts[(r, by_row[r][0])]) for r in rows}

    def prose_row(i: int) -> bool:
        r = rows[i]
        if not single[r]:
            return False
        c = by_row[r][0]
        text = texts[(r, c)]
        if _is_prose(text) or _is_heading(text):
            return True
        # A short line (signature, date, "无") between other lone lines is running text;
        # a lone cell between table rows (a caption, a row whose numbers are blank) is not.
        if (r, c) in merged_from:
            return False
        neighbours = [rows[j] for j in (i - 1, i + 1) if 0 <= j < len(rows)]
        return all(single[n] for n in neighbours)

    blocks: list[Block] = []
    segment: list[int] = []
    index = first_table

    def flush() -> None:
        nonlocal index
        if not segment:
            return
        # Each table spans its own columns: a narrow table 二 above a wide table 四 on the
        # same sheet must not get a tail of blank cells.
        rows_in = set(segment)
        cols = [c for r in segment for c in by_row[r]] + [c for r, c in unknown if r in rows_in]
        lo = min(cols)
        hi = max([reach.get((r, c), c) for r in segment for c in by_row[r]] + cols)
        # The grid's size is known before it is built: 300 rows with a number in A and in
        # XFD would be five million cells (1.7 GB) before the budget refused them.
        if (hi - lo + 1) * len(segment) > limits.MAX_ITEMS:
            raise ReadError(content_message(f"工作表“{name}”中一张表格有 {len(segment)} 行 × {hi - lo + 1} 列"))
        out: list[list[TableCell]] = []
        for r in segment:
            row_cells = []
            for c in range(lo, hi + 1):
                if (r, c) in covered:
                    continue
                row_cells.append(TableCell(cell_text(texts.get((r, c), "")), Location(sheet=name, cell=f"{get_column_letter(c)}{r}")))
            out.append(row_cells)
        blocks.append(RawTable(out, Location(sheet=name, table=index)))
        index += 1
        segment.clear()

    for i, r in enumerate(rows):
        if prose_row(i):
            flush()
            c = by_row[r][0]
            ref = f"{get_column_letter(c)}{r}"
            for line in texts[(r, c)].splitlines():
                text = line_text(line)
                if text:
                    blocks.append(TextBlock(text, Location(sheet=name, cell=ref)))
            continue
        segment.append(r)
    flush()
    return blocks


def value_text(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer():
            return str(int(value))
        text = f"{value:.15g}"
        return f"{value:.10f}".rstrip("0").rstrip(".") if "e" in text else text
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")


_NUMBER = re.compile(r"^\s*[+\-－]?\d[\d,，]*(?:\.\d+)?\s*(?:万元|元|%)?\s*$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _is_prose(text: str) -> bool:
    flat = cell_text(text)
    return "\n" in text.strip() or "。" in flat or len(flat) >= 80 or "年度报告" in flat


def _is_heading(text: str) -> bool:
    if not _HEADING_START.match(text):
        return False
    key = label_key(text)
    return any(f in key for f in _SECTION_KEYS)


# ---------------------------------------------------------------------------------------
# Raw XML scan: formulas without a cached value, oversized merged ranges

def _scan_sheets(package: Package) -> list[tuple[str, str]]:
    uncached: list[tuple[str, str]] = []
    stored = filled = 0
    merged = 0  # in the whole workbook: fifteen ranges just under a per-range limit are 3 million cells
    for sheet, part in _sheet_parts(package):
        data = package.read(part)
        # Counted on the bytes first: parsing a million empty rows takes seconds by itself.
        for count, _ in enumerate(_ROW_TAG.finditer(data), start=1):
            if count > MAX_ROWS:
                raise ReadError(content_message(f"工作表“{sheet}”超过 {MAX_ROWS // 10_000} 万行"))
        rows = 0
        for _, el in etree.iterparse(io.BytesIO(data), events=("end",), tag=(_MAIN + "c", _MAIN + "mergeCell", _MAIN + "row"),
                                     resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True):
            if el.tag == _MAIN + "row":
                rows += 1
                if rows > MAX_ROWS:
                    raise ReadError(content_message(f"工作表“{sheet}”超过 {MAX_ROWS // 10_000} 万行"))
                # Drop the rows already seen: the tree would otherwise keep a shell of each.
                while el.getprevious() is not None:
                    del el.getparent()[0]
            elif el.tag == _MAIN + "c":
                stored += 1
                if stored > MAX_STORED_CELLS:
                    raise ReadError(content_message(f"超过 {MAX_STORED_CELLS // 10_000} 万个单元格"))
                if len(el):  # a value, an inline string or a formula
                    filled += 1
                    if filled > limits.MAX_ITEMS:
                        raise ReadError(content_message(f"超过 {limits.MAX_ITEMS // 10_000} 万个有内容的单元格"))
                if el.find(_MAIN + "f") is not None:
                    v = el.find(_MAIN + "v")
                    if v is None or not (v.text or "").strip():
                        uncached.append((sheet, el.get("r") or "?"))
            elif (merged := merged + _range_cells(el.get("ref") or "")) > MAX_MERGED_CELLS:
                raise ReadError(f"工作表“{sheet}”中的合并单元格共覆盖 {MAX_MERGED_CELLS // 10_000} 万个以上单元格，不像是一份年度报告，"
                              "已拒绝读取；请取消这些合并后另存再检查。")
            el.clear()
    return uncached


def _check_shared_strings(package: Package) -> None:
    """openpyxl loads the whole string table before any cell (a million short strings: 10 s
    and 250 MB), used or not; a report has a few hundred."""
    for name in package.names():
        if name.lower().endswith("sharedstrings.xml"):
            data = package.read(name)
            for count, _ in enumerate(_SI_TAG.finditer(data), start=1):
                if count > MAX_SHARED_STRINGS:
                    raise ReadError(content_message(f"超过 {MAX_SHARED_STRINGS // 10_000} 万条文字"))


def _sheet_parts(package: Package) -> list[tuple[str, str]]:
    workbook = package.parse("xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_name in package.names():
        for rel in package.parse(rels_name).iter(_PKG_REL + "Relationship"):
            target = rel.get("Target") or ""
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id") or ""] = part
    names = set(package.names())
    out = []
    for sheet in workbook.iter(_MAIN + "sheet"):
        part = targets.get(sheet.get(_REL + "id") or "")
        if part and part in names:
            out.append((sheet.get("name") or "", part))
    return out


def _range_cells(ref: str) -> int:
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0
    if None in (min_col, min_row, max_col, max_row):
        return MAX_MERGED_CELLS + 1
    return (max_col - min_col + 1) * (max_row - min_row + 1)  # type: ignore[operator]
