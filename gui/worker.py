"""Reading a file off the UI thread. The task never touches a widget: it emits the report,
then the page images of a PDF, and the window swaps them in on the UI thread. Each load
carries a number; results of a cancelled or superseded load are ignored by the window."""

from __future__ import annotations

import importlib
import threading

from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtGui import QImage

from core.check import check_file
from core.model import Report
from core.readers import Cancelled
from core.limits import ProgressKinds

# pdfium is not thread-safe; two loads may overlap when the user opens files quickly.
_PDFIUM_LOCK = threading.Lock()
RENDER_SCALE = 2.0  # pixels per PDF point (144 dpi): sharp at the zoom a page fits the pane
LONG_DOCUMENT_PAGES = 30  # beyond this, pages render smaller: ~6 MB per A4 page at 2.0 adds up
LONG_DOCUMENT_SCALE = 1.25
MAX_PAGE_PIXELS = 8_000_000  # ~32 MB a page image; an A3 page at RENDER_SCALE is 4 million


# Modules the engine imports lazily. They are imported here, on the UI thread, before the
# first load: a module first imported inside a worker thread can crash PySide6's import
# hook (shibokensupport feature check: "none_dealloc"), seen with charset_normalizer.
_ENGINE_MODULES = (
    "core.check", "core.extract", "core.extract.meta", "itertools", "zipfile",
    "core.readers.txt", "core.readers.pdf", "core.readers.docx", "core.readers.xlsx", "core.readers.html",
    "pypdfium2",
)
_preloaded = False


def preload_engine() -> None:
    """Import every reader now (≈0.3 s once); missing optional readers are skipped."""
    global _preloaded
    if _preloaded:
        return
    for name in _ENGINE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    _preloaded = True


class LoadSignals(QObject):
    loaded = Signal(int, object)  # load number, Report
    progress = Signal(int, int, int)  # load number, pages read, pages in all (PDF)
    recognising = Signal(int, int, int)  # load number, pages (pictures) recognised by OCR, in all
    pages = Signal(int, object)  # load number, list[(width, height)] in PDF points
    page_image = Signal(int, int, QImage, float)  # load number, 0-based page, image, scale
    finished = Signal(int)


class LoadTask(QRunnable):
    def __init__(self, number: int, path: str) -> None:
        super().__init__()
        self.number = number
        self.path = path
        self.signals = LoadSignals()
        self.cancelled = threading.Event()

    def run(self) -> None:
        try:
            report = check_file(self.path, ProgressKinds(self._progress, self._recognising))
            if self.cancelled.is_set():
                return
            self.signals.loaded.emit(self.number, report)
            if report.format == "pdf" and report.status != "unreadable":
                self._render(report)
        finally:
            self.signals.finished.emit(self.number)

    def _progress(self, done: int, total: int) -> None:
        """Between the pages of a PDF: a cancelled load stops reading here instead of
        finishing a long file nobody will look at."""
        if self.cancelled.is_set():
            raise Cancelled()
        self.signals.progress.emit(self.number, done, total)

    def _recognising(self, done: int, total: int) -> None:
        """Between the pages of a scan (or the pictures of a document), seconds apart."""
        if self.cancelled.is_set():
            raise Cancelled()
        self.signals.recognising.emit(self.number, done, total)

    def _render(self, report: Report) -> None:
        try:
            import pypdfium2 as pdfium
        except ImportError:
            return
        with _PDFIUM_LOCK:
            try:
                pdf = pdfium.PdfDocument(self.path)
            except Exception:  # noqa: BLE001 — the tables are already shown; no page view is a lesser loss
                return
            try:
                sizes = [tuple(pdf[i].get_size()) for i in range(len(pdf))]
                self.signals.pages.emit(self.number, sizes)
                scale = RENDER_SCALE if len(pdf) <= LONG_DOCUMENT_PAGES else LONG_DOCUMENT_SCALE
                for i in range(len(pdf)):
                    if self.cancelled.is_set():
                        return
                    page_scale = fitting_scale(sizes[i], scale)
                    self.signals.page_image.emit(self.number, i, render_page(pdf[i], page_scale), page_scale)
            finally:
                pdf.close()


def fitting_scale(size: tuple[float, float], scale: float) -> float:
    """``scale``, lowered for a page so large that its image would pass MAX_PAGE_PIXELS: a
    crafted 200-inch page rendered at 2.0 asked for 5.8 GB."""
    area = max(size[0], 1.0) * max(size[1], 1.0)
    return min(scale, (MAX_PAGE_PIXELS / area) ** 0.5 * 0.99)  # pdfium rounds the pixel size up


def render_page(page, scale: float) -> QImage:  # type: ignore[no-untyped-def]
    bitmap = page.render(scale=scale, rev_byteorder=True)
    fmt = {"RGB": QImage.Format.Format_RGB888, "RGBA": QImage.Format.Format_RGBA8888,
           "RGBX": QImage.Format.Format_RGBX8888, "L": QImage.Format.Format_Grayscale8}.get(bitmap.mode,
                                                                                           QImage.Format.Format_RGB888)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt)
    return image.copy()  # own the pixels: the pdfium buffer is freed with the bitmap


class CheckSignals(QObject):
    checked = Signal(int, object)  # request number, Report


class CheckTask(QRunnable):
    """Check a file without showing it (last year's report to compare with): the report
    without its document, which the window never displays."""

    def __init__(self, number: int, path: str) -> None:
        super().__init__()
        self.number = number
        self.path = path
        self.signals = CheckSignals()

    def run(self) -> None:
        report = check_file(self.path)
        report.document = None
        self.signals.checked.emit(self.number, report)
