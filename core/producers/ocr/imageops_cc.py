"""Connected components with stats as OpenCV numbers them (imageops.py).

Run-based: each row's runs of ink, runs of neighbouring rows joined where they touch, the
joins resolved by vectorised union-find. OpenCV's labellers (Spaghetti/BBDT for 8-way, SAUF
for 4-way) meet the pixels in 2×2 blocks (8-way) or one by one (4-way) in raster order and
number the components by where each is first met — the order reproduced here.
"""

from __future__ import annotations

import numpy as np


def _roots(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest run index of each run's component, runs ``a[i]`` and ``b[i]`` joined."""
    parent = np.arange(n, dtype=np.int64)
    while len(a):
        ra, rb = parent[a], parent[b]
        low = np.minimum(ra, rb)
        # Hook each root under the smallest root it is joined to; parents only ever point
        # lower, so there are no cycles, and jumping pointers flattens the trees.
        np.minimum.at(parent, ra, low)
        np.minimum.at(parent, rb, low)
        while True:
            up = parent[parent]
            if np.array_equal(up, parent):
                break
            parent = up
        apart = parent[a] != parent[b]
        a, b = a[apart], b[apart]
    return parent


def connectedComponentsWithStats(image: np.ndarray, connectivity: int = 8) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:  # noqa: N802,E501
    if image.ndim != 2:
        raise ValueError("imageops.connectedComponentsWithStats: a 2-D image")
    if connectivity not in (4, 8):
        raise ValueError("connectivity must be 4 or 8")
    fg = image != 0
    h, w = fg.shape
    stride = w + 2
    edge = np.zeros((h, w + 2), dtype=np.int8)
    edge[:, 1:-1] = fg
    # A run starts where a row steps up and ends (exclusive) where it steps down; in raster
    # order the steps alternate, start then end.
    rows, cols = np.nonzero(edge[:, 1:] != edge[:, :-1])
    rows = rows[0::2].astype(np.int64)
    starts = cols[0::2].astype(np.int64)
    ends = cols[1::2].astype(np.int64)
    n = len(rows)
    # Runs of the row above that touch each run: 8-way reaches one pixel diagonally.
    reach = 1 if connectivity == 8 else 0
    start_key = rows * stride + starts
    end_key = rows * stride + ends
    above = (rows - 1) * stride
    lo = np.searchsorted(end_key, above + starts - reach + 1, side="left")
    hi = np.searchsorted(start_key, above + ends - 1 + reach, side="right")
    lo[rows == 0] = 0
    hi[rows == 0] = 0
    count = np.maximum(hi - lo, 0)
    a = np.repeat(np.arange(n, dtype=np.int64), count)
    first = np.repeat(lo - np.cumsum(count) + count, count)
    b = first + np.arange(len(a), dtype=np.int64)
    root = _roots(n, a, b)
    # Where OpenCV meets each component first: its first 2×2 block (8-way) or pixel (4-way).
    if connectivity == 8:
        met = (rows // 2) * (w + 1) + starts // 2
    else:
        met = rows * w + starts
    first_met = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_met, root, met)
    comps = np.unique(root)
    order = comps[np.argsort(first_met[comps], kind="stable")]
    label_of_root = np.zeros(n, dtype=np.int32)
    label_of_root[order] = np.arange(1, len(order) + 1, dtype=np.int32)
    run_label = label_of_root[root] if n else np.zeros(0, np.int32)
    count_labels = len(order) + 1

    lengths = ends - starts
    labels = np.zeros((h, w), dtype=np.int32)
    labels[fg] = np.repeat(run_label, lengths)

    stats = np.zeros((count_labels, 5), dtype=np.int32)
    centroids = np.zeros((count_labels, 2), dtype=np.float64)
    if n:
        big = np.iinfo(np.int32).max
        left = np.full(count_labels, big, np.int64)
        top = np.full(count_labels, big, np.int64)
        right = np.full(count_labels, -1, np.int64)
        bottom = np.full(count_labels, -1, np.int64)
        np.minimum.at(left, run_label, starts)
        np.minimum.at(top, run_label, rows)
        np.maximum.at(right, run_label, ends - 1)
        np.maximum.at(bottom, run_label, rows)
        area = np.bincount(run_label, weights=lengths, minlength=count_labels)
        sum_x = np.bincount(run_label, weights=(starts + ends - 1) * lengths / 2.0, minlength=count_labels)
        sum_y = np.bincount(run_label, weights=rows * lengths, minlength=count_labels)
        stats[1:, 0] = left[1:]
        stats[1:, 1] = top[1:]
        stats[1:, 2] = right[1:] - left[1:] + 1
        stats[1:, 3] = bottom[1:] - top[1:] + 1
        stats[1:, 4] = area[1:]
        centroids[1:, 0] = sum_x[1:] / area[1:]
        centroids[1:, 1] = sum_y[1:] / area[1:]
    bg_area = h * w - int(lengths.sum())
    if bg_area:
        # Background stats from the runs: a row (column) has background unless ink covers it.
        row_ink = np.bincount(rows, weights=lengths, minlength=h)
        cover = np.zeros(w + 1, np.int64)
        np.add.at(cover, starts, 1)
        np.add.at(cover, ends, -1)
        col_ink = np.cumsum(cover[:-1])
        rows_any = np.flatnonzero(row_ink < w)
        cols_any = np.flatnonzero(col_ink < h)
        stats[0] = (cols_any[0], rows_any[0], cols_any[-1] - cols_any[0] + 1, rows_any[-1] - rows_any[0] + 1, bg_area)
        ink_x = float(((starts + ends - 1) * lengths).sum()) / 2.0
        ink_y = float((rows * lengths).sum())
        all_x, all_y = h * w * (w - 1) / 2.0, w * h * (h - 1) / 2.0
        centroids[0] = ((all_x - ink_x) / bg_area, (all_y - ink_y) / bg_area)
    else:
        # No background pixel: OpenCV's unfinished accumulators, as it returns them.
        stats[0] = (-1, np.iinfo(np.int32).max, 0, 0, 0)
        centroids[0] = (np.nan, np.nan)
    return count_labels, labels, stats, centroids
