"""Resize and affine warp as OpenCV computes them for 8-bit images (imageops.py).

OpenCV's tables are rebuilt with the same float/double steps: INTER_AREA's float weights
summed in OpenCV's order, INTER_LINEAR's 11-bit fixed-point coefficients and its rounding
(the shifts of OpenCV's vector code), warpAffine's 10-bit coordinates on a 1/32-pixel grid.
"""

from __future__ import annotations

import functools
import math

import numpy as np

INTER_NEAREST, INTER_LINEAR, INTER_CUBIC, INTER_AREA = 0, 1, 2, 3  # cv2's numbers

_COEF_BITS = 11
_COEF_SCALE = 1 << _COEF_BITS
_AB_BITS = 10
_AB_SCALE = 1 << _AB_BITS
_INTER_BITS = 5
_INTER_TAB = 1 << _INTER_BITS


def _f32(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(x, dtype=np.float32)


def _round_short(x: np.ndarray) -> np.ndarray:
    # saturate_cast<short>(float): round half to even, as the FPU does
    return np.clip(np.rint(x), -32768, 32767).astype(np.int64)


# --- INTER_AREA ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _area_tab(ssize: int, dsize: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """OpenCV's computeResizeAreaTab as a (dsize × terms) index and float32 weight table,
    terms in OpenCV's order (a missing term weighs 0 and adds nothing)."""
    rows: list[list[tuple[int, float]]] = []
    for dx in range(dsize):
        fsx1 = dx * scale
        fsx2 = fsx1 + scale
        cell = min(scale, ssize - fsx1)
        sx1, sx2 = math.ceil(fsx1), math.floor(fsx2)
        sx2 = min(sx2, ssize - 1)
        sx1 = min(sx1, sx2)
        terms: list[tuple[int, float]] = []
        if sx1 - fsx1 > 1e-3:
            terms.append((sx1 - 1, (sx1 - fsx1) / cell))
        for sx in range(sx1, sx2):
            terms.append((sx, 1.0 / cell))
        if fsx2 - sx2 > 1e-3:
            terms.append((sx2, min(min(fsx2 - sx2, 1.0), cell) / cell))
        rows.append(terms)
    width = max(len(t) for t in rows)
    idx = np.zeros((dsize, width), np.int64)
    wt = np.zeros((dsize, width), np.float32)
    for d, terms in enumerate(rows):
        for k, (s, a) in enumerate(terms):
            idx[d, k] = s
            wt[d, k] = np.float32(a)
    return idx, wt


def _resize_area_fast(src: np.ndarray, dw: int, dh: int, isx: int, isy: int) -> np.ndarray:
    """resizeAreaFast: whole cells averaged; a cell cut by the image's edge averages what
    it holds (a cell wholly outside is 0)."""
    h, w = src.shape[:2]
    area = isx * isy
    out = np.zeros((dh, dw) + src.shape[2:], np.uint8)
    iw, ih = min(dw, w // isx), min(dh, h // isy)
    part = src[:ih * isy, :iw * isx].astype(np.int64)
    total = part.reshape((ih, isy, iw, isx) + src.shape[2:]).sum(axis=(1, 3))
    if isx == 2 and isy == 2 and (src.ndim == 2 or src.shape[2] in (1, 3, 4)):
        out[:ih, :iw] = (total + 2) >> 2  # the 2×2 vector path rounds half up
    else:
        prod = total.astype(np.float32) * np.float32(1.0 / area)
        out[:ih, :iw] = np.clip(np.rint(prod), 0, 255).astype(np.uint8)
    for dy in range(dh):
        for dx in range(dw) if dy >= ih else range(iw, dw):
            cell = src[dy * isy:min(h, dy * isy + isy), dx * isx:min(w, dx * isx + isx)]
            count = cell.shape[0] * cell.shape[1]
            if count:
                mean = np.float32(cell.reshape((count,) + src.shape[2:]).sum(axis=0, dtype=np.int64)) / np.float32(count)
                out[dy, dx] = np.clip(np.rint(mean), 0, 255).astype(np.uint8)
    return out


def _resize_area(src: np.ndarray, dw: int, dh: int, sx: float, sy: float) -> np.ndarray:
    h, w = src.shape[:2]
    isx, isy = int(round(sx)), int(round(sy))
    if abs(sx - isx) < 2.220446049250313e-16 and abs(sy - isy) < 2.220446049250313e-16:
        return _resize_area_fast(src, dw, dh, isx, isy)
    xi, xw = _area_tab(w, dw, sx)
    yi, yw = _area_tab(h, dh, sy)
    xw_b = xw if src.ndim == 2 else xw[:, :, None]
    # ResizeArea_Invoker: each source row summed across in the table's order …
    buf = np.zeros((h, dw) + src.shape[2:], np.float32)
    for k in range(xi.shape[1]):
        buf += np.take(src, xi[:, k], axis=1).astype(np.float32) * xw_b[None, :, k]
    # … then rows summed down, again term by term; float32 throughout.
    out = np.zeros((dh, dw) + src.shape[2:], np.float32)
    yw_b = yw[:, :, None] if src.ndim == 2 else yw[:, :, None, None]
    for k in range(yi.shape[1]):
        out += np.take(buf, yi[:, k], axis=0) * yw_b[:, k]
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


# --- INTER_LINEAR / INTER_CUBIC -------------------------------------------------------------

@functools.lru_cache(maxsize=512)  # the recogniser's crops repeat their sizes
def _coeffs(ssize: int, dsize: int, scale: float, inv: float, kind: int, clamp: bool) -> tuple[np.ndarray, np.ndarray]:
    """Source index of each tap and its 11-bit coefficient, as resizeGeneric's tables
    (INTER_LINEAR, and INTER_AREA when it enlarges)."""
    d = np.arange(dsize, dtype=np.float64)
    area_mode = kind == INTER_AREA
    if area_mode:
        s0 = np.floor(d * scale).astype(np.int64)
        f = _f32((d + 1) - (s0 + 1) * inv)
        f = np.where(f <= 0, np.float32(0), f - np.floor(f)).astype(np.float32)
    else:
        f = _f32((d + 0.5) * scale - 0.5)
        s0 = np.floor(f).astype(np.int64)
        f = (f - s0.astype(np.float32)).astype(np.float32)
    if clamp:
        low = s0 < 0
        f = np.where(low, np.float32(0), f)
        s0 = np.where(low, 0, s0)
        high = s0 >= ssize - 1
        f = np.where(high, np.float32(0), f)
        s0 = np.where(high, ssize - 1, s0)
    c = np.stack([np.float32(1) - f, f], axis=-1)
    taps = s0[:, None] + np.arange(2)
    coef = _round_short(c.astype(np.float32) * np.float32(_COEF_SCALE))
    taps = np.clip(taps, 0, ssize - 1)
    taps.setflags(write=False)  # cached: shared by every call of the same sizes
    coef.setflags(write=False)
    return taps, coef


def _cubic_taps(ssize: int, dsize: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """INTER_CUBIC's taps and float weights. OpenCV 4.14 (its 8-bit cubic runs in float)
    matches weights from the double-precision position; see _resize_cubic."""
    fx = (np.arange(dsize, dtype=np.float64) + 0.5) * scale - 0.5
    s0 = np.floor(fx)
    x = fx - s0
    a = -0.75
    c0 = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a
    c1 = ((a + 2) * x - (a + 3)) * x * x + 1
    c2 = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1
    c3 = 1 - c0 - c1 - c2
    taps = np.clip(s0.astype(np.int64)[:, None] + np.arange(-1, 3), 0, ssize - 1)
    return taps, np.stack([c0, c1, c2, c3], axis=-1).astype(np.float32)


def _resize_cubic(src: np.ndarray, dw: int, dh: int, sx: float, sy: float) -> np.ndarray:
    """Both passes in float32, four taps summed as (p0 + p1) + (p2 + p3), rounded half to
    even. Pixel for pixel OpenCV's on whole-number scales (the trust crops' ×2, where the
    weights are multiples of 1/2048); at other scales (page.deskewed's enlarging of a
    100–120 dpi page) a few dozen pixels of a page whose sum lands on .5 differ by one grey
    level — OpenCV's own weights there are not reproduced (tests/test_imageops.py bounds it)."""
    h, w = src.shape[:2]
    xt, xc = _cubic_taps(w, dw, sx)
    yt, yc = _cubic_taps(h, dh, sy)
    s = src.astype(np.float32)
    xcb = xc if src.ndim == 2 else xc[:, :, None]
    p = [np.take(s, xt[:, k], axis=1) * xcb[None, :, k] for k in range(4)]
    rows = (p[0] + p[1]) + (p[2] + p[3])
    shape = (dh,) + (1,) * (rows.ndim - 1)
    q = [np.take(rows, yt[:, k], axis=0) * yc[:, k].reshape(shape) for k in range(4)]
    out = np.rint((q[0] + q[1]) + (q[2] + q[3]))
    return np.minimum(np.maximum(out, 0), 255).astype(np.uint8)


def _resize_interp(src: np.ndarray, dw: int, dh: int, sx: float, sy: float, isx: float, isy: float, kind: int) -> np.ndarray:
    h, w = src.shape[:2]
    xt, xc = _coeffs(w, dw, sx, isx, kind, True)
    yt, yc = _coeffs(h, dh, sy, isy, kind, False)
    s = src.astype(np.int32)
    xc_b = xc.astype(np.int32) if src.ndim == 2 else xc.astype(np.int32)[:, :, None]
    rows = np.take(s, xt[:, 0], axis=1) * xc_b[None, :, 0]  # horizontal pass, exact ints
    for k in range(1, xt.shape[1]):
        rows += np.take(s, xt[:, k], axis=1) * xc_b[None, :, k]
    yc = yc.astype(np.int32)
    ycb = (lambda k: yc[:, k, None]) if src.ndim == 2 else (lambda k: yc[:, k, None, None])
    # VResizeLinearVec_32s8u: each product's high half kept, then rounded by 2 bits
    r0 = np.take(rows, yt[:, 0], axis=0) >> 4
    r0 *= ycb(0)
    r0 >>= 16
    r1 = np.take(rows, yt[:, 1], axis=0) >> 4
    r1 *= ycb(1)
    r1 >>= 16
    r0 += r1
    r0 += 2
    r0 >>= 2
    return np.minimum(np.maximum(r0, 0), 255).astype(np.uint8)


def resize(src: np.ndarray, dsize: tuple[int, int] | None, fx: float = 0.0, fy: float = 0.0,
           interpolation: int = INTER_LINEAR) -> np.ndarray:
    if src.dtype != np.uint8:
        raise NotImplementedError("imageops.resize: 8-bit images only")
    h, w = src.shape[:2]
    if src.ndim == 3 and src.shape[2] == 3 and src.size and \
            np.array_equal(src[:, :, 0], src[:, :, 1]) and np.array_equal(src[:, :, 0], src[:, :, 2]):
        # A grey crop in RGB (the recogniser's input): the channels are computed alike, so
        # one is computed and copied — a third of the work, the same pixels.
        one = resize(np.ascontiguousarray(src[:, :, 0]), dsize, fx, fy, interpolation)
        return np.repeat(one[:, :, None], 3, axis=2)
    if dsize is None or tuple(dsize) == (0, 0):
        dw, dh = int(np.rint(w * fx)), int(np.rint(h * fy))
        inv_x, inv_y = float(fx), float(fy)
    else:
        dw, dh = int(dsize[0]), int(dsize[1])
        inv_x, inv_y = dw / w, dh / h
    if (dw, dh) == (w, h):
        return src.copy()
    sx, sy = 1.0 / inv_x, 1.0 / inv_y
    if interpolation == INTER_AREA:
        if sx >= 1 and sy >= 1:
            return _resize_area(src, dw, dh, sx, sy)
        return _resize_interp(src, dw, dh, sx, sy, inv_x, inv_y, INTER_AREA)
    if interpolation == INTER_LINEAR:
        if abs(sx - 2) < 2.220446049250313e-16 and abs(sy - 2) < 2.220446049250313e-16:
            return _resize_area(src, dw, dh, sx, sy)  # OpenCV halves by INTER_AREA
        return _resize_interp(src, dw, dh, sx, sy, inv_x, inv_y, interpolation)
    if interpolation == INTER_CUBIC:
        return _resize_cubic(src, dw, dh, sx, sy)
    raise NotImplementedError("imageops.resize: INTER_AREA, INTER_LINEAR or INTER_CUBIC")


# --- affine warp ----------------------------------------------------------------------------

def getRotationMatrix2D(center: tuple[float, float], angle: float, scale: float) -> np.ndarray:  # noqa: N802
    a = angle * (math.pi / 180)
    alpha, beta = math.cos(a) * scale, math.sin(a) * scale
    cx, cy = center
    return np.array([[alpha, beta, (1 - alpha) * cx - beta * cy],
                     [-beta, alpha, beta * cx + (1 - alpha) * cy]], dtype=np.float64)


def _invert(m: np.ndarray) -> list[float]:
    m0, m1, m2, m3, m4, m5 = (float(v) for v in np.asarray(m, dtype=np.float64).ravel())
    d = m0 * m4 - m1 * m3
    d = 1.0 / d if d != 0 else 0.0
    a11, a22 = m4 * d, m0 * d
    m0, m1, m3, m4 = a11, m1 * -d, m3 * -d, a22
    b1 = -m0 * m2 - m1 * m5
    b2 = -m3 * m2 - m4 * m5
    return [m0, m1, b1, m3, m4, b2]


def warpAffine(src: np.ndarray, m: np.ndarray, dsize: tuple[int, int], flags: int = INTER_LINEAR,  # noqa: N802
               borderValue: float | tuple[float, ...] = 0) -> np.ndarray:  # noqa: N803
    """BORDER_CONSTANT warp: OpenCV's coordinates — each row's start and each column's step
    rounded to 1/1024 pixel — on its 1/32-pixel interpolation grid with 15-bit weights."""
    if src.dtype != np.uint8:
        raise NotImplementedError("imageops.warpAffine: 8-bit images only")
    if flags not in (INTER_NEAREST, INTER_LINEAR):
        raise NotImplementedError("imageops.warpAffine: INTER_NEAREST or INTER_LINEAR")
    dw, dh = int(dsize[0]), int(dsize[1])
    h, w = src.shape[:2]
    m0, m1, m2, m3, m4, m5 = _invert(m)
    xs = np.arange(dw, dtype=np.float64)
    ys = np.arange(dh, dtype=np.float64)
    adelta = np.rint(m0 * xs * _AB_SCALE).astype(np.int64)
    bdelta = np.rint(m3 * xs * _AB_SCALE).astype(np.int64)
    nearest = flags == INTER_NEAREST
    round_delta = _AB_SCALE // 2 if nearest else _AB_SCALE // _INTER_TAB // 2
    x0 = np.rint((m1 * ys + m2) * _AB_SCALE).astype(np.int64) + round_delta
    y0 = np.rint((m4 * ys + m5) * _AB_SCALE).astype(np.int64) + round_delta
    cn = src.shape[2] if src.ndim == 3 else 0
    values = np.asarray(borderValue, dtype=np.float64).ravel()
    fill = np.clip(np.rint(np.resize(values, max(cn, 1))), 0, 255).astype(np.uint8)
    # The source framed by the border value, wide enough that every coordinate the warp
    # produces lands in the frame or the image (the extremes of a sum of a row term and a
    # column term are the sums of their extremes): no clipping, and a tap off the image
    # reads the border value as OpenCV's BORDER_CONSTANT does.
    lo_x = int((int(x0.min()) + int(adelta.min())) >> _AB_BITS)
    hi_x = int((int(x0.max()) + int(adelta.max())) >> _AB_BITS)
    lo_y = int((int(y0.min()) + int(bdelta.min())) >> _AB_BITS)
    hi_y = int((int(y0.max()) + int(bdelta.max())) >> _AB_BITS)
    left, top = max(1, -lo_x + 1), max(1, -lo_y + 1)
    right, bottom = max(2, hi_x - w + 3), max(2, hi_y - h + 3)
    pw = w + left + right
    framed = np.empty((h + top + bottom, pw) + src.shape[2:], np.uint8)
    framed[...] = fill if cn else fill[0]
    framed[top:top + h, left:left + w] = src
    flat = framed.reshape(-1, *src.shape[2:])
    # Offsets folded into the row terms: (a + k·2**s) >> s == (a >> s) + k exactly.
    x0 = x0 + (left << _AB_BITS)
    y0 = y0 + (top << _AB_BITS)
    # int32 where the fixed-point coordinates and the framed image's indices fit (any page
    # a scanner makes): half the memory traffic of intp.
    limit = 2**31 - 1
    fits = max(abs(int(x0.min())), abs(int(x0.max())), abs(int(y0.min())), abs(int(y0.max()))) \
        + max(abs(int(adelta.min())), abs(int(adelta.max())), abs(int(bdelta.min())), abs(int(bdelta.max()))) < limit \
        and framed.shape[0] * pw < limit
    kind = np.int32 if fits else np.intp
    x0, y0, adelta, bdelta = x0.astype(kind), y0.astype(kind), adelta.astype(kind), bdelta.astype(kind)
    out = np.empty((dh, dw) + src.shape[2:], np.uint8)
    # A band of rows at a time: its index arrays stay in the cache.
    band = max(1, 32768 // max(dw, 1))
    gx = np.empty((band, dw), kind)
    gy = np.empty((band, dw), kind)
    for r in range(0, dh, band):
        n = min(band, dh - r)
        bx, by = gx[:n], gy[:n]
        np.add(x0[r:r + n, None], adelta[None, :], out=bx)
        np.add(y0[r:r + n, None], bdelta[None, :], out=by)
        if nearest:
            bx >>= _AB_BITS
            by >>= _AB_BITS
            by *= pw
            by += bx
            out[r:r + n] = flat.take(by, axis=0)
            continue
        bx >>= _AB_BITS - _INTER_BITS
        by >>= _AB_BITS - _INTER_BITS
        ax = (bx & (_INTER_TAB - 1)).astype(np.uint16)
        ay = (by & (_INTER_TAB - 1)).astype(np.uint32)
        bx >>= _INTER_BITS
        by >>= _INTER_BITS
        by *= pw
        by += bx
        if cn:
            ax, ay = ax[..., None], ay[..., None]
        # remapBilinear with the 1/32-pixel table: weights (32 - a)·(32 - b)·32 … of 2**15,
        # the same as this sum of 2**10, rounded half up.
        wx = np.uint16(_INTER_TAB) - ax
        upper = flat.take(by, axis=0) * wx
        upper += flat[1:].take(by, axis=0) * ax
        lower = flat[pw:].take(by, axis=0) * wx
        lower += flat[pw + 1:].take(by, axis=0) * ax
        total = upper * (np.uint32(_INTER_TAB) - ay)
        total += lower * ay
        total += np.uint32(1 << 9)
        total >>= np.uint32(10)
        out[r:r + n] = total
    return out
