"""Image files and pictures → page images (numpy RGB arrays) for OCR. Pillow reads every
format we accept (OpenCV's decoder would be a second one)."""

from __future__ import annotations

import io

from core.document import ReadError

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
