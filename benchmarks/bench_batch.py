"""Batch speed and memory, printed (not asserted): 100 mixed-format reports (PDF, DOCX, HTML,
TXT; 25 agencies × 2021–2024, so cross-year checks run too) checked with one worker
process and with two, median wall time, speed-up, peak memory of the whole process tree.

    .venv/bin/python benchmarks/bench_batch.py [--runs 3] [--count 100]
    .venv/bin/python benchmarks/bench_batch.py --similarity   # evidence for the E7 thresholds

Target (issue 5): 100 reports in under 60 s on this 2-core machine and a near-2× speed-up
over one worker.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO / "tests" / "data"

FORMATS = ("pdf", "docx", "html", "txt")
YEARS = (2021, 2022, 2023, 2024)


def build(folder: Path, count: int) -> list[str]:
    """``count`` reports: agencies × 4 years, each year in another format, years chained so
    most pairs are consistent; every fifth PDF slot holds a copy of a real published PDF."""
    from tests.batch_fixture import chain, own_prose
    from tests.render import consistent_tables, render_docx, render_html, render_txt
    from tests.render_pdf import render_report_pdf

    real = sorted((SHARED / "real-pdf").glob("*.pdf"))
    files: list[str] = []
    agencies = (count + len(YEARS) - 1) // len(YEARS)
    for a in range(agencies):
        agency = f"示范县第{a + 1}局"
        tables = None
        for y, year in enumerate(YEARS):
            if len(files) >= count:
                break
            fresh = consistent_tables(1000 * a + y)
            tables = fresh if tables is None else chain(tables, fresh)
            fmt = FORMATS[(a + y) % len(FORMATS)]
            path = folder / f"{agency}{year}.{fmt}"
            if fmt == "pdf" and real and a % 5 == 0:
                shutil.copy(real[(a // 5) % len(real)], path)
            elif fmt == "pdf":
                render_report_pdf(path, agency, year, tables, ruled=a % 2 == 0, split_across_pages=a % 3 == 0,
                                  prose=own_prose(year)["一"])
            elif fmt == "docx":
                render_docx(path, agency, year, tables, prose=own_prose(year))
            elif fmt == "html":
                render_html(path, agency, year, tables, prose=own_prose(year), encoding="gbk" if a % 2 else "utf-8")
            else:
                render_txt(path, agency, year, tables, prose=own_prose(year), shape=("tab", "pipe", "cell_per_line")[a % 3])
            files.append(str(path))
    return files


def _rss(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def run_cli(folder: str, workers: int) -> tuple[float, float, float, int, float]:
    """``main.py check FOLDER --json --workers N`` in a fresh process, as a supervisor runs it:
    wall time from process start to exit, peak RSS of the process tree and of the largest
    worker (sampled from /proc every 20 ms; Linux), exit status, and CPU seconds of the whole
    tree (workers are joined by the CLI, so theirs count): the CPU figure does not depend on
    what else the machine is running, the wall time does."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(REPO / "main.py"), "check", folder, "--json", "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    peak_total = peak_worker = 0.0
    while proc.poll() is None:
        kids = _children(proc.pid)
        workers_rss = [_rss(k) for k in kids]
        peak_total = max(peak_total, _rss(proc.pid) + sum(workers_rss))
        peak_worker = max([peak_worker, *workers_rss])
        time.sleep(0.02)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, peak_total, peak_worker, proc.returncode, cpu


def speed(runs: int, count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        t0 = time.perf_counter()
        files = build(Path(tmp), count)
        by_format = {f: sum(1 for p in files if p.endswith("." + f)) for f in FORMATS}
        print(f"{len(files)} reports built in {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{n} {f.upper()}" for f, n in by_format.items()))
        print(f"CPU cores: {os.cpu_count()}; `main.py check DIR --json --workers N`, {runs} runs each, median wall time")
        medians: dict[int, float] = {}
        print(f"load average before: {os.getloadavg()[0]:.2f} (other processes share the two cores)")
        for workers in (1, 2):
            times, totals, largest, codes, cpus = [], [], [], set(), []
            for _ in range(runs):
                wall, total, worker, code, cpu = run_cli(tmp, workers)
                times.append(wall)
                totals.append(total)
                largest.append(worker)
                codes.add(code)
                cpus.append(cpu)
            medians[workers] = statistics.median(times)
            print(f"workers={workers}: {medians[workers]:6.2f} s  ({medians[workers] / len(files) * 1000:.0f} ms/report; "
                  f"runs {', '.join(f'{t:.2f}' for t in times)}; CPU {statistics.median(cpus):.1f} s)  "
                  f"peak RSS all processes {max(totals):.0f} MB, largest worker {max(largest):.0f} MB; exit status {sorted(codes)}")
        print(f"speed-up 2 workers over 1: {medians[1] / medians[2]:.2f}x; load average after: {os.getloadavg()[0]:.2f}")
        # The same files checked in one process with no worker at all, for the pool's overhead.
        from core.check import check_file

        start = time.perf_counter()
        for f in files:
            check_file(f)
        print(f"reference, check_file in one process without workers: {time.perf_counter() - start:.2f} s")


# --------------------------------------------------------------------------------------
# E7 evidence


def similarity_evidence() -> None:
    """Prose similarity (core.batch.crossyear.similarity) on real pairs and on re-dated copies
    with part of the prose rewritten: the numbers behind PROSE_SAME / PROSE_COPY."""
    from core.check import check_file
    from core.batch.crossyear import PROSE_COPY, PROSE_SAME, agency_key, same_agency, similarity

    paths = (sorted((SHARED / "real-text").glob("0*.txt")) + sorted((SHARED / "seeds").glob("0*.txt"))
             + sorted((SHARED / "real-pdf").glob("*.pdf")) + [REPO / "resources" / "sample" / "示例年报.txt"])
    reports = [r for r in (check_file(p) for p in paths) if r.extraction is not None]
    same_pairs, other_pairs = [], []
    for a, b in itertools.combinations(reports, 2):
        ka, kb = agency_key(a.extraction.meta.agency), agency_key(b.extraction.meta.agency)
        s = similarity(a.extraction, b.extraction)
        if s.prose is None:
            continue
        row = (s.prose, s.tables, Path(a.file).name, a.extraction.meta.year, Path(b.file).name, b.extraction.meta.year)
        (same_pairs if same_agency(ka, kb) else other_pairs).append(row)
    print(f"thresholds: PROSE_SAME {PROSE_SAME} (with tables ≥ 90 % unchanged), PROSE_COPY {PROSE_COPY}")
    consecutive = [r for r in same_pairs if abs((r[3] or 0) - (r[5] or 0)) == 1]
    print(f"same agency, consecutive years ({len(consecutive)} pairs), highest first:")
    for p, t, a, ya, b, yb in sorted(consecutive, reverse=True)[:8]:
        print(f"  prose {p:.3f}  tables {'-' if t is None else f'{t:.2f}'}  {a} ({ya}) ~ {b} ({yb})")
    print(f"different agencies ({len(other_pairs)} pairs), highest first:")
    for p, t, a, ya, b, yb in sorted(other_pairs, reverse=True)[:5]:
        print(f"  prose {p:.3f}  {a} ~ {b}")
    donor = next(r for r in reports if Path(r.file).name == "huaian-2024.pdf")
    print("last year's report re-dated, a share of its prose sentences replaced (by characters):")
    for base in [r for r in reports if Path(r.file).name in ("hongze-2023.pdf", "012.txt", "004_5db7f0ab2e08e227.txt")]:
        cells = []
        for share in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5):
            s = similarity(_rewritten(base, share, donor).extraction, base.extraction)
            cells.append(f"{share:.0%}→{s.prose:.2f}")
        print(f"  {Path(base.file).name:28s} " + "  ".join(cells))


def _rewritten(report, share: float, donor):  # type: ignore[no-untyped-def]
    clone = copy.deepcopy(report)
    ext = clone.extraction
    year = ext.meta.year or 2023
    for s in ext.meta.sentences:
        s.text = s.text.replace(str(year), str(year + 1))
    donors = [s.text for s in donor.extraction.meta.sentences if len(s.text) > 20]
    total = sum(len(s.text) for s in ext.meta.sentences)
    done = 0
    # Rewrite spread over the report (every k-th long sentence), not one block.
    long = [s for s in ext.meta.sentences if len(s.text) > 20]
    step = max(1, int(1 / share)) if share else 0
    for i, s in enumerate(long):
        if not share or done >= share * total or not donors:
            break
        if i % step == 0:
            done += len(s.text)
            s.text = donors.pop(0)
    return clone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--similarity", action="store_true", help="print the E7 threshold evidence instead")
    args = parser.parse_args()
    if args.similarity:
        similarity_evidence()
    else:
        speed(args.runs, args.count)


if __name__ == "__main__":
    main()
