"""Image files (.png .jpg .tif multi-page .bmp …) → Document, read by OCR.

One image file is one report (a multi-page TIFF its pages in order); several images of one
report — the pages photographed or scanned one by one — are read together with
``read_images`` in the order of their names. The pages then go through the same layout and
table pipeline as a PDF's (core/layout/blocks.py ``document_from_pages``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from core.document import Document, Note, ReadError
from core.layout.blocks import document_from_pages
from core.limits import Progress, ocr_progress
from core.producers.ocr.budget import MAX_PAGES, Budget, frame_count, iter_frames
from core.producers.ocr.pdf_pages import ocr_images
from core.readers.sniff import read_bytes

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
def read_image(path: Path, data: bytes, progress: Progress | None = None) -> Document:
    budget = Budget()
    return _document(str(path), iter_frames(data, budget), min(frame_count(data), MAX_PAGES), budget, progress)


def read_images(paths: list[str | Path], progress: Progress | None = None) -> Document:
    """Several image files of one report, in the natural order of their names (页2 before
    页10). The document's path is the first file's."""
    ordered = sorted((Path(p) for p in paths), key=lambda p: _natural(p.name))
    if not ordered:
        raise ReadError("没有选择图片文件。")
    budget = Budget()
    datas = [read_bytes(p) for p in ordered]
    total = min(sum(frame_count(d) for d in datas), MAX_PAGES)

    def frames() -> Iterator[object]:
        done = 0
        for data in datas:
            for frame in iter_frames(data, budget, first=done + 1):
                done += 1
                yield frame

    doc = _document(str(ordered[0]), frames(), total, budget, progress)
    doc.notes.append("由 " + "、".join(p.name for p in ordered) + f" 共 {len(ordered)} 张图片按文件名顺序合成一份报告。")
    return doc


def _natural(name: str) -> list[object]:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


def _document(path: str, frames: Iterable[object], total: int, budget: Budget,
              progress: Progress | None) -> Document:
    """The frames read one at a time (decoded, read, let go): a TIFF of many large frames
    never holds more than one in memory."""
    ocr = ocr_images(frames, ocr_progress(progress), total)
    if not ocr.pages:
        raise ReadError((budget.stopped + "请确认选对了文件。") if budget.stopped else "图片文件中没有图像；请确认选对了文件。")
    pages = [ocr.pages[n] for n in sorted(ocr.pages)]
    notes = [Note(n, "data_lost") for n in budget.notes()] + [Note(n, "data_lost") for n in ocr.notes]
    doc = document_from_pages(path, "image", pages, notes)
    doc.ocr = ocr.info
    return doc
