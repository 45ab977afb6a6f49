"""The few OpenCV operations the OCR reads pages with, in numpy (issue 23: the
installer carried OpenCV — 71 MiB on Windows, 151 MiB on Linux — for a dozen calls).

Names, signatures and results follow ``cv2`` so a call site reads the same
(``from core.producers.ocr import imageops as cv``), and the results are OpenCV 4.14's to
the pixel (tests/test_imageops.py compares them on scanned real pages): connected
components (labels in OpenCV's order, stats, centroids), rectangle-kernel erosion, dilation,
open and close (pixels outside the image never count; the anchor is not reflected for the
second pass, as in OpenCV), Otsu, the 3×3 Gaussian (BORDER_REFLECT_101, fixed-point
rounding), bitwise ops, rotate by 180°, grey to RGB, INTER_AREA / INTER_LINEAR /
INTER_CUBIC resizes and warpAffine (OpenCV's tables and roundings rebuilt step by step,
imageops_geom.py). One exception: INTER_CUBIC at a broken scale (not ×2) — a few dozen
pixels of a page land on .5 and round the other way, one grey level. Only what the OCR
calls is there; anything else raises NotImplementedError rather than answer differently.
Numpy is slower than OpenCV's vector code: about 0.1 s more CPU a page (the skew search's
35 small warps, the page's rotation, the recogniser's crops).
"""

from __future__ import annotations

import math

import numpy as np

INTER_NEAREST = 0
INTER_LINEAR = 1
INTER_CUBIC = 2
INTER_AREA = 3
MORPH_ERODE = 0
MORPH_DILATE = 1
MORPH_OPEN = 2
MORPH_CLOSE = 3
MORPH_RECT = 0
THRESH_BINARY = 0
THRESH_BINARY_INV = 1
THRESH_OTSU = 8
ROTATE_180 = 1
COLOR_GRAY2RGB = 8
CC_STAT_LEFT, CC_STAT_TOP, CC_STAT_WIDTH, CC_STAT_HEIGHT, CC_STAT_AREA = range(5)



# --- bitwise and colour -------------------------------------------------------------------

def bitwise_and(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.bitwise_and(a, b)


def bitwise_or(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.bitwise_or(a, b)


def bitwise_not(a: np.ndarray) -> np.ndarray:
    return np.bitwise_not(a)


def rotate(img: np.ndarray, code: int) -> np.ndarray:
    if code != ROTATE_180:
        raise NotImplementedError("imageops.rotate: only ROTATE_180")
    return np.ascontiguousarray(img[::-1, ::-1])


def cvtColor(img: np.ndarray, code: int) -> np.ndarray:  # noqa: N802 — cv2's name
    if code != COLOR_GRAY2RGB or img.ndim != 2:
        raise NotImplementedError("imageops.cvtColor: only COLOR_GRAY2RGB of a grey image")
    return np.repeat(img[:, :, None], 3, axis=2)


# --- threshold and blur -------------------------------------------------------------------

def _otsu(img: np.ndarray) -> float:
    # OpenCV's getThreshVal_Otsu_8u, statement for statement: the same doubles in the same
    # order pick the same level where two levels tie to the last bit.
    flat = img.reshape(-1)
    counts = np.zeros(256, np.int64)
    for i in range(0, flat.size, 1 << 16):  # in slices: bincount widens its input to intp
        counts += np.bincount(flat[i:i + (1 << 16)], minlength=256)
    hist = counts.tolist()
    scale = 1.0 / img.size
    mu = 0.0
    for i in range(256):
        mu += i * float(hist[i])
    mu *= scale
    mu1 = q1 = max_sigma = max_val = 0.0
    eps = float(np.finfo(np.float32).eps)
    for i in range(256):
        p_i = hist[i] * scale
        mu1 *= q1
        q1 += p_i
        q2 = 1.0 - q1
        if min(q1, q2) < eps or max(q1, q2) > 1.0 - eps:
            continue
        mu1 = (mu1 + i * p_i) / q1
        mu2 = (mu - q1 * mu1) / q2
        sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2)
        if sigma > max_sigma:
            max_sigma = sigma
            max_val = float(i)
    return max_val


def threshold(img: np.ndarray, thresh: float, maxval: float, kind: int) -> tuple[float, np.ndarray]:
    if img.dtype != np.uint8:
        raise NotImplementedError("imageops.threshold: 8-bit images only")
    if kind & THRESH_OTSU:
        thresh = _otsu(img)
    base = kind & 7
    t = math.floor(thresh)  # OpenCV compares an 8-bit pixel with the integer part
    hi = np.uint8(min(255, max(0, round(maxval))))
    if base == THRESH_BINARY:
        return thresh, (img > t).view(np.uint8) * hi if t >= 0 else np.full_like(img, hi)
    if base == THRESH_BINARY_INV:
        return thresh, (img <= t).view(np.uint8) * hi if t >= 0 else np.zeros_like(img)
    raise NotImplementedError("imageops.threshold: BINARY or BINARY_INV")


def GaussianBlur(img: np.ndarray, ksize: tuple[int, int], sigma: float) -> np.ndarray:  # noqa: N802
    """3×3, sigma 0: the binomial [1 2 1]⊗[1 2 1]/16 with BORDER_REFLECT_101, rounded half
    up as OpenCV's bit-exact fixed-point path does."""
    if tuple(ksize) != (3, 3) or sigma != 0 or img.dtype != np.uint8 or img.ndim != 2:
        raise NotImplementedError("imageops.GaussianBlur: 3×3, sigma 0, 8-bit grey only")
    if min(img.shape) < 2:
        return img.copy()
    p = np.pad(img, 1, mode="reflect").astype(np.uint16)
    h = p[:, 1:-1] * np.uint16(2)
    h += p[:, :-2]
    h += p[:, 2:]
    v = h[1:-1] * np.uint16(2)
    v += h[:-2]
    v += h[2:]
    v += np.uint16(8)
    v >>= np.uint16(4)
    return v.astype(np.uint8)


# --- morphology (rectangle kernels) ---------------------------------------------------------

def getStructuringElement(shape: int, ksize: tuple[int, int]) -> np.ndarray:  # noqa: N802
    if shape != MORPH_RECT:
        raise NotImplementedError("imageops.getStructuringElement: MORPH_RECT only")
    return np.ones((ksize[1], ksize[0]), np.uint8)


def _extreme_1d(a: np.ndarray, size: int, anchor: int, axis: int, take_max: bool) -> np.ndarray:
    """max (or min) over the window [i - anchor, i - anchor + size) along ``axis``; pixels
    outside the image never win (OpenCV's default morphology border)."""
    if size == 1:
        return a
    op = np.maximum if take_max else np.minimum
    fill = 0 if take_max else 255
    n = a.shape[axis]
    pad = [(0, 0)] * a.ndim
    pad[axis] = (anchor, size - 1 - anchor)
    cur = np.pad(a, pad, constant_values=fill)

    def cut(arr: np.ndarray, start: int, stop: int) -> np.ndarray:
        index = [slice(None)] * arr.ndim
        index[axis] = slice(start, stop)
        return arr[tuple(index)]

    span = 1
    # Doubling: after k steps cur[i] covers 2**k pixels; two overlapping spans cover any size.
    while span * 2 <= size:
        m = cur.shape[axis]
        cur = op(cut(cur, 0, m - span), cut(cur, span, m))
        span *= 2
    if span == size:
        return cut(cur, 0, n)
    return op(cut(cur, 0, n), cut(cur, size - span, size - span + n))


def _rect(kernel: np.ndarray) -> tuple[int, int]:
    k = np.asarray(kernel)
    if k.ndim != 2 or not k.all():
        raise NotImplementedError("imageops: rectangle (all-ones) kernels only")
    return k.shape[1], k.shape[0]


def _morph(img: np.ndarray, kernel: np.ndarray, take_max: bool) -> np.ndarray:
    kw, kh = _rect(kernel)
    out = _extreme_1d(img, kw, kw // 2, 1, take_max)
    out = _extreme_1d(out, kh, kh // 2, 0, take_max)
    return np.ascontiguousarray(out) if out is not img else img.copy()


def dilate(img: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    return _morph(img, kernel, True)


def erode(img: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    return _morph(img, kernel, False)


def morphologyEx(img: np.ndarray, op: int, kernel: np.ndarray) -> np.ndarray:  # noqa: N802
    # OpenCV keeps the same anchor for both passes (it does not reflect the kernel), so an
    # even-sized kernel's opening is shifted the way OpenCV's is.
    if op == MORPH_OPEN:
        return dilate(erode(img, kernel), kernel)
    if op == MORPH_CLOSE:
        return erode(dilate(img, kernel), kernel)
    if op == MORPH_ERODE:
        return erode(img, kernel)
    if op == MORPH_DILATE:
        return dilate(img, kernel)
    raise NotImplementedError("imageops.morphologyEx: open, close, erode, dilate")


from core.producers.ocr.imageops_geom import getRotationMatrix2D, resize, warpAffine  # noqa: E402,F401
from core.producers.ocr.imageops_cc import connectedComponentsWithStats  # noqa: E402,F401
