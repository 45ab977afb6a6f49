"""Web pages: reports published on government sites, saved by a browser (HTML or MHTML), or
scraped into a .txt that still holds the markup.

Paragraphs, headings and lines broken by ``<br>`` become text blocks; every ``<table>``
becomes a raw table laid out on its grid, so a ``rowspan``/``colspan`` label appears once, in
its first row and column, and the cells it covers are absent. Page chrome (scripts, styles,
navigation, forms' controls, hidden elements) is skipped. A table used for page layout — a
cell that holds another table or a page of prose — is not a data table: its cells are read
as running content, so the report tables inside come out as tables of their own.
"""

from __future__ import annotations

import codecs
import email
import re
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from typing import TYPE_CHECKING

from lxml import etree

from core.document import Document, Location, Note, ReadError, TextBlock
from core.readers.cells import PROSE_CELL_CHARS, BlockSink, cell_text, line_text, span
from core.readers.encoding import decode_bytes
from core.readers import mhtml
from core.readers.html_pictures import LocalPictures
from core.readers.limits import MAX_HTML_TAGS, Progress, check_tags

if TYPE_CHECKING:
    from core.ocr.model import OcrInfo

_SKIP = frozenset({
    "head", "script", "style", "noscript", "template", "nav", "aside", "menu", "select", "option",
    "button", "input", "textarea", "iframe", "frame", "frameset", "object", "embed", "svg", "math",
    "canvas", "map", "audio", "video", "xmp", "plaintext",
})
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "section", "article", "center", "address", "header", "footer", "main", "figure",
    "figcaption", "hr", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "body", "html",
    "form", "fieldset", "legend", "details", "summary",
})
_CELL_TAGS = ("td", "th")
_SECTION_TAGS = ("thead", "tbody", "tfoot")
# Tables inside tables inside tables: past this depth the markup is junk, read as text.
_MAX_TABLE_DEPTH = 20

_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)""", re.I)
_XML_DECL = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-z0-9_\-:.]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_VISIBLE = re.compile(r"\S")
# Saved pages embed images as base64 in the markup ("网页，单个文件"): megabytes the reader
# never looks at, dropped before the text is decoded and parsed.
_DATA_URI = re.compile(rb"data:[a-zA-Z/+.-]{0,40};base64,[A-Za-z0-9+/=\s]{256,}")
_SOURCE_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def read_html(path: Path, data: bytes | None = None, progress: Progress | None = None) -> Document:
    """``progress`` reports the OCR of table pictures saved beside the page (html_pictures)."""
    if data is None:
        data = path.read_bytes()
    notes: list[str] = []
    pictures = LocalPictures(path)
    if _looks_mhtml(data):
        pictures.keep_archived(data)
        data, declared = _mhtml_html_part(data)
        notes.append(Note("网页存档（MHTML）：已读取其中的网页正文。", "routine"))
    else:
        declared = _declared_charset(data)
    # Counted on the bytes, before the tree is built: a page of a million paragraphs would
    # otherwise cost most of a gigabyte before the block limit could stop it.
    check_tags(data.count(b"<"), MAX_HTML_TAGS, "网页")
    if b"base64," in data:
        data = _DATA_URI.sub(pictures.keep_inline, data)
    text = [decode_html(data, declared, notes, refuse_garbled=True)]
    del data  # a large page: keep one copy of it alive at a time
    root = _parse(text.pop())  # handed over: _parse drops it once fed
    walker = _Walker(pictures)
    walker.read(root, progress)
    return Document(str(path), "html", walker.blocks, notes=notes, ocr=walker.ocr)


# ---------------------------------------------------------------------------------------
# Bytes → text

def decode_html(data: bytes, declared: str | None = None, notes: list[str] | None = None,
                refuse_garbled: bool = False) -> str:
    """A BOM wins; then valid UTF-8 (browsers re-save pages as UTF-8 but often leave the old
    ``charset=gb2312`` in the page); then a UTF-8/GBK mix; then the declared charset; then
    detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, refuse_garbled=refuse_garbled)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return decode_bytes(data, _usable_charset(declared), notes, refuse_garbled)


def _declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _usable_charset(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def _looks_mhtml(data: bytes) -> bool:
    head = data[:4096].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def _mhtml_html_part(data: bytes) -> tuple[bytes, str | None]:
    """The page inside a web archive. The parts are found by their boundary and only the
    HTML part is parsed as a message: the images beside it can be tens of MB, which the
    email parser would otherwise copy several times over."""
    part = _html_part_bytes(data)
    message = email.message_from_bytes(part if part is not None else data)
    for sub in message.walk():
        if isinstance(sub, Message) and sub.get_content_type() == "text/html":
            payload = sub.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, sub.get_content_charset() or _declared_charset(payload)
    raise ReadError("这个网页存档（MHTML）里没有网页正文；请在浏览器中打开原网页，另存为“网页，仅 HTML”后再检查。")


def _html_part_bytes(data: bytes) -> bytes | None:
    """The first text/html part of a flat multipart archive, headers included; None when
    the archive is not shaped that way (the caller then parses the whole message)."""
    for head, body, stop in mhtml.parts(data):
        if b"text/html" in data[head:body].lower():
            return data[head:stop]
    return None


def _parse(text: str) -> etree._Element:
    """The tree of ``text``. The caller must not keep ``text``: it is dropped once encoded,
    so a large page is not held three times over."""
    # Control characters other than tab and newlines are not allowed in the tree (sub
    # returns the same string when there is none: no copy).
    text = _CONTROL.sub("", text)
    if not _VISIBLE.search(text):
        raise ReadError("网页文件中没有内容；请确认网页已完整保存。")
    # Plain lxml elements (not lxml.html's): the per-element class lookup costs a third of
    # the time on a large page.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    encoded = text.encode("utf-8", "replace")
    del text
    try:
        root = etree.fromstring(encoded, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError("网页内容无法解析；请在浏览器中打开后另存为网页或 PDF 再检查。") from exc
    if root is None:
        raise ReadError("网页文件中没有内容；请确认网页已完整保存。")
    return root


# ---------------------------------------------------------------------------------------
# Tree → blocks

@dataclass
class _Placed:
    row: int
    col: int
    element: etree._Element


class _Walker(BlockSink):
    def __init__(self, pictures: LocalPictures | None = None) -> None:
        super().__init__()
        self._buf: list[str] = []
        self.pictures = pictures
        self.ocr: OcrInfo | None = None

    def read(self, root: etree._Element, progress: Progress | None = None) -> None:
        title = root.find(".//title")
        title_text = cell_text(_all_text(title)) if title is not None else ""
        body = root.find("body")
        self.flow(body if body is not None else root, 0)
        self.flush()
        if self.pictures is not None:
            self.ocr = self.pictures.place(self.blocks, progress)
        # Pages whose body lacks the report title still name it in <title>; a site name
        # after a separator is not part of it.
        if title_text and "报告" in title_text:
            title_text = re.split(r"\s*[_|｜]\s*|\s+-\s+", title_text)[0].strip()
            first = [b.text for b in self.blocks[:8] if isinstance(b, TextBlock)]
            if title_text and not any(title_text in text for text in first):
                self.blocks.insert(0, TextBlock(title_text, Location()))

    # Running content ------------------------------------------------------------------

    def flow(self, element: etree._Element, depth: int) -> None:
        walk = etree.iterwalk(element, events=("start", "end"))
        for event, el in walk:
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                if el is not element and (tag in _SKIP or _hidden(el) or not tag):
                    walk.skip_subtree()
                    continue
                if tag == "table" and el is not element:
                    self.flush()
                    if depth < _MAX_TABLE_DEPTH:
                        self.table(el, depth + 1)
                    else:
                        self.put(_all_text(el))
                        self.flush()
                    walk.skip_subtree()
                    continue
                if tag == "br" or tag in _BLOCK:
                    self.flush()
                if tag == "img" and self.pictures is not None:
                    self.picture(el.get("src"))
                if el.text and tag != "table":
                    self.put(el.text)
            else:
                if tag in _BLOCK or tag == "table":
                    self.flush()
                if el is not element and el.tail:
                    self.put(el.tail)

    def picture(self, src: str | None) -> None:
        data = self.pictures.offer(src) if self.pictures is not None else None
        if data is not None:  # a table picture stands between the text before and after it
            self.flush()
            self.pictures.found.append((len(self.blocks), data))  # type: ignore[union-attr]

    def put(self, raw: str) -> None:
        self._buf.append(raw)

    def flush(self) -> None:
        if not self._buf:
            return
        text = line_text(_SOURCE_SPACE.sub(" ", "".join(self._buf)))
        self._buf.clear()
        if text:
            self.budget.add(text)
            self.blocks.append(TextBlock(text, Location(paragraph=self.paragraphs)))
            self.paragraphs += 1

    # Tables ---------------------------------------------------------------------------

    def table(self, table: etree._Element, depth: int) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.put(_all_text(caption))
            self.flush()
        rows = _own_rows(table)
        placed = _place(rows)
        segment: list[list[_Placed]] = []
        for r, row in enumerate(rows):
            cells = placed[r]
            if any(_is_container(p.element) for p in cells):
                self.emit_table(segment)
                segment = []
                for p in cells:
                    self.flow(p.element, depth)
                    self.flush()
                continue
            segment.append(cells)
        self.emit_table(segment)

    def emit_table(self, rows: list[list[_Placed]]) -> None:  # type: ignore[override]
        super().emit_table([[(p.col, _cell_text(p.element)) for p in cells] for cells in rows])


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true" and el.tag in ("span", "div"):
        return True
    if (el.get("role") or "").lower() == "navigation":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _all_text(el: etree._Element) -> str:
    return "".join(el.itertext())


def _own_rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in _SECTION_TAGS:
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def _is_container(cell: etree._Element) -> bool:
    """A cell that holds a table, a page of prose or only a picture (a scanned table centred
    by a one-cell table) makes its row page layout."""
    for el in cell.iterdescendants("table"):
        return True
    for el in cell.iterdescendants("img"):
        if not cell_text(_all_text(cell)):
            return True
        break
    text = _all_text(cell)
    return len(text) > PROSE_CELL_CHARS and len(cell_text(text)) > PROSE_CELL_CHARS


def _cell_text(cell: etree._Element) -> str:
    parts: list[str] = []
    walk = etree.iterwalk(cell, events=("start", "end"))
    for event, el in walk:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if el is not cell and (tag in _SKIP or _hidden(el) or not tag):
                walk.skip_subtree()
                continue
            if tag == "br" or (tag in _BLOCK and el is not cell):
                parts.append(" ")
            if el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCK and el is not cell:
                parts.append(" ")
            if el is not cell and el.tail:
                parts.append(el.tail)
    return cell_text("".join(parts))


def _place(rows: list[etree._Element]) -> list[list[_Placed]]:
    """Lay the cells on the table grid the way a browser does, with one repair: hand-made
    pages often repeat an empty cell where a rowspan already covers the slot, which would
    push the row's real cells one column to the right."""
    specs: list[list[tuple[etree._Element, int, int]]] = []
    for row in rows:
        cells = []
        for cell in row:
            if cell.tag in _CELL_TAGS:
                cells.append((cell, max(1, span(cell.get("colspan"))), span(cell.get("rowspan"))))
        specs.append(cells)
    width = max((sum(cs for _, cs, _ in cells) for cells in specs), default=0)
    n_rows = len(rows)
    busy: list[int] = []  # busy[col] = first row index no longer covered by a rowspan
    placed: list[list[_Placed]] = []
    for r, cells in enumerate(specs):
        layout = _layout_standard(cells, busy, r)
        if layout and layout[-1][1] + layout[-1][2] > width:
            trial = busy[:]
            repaired = _layout_repaired(cells, trial, r, width)
            if repaired is not None:
                layout, busy[:] = repaired, trial
        row_out: list[_Placed] = []
        for cell, col, cs, rs in layout:
            # rowspan="0" means "to the end of the table".
            end = n_rows if rs == 0 else min(n_rows, r + max(rs, 1))
            need = col + cs
            if len(busy) < need:
                busy.extend([0] * (need - len(busy)))
            for c in range(col, col + cs):
                busy[c] = max(busy[c], end) if end > r + 1 else busy[c]
            row_out.append(_Placed(r, col, cell))
        placed.append(row_out)
    return placed


def _covered(busy: list[int], col: int, r: int) -> bool:
    return col < len(busy) and busy[col] > r


def _layout_standard(cells: list[tuple[etree._Element, int, int]], busy: list[int], r: int) -> list[tuple[etree._Element, int, int, int]]:
    out = []
    c = 0
    for cell, cs, rs in cells:
        while _covered(busy, c, r):
            c += 1
        out.append((cell, c, cs, rs))
        c += cs
    return out


def _layout_repaired(cells: list[tuple[etree._Element, int, int]], busy: list[int], r: int, width: int) -> list[tuple[etree._Element, int, int, int]] | None:
    """Empty cells that land on a covered slot are taken as stand-ins for it and dropped.
    When the row alone fills the whole width, the rowspan above was drawn too long and the
    row's own cells win."""
    full_row = sum(cs for _, cs, _ in cells) >= width
    out = []
    c = 0
    for cell, cs, rs in cells:
        if _covered(busy, c, r):
            if not cell_text(_all_text(cell)):
                c += 1
                continue
            if not full_row:
                while _covered(busy, c, r):
                    c += 1
            else:
                for k in range(c, min(c + cs, len(busy))):
                    busy[k] = r
        out.append((cell, c, cs, rs))
        c += cs
    if out and out[-1][1] + out[-1][2] > width:
        return None
    return out
