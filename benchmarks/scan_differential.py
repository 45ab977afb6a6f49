"""The scan differential, measured (issue 23): each seed scans one source (tests/scan_sources.py,
taken in turn) under one draw of conditions (tests/degrade.py), checks the scan and the text
PDF, and compares every cell of tables 二/三/四 and every error finding (tests/scan_compare.py).
Prints exact / doubted / 0↔blank / confidently wrong / missing cells overall, per source kind
(real, ruled, borderless), per source and per condition bin, the false errors, and seconds
per scanned page.

    nice .venv/bin/python benchmarks/scan_differential.py --seeds 0:200 --jobs 1 --out /tmp/dev.jsonl
    .venv/bin/python benchmarks/scan_differential.py --summary /tmp/dev.jsonl [/tmp/more.jsonl ...]
    .venv/bin/python benchmarks/scan_differential.py --seeds 17:18 --sources gen-borderless --keep /tmp/s17

Seed ranges (tests/degrade.py):
- **dev, 0–199**: measure here while developing — as often as you like.
- **held-out, 100000–100199**: never run while developing; only the final figure is measured
  there (tests/test_scan_differential.py runs its start in CI). This script refuses it unless
  ``--held-out`` is given.

A draw costs a few seconds per scanned page: 200 draws are 1–2 hours on one core. Each record
is appended to ``--out`` as it finishes, so a long run can be stopped and summarised, or split
over several runs (``--seeds 0:100`` and ``--seeds 100:200``) and summarised together.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.degrade import DEV_SEEDS, HELD_OUT_SEEDS  # noqa: E402
from tests.scan_compare import replay_hint, run_draw, summarise  # noqa: E402
from tests.scan_sources import BY_NAME  # noqa: E402

GOAL = 0.995


def _seeds(text: str) -> range:
    a, _, b = text.partition(":")
    return range(int(a), int(b) if b else int(a) + 1)


def _work(job: tuple[int, str, list[str] | None, bool]) -> dict:
    seed, folder, names, keep = job
    try:
        return run_draw(seed, Path(folder), names, keep=keep)
    except Exception as exc:  # a crash in the harness or the reader is a result too
        import traceback

        return {"seed": seed, "crash": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()[-3000:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default=f"{DEV_SEEDS.start}:{DEV_SEEDS.stop}", help="A:B, B excluded (default: the dev range)")
    parser.add_argument("--sources", default="", help="comma-separated names from tests/scan_sources.py (default: all, in turn)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", type=Path, help="append each draw's JSON record here")
    parser.add_argument("--keep", type=Path, help="keep the scans (and the rendered text PDFs) in this folder")
    parser.add_argument("--held-out", action="store_true", help="allow seeds of the held-out range (final figure only)")
    parser.add_argument("--summary", type=Path, nargs="+", help="only summarise these JSONL files")
    args = parser.parse_args()
    if args.summary:
        records = [json.loads(line) for f in args.summary for line in f.read_text().splitlines() if line.strip()]
        _report([r for r in records if "crash" not in r], [r for r in records if "crash" in r])
        return
    seeds = _seeds(args.seeds)
    if not args.held_out and any(s in HELD_OUT_SEEDS for s in seeds):
        raise SystemExit(f"seeds {HELD_OUT_SEEDS.start}–{HELD_OUT_SEEDS.stop - 1} are held out: measure the final figure "
                         "there once, with --held-out; develop on 0–199")
    names = [n for n in args.sources.split(",") if n] or None
    for n in names or []:
        if n not in BY_NAME:
            raise SystemExit(f"unknown source {n!r}; known: {', '.join(BY_NAME)}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="scan-diff-"))
    jobs = [(s, str(folder), names, args.keep is not None) for s in seeds]
    records, crashes = [], []
    started = time.perf_counter()
    out = args.out.open("a") if args.out else None
    pool = multiprocessing.get_context("spawn").Pool(args.jobs) if args.jobs > 1 else None
    try:
        results = pool.imap_unordered(_work, jobs) if pool else map(_work, jobs)
        for r in results:
            if out:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
                out.flush()
            if "crash" in r:
                crashes.append(r)
                print(f"seed {r['seed']}: CRASH {r['crash']}", flush=True)
                continue
            records.append(r)
            c = r["counts"]
            total = sum(c.values())
            flag = " FALSE ERROR" if r["false_errors"] else ""
            flag += " WRONG" if c["wrong"] else ""
            print(f"seed {r['seed']:6d} {r['source']:20s} {c['exact']:4d}/{total:4d} exact, {c['doubted']} doubted, "
                  f"{c['wrong']} wrong, {c['missing']} missing  {r['seconds']:6.1f} s/{r['pages']} p  {r['what']}{flag}",
                  flush=True)
    finally:
        if pool:
            pool.close()
            pool.join()
        if out:
            out.close()
    print(f"\n{len(jobs)} draws in {time.perf_counter() - started:.0f} s (jobs {args.jobs})")
    _report(records, crashes)


def _report(records: list[dict], crashes: list[dict]) -> None:
    print(summarise(records, GOAL))
    for r in crashes:
        print(f"CRASH seed {r['seed']}: {r['crash']}\n{r.get('trace', '')}")
    for r in records:
        if r["false_errors"] or r["counts"]["wrong"]:
            print("replay:", replay_hint(r))


if __name__ == "__main__":
    main()
