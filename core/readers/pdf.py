"""PDF → Document: running text as paragraphs, tables as RawTables, in reading order.

Ruled tables come from pdfplumber's table finder (fed only real borders, see pdf_ruled);
tables without borders are rebuilt from word positions (pdf_loose). Page furniture — page
numbers, running headers and footers — is dropped. A table that continues on the next
page is merged into one, its repeated header rows dropped and a row or a merged label cell
cut by the page break joined again, so a label is followed by its own numbers.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from core.document import Document, Format, Location, Note, RawTable, ReadError, TableCell, TextBlock
from core.readers import limits, pdf_guard
from core.readers.limits import Deadline, Progress, content_message, ocr_progress, pdf_time_message
from core.readers.pdf_loose import LooseTable, split_regions
from core.readers.pdf_ruled import border_objects, fill_cells, find_ruled_tables, is_data_table, value_columns
from core.readers.pdf_lost import damaged_note, refuse_latin_garbage
from core.readers.pdf_turn import text_turn, turned_page
from core.readers.pdf_text import Glyph, Line, glyphs_from_chars, group_lines, is_number, is_value, join_lines, starts_item

# No annual report comes near this; a 2,000-page PDF is a wrong file and would take minutes.
MAX_PAGES = 200
# A page with more glyphs than pdf_guard.MAX_GLYPHS_PER_PAGE (or paths) is a drawing or a
# dump, not a report page: its layout stops at the limit and the page is skipped, so one
# pathological page cannot take the memory of the whole run.
pdf_guard.install()

# Page furniture zones, as fractions of the page height.
_TOP_ZONE = 0.085
_BOTTOM_ZONE = 0.9
_PAGE_NUMBER = re.compile(
    r"^[-—–－─_~·\s]*\d{1,4}[-—–－─_~·\s]*$"
    r"|^第\s*\d{1,4}\s*页\s*[,，/]?\s*(?:共\s*\d{1,4}\s*页)?$"
    r"|^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$"
    r"|^(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
)
_DIGITS = re.compile(r"\d+")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")

_ENCRYPTED = "这个 PDF 设置了打开密码，无法读取；请向发文单位索取未加密的版本，或用 PDF 阅读器输入密码打开后另存为不加密的 PDF 再检查。"
_NO_UNICODE = "这个 PDF 的文字无法提取（字体缺少编码信息，复制出来是乱码）；请向发文单位索取 Word 原件或可复制文字的 PDF。"
_BROKEN = "这个 PDF 文件已损坏或不完整（可能没有下载完），无法读取；请重新下载，或向发文单位索取原件。"


@dataclass
class PdfTimings:
    """Where the time goes, for the benchmark: pdfplumber's parsing of page content and
    its table finder, against the whole read."""

    parse: float = 0.0
    table_finder: float = 0.0
    total: float = 0.0

    @property
    def ours(self) -> float:
        return self.total - self.parse - self.table_finder


@dataclass
class _Cell:
    text: str
    bbox: tuple[float, float, float, float]
    page: int
    label: bool = False  # sits in the label area (not a value column)
    keep_empty: bool = True  # an empty cell that is a printed blank, not layout


@dataclass
class _Table:
    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[_Cell]]
    strict: bool
    # Cells that reach the table's bottom edge: where a row or a merged label cut by a
    # page break continues.
    bottom: list[_Cell] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


@dataclass
class _Para:
    lines: list[Line]
    page: int

    @property
    def top(self) -> float:
        return self.lines[0].top

    def text(self) -> str:
        return join_lines([ln.text for ln in self.lines])

    def bbox(self) -> tuple[float, float, float, float]:
        ls = self.lines
        return (min(ln.x0 for ln in ls), ls[0].top, max(ln.x1 for ln in ls), ls[-1].bottom)


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    tables: list[_Table]
    items: list[_Para | _Table] = field(default_factory=list)
    glyphs: int = 0
    unmapped: int = 0  # glyphs without a Unicode mapping ("(cid:N)")
    dense: str | None = None  # skipped: the page draws more than the limits (what, in Chinese)
    damaged: bool = False  # a stream the page draws failed to inflate: its content is lost
    picture_only: bool = False  # no text layer, only an image: read by OCR


def read_pdf(path: Path, timings: PdfTimings | None = None, *, data: bytes | None = None,
             progress: Progress | None = None) -> Document:
    """``progress(done, total)`` is called before each page and may raise ``Cancelled``;
    a read that takes longer than ``limits.READ_TIME_LIMIT_S`` stops with a message."""
    start = time.perf_counter()
    clock = timings or PdfTimings()
    with pdf_guard.budget():
        pages = _read_pages(path, data, progress, clock)
    dense = [p for p in pages if p.dense]
    if dense and not any(p.lines or p.tables for p in pages):
        raise ReadError(_too_large(f"第 {dense[0].number} 页{dense[0].dense}"))
    notes: list[str] = [Note(f"第 {p.number} 页内容过多（{p.dense}），不像是报告正文，已跳过。", "data_lost") for p in dense]
    damaged = [p.number for p in pages if p.damaged]
    if damaged and not any(p.lines or p.tables for p in pages):
        raise ReadError(_BROKEN)
    if damaged:
        # A flipped byte in a page's compressed content: the page is lost, the others are
        # read; the rules are told (core/rules/damage.py) so what was on it is not "missing".
        notes.append(damaged_note(damaged))
    unmapped = sum(p.unmapped for p in pages)
    if unmapped and unmapped > sum(p.glyphs for p in pages):
        raise ReadError(_NO_UNICODE)
    refuse_latin_garbage(pages)
    scanned = [p.number for p in pages if p.picture_only]
    ocr = None
    if scanned:
        # Pages that are only a picture (a scan, or scanned tables between text pages): read
        # their images. The OCR stack is imported here only, text-layer files never load it.
        from core.ocr.pdf_pages import ocr_pdf_pages

        ocr = ocr_pdf_pages(path, data, scanned, ocr_progress(progress))
        pages = [ocr.pages.get(p.number, p) for p in pages]
    doc = document_from_pages(str(path), "pdf", pages, notes)
    doc.ocr = ocr.info if ocr is not None else None
    clock.total += time.perf_counter() - start
    return doc


def document_from_pages(path: str, fmt: Format, pages: list[_Page], notes: list) -> Document:  # type: ignore[type-arg]
    """Pages of positioned glyphs and found tables → Document. The one table pipeline: the
    OCR reader (core/ocr) builds the same pages from page images."""
    _drop_furniture(pages)
    left, right = _margins(pages)
    for page in pages:
        page.items = _layout_page(page, left, right)
    items = _merge_across_pages(pages, right, notes)
    return Document(path, fmt, _blocks(items), page_count=len(pages), notes=notes)


def _read_pages(path: Path, data: bytes | None, progress: Progress | None, clock: PdfTimings) -> list[_Page]:
    deadline = Deadline()
    pdf = _open(path, data, deadline)
    pages: list[_Page] = []
    kept = 0
    try:
        count = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            if progress is not None:
                progress(number - 1, count)
            if deadline.expired():
                raise ReadError(pdf_time_message(deadline.seconds, number - 1, count))
            broken_before = pdf_guard.damaged_streams()
            try:
                pages.append(_read_page(page, number, clock, deadline))
            finally:
                page.close()  # frees the page's parsed objects: memory stays one page deep
            pages[-1].damaged = pdf_guard.damaged_streams() > broken_before
            kept += pages[-1].glyphs
            if kept > limits.MAX_PDF_GLYPHS:
                raise ReadError(content_message(f"前 {number} 页已超过 {limits.MAX_PDF_GLYPHS // 10_000} 万个文字"))
        if progress is not None:
            progress(count, count)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many kinds on broken files
        raise _read_error(exc) from exc
    finally:
        _close(pdf)
    return pages


def _read_error(exc: BaseException) -> ReadError:
    too_large = _find(exc, pdf_guard.PdfTooLarge)
    if too_large is not None:
        return ReadError(_too_large(too_large.what))
    if _is_password_error(exc):
        return ReadError(_ENCRYPTED)
    return ReadError(_BROKEN)


def _too_large(what: str) -> str:
    return (f"这个 PDF 的内容异常庞大（{what}），不像是一份年度报告，已停止读取；"
            "请确认选对了文件，或只把报告所在的页面另存为 PDF 后再检查。")


def _open(path: Path, data: bytes | None = None, deadline: Deadline | None = None):
    import io

    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data) if data is not None else path)
    except Exception as exc:  # noqa: BLE001
        raise _read_error(exc) from exc
    try:
        _load_pages(pdf, deadline)  # walks the page tree, where a wrong password surfaces
    except ReadError:
        _close(pdf)
        raise
    except Exception as exc:  # noqa: BLE001
        _close(pdf)
        raise _read_error(exc) from exc
    return pdf


def _load_pages(pdf, deadline: Deadline | None = None) -> None:  # type: ignore[no-untyped-def]
    """Give pdfplumber its page list, built no further than the page limit. pdfplumber
    builds every page of the tree on first access: a crafted 46 MB file of 300,000 pages
    ran past five minutes before the limit could be checked. The root's /Count is checked
    first; a /Count that lies is caught by walking the tree only up to the limit. A damaged
    file can make each page slow to find (pdfminer rescans the file for a stream whose
    /Length is wrong): the walk keeps to the deadline."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    # pdfplumber's close() walks its page list: it must hold only the pages built here.
    pages: list = []
    pdf._pages = pages  # noqa: SLF001 — pdfplumber's cache of its page list
    try:
        declared = int(resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count")))
    except Exception:  # noqa: BLE001 — a missing or odd /Count: the walk below decides
        declared = None
    if declared is not None and declared > MAX_PAGES:
        raise ReadError(_too_many_pages(declared))
    try:
        from pdfplumber.page import Page
    except ImportError:
        del pdf._pages  # noqa: SLF001 — another pdfplumber: let it build its own list
        if len(pdf.pages) > MAX_PAGES:
            raise ReadError(_too_many_pages(len(pdf.pages))) from None
        return
    doctop = 0.0
    for index, page_obj in enumerate(PDFPage.create_pages(pdf.doc)):
        if index >= MAX_PAGES:
            raise ReadError(_too_many_pages(None))
        if deadline is not None and deadline.expired():
            raise ReadError(pdf_time_message(deadline.seconds, index, None))
        page = Page(pdf, page_obj, page_number=index + 1, initial_doctop=doctop)
        pages.append(page)
        doctop += page.height


def _close(pdf) -> None:  # type: ignore[no-untyped-def]
    """pdfplumber's own close() first drops its page list and then walks the whole page tree
    again to close every page — the walk _load_pages exists to avoid."""
    for page in getattr(pdf, "_pages", None) or []:
        page.close()
    if not getattr(pdf, "stream_is_external", True):
        pdf.stream.close()


def _too_many_pages(count: int | None) -> str:
    has = f"有 {count} 页，" if count is not None else ""
    return (f"这个 PDF {has}超出 {MAX_PAGES} 页的上限；年度报告通常只有几页到几十页，"
            "请确认选对了文件，或只把报告所在的页面另存为 PDF 后再检查。")


def _is_password_error(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    return _find(exc, (PDFPasswordIncorrect, PDFEncryptionError)) is not None


def _find(exc: BaseException, kind):  # type: ignore[no-untyped-def]
    """``exc`` or the exception it wraps (pdfplumber's PdfminerException, causes) of ``kind``."""
    seen: BaseException | None = exc
    for _ in range(20):
        if seen is None:
            return None
        if isinstance(seen, kind):
            return seen
        if type(seen).__name__ in ("PdfminerException",) and seen.args and isinstance(seen.args[0], BaseException):
            seen = seen.args[0]
            continue
        seen = seen.__cause__ or seen.__context__
    return None


def _read_page(page, number: int, clock: PdfTimings, deadline: Deadline | None = None) -> _Page:
    opened: list = []  # a turned view of the page (pdf_turn), closed here
    try:
        return _read_view(page, number, clock, deadline, opened)
    finally:
        for view in opened:
            view.close()


def _read_view(page, number: int, clock: PdfTimings, deadline: Deadline | None, opened: list) -> _Page:  # type: ignore[type-arg]
    t0 = time.perf_counter()
    width, height = float(page.width), float(page.height)
    try:
        pdf_guard.limited_layout(page, deadline)
        turn = text_turn(page.chars)
        if turn:  # sideways text: lay the page out again as a viewer turned to read it
            page = turned_page(page, turn)
            opened.append(page)
            width, height = float(page.width), float(page.height)
            pdf_guard.limited_layout(page, deadline)
    except Exception as exc:  # noqa: BLE001 — pdfminer may wrap what the device raised
        if deadline is not None and _find(exc, pdf_guard.PdfTooSlow) is not None:
            raise ReadError(pdf_time_message(deadline.seconds, number - 1, len(page.pdf.pages))) from exc
        dense = _find(exc, pdf_guard.PageTooDense)
        if dense is None:
            raise
        # A map or a dump appended to the report: skip the page, keep the rest.
        clock.parse += time.perf_counter() - t0
        return _Page(number, width, height, [], [], dense=dense.what)
    chars = page.chars
    borders = border_objects(page)
    t1 = time.perf_counter()
    clock.parse += t1 - t0
    glyphs = glyphs_from_chars(chars, width, height)
    unmapped = sum(1 for ch in chars if ch["text"].startswith("(cid:"))
    out = page_from_glyphs(page, number, width, height, glyphs, borders, clock)
    out.unmapped = unmapped
    # No text at all but a picture: a scanned page (checked last, pdfplumber has the objects).
    out.picture_only = not chars and bool(page.images)
    return out


def page_from_glyphs(page, number: int, width: float, height: float, glyphs: list[Glyph],  # type: ignore[no-untyped-def]
                     borders: list[dict], clock: PdfTimings | None = None) -> _Page:
    """Glyphs and border lines → a page with its ruled tables filled. ``page`` answers
    ``find_tables`` (pdfplumber's page, or the OCR reader's stand-in for an image)."""
    tables: list[_Table] = []
    if glyphs and borders:
        t2 = time.perf_counter()
        ruled = find_ruled_tables(page, borders)
        if clock is not None:
            clock.table_finder += time.perf_counter() - t2
        for table in ruled:
            rest = fill_cells(table, glyphs)
            if is_data_table(table):
                glyphs = rest
                tables.append(_from_ruled(table, number))
            else:
                for cell in table.cells:
                    cell.glyphs.clear()
    return _Page(number, width, height, group_lines(glyphs), tables, glyphs=len(glyphs))


def _from_ruled(table, page: int) -> _Table:
    values = value_columns(table)
    rows: list[list[_Cell]] = []
    bottom: list[_Cell] = []
    seen_number = False
    for grid_row in table.rows():
        row: list[_Cell] = []
        seen_number = seen_number or any(is_number(c.text) for c in grid_row)
        for cell in grid_row:
            in_values = any(c in values for c in range(cell.c0, cell.c1))
            # An empty cell in the label area or the header is layout; an empty value
            # cell of a data row is a blank the report printed. Empty layout cells stay
            # until the tables are merged: a label cut by the page break may fill one.
            out = _Cell(cell.text, cell.bbox, page, label=not in_values, keep_empty=in_values and seen_number)
            row.append(out)
            if cell.r1 == table.nrows:
                bottom.append(out)
        if any(c.text for c in row):
            rows.append(row)
    return _Table(page, table.bbox, rows, True, bottom, [page])


def _from_loose(table: LooseTable, page: int) -> _Table:
    rows = [[_Cell(c.text, c.bbox, page, label=not is_value(c.text)) for c in row] for row in table.rows]
    return _Table(page, table.bbox, rows, False, list(rows[-1]) if rows else [], [page])


# ---------------------------------------------------------------------------------------
# Furniture

def _drop_furniture(pages: list[_Page]) -> None:
    def zone(page: _Page, line: Line) -> str | None:
        if line.bottom <= page.height * _TOP_ZONE:
            return "top"
        if line.top >= page.height * _BOTTOM_ZONE:
            return "bottom"
        return None

    repeated: Counter[tuple[str, str]] = Counter()
    for page in pages:
        keys = {(z, _DIGITS.sub("#", ln.text.replace(" ", ""))) for ln in page.lines if (z := zone(page, ln))}
        repeated.update(keys)
    need = max(2, (len(pages) + 1) // 2)
    for page in pages:
        tops = [t.bbox[1] for t in page.tables]
        bottoms = [t.bbox[3] for t in page.tables]
        first = min([ln.top for ln in page.lines] + tops, default=0.0)
        last = max([ln.bottom for ln in page.lines] + bottoms, default=0.0)
        kept: list[Line] = []
        for ln in page.lines:
            z = zone(page, ln)
            if z is not None:
                text = ln.text.replace("\t", " ").strip()
                extreme = ln.top <= first + 0.5 or ln.bottom >= last - 0.5
                if _PAGE_NUMBER.match(text) and (extreme or z == "bottom"):
                    continue
                if len(pages) >= 2 and repeated[(z, _DIGITS.sub("#", ln.text.replace(" ", "")))] >= need:
                    continue
            kept.append(ln)
        page.lines = kept


# ---------------------------------------------------------------------------------------
# Page layout: text-laid-out tables, paragraphs, reading order

def _margins(pages: list[_Page]) -> tuple[float, float]:
    """The body text's left and right edges (most common among long lines)."""
    lefts: Counter[int] = Counter()
    rights: Counter[int] = Counter()
    for page in pages:
        for ln in page.lines:
            if len(ln.glyphs) >= 10 and len(ln.runs) == 1:
                lefts[round(ln.x0 / 2)] += 1
                rights[round(ln.x1 / 2)] += 1
    left = lefts.most_common(1)[0][0] * 2 if lefts else 0.0
    right = rights.most_common(1)[0][0] * 2 if rights else 1e9
    return float(left), float(right)


def _layout_page(page: _Page, left: float, right: float) -> list[_Para | _Table]:
    # Text-laid-out tables are looked for between the ruled tables: a ruled table ends
    # any region.
    items: list[_Para | _Table] = list(page.tables)
    lines = sorted(page.lines, key=lambda ln: ln.top)
    cuts = sorted(t.bbox[1] for t in page.tables)
    chunks: list[list[Line]] = [[]]
    ci = 0
    for ln in lines:
        while ci < len(cuts) and ln.top >= cuts[ci]:
            chunks.append([])
            ci += 1
        chunks[-1].append(ln)
    first_table = min(cuts, default=1e9)
    for chunk in chunks:
        if not chunk:
            continue
        para: _Para | None = None
        # Lines above everything else on the page may be the rest of a label cut by the
        # page break.
        at_top = chunk is chunks[0] and chunk[0].top < first_table
        for obj in split_regions(chunk, at_top):
            if isinstance(obj, LooseTable):
                items.append(_from_loose(obj, page.number))
                para = None
                continue
            if para is not None and _continues(para.lines[-1], obj, left, right):
                para.lines.append(obj)
                continue
            para = _Para([obj], page.number)
            items.append(para)
    items.sort(key=lambda it: it.top if isinstance(it, _Para) else it.bbox[1])
    return items


def _continues(prev: Line, line: Line, left: float, right: float) -> bool:
    """True when ``line`` is the wrapped rest of the paragraph ending with ``prev``: the
    previous line runs to the right margin, this one starts at the left margin (no
    first-line indent) and does not start a numbered item."""
    size = max(prev.size, line.size)
    if len(prev.runs) != 1 or len(line.runs) != 1:
        return False
    if abs(prev.size - line.size) > 1.5:
        return False
    if line.top - prev.bottom > 1.2 * size:
        return False
    if prev.x1 < right - 1.5 * size or line.x0 > left + 0.6 * size:
        return False
    return not starts_item(line.text)


# ---------------------------------------------------------------------------------------
# Across pages

def _merge_across_pages(pages: list[_Page], right: float, notes: list[str]) -> list[_Para | _Table]:
    out: list[_Para | _Table] = []
    merged_pages: list[tuple[int, int]] = []
    for page in pages:
        items = list(page.items)
        if out and isinstance(out[-1], _Table):
            _drop_repeated_header_lines(out, items)
        if out and items:
            prev, nxt = out[-1], items[0]
            if isinstance(prev, _Table) and isinstance(nxt, _Table) and _same_table(prev, nxt):
                _append_table(prev, nxt)
                merged_pages.append((prev.pages[-1], page.number))
                prev.pages.append(page.number)
                items.pop(0)
            elif isinstance(prev, _Para) and isinstance(nxt, _Para):
                last, first = prev.lines[-1], nxt.lines[0]
                if (len(last.runs) == 1 and len(first.runs) == 1 and last.x1 >= right - 1.5 * last.size
                        and abs(last.size - first.size) <= 1.5 and not starts_item(first.text)
                        and first.x0 <= min(ln.x0 for ln in nxt.lines) + 0.5):
                    prev.lines.extend(nxt.lines)
                    items.pop(0)
        out.extend(items)
    if merged_pages:
        spans = "、".join(f"第{a}–{b}页" for a, b in merged_pages)
        notes.append(Note(f"{spans}的表格跨页，已合并为一个表格。", "routine"))
    return out


def _drop_repeated_header_lines(out: list[_Para | _Table], items: list[_Para | _Table]) -> None:
    """A header repeated on the continuation page of a table without borders partly reads
    as lines of text above the table (its lines without numbers): drop those lines when
    they repeat what stood above or at the top of the previous page's table."""
    table = out[-1]
    assert isinstance(table, _Table)
    seen: set[str] = set()
    for row in _header_rows(table):
        seen.add(_row_key(row))
        seen.update(c.text.replace(" ", "") for c in row if c.text)
    for item in reversed(out[-8:-1]):
        if not isinstance(item, _Para):
            break
        seen.add(item.text().replace(" ", ""))
    k = 0
    while k < len(items) and isinstance(items[k], _Para) and items[k].text().replace(" ", "").replace("\t", "") in {
            t.replace("\t", "") for t in seen}:
        k += 1
    if 0 < k < len(items) and isinstance(items[k], _Table) and _same_table(table, items[k]):
        del items[:k]


def _header_rows(table: _Table) -> list[list[_Cell]]:
    out = []
    for row in table.rows:
        if any(is_number(c.text) for c in row):
            break
        out.append(row)
    return out


def _same_table(a: _Table, b: _Table) -> bool:
    if a.strict != b.strict:
        return False
    if a.strict:
        return abs(a.bbox[0] - b.bbox[0]) < 12 and abs(a.bbox[2] - b.bbox[2]) < 12
    # Loose tables have no frame: compare where their value columns start.
    return abs(_values_x0(a) - _values_x0(b)) < 24


def _values_x0(t: _Table) -> float:
    xs = [c.bbox[0] for row in t.rows for c in row if is_number(c.text)]
    return min(xs) if xs else t.bbox[0]


def _row_key(row: list[_Cell]) -> str:
    return "".join(c.text.replace(" ", "") for c in row)


def _append_table(a: _Table, b: _Table) -> None:
    rows = list(b.rows)
    # The header printed again on the continuation page.
    header = {_row_key(r) for r in _header_rows(a)}
    while rows and _row_key(rows[0]) in header:
        rows.pop(0)
    if rows:
        rows = _join_cut_row(a, rows)
    a.rows.extend(rows)
    a.bbox = (min(a.bbox[0], b.bbox[0]), a.bbox[1], max(a.bbox[2], b.bbox[2]), a.bbox[3])
    a.bottom = b.bottom


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def _join_cut_row(a: _Table, rows: list[list[_Cell]]) -> list[list[_Cell]]:
    """The first row of a continuation page may be the rest of a row cut by the break (a
    label's last lines, or the numbers) or the rest of a merged label cell ("（四）无" |
    "法提供"). Join what continues; keep what starts something new."""
    first = rows[0]
    targets = a.bottom if a.strict else (a.rows[-1] if a.rows else [])
    if not targets:
        return rows
    plan: list[tuple[_Cell, _Cell | None]] = []
    whole_row = True
    # A table without borders: the previous page ended with a label alone, its numbers
    # come with the rest of the label.
    label_only = not a.strict and not any(is_value(t.text) for t in targets)
    for cell in first:
        if not cell.text:
            continue
        target = max(targets, key=lambda t: _overlap(t.bbox, cell.bbox))
        if _overlap(target.bbox, cell.bbox) <= 0:
            target = None
        if is_value(cell.text):
            if label_only:
                target = None
            elif target is None or target.text:
                whole_row = False
            plan.append((cell, target))
            continue
        # Only a numbered label can be cut (captions and headers are complete); a label
        # may also fill the empty top part of its merged cell left on the previous page.
        if target is not None and not target.text and target.label:
            plan.append((cell, target))
        elif target is not None and target.text and starts_item(target.text) and not starts_item(cell.text) \
                and not is_value(target.text):
            plan.append((cell, target))
        else:
            whole_row = False
            plan.append((cell, None))
    if whole_row and plan:
        for cell, target in plan:
            if target is None:
                a.rows[-1].append(cell)
            else:
                target.text = join_lines([target.text, cell.text]) if target.text else cell.text
        return rows[1:]
    # Only merged label cells continue; the row itself is a new one.
    joined = False
    for cell, target in plan:
        if target is not None and not is_value(cell.text) and target.label:
            target.text = join_lines([target.text, cell.text])
            cell.text = ""
            joined = True
    if joined:
        rows[0] = [c for c in first if c.text or c.keep_empty]
    return rows


# ---------------------------------------------------------------------------------------
# Document

def _blocks(items: list[_Para | _Table]) -> list[TextBlock | RawTable]:
    blocks: list[TextBlock | RawTable] = []
    table_index = 0
    for item in items:
        if isinstance(item, _Para):
            text = item.text()
            if text.strip():
                blocks.append(TextBlock(text, Location(page=item.page, bbox=_round(item.bbox()))))
            continue
        rows: list[list[TableCell]] = []
        for row in item.rows:
            kept = [c for c in row if c.text or (c.keep_empty and item.strict)]
            if not any(c.text for c in kept):
                continue
            r = len(rows)
            rows.append([
                TableCell(c.text, Location(page=c.page, bbox=_round(c.bbox), table=table_index, row=r, col=i))
                for i, c in enumerate(kept)
            ])
        if not rows:
            continue
        blocks.append(RawTable(rows, Location(page=item.page, bbox=_round(item.bbox), table=table_index), strict=item.strict))
        table_index += 1
    return blocks


def _round(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(b[0], 1), round(b[1], 1), round(b[2], 1), round(b[3], 1))
