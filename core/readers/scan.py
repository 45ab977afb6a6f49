"""Image files (.png .jpg .tif multi-page .bmp …) → Document, read by OCR.

One image file is one report (a multi-page TIFF its pages in order); several images of one
report — the pages photographed or scanned one by one — are read together with
``read_images`` in the order of their names. The pages then go through the same layout and
table pipeline as a PDF's (core/readers/pdf.py ``document_from_pages``).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from core.document import Document, ReadError
from core.readers.limits import Progress

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
# A page image larger than this (pixels) is a poster or a bomb, not a scanned page.
MAX_PIXELS = 60_000_000


def decode_images(data: bytes) -> list:  # type: ignore[type-arg]
    """Every frame of an image file as an RGB numpy array. Pillow reads all the formats
    (OpenCV's decoder would be a second one); EXIF orientation is applied, a phone stores
    its pictures sideways with a flag."""
    import numpy as np
    from PIL import Image, ImageOps, ImageSequence

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as im:
            frames = []
            for frame in ImageSequence.Iterator(im):
                if frame.width * frame.height > MAX_PIXELS:
                    raise ReadError("图片尺寸过大，不像是一页报告的扫描件；请确认选对了文件。")
                frames.append(np.array(ImageOps.exif_transpose(frame).convert("RGB")))
                if len(frames) > 200:
                    break
    except ReadError:
        raise
    except Image.DecompressionBombError as exc:
        raise ReadError("图片尺寸过大，不像是一页报告的扫描件；请确认选对了文件。") from exc
    except Exception as exc:  # noqa: BLE001 — Pillow raises many kinds on broken files
        raise ReadError("图片文件已损坏或格式不标准，无法打开；请重新扫描或另存一份再检查。") from exc
    if not frames:
        raise ReadError("图片文件中没有图像；请确认选对了文件。")
    return frames


def read_image(path: Path, data: bytes, progress: Progress | None = None) -> Document:
    return _document(str(path), decode_images(data), progress)


def read_images(paths: list[str | Path], progress: Progress | None = None) -> Document:
    """Several image files of one report, in the natural order of their names (页2 before
    页10). The document's path is the first file's."""
    from core.readers import read_bytes

    ordered = sorted((Path(p) for p in paths), key=lambda p: _natural(p.name))
    if not ordered:
        raise ReadError("没有选择图片文件。")
    frames = []
    for p in ordered:
        frames.extend(decode_images(read_bytes(p)))
    doc = _document(str(ordered[0]), frames, progress)
    doc.notes.append("由 " + "、".join(p.name for p in ordered) + f" 共 {len(ordered)} 张图片按文件名顺序合成一份报告。")
    return doc


def _natural(name: str) -> list[object]:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


def _document(path: str, frames: list, progress: Progress | None) -> Document:  # type: ignore[type-arg]
    from core.ocr.pdf_pages import ocr_images
    from core.readers.limits import ocr_progress
    from core.readers.pdf import document_from_pages

    ocr = ocr_images(frames, ocr_progress(progress))
    pages = [ocr.pages[n] for n in sorted(ocr.pages)]
    doc = document_from_pages(path, "image", pages, [])
    doc.ocr = ocr.info
    return doc
