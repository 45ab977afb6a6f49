"""The intermediate document every reader produces.

A reader turns a file into text blocks and raw tables in reading order, each tied to
where it came from. Extraction never looks at the file again, so a new format only needs
a new reader. ``source_text`` is what the window shows beside the grid for non-PDF
formats; every block and cell knows its character span in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from core.ocr_record import OcrInfo

# "image": PNG/JPEG/TIFF/BMP files, read by OCR (core/producers/ocr). "doc": Word 97–2003 and
# WPS 文字 binary files (.doc/.wps); "xls": Excel 97–2003 and WPS 表格 binary workbooks
# (.xls/.et); "ofd": GB/T 33190 fixed-layout files (core/producers/ofd).
# "draft": a new year's report being written (core/draft), checked as the report it will become.
Format = Literal["pdf", "docx", "xlsx", "html", "txt", "image", "doc", "xls", "ofd", "draft"]


@dataclass
class Location:
    """Where a piece of text sits in the source document. Only the fields that make
    sense for the format are set."""

    page: int | None = None  # 1-based PDF page
    bbox: tuple[float, float, float, float] | None = None  # PDF points: x0, top, x1, bottom
    line: int | None = None  # 1-based line of a text file
    start: int | None = None  # character span in Document.source_text
    end: int | None = None
    sheet: str | None = None  # XLSX sheet name
    cell: str | None = None  # XLSX cell reference, e.g. "B5"
    table: int | None = None  # 0-based table index in a DOCX/HTML/PDF
    row: int | None = None  # 0-based row inside that table
    col: int | None = None  # 0-based column inside that table
    paragraph: int | None = None  # 0-based paragraph index in a DOCX
    # DOCX table cell as the XML numbers it: (w:tbl among all tables of the body in document
    # order, nested ones included; w:tr in that table; w:tc in that row, covered merge cells
    # included). ``table``/``row``/``col`` number what the reader emitted, which skips layout
    # tables and empty rows; the Word write-back needs the element itself.
    docx_cell: tuple[int, int, int] | None = None
    # DOCX paragraph as the XML numbers it: its index among every w:p of the body in document
    # order (those in tables, content controls and text boxes included), so the Word
    # write-back can find the paragraph a sentence was read from.
    docx_paragraph: int | None = None

    def describe(self) -> str:
        """A short Chinese description a clerk can use to find the spot."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”")
        if self.cell is not None:
            parts.append(f"单元格{self.cell}")
        if self.table is not None and self.cell is None:
            parts.append(f"第{self.table + 1}个表格")
            if self.row is not None:
                parts.append(f"第{self.row + 1}行")
            if self.col is not None:
                parts.append(f"第{self.col + 1}列")
        if self.paragraph is not None and self.table is None:
            parts.append(f"第{self.paragraph + 1}段")
        if self.line is not None and self.page is None:
            parts.append(f"第{self.line}行")
        return "".join(parts) or "原文"

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class TextBlock:
    """A paragraph or a line of running text (headings, prose, a text-laid-out table row)."""

    text: str
    loc: Location = field(default_factory=Location)


@dataclass
class TableCell:
    text: str
    loc: Location = field(default_factory=Location)


@dataclass
class RawTable:
    """A table as the reader found it: rows of cells, merged cells already expanded so that a
    merged label appears once (in its first row/column) and the covered cells are absent."""

    rows: list[list[TableCell]]
    loc: Location = field(default_factory=Location)
    # True when every cell is a real cell (HTML/DOCX/XLSX, ruled PDF tables): an empty cell
    # is then a blank the report printed. False for tables rebuilt from text (tabs, pipes,
    # word positions), where an empty piece may just be layout and is ignored.
    strict: bool = True


Block = TextBlock | RawTable

# What a reader's remark means for the result: data the reader could not take in (a page
# skipped, formulas without values read as blank) is a warning; how it read something
# unusual (an encoding mix decoded piecewise) is information; routine work ("表格跨页，已合并")
# is not shown at all.
NoteKind = Literal["data_lost", "informative", "routine"]


class Note(str):
    """A reader's remark: its Chinese text (it is a ``str``, so ``"跨页" in note`` works) and
    its ``kind``. A plain ``str`` in ``Document.notes`` counts as ``informative``."""

    kind: NoteKind

    def __new__(cls, text: str, kind: NoteKind = "informative") -> "Note":
        note = super().__new__(cls, text)
        note.kind = kind
        return note

    def __getnewargs__(self) -> tuple[str, NoteKind]:  # type: ignore[override]
        return (str(self), self.kind)


def note_kind(note: str) -> NoteKind:
    return note.kind if isinstance(note, Note) else "informative"


@dataclass
class Document:
    path: str
    format: Format
    blocks: list[Block]
    source_text: str = ""
    page_count: int | None = None
    # Reader remarks, each with its kind (Note): X-READ makes a warning of data lost, an
    # info of an informative note, and nothing of routine ones.
    notes: list[str] = field(default_factory=list)
    # Pages (or pictures) whose text was read by OCR, with their images and confidences;
    # None when every value came from a text layer.
    ocr: "OcrInfo | None" = None
    # Scanned PDF pages read from the scanner's own OCR, a text layer no one sees
    # (core/producers/pdf/hidden.py); core/hidden_layer.py may read them again by our OCR.
    hidden_layer: list[int] = field(default_factory=list)

    def finalize(self) -> "Document":
        """Render ``source_text`` from the blocks where the reader did not supply one, and
        give every block and cell its character span in it. Tables render one row a line,
        cells separated by a tab, which is also how the source pane shows them."""
        if self.source_text:
            return self
        parts: list[str] = []
        pos = 0

        def put(text: str, loc: Location) -> None:
            nonlocal pos
            if loc.start is None:
                loc.start, loc.end = pos, pos + len(text)
            parts.append(text)
            pos += len(text)

        for block in self.blocks:
            if isinstance(block, TextBlock):
                put(block.text, block.loc)
                parts.append("\n")
                pos += 1
            else:
                table_start = pos
                for row in block.rows:
                    for i, cell in enumerate(row):
                        if i:
                            parts.append("\t")
                            pos += 1
                        put(cell.text.replace("\n", " "), cell.loc)
                    parts.append("\n")
                    pos += 1
                if block.loc.start is None:
                    block.loc.start, block.loc.end = table_start, pos
                parts.append("\n")
                pos += 1
        self.source_text = "".join(parts)
        return self

    @property
    def has_text(self) -> bool:
        for block in self.blocks:
            if isinstance(block, TextBlock):
                if block.text.strip():
                    return True
            elif any(cell.text.strip() for row in block.rows for cell in row):
                return True
        return False


class ReadError(Exception):
    """The file cannot be read. ``message`` is one Chinese sentence saying what is wrong and
    what the user can do about it; it is shown as is in the window and the CLI."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
