"""Supervisor exports, printed (not asserted): a 100-report batch writes one review letter per
report into a folder and the summary workbook (汇总, 问题明细, 合计, 图表).

    .venv/bin/python benchmarks/bench_exports.py [--reports 100] [--runs 5]

Target (issue 14): letters and summary of a 100-report batch < 10 s. The reports are checked
once (not timed): the real PDFs, the seeds and the sample, repeated under other agency names
and files until there are ``--reports`` of them, so every letter and every summary row is
distinct work.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.check import check_file  # noqa: E402
from core.export.review_letter import write_review_letters  # noqa: E402
from core.export.summary import write_summary  # noqa: E402
from core.model import Report  # noqa: E402

DATA = REPO / "tests" / "data"


def batch(n: int) -> list[Report]:
    sources = [*sorted((DATA / "real-pdf").glob("*.pdf")), *sorted((DATA / "seeds").glob("*.txt")),
               *sorted((DATA / "real-text").glob("*.txt")), REPO / "resources" / "sample" / "示例年报.txt"]
    checked = [check_file(str(p)) for p in sources]
    out: list[Report] = []
    i = 0
    while len(out) < n:
        base = checked[i % len(checked)]
        report = copy.deepcopy(base)
        report.document = None  # a batch keeps no documents (core/batch/runner.py)
        report.file = f"/批量/{i:03d}_{Path(base.file).name}"
        if report.extraction is not None and report.extraction.meta.agency:
            report.extraction.meta.agency = f"第{i}号{report.extraction.meta.agency}"
        out.append(report)
        i += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    reports = batch(args.reports)
    letters, summaries, totals = [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "意见"
            folder.mkdir()
            start = time.perf_counter()
            written = write_review_letters(reports, folder)
            middle = time.perf_counter()
            write_summary(reports, str(Path(tmp) / "汇总.xlsx"))
            end = time.perf_counter()
            assert len(written) == len(reports)
        letters.append(middle - start)
        summaries.append(end - middle)
        totals.append(end - start)
    print(f"{len(reports)} reports, {args.runs} runs (medians)")
    print(f"  review letters   {statistics.median(letters):6.2f} s  ({statistics.median(letters) / len(reports) * 1000:.1f} ms each)")
    print(f"  summary workbook {statistics.median(summaries):6.2f} s")
    print(f"  total            {statistics.median(totals):6.2f} s   (target < 10 s)")


if __name__ == "__main__":
    main()
