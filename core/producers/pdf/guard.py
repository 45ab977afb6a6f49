"""Bounds on what pdfminer may decode and build for one PDF.

pdfminer inflates every Flate stream with ``zlib.decompress``, unbounded, and retries a
stream with a bad checksum one byte at a time, copying its output at every byte: a 100 KB
crafted file asks for gigabytes, or for hours (measured: a 98 KB PDF ran past 30 s and
never finished). Its layout device then builds an object for every glyph and path
drawn — a 1 KB content stream can draw a million glyphs.

``install()`` puts bounded versions of the two zlib calls into pdfminer's stream module (the
only place it inflates streams); ``LimitedAggregator`` stops laying out a page at a glyph or
path limit (``PageTooDense``). The reader turns both into a message.
"""

from __future__ import annotations

import threading
import zlib
from typing import Any

# One decoded stream: a full embedded CJK font is ~20 MB; content streams are KBs.
MAX_STREAM_BYTES = 64 * 1024 * 1024
# All streams decoded while reading one file (pdfminer caches decoded streams per document).
MAX_TOTAL_BYTES = 256 * 1024 * 1024
# Glyphs and paths laid out on one page; a dense report page has ~3,000 glyphs and a ruled
# table a few hundred lines.
MAX_GLYPHS_PER_PAGE = 60_000
MAX_PATHS_PER_PAGE = 50_000
# Content run for one page (its own streams and every form it draws, each time): real pages
# run 5-45 KB.
MAX_PAGE_CONTENT = 2 * 1024 * 1024


class PdfTooLarge(Exception):
    """A stream asks for more than the limits: the file is refused."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what  # Chinese, for the message


class PageTooDense(PdfTooLarge):
    """One page draws more than the limits: that page is skipped (a map or a dump
    appended to a report should not cost the report)."""


_state = threading.local()


class budget:
    """Context manager: the total-bytes budget for one read, in this thread."""

    def __enter__(self) -> "budget":
        _state.left = MAX_TOTAL_BYTES
        return self

    def __exit__(self, *exc: object) -> None:
        _state.left = None


def damaged_streams() -> int:
    """Streams that failed to inflate in this thread so far (pdfminer reads them as empty)."""
    return getattr(_state, "damaged", 0)


def _spend(n: int) -> None:
    left = getattr(_state, "left", None)
    if left is None:
        return
    left -= n
    _state.left = left
    if left < 0:
        raise PdfTooLarge(f"解压后的内容超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB")


def _too_big() -> PdfTooLarge:
    return PdfTooLarge(f"其中一段压缩数据解压后超过 {MAX_STREAM_BYTES // (1024 * 1024)} MB")


def bounded_decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
    """``zlib.decompress`` with an output limit; raises ``zlib.error`` where it would."""
    d = zlib.decompressobj()
    out = d.decompress(data, MAX_STREAM_BYTES + 1)
    if len(out) > MAX_STREAM_BYTES:
        raise _too_big()
    if not d.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    _spend(len(out))
    return out


def bounded_decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's salvage of a stream with a bad checksum — keep what inflates before the
    error — in linear time: fed in chunks, and the failing chunk again byte by byte from a
    copy of the state before it."""
    d = zlib.decompressobj()
    out = bytearray()
    step = 4096
    for start in range(0, len(data), step):
        chunk = data[start:start + step]
        saved = d.copy()
        try:
            out += d.decompress(chunk)
        except zlib.error:
            d = saved
            for i in range(len(chunk)):
                try:
                    out += d.decompress(chunk[i:i + 1])
                except zlib.error:
                    if start + i < len(data) - 3:  # the error is not in the checksum: as pdfminer
                        # pdfminer then reads the stream as empty: whatever page drew it
                        # lost its content, which the reader must say.
                        _state.damaged = getattr(_state, "damaged", 0) + 1
                        raise
                    break
            break
        if len(out) > MAX_STREAM_BYTES:
            raise _too_big()
        if d.eof:
            break
    if len(out) > MAX_STREAM_BYTES:
        raise _too_big()
    _spend(len(out))
    return bytes(out)


class _BoundedZlib:
    """What pdfminer's stream module sees as ``zlib``."""

    error = zlib.error
    decompress = staticmethod(bounded_decompress)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes

    if hasattr(pdftypes, "zlib"):
        pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
    if hasattr(pdftypes, "decompress_corrupted"):
        pdftypes.decompress_corrupted = bounded_decompress_corrupted
    _installed = True


def limited_layout(page: Any, deadline: Any = None) -> int:
    """Lay out a pdfplumber page with a device that stops at the glyph, path and content
    limits (and at ``deadline``, a ``limits.Deadline``), and hand the result to the page
    (pdfplumber reuses ``page._layout``). Without pdfplumber's device class (another
    version), the page lays itself out unguarded. Returns how many of the drawn glyphs no
    one sees (hidden.py: a scanner's own OCR under or behind the scan)."""
    classes = _classes()
    if classes is None:
        return 0
    device_class, interpreter_class = classes
    device = device_class(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    device.deadline = deadline
    interpreter_class(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()  # noqa: SLF001 — pdfplumber's cache of the page layout
    return int(device.hidden_glyphs())


class PdfTooSlow(Exception):
    """The read ran past its deadline inside a page."""


_classes_cache: Any = None


def _classes() -> Any:
    global _classes_cache
    if _classes_cache is None:
        try:
            from pdfminer.pdfinterp import PDFPageInterpreter
            from pdfminer.pdftypes import stream_value
            from pdfplumber.page import PDFPageAggregatorWithMarkedContent
        except ImportError:
            return None

        from core.producers.pdf.hidden import HiddenGlyphs

        class LimitedAggregator(HiddenGlyphs, PDFPageAggregatorWithMarkedContent):  # type: ignore[misc, valid-type]
            glyphs = 0
            paths = 0
            content = 0
            deadline: Any = None

            def check_time(self) -> None:
                if self.deadline is not None and self.deadline.expired():
                    raise PdfTooSlow()

            def render_char(self, *args: Any, **kwargs: Any) -> float:
                self.glyphs += 1
                if self.glyphs > MAX_GLYPHS_PER_PAGE:
                    raise PageTooDense(f"超过 {MAX_GLYPHS_PER_PAGE // 10_000} 万个文字")
                if self.glyphs % 2000 == 0:
                    self.check_time()
                return super().render_char(*args, **kwargs)  # type: ignore[no-any-return]

            def paint_path(self, *args: Any, **kwargs: Any) -> None:
                self.paths += 1
                if self.paths > MAX_PATHS_PER_PAGE:
                    raise PageTooDense(f"超过 {MAX_PATHS_PER_PAGE // 10_000} 万个线条和图形")
                if self.paths % 2000 == 0:
                    self.check_time()
                super().paint_path(*args, **kwargs)

        class LimitedInterpreter(PDFPageInterpreter):  # type: ignore[misc, valid-type]
            """Counts the content it is asked to run — the page's and every form's, each
            time it is drawn — before running it: pdfminer's content parser needs ~10 µs
            per operator and keeps every operand, so content size is time and memory."""

            def execute(self, streams: Any) -> None:
                device = self.device
                for obj in streams:
                    try:
                        device.content += len(stream_value(obj).get_data())
                    except (TypeError, AttributeError):
                        continue  # not a stream: pdfminer skips it too
                if device.content > MAX_PAGE_CONTENT:
                    raise PageTooDense(f"内容超过 {MAX_PAGE_CONTENT // (1024 * 1024)} MB")
                device.check_time()
                super().execute(streams)

        _classes_cache = (LimitedAggregator, LimitedInterpreter)
    return _classes_cache
