"""How much a file may hold before the readers stop: a wrong or crafted file must cost seconds
and a few hundred MB, never minutes and gigabytes.

The real reports we have seen hold at most ~400 text blocks and table cells and ~10,000
characters; the limits below are fifty to two hundred times that. Extraction time grows with
the number of blocks (about 0.1 ms each), so the block limit also bounds the time after
reading. Every limit has its own message that says what to do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from core.document import Document, RawTable, ReadError, TextBlock

# Text blocks plus table cells in one document.
MAX_ITEMS = 20_000
# Characters of text in one document (blocks and cells).
MAX_TEXT_CHARS = 2_000_000
# Markup tags in one web page, counted on the raw bytes before any parsing.
MAX_HTML_TAGS = 200_000
# Markup tags in one XML part of a DOCX/XLSX, counted before parsing.
MAX_XML_TAGS = 1_000_000
# Glyphs kept from all pages of one PDF. The reader keeps every page's glyphs until the
# layout of the whole document is known (headers, margins, tables across pages), about
# 250 bytes each: a 200-page file of dense pages grew by 24 MB a page. A long real report
# has 20,000–50,000 characters; half a million bounds the read at ~130 MB.
MAX_PDF_GLYPHS = 500_000
# Wall-clock time for reading one file page by page (PDF); other formats are bounded by size.
READ_TIME_LIMIT_S = 60.0

# progress(done, total): called between pages; it may raise ``Cancelled`` to stop the read.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ProgressKinds:
    """A progress that tells pages read from a text layer apart from pages (or pictures)
    recognised by OCR, seconds each: the window says 正在识别 instead of 正在读取, the batch
    gives a scan that is making progress more time. Called as a plain ``Progress`` it is the
    text-layer one; the OCR readers take theirs through ``ocr_progress``."""

    read: Progress
    ocr: Progress

    def __call__(self, done: int, total: int) -> None:
        self.read(done, total)


def ocr_progress(progress: Progress | None) -> Progress | None:
    """The callable the OCR readers report through: ``progress`` itself unless it tells the
    kinds apart."""
    return progress.ocr if isinstance(progress, ProgressKinds) else progress


class Cancelled(ReadError):
    """The user (or the batch) stopped the read. Raised from a progress callback."""

    def __init__(self) -> None:
        super().__init__("已取消读取。")


def content_message(detail: str) -> str:
    return (f"文件内容过多（{detail}），不像是一份年度报告，已停止读取；"
            "请确认选对了文件，或把年度报告部分单独另存为一个文件后再检查。")


def _too_many_items() -> ReadError:
    return ReadError(content_message(f"超过 {MAX_ITEMS // 10_000} 万段文字和表格单元格"))


def _too_many_chars() -> ReadError:
    return ReadError(content_message(f"超过 {MAX_TEXT_CHARS // 10_000} 万字"))


class Budget:
    """Counts what a reader emits, so a walker stops at the limit instead of building a
    million blocks first."""

    def __init__(self) -> None:
        self.items = 0
        self.chars = 0

    def add(self, text: str, items: int = 1) -> None:
        self.items += items
        self.chars += len(text)
        if self.items > MAX_ITEMS:
            raise _too_many_items()
        if self.chars > MAX_TEXT_CHARS:
            raise _too_many_chars()


def check_document(doc: Document) -> None:
    """The same limits on a finished document, for readers that do not count as they go."""
    budget = Budget()
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            budget.add(block.text)
        else:
            assert isinstance(block, RawTable)
            for row in block.rows:
                budget.add("".join(cell.text for cell in row), items=len(row))


def check_tags(count: int, limit: int, kind: str) -> None:
    if count > limit:
        raise ReadError(content_message(f"约 {count // 10_000} 万个{kind}标记，上限 {limit // 10_000} 万个"))


class Deadline:
    """Wall-clock limit for a read that goes page by page."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = READ_TIME_LIMIT_S if seconds is None else seconds
        self.start = time.monotonic()

    def expired(self) -> bool:
        return time.monotonic() - self.start > self.seconds


def pdf_time_message(seconds: float, done: int, total: int | None) -> str:
    where = f"已读 {done}/{total} 页" if total is not None else f"找到 {done} 页后文件结构仍难以解析"
    return (f"这个 PDF 读了 {seconds:.0f} 秒仍未读完（{where}），已停止；"
            "年度报告通常只有几页到几十页，请确认选对了文件，或只把报告所在的页面另存为 PDF 后再检查。")
