"""OCR speed and memory, printed (not asserted), each measurement in a fresh process:

- a 6-page scanned report (huaian-2024.pdf, every page a 170-dpi JPEG scan, turned 1.2°,
  noise, a red seal) checked end to end;
- one scanned page that holds no table (huaian-2024 page 1, prose);
- one scanned table page;
- text-layer files (a seed TXT, hongze-2024.pdf), which must not pay for the OCR stack.

    .venv/bin/python benchmarks/bench_ocr.py [--runs 3]

Targets (issue 11): 6-page scan ≤ 20 s, a page without a table < 1 s, peak memory ≤ 1 GB.
The machine is 2 cores shared with other work: quote the load average with the numbers.
CPU is the process's user + system time (both of onnxruntime's threads, imports included):
on a busy machine it says what the work costs when the wall time cannot.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_PROBE = """
import json, resource, sys, time
t = time.perf_counter()
from core.check import check_file
r = check_file(sys.argv[1])
dt = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"s": dt, "cpu": u.ru_utime + u.ru_stime, "rss_mb": u.ru_maxrss / 1024,
                  "status": r.status, "ocr": r.ocr, "ocr_loaded": "onnxruntime" in sys.modules}))
"""


def measure(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, str(path)], cwd=REPO, capture_output=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(done.stderr.decode()[-2000:])
    return json.loads(done.stdout.decode().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from tests.ocr_scan import render_pages, scan, scanned_pdf
    from tests.shared_data import REAL_PDF, seed

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        full = scanned_pdf(REAL_PDF / "huaian-2024.pdf", folder / "huaian-2024-扫描.pdf")
        pages = render_pages(REAL_PDF / "huaian-2024.pdf", 170)
        prose = folder / "prose.jpg"
        scan(pages[0], seed=1).save(prose, "JPEG", quality=80)
        table = folder / "table.jpg"
        scan(pages[2], seed=2).save(table, "JPEG", quality=80)
        cases = [("6-page scanned report", full), ("scanned page without a table", prose),
                 ("scanned table page", table), ("text-layer PDF", REAL_PDF / "hongze-2024.pdf"),
                 ("TXT", seed("000"))]
        print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")
        for name, path in cases:
            results = [measure(path) for _ in range(args.runs)]
            times = [r["s"] for r in results]
            cpu = statistics.median(r["cpu"] for r in results)
            print(f"{name:32s} median {statistics.median(times):6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})  "
                  f"CPU {cpu:6.2f} s  peak RSS {max(r['rss_mb'] for r in results):6.0f} MB  ocr={results[0]['ocr']}  "
                  f"engine loaded={results[0]['ocr_loaded']}")
        per_page(args.runs)
        print(f"load average after: {os.getloadavg()[0]:.1f}")


_PAGES = """
import json, sys, time
from core.producers.ocr.engine import engine
from core.readers import read_document
engine()
out = {}
for path in sys.argv[1:]:
    d = read_document(path)
    out[path] = {n: p.seconds for n, p in d.ocr.pages.items()}
print(json.dumps(out))
"""


def per_page(runs: int) -> None:
    """Each page's reading inside a document (the engine loaded, as from the second page on):
    every page of the three real PDFs scanned, median over runs; a page is a table page when
    its text layer holds a statistics table."""
    from tests.ocr_scan import scanned_pdf, table_pages
    from tests.shared_data import REAL_PDF

    with tempfile.TemporaryDirectory() as tmp:
        sources = {REAL_PDF / f"{n}.pdf": Path(tmp) / f"{n}-扫描.pdf" for n in ("hongze-2023", "hongze-2024", "huaian-2024")}
        for src, dst in sources.items():
            scanned_pdf(src, dst)
        times: dict[tuple[str, int], list[float]] = {}
        for _ in range(runs):
            done = subprocess.run([sys.executable, "-c", _PAGES, *map(str, sources.values())], cwd=REPO, capture_output=True, timeout=1800)
            if done.returncode != 0:
                raise SystemExit(done.stderr.decode()[-2000:])
            for path, pages in json.loads(done.stdout.decode().splitlines()[-1]).items():
                for n, s in pages.items():
                    times.setdefault((path, int(n)), []).append(s)
        for src, dst in sources.items():
            tables = set(table_pages(src))
            row = [f"{n}{'表' if n in tables else '文'} {statistics.median(times[(str(dst), n)]):.2f}"
                   for n in sorted(n for p, n in times if p == str(dst))]
            print(f"per page, {src.stem:12s} (表 = table page, 文 = no table): " + "  ".join(row) + " s")


if __name__ == "__main__":
    main()
