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

import re
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from core.document import Document, Location, Note, ReadError, TextBlock
from core.readers.mhtml import html_part, looks_mhtml
from core.readers.cells import PROSE_CELL_CHARS, BlockSink, cell_text, line_text
from core.readers.encoding import decode_html, declared_charset
from core.readers.html_grid import Placed, place_cells
from core.readers.html_pictures import LocalPictures
from core.limits import MAX_HTML_TAGS, Progress, check_tags

if TYPE_CHECKING:
    from core.ocr_record import OcrInfo

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
_SECTION_TAGS = ("thead", "tbody", "tfoot")
# Tables inside tables inside tables: past this depth the markup is junk, read as text.
_MAX_TABLE_DEPTH = 20

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
    if looks_mhtml(data):
        pictures.keep_archived(data)
        data, declared = html_part(data)
        notes.append(Note("网页存档（MHTML）：已读取其中的网页正文。", "routine"))
    else:
        declared = declared_charset(data)
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
        placed = place_cells(rows)
        segment: list[list[Placed]] = []
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

    def emit_table(self, rows: list[list[Placed]]) -> None:  # type: ignore[override]
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
