"""Engine speed and memory, printed (not asserted): process start → JSON per file, the
split between reading, extraction and rules, and peak memory.

    .venv/bin/python benchmarks/bench_core.py [--runs 5] [FILE ...]

Targets (issue 2): a typical 5-page PDF end to end < 1.5 s median, our own code under a
third of it; DOCX / XLSX / HTML / TXT < 0.5 s; peak memory < 300 MB.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO / "tests" / "data"

# Runs main.py in a child and reports the child's own peak RSS on stderr's last line.
_CHILD = (
    "import resource, sys, runpy\n"
    "sys.argv = ['main.py', 'check', '--json', sys.argv[1]]\n"
    "try:\n"
    "    runpy.run_path(%r, run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write('MAXRSS %%d\\n' %% resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
) % str(REPO / "main.py")


def end_to_end(path: Path, runs: int) -> tuple[float, float]:
    times, rss = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, cwd=REPO)
        times.append(time.perf_counter() - start)
        last = [line for line in proc.stderr.splitlines() if line.startswith("MAXRSS")]
        if last:
            rss.append(int(last[-1].split()[1]) / 1024)
    return statistics.median(times), max(rss) if rss else float("nan")


def in_process(path: Path, runs: int) -> dict[str, float]:
    from core.extract import extract
    from core.readers import read_document
    from core.rules import run_rules

    phases: dict[str, list[float]] = {"read": [], "extract": [], "rules": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        doc = read_document(path)
        t1 = time.perf_counter()
        ext = extract(doc)
        t2 = time.perf_counter()
        run_rules(ext)
        t3 = time.perf_counter()
        phases["read"].append(t1 - t0)
        phases["extract"].append(t2 - t1)
        phases["rules"].append(t3 - t2)
    return {k: statistics.median(v) for k, v in phases.items()}


def default_files() -> list[Path]:
    files = sorted((REPO / "resources" / "sample").glob("*.txt"))
    files += sorted((SHARED / "seeds").glob("*.txt"))[:2]
    files += [SHARED / "real-text" / "004.txt", SHARED / "real-text" / "010.txt"]
    files += sorted((SHARED / "real-pdf").glob("*.pdf"))
    files += sorted((REPO / "tests" / "fixtures").rglob("*.docx"))[:1]
    files += sorted((REPO / "tests" / "fixtures").rglob("*.xlsx"))[:1]
    files += sorted((REPO / "tests" / "fixtures").rglob("*.html"))[:1]
    return [f for f in files if f.exists()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = args.files or default_files()
    print(f"{'file':38} {'e2e med s':>9} {'peak MB':>8} {'read s':>8} {'extract s':>9} {'rules s':>8}")
    for path in files:
        from core.document import ReadError

        wall, rss = end_to_end(path, args.runs)
        try:
            phases = in_process(path, args.runs)
        except ReadError as exc:
            print(f"{path.name[:38]:38} unreadable: {exc.message}")
            continue
        print(f"{path.name[:38]:38} {wall:9.3f} {rss:8.0f} {phases['read']:8.3f} {phases['extract']:9.4f} {phases['rules']:8.4f}")


if __name__ == "__main__":
    main()
