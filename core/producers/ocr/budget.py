"""What a picture or a page may cost before it is decoded or rendered.

A few hundred KB can hold gigabytes of pixels: a TIFF of 41 blank 59-megapixel frames is
180 KB (every frame decoded at once: 6 GB), a PDF page may be 200 × 200 inches (rendered at
the OCR's 200 dpi: 1.6 gigapixels). Everything here is decided from sizes a header or a
page dictionary states, before any pixel exists, and pages past a limit are named in the
document's notes ("第 41 页起未读：…") instead of being read.

The OCR reads a page at ``page._WORK_WIDTH`` (1650 px across, A4 at 200 dpi); a frame is
brought near that width as it is decoded (an integer box reduction, the same averaging the
page's own resize does), so what is kept in memory is a working-size page, not the scan.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.document import ReadError

# A frame (or a rendered page) larger than this is decoded or rendered smaller: A4 at 300 dpi
# is 8.7 MP, and the OCR works on 3.9 MP.
WORK_PIXELS = 12_000_000
# Pixels one document may decode in all, counted from the headers before decoding: a
# 40-page report scanned at 600 dpi is 1.4 G; a TIFF of blank posters is more.
MAX_DOCUMENT_PIXELS = 1_500_000_000
# A single frame larger than this is not decoded at all (Pillow's own bomb check is 2×).
MAX_FRAME_PIXELS = 90_000_000
# Pages the OCR reads in one document (core/producers/ocr/pdf_pages.py MAX_OCR_PAGES).
MAX_PAGES = 40
_WORK_WIDTH = 1650


def _yi(pixels: int) -> str:
    """Pixels in Chinese units: 15 亿, 6000 万."""
    if pixels >= 100_000_000:
        return f"{pixels / 100_000_000:g} 亿"
    return f"{pixels // 10_000} 万"


@dataclass
class Budget:
    """Pixels left for one document, and the note saying where reading stopped."""

    pixels: int = MAX_DOCUMENT_PIXELS
    pages: int = MAX_PAGES
    stopped: str | None = None
    skipped: list[str] = field(default_factory=list)  # pages or pictures left out, each with why

    def take(self, number: int, pixels: int, what: str = "页") -> bool:
        """Whether page (or picture) ``number`` (1-based) of ``pixels`` may be read; when
        not, the note says from where on nothing was read and which limit stopped it."""
        if self.stopped is not None:
            return False
        if self.pages <= 0:
            self.stopped = f"第 {number} {what}起未读：超出每份文件 {MAX_PAGES} {what}的识别上限。"
            return False
        if pixels > self.pixels:
            self.stopped = (f"第 {number} {what}起未读：图像总像素超过每份文件 {_yi(MAX_DOCUMENT_PIXELS)}像素的上限"
                            "（图像异常大，不像是报告的扫描件）。")
            return False
        self.pixels -= pixels
        self.pages -= 1
        return True

    def notes(self) -> list[str]:
        return [*self.skipped, *([self.stopped] if self.stopped else [])]


def frame_count(data: bytes) -> int:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            return int(getattr(im, "n_frames", 1) or 1)
    except Exception:  # noqa: BLE001 — decoding will say what is wrong
        return 1


def iter_frames(data: bytes, budget: Budget, first: int = 1, limit: int | None = None) -> Iterator["object"]:
    """The frames of an image file as RGB numpy arrays at working size, one at a time (the
    caller reads each before the next is decoded), numbered from ``first`` for the notes;
    at most ``limit`` frames. Alpha is flattened onto white paper and 16-bit grey brought
    to 8 bits first: a transparent sheet or an archive scan reads as printed paper."""
    import numpy as np
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = MAX_FRAME_PIXELS * 2
    try:
        with Image.open(io.BytesIO(data)) as im:
            for k, frame in enumerate(ImageSequence.Iterator(im)):
                if limit is not None and k >= limit:
                    return
                pixels = frame.width * frame.height
                if pixels > MAX_FRAME_PIXELS:
                    if k == 0:
                        raise ReadError("图片尺寸过大，不像是一页报告的扫描件；请确认选对了文件。")
                    budget.stopped = budget.stopped or (
                        f"第 {first + k} 页起未读：该页图像 {frame.width}×{frame.height} 像素，超过每页 {_yi(MAX_FRAME_PIXELS)}像素的上限。")
                    return
                if not budget.take(first + k, pixels):
                    return
                turn = _exif_turn(frame)  # read before the reduction drops the EXIF
                page = paper(working_size(frame))
                yield np.array(page.transpose(turn) if turn is not None else page)
    except ReadError:
        raise
    except Image.DecompressionBombError as exc:
        raise ReadError("图片尺寸过大，不像是一页报告的扫描件；请确认选对了文件。") from exc
    except Exception as exc:  # noqa: BLE001 — Pillow raises many kinds on broken files
        raise ReadError("图片文件已损坏或格式不标准，无法打开；请重新扫描或另存一份再检查。") from exc


def _exif_turn(frame):  # type: ignore[no-untyped-def]
    """The transpose that stands the frame upright by its EXIF orientation (a phone stores
    its pictures sideways with a flag), or None."""
    from PIL import Image

    try:
        orientation = frame.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 — a broken EXIF block: as stored
        return None
    return {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
            5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
            8: Image.Transpose.ROTATE_90}.get(orientation or 1)


def working_size(frame):  # type: ignore[no-untyped-def]
    """The frame decoded and reduced by a whole factor towards the OCR's working width (and
    under WORK_PIXELS): never the full raster of a poster kept in memory."""
    from PIL import Image

    w, h = frame.size
    factor = max(1, w // _WORK_WIDTH, math.ceil(math.sqrt(w * h / WORK_PIXELS)))
    if factor > 1 and frame.format == "JPEG":
        frame.draft(frame.mode, (w // factor, h // factor))  # JPEG decodes at 1/2, 1/4, 1/8 directly
        w, h = frame.size
        factor = max(1, w // _WORK_WIDTH, math.ceil(math.sqrt(w * h / WORK_PIXELS)))
    if factor == 1:
        return frame
    if frame.mode in ("1", "P", "I;16", "I;16B", "I;16L", "I", "F") or frame.mode not in Image.MODES:
        frame = to_eight_bits(frame)
    elif frame.mode in ("LA", "PA", "RGBA"):
        frame = paper(frame)
    return frame.reduce(factor)


def to_eight_bits(frame):  # type: ignore[no-untyped-def]
    """16- and 32-bit grey scaled to 8 bits (convert() would clip everything above 255 to
    white); a palette kept with its transparency (flattened by ``paper``); bilevel to grey."""
    import numpy as np
    from PIL import Image

    if frame.mode.startswith("I;16") or frame.mode == "I":
        arr = np.asarray(frame, dtype=np.uint32 if frame.mode == "I" else np.uint16)
        top = 65535 if frame.mode != "I" or arr.max(initial=0) > 255 else 255
        return Image.fromarray((arr.astype(np.float32) * (255.0 / top)).clip(0, 255).astype(np.uint8), "L")
    if frame.mode == "F":
        arr = np.asarray(frame, dtype=np.float32)
        top = 1.0 if arr.max(initial=0) <= 1.0 else 255.0
        return Image.fromarray((arr * (255.0 / top)).clip(0, 255).astype(np.uint8), "L")
    if frame.mode == "P":
        return frame.convert("RGBA") if "transparency" in frame.info else frame.convert("RGB")
    return frame.convert("L") if frame.mode == "1" else frame.convert("RGB")  # CMYK, YCbCr, LAB…


def paper(frame):  # type: ignore[no-untyped-def]
    """RGB on white: alpha (an RGBA, LA or a palette's transparent entry) composited onto
    white paper, so transparent paper stays paper whatever colour it stores."""
    from PIL import Image

    if frame.mode not in ("RGB", "L", "RGBA", "LA", "PA") or (frame.mode == "P"):
        frame = to_eight_bits(frame)
    if frame.mode in ("RGBA", "LA", "PA"):
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if frame.mode == "L" and "transparency" in frame.info:
        return paper(frame.convert("LA"))
    if frame.mode == "RGB" and "transparency" in frame.info:
        return paper(frame.convert("RGBA"))
    return frame.convert("RGB")


def render_scale(width_pt: float, height_pt: float, dpi: float) -> float:
    """The scale (pixels per point) to render a PDF page at: ``dpi``, or less for a page so
    large that the render would pass WORK_PIXELS (a 200-inch page at 200 dpi is 1.6 G)."""
    scale = dpi / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > WORK_PIXELS:
        scale *= math.sqrt(WORK_PIXELS / pixels)
    return scale


# Pictures pasted into one Word file, web page or workbook: by pixels and time, not by count
# (twelve event photos before the table picture used to leave the table unread).
MAX_PICTURE_PIXELS = 400_000_000
MAX_PICTURE_SECONDS = 180.0


def picture_pixels(data: bytes) -> int:
    """Pixels of a picture's first frame from its header (0 when it cannot be opened)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            return int(im.width) * int(im.height)
    except Exception:  # noqa: BLE001 — an unreadable picture is skipped by its reader
        return 0


def unread_pictures_note(numbers: list[int], why: str) -> str:
    listed = "、".join(str(n) for n in numbers[:12]) + ("……" if len(numbers) > 12 else "")
    return (f"第 {listed} 张图片未识别：{why}；如果表格在这些图片里，请把表格所在的图片另存为图片文件单独检查。")
