"""Opening a PDF with pdfplumber within the limits: the page tree walked no further than
``MAX_PAGES``, a password or a broken file turned into a clear message."""

from __future__ import annotations

from pathlib import Path

from core.document import ReadError
from core.limits import Deadline, pdf_time_message
from core.producers.pdf import guard

# No annual report comes near this; a 2,000-page PDF is a wrong file and would take minutes.
MAX_PAGES = 200
# A page with more glyphs than guard.MAX_GLYPHS_PER_PAGE (or paths) is a drawing or a
# dump, not a report page: its layout stops at the limit and the page is skipped, so one
# pathological page cannot take the memory of the whole run.
guard.install()

ENCRYPTED = "这个 PDF 设置了打开密码，无法读取；请向发文单位索取未加密的版本，或用 PDF 阅读器输入密码打开后另存为不加密的 PDF 再检查。"
NO_UNICODE = "这个 PDF 的文字无法提取（字体缺少编码信息，复制出来是乱码）；请向发文单位索取 Word 原件或可复制文字的 PDF。"
BROKEN = "这个 PDF 文件已损坏或不完整（可能没有下载完），无法读取；请重新下载，或向发文单位索取原件。"


def read_error(exc: BaseException) -> ReadError:
    huge = find_cause(exc, guard.PdfTooLarge)
    if huge is not None:
        return ReadError(too_large(huge.what))
    if _is_password_error(exc):
        return ReadError(ENCRYPTED)
    return ReadError(BROKEN)


def too_large(what: str) -> str:
    return (f"这个 PDF 的内容异常庞大（{what}），不像是一份年度报告，已停止读取；"
            "请确认选对了文件，或只把报告所在的页面另存为 PDF 后再检查。")


def open_pdf(path: Path, data: bytes | None = None, deadline: Deadline | None = None):
    import io

    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data) if data is not None else path)
    except Exception as exc:  # noqa: BLE001
        raise read_error(exc) from exc
    try:
        _load_pages(pdf, deadline)  # walks the page tree, where a wrong password surfaces
    except ReadError:
        close_pdf(pdf)
        raise
    except Exception as exc:  # noqa: BLE001
        close_pdf(pdf)
        raise read_error(exc) from exc
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


def close_pdf(pdf) -> None:  # type: ignore[no-untyped-def]
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

    return find_cause(exc, (PDFPasswordIncorrect, PDFEncryptionError)) is not None


def find_cause(exc: BaseException, kind):  # type: ignore[no-untyped-def]
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
