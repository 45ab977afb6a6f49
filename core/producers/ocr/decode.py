"""Image files and pictures → page images (numpy RGB arrays) for OCR. Pillow reads every
format we accept (OpenCV's decoder would be a second one). What a frame may cost is decided
from its header before it is decoded (core/producers/ocr/budget.py)."""

from __future__ import annotations

from core.document import ReadError
from core.producers.ocr.budget import MAX_FRAME_PIXELS, Budget, iter_frames

# A page image larger than this (pixels) is a poster or a bomb, not a scanned page.
MAX_PIXELS = MAX_FRAME_PIXELS


def decode_images(data: bytes, budget: Budget | None = None, limit: int | None = None) -> list:  # type: ignore[type-arg]
    """The frames of an image file as RGB numpy arrays at working size (at most ``limit``;
    those past the ``budget`` are left out and named in its notes). EXIF orientation is
    applied, a phone stores its pictures sideways with a flag."""
    budget = budget if budget is not None else Budget()
    frames = list(iter_frames(data, budget, limit=limit))
    if not frames:
        if budget.stopped:
            raise ReadError(budget.stopped + "请确认选对了文件。")
        raise ReadError("图片文件中没有图像；请确认选对了文件。")
    return frames
