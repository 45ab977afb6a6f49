"""PDF reader timings on the three real PDFs: median over N runs of the whole read, of
pdfplumber's page parsing (content streams → glyph and line objects), of its table finder,
and of our own code (the rest), plus peak memory.

    .venv/bin/python benchmarks/bench_pdf.py [N]
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.readers.pdf import PdfTimings, read_pdf  # noqa: E402

REAL_PDF = REPO / "tests" / "data" / "real-pdf"
FILES = ("huaian-2024", "hongze-2023", "hongze-2024")


def main(runs: int) -> None:
    t0 = time.perf_counter()
    import pdfplumber  # noqa: F401 — import cost is paid once per process, shown apart

    print(f"import pdfplumber: {1000 * (time.perf_counter() - t0):.0f} ms (once per process)")
    print(f"{'file':<14}{'pages':>6}{'total':>9}{'parse':>9}{'finder':>9}{'ours':>9}{'ours%':>7}{'peak MB':>9}")
    for name in FILES:
        path = REAL_PDF / f"{name}.pdf"
        samples: list[PdfTimings] = []
        pages = 0
        for _ in range(runs):
            t = PdfTimings()
            pages = read_pdf(path, t).page_count or 0
            samples.append(t)
        tracemalloc.start()
        read_pdf(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        total = statistics.median(s.total for s in samples)
        parse = statistics.median(s.parse for s in samples)
        finder = statistics.median(s.table_finder for s in samples)
        ours = statistics.median(s.ours for s in samples)
        print(f"{name:<14}{pages:>6}{1000 * total:>8.0f}ms{1000 * parse:>7.0f}ms{1000 * finder:>7.0f}ms"
              f"{1000 * ours:>7.0f}ms{100 * ours / total:>6.0f}%{peak / 2**20:>9.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
