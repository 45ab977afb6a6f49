"""Layout time of a scanned table page (core/producers/ocr/image.py: ink, deskew, ruling lines, text
runs — everything read_page does before the recogniser), printed (not asserted).

Each source's table pages are scanned as tests/test_ocr_real.py scans them (170 dpi, 1.2°,
noise, JPEG, a red seal) and rendered back at the reader's 200 dpi; every page's layout is
timed ``--runs`` times and the median per page is printed, then the median over all pages.

    .venv/bin/python benchmarks/bench_ocr_layout.py [--runs 5]

The machine is 2 cores shared with other work: compare numbers taken back to back, and the
CPU time (all of OpenCV's threads) when the load makes the wall time wander.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def layout_seconds(img) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, CPU) seconds of one page's layout."""
    from core.producers.ocr import image as layout
    from core.producers.ocr.page import deskewed

    t, c = time.perf_counter(), time.process_time()
    _, mask, _ = deskewed(img)
    _, lines_mask = layout.ruling(mask)
    layout.text_runs(mask, lines_mask)
    return time.perf_counter() - t, time.process_time() - c


def main() -> None:
    import numpy as np
    import pypdfium2 as pdfium

    from core.producers.ocr.pdf_pages import DPI
    from tests.ocr_scan import mixed_pdf, table_pages
    from tests.shared_data import REAL_PDF

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sources = {
        "hongze-2023": REAL_PDF / "hongze-2023.pdf",
        "huaian-2024": REAL_PDF / "huaian-2024.pdf",
        "report_2019": REPO / "tests" / "fixtures" / "pdf" / "report_2019.pdf",
    }
    medians: list[float] = []
    cpus: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, src in sources.items():
            pages = table_pages(src)
            dst = mixed_pdf(src, Path(tmp) / f"{name}.pdf", pages)
            doc = pdfium.PdfDocument(str(dst))
            try:
                for n in pages:
                    img = np.array(doc[n - 1].render(scale=DPI / 72).to_pil().convert("RGB"))
                    times = [layout_seconds(img) for _ in range(args.runs)]
                    medians.append(statistics.median(t for t, _ in times))
                    cpus.append(statistics.median(c for _, c in times))
                    print(f"{name} page {n}: median {medians[-1] * 1000:6.0f} ms  CPU {cpus[-1] * 1000:6.0f} ms")
            finally:
                doc.close()
    print(f"all {len(medians)} table pages: median {statistics.median(medians) * 1000:.0f} ms, "
          f"total {sum(medians) * 1000:.0f} ms; CPU median {statistics.median(cpus) * 1000:.0f} ms, "
          f"total {sum(cpus) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
