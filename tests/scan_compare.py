"""The scan differential (issue 23): scan a text PDF under one draw of conditions, check the
scan and the text PDF with ``core.check.check_file``, and compare every cell of tables
二/三/四 and every error. Used by tests/test_scan_differential.py and
benchmarks/scan_differential.py; a draw gives one JSON record, so runs can be split, merged
and summarised later.

Each cell the text layer reads (``ok`` or ``blank``) is, on the scan:

- ``exact``: the same value and state;
- ``doubted``: ``uncertain`` (a reading warning, X-OCR) or ``inferred`` — doubt, not wrong;
- ``zero_blank``: printed 0 read blank or the reverse (the arithmetic is the same);
- ``wrong``: read with confidence (``ok``/``blank``) as another number — the bug we must not ship;
- ``missing``: not read (no table, no row, ``missing`` or ``text``).

A *false error* is an error-severity finding on the scan that the text layer of the same
document does not have (same rule, and the same cells or cells in common).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from tests.degrade import Conditions, describe, draw, scan_document
from tests.scan_sources import source_for

BUCKETS = ("exact", "doubted", "zero_blank", "wrong", "missing")
_TEXT_REPORTS: dict[str, Any] = {}


def _table_pages(pdf: Path) -> list[int]:
    """0-based pages on which the text layer has table cells."""
    from tests.ocr_scan import table_pages

    return [p - 1 for p in table_pages(pdf)]


def _pages_alone(pdf: Path, pages: list[int], folder: Path) -> list[int]:
    """The table pages whose text layer, as a file of that page alone, is read as a report
    with table cells: a picture of one page can only be compared where its text can. (A
    middle page of table 三, without heading or title, is no report on its own.)"""
    from tests.degrade import one_page_pdf

    out = []
    folder.mkdir(parents=True, exist_ok=True)
    for p in pages:
        report = _text_report(one_page_pdf(pdf, p, folder / f"{pdf.stem}-page{p}.pdf"))
        if report.extraction is not None and any(report.extraction.tables.values()):
            out.append(p)
    return out or pages


def _text_report(pdf: Path):  # type: ignore[no-untyped-def]
    from core.check import check_file

    key = str(pdf)
    if key not in _TEXT_REPORTS:
        _TEXT_REPORTS[key] = check_file(pdf)
    return _TEXT_REPORTS[key]


def compare_cells(text, scan) -> tuple[dict[str, int], list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """Counts per bucket, and the cells that are not exact (ref, printed, read, state)."""
    counts = dict.fromkeys(BUCKETS, 0)
    off: list[dict[str, Any]] = []
    te, se = text.extraction, scan.extraction
    if te is None:
        return counts, off
    for key, table in te.tables.items():
        for row, cells in table.rows.items():
            for i, cell in enumerate(cells):
                if cell.state not in ("ok", "blank"):
                    continue
                got = None
                if se is not None and key in se.tables:
                    row_cells = se.tables[key].rows.get(row)
                    got = row_cells[i] if row_cells is not None and i < len(row_cells) else None
                if got is None or got.state in ("missing", "text"):
                    bucket = "missing"
                elif got.state in ("uncertain", "inferred"):
                    bucket = "doubted"
                elif got.value == cell.value and got.state == cell.state:
                    bucket = "exact"
                elif got.number == cell.number:
                    bucket = "zero_blank"
                else:
                    bucket = "wrong"
                counts[bucket] += 1
                if bucket != "exact":
                    off.append({"cell": [key, row, i], "printed": cell.value, "read": None if got is None else got.value,
                                "state": None if got is None else got.state, "bucket": bucket})
    return counts, off


def false_errors(text, scan) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Error findings of the scan that the text layer does not have."""
    known = [(f.rule, {tuple(c) for c in f.cells}) for f in text.findings if f.severity == "error"]
    out = []
    for f in scan.findings:
        if f.severity != "error":
            continue
        cells = {tuple(c) for c in f.cells}
        if any(rule == f.rule and (cells == had or cells & had) for rule, had in known):
            continue
        out.append({"rule": f.rule, "message": f.message, "cells": [list(c) for c in f.cells]})
    return out


def run_draw(seed: int, folder: Path, names: list[str] | None = None, keep: bool = False,
             conditions: Conditions | None = None) -> dict[str, Any]:
    """One draw end to end: the record (JSON values) of what was read and how long it took."""
    from core.check import check_file

    begun, cpu_begun = time.perf_counter(), time.process_time()
    c = conditions or draw(seed)
    source = source_for(seed, names)
    work = folder / f"draw-{seed}"
    text_pdf = source.pdf(folder / "text", seed)
    pages_with_tables = _table_pages(text_pdf)
    if c["pages"] == "one":
        pages_with_tables = _pages_alone(text_pdf, pages_with_tables, folder / "text")
    scan_path, ref, pages = scan_document(text_pdf, c, work, pages_with_tables)
    text = _text_report(ref)
    started = time.perf_counter()
    scanned = check_file(scan_path)
    seconds = time.perf_counter() - started
    counts, off = compare_cells(text, scanned)
    record = {"seed": seed, "source": source.name, "kind": source.kind, "conditions": c, "what": describe(c),
              "status": scanned.status, "error": scanned.error, "pages": pages, "seconds": round(seconds, 2),
              "counts": counts, "off": off, "false_errors": false_errors(text, scanned), "scan": str(scan_path),
              "draw_seconds": round(time.perf_counter() - begun, 2),
              "draw_cpu_seconds": round(time.process_time() - cpu_begun, 2)}  # all threads: what it costs on a busy machine
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
        if ref != text_pdf and ref.exists():
            ref.unlink()
    return record


def draw_job(job: tuple[int, str]) -> dict[str, Any]:
    """``run_draw`` for a process pool: (seed, folder)."""
    seed, folder = job
    return run_draw(seed, Path(folder))


def replay_hint(record: dict[str, Any]) -> str:
    return (f"python benchmarks/scan_differential.py --seeds {record['seed']}:{record['seed'] + 1} "
            f"--sources {record['source']} --keep DIR")


# ---------------------------------------------------------------------------------------
# Summary

def _bins(c: Conditions) -> dict[str, str]:
    dpi = c["dpi"]
    q = c["quality"]
    skew = abs(c["skew"])
    return {
        "device": c["device"],
        "dpi": "100–149" if dpi < 150 else "150–199" if dpi < 200 else "200–249" if dpi < 250 else "250–300",
        "colour mode": c["mode"],
        "storage": c["storage"],
        "jpeg quality": "none" if not q else "30–49" if q < 50 else "50–69" if q < 70 else "70–95",
        "skew": "<1°" if skew < 1 else "1–2°" if skew < 2 else "2–3°",
        "dust": "none" if not c["dust"] else "<0.2%" if c["dust"] < 0.002 else "0.2–0.5%",
        "seal": "seal" if c["seal"] else "no seal",
        "photo": "phone photo" if c["perspective"] else "flat",
        "pages": f"{c['container']}/{c['pages']}",
    }


def _line(label: str, counts: dict[str, int], draws: int, extra: str = "") -> str:
    total = sum(counts.values())
    share = counts["exact"] / total if total else 0.0
    parts = "  ".join(f"{b} {counts[b]:5d}" for b in BUCKETS)
    return f"  {label:22s} {draws:4d} draws {total:6d} cells  exact {share:7.2%}   {parts}{extra}"


def summarise(records: list[dict[str, Any]], goal: float | None = None) -> str:
    """The figures a person reads: totals, per source kind, per source, per condition bin,
    then every false error and confidently wrong cell with the seed that replays it."""
    if not records:
        return "no draws"
    lines = []
    total = dict.fromkeys(BUCKETS, 0)
    for r in records:
        for b in BUCKETS:
            total[b] += r["counts"][b]
    cells = sum(total.values())
    share = total["exact"] / cells if cells else 0.0
    pages = sum(r["pages"] for r in records)
    seconds = sum(r["seconds"] for r in records)
    n_false = sum(len(r["false_errors"]) for r in records)
    lines.append(f"{len(records)} draws, {cells} cells: exact {total['exact']} ({share:.2%})"
                 + (f"  [goal {goal:.1%}]" if goal is not None else "")
                 + f", doubted {total['doubted']}, 0/blank {total['zero_blank']}, confidently wrong {total['wrong']}, "
                 f"missing {total['missing']}; false errors {n_false} in {sum(1 for r in records if r['false_errors'])} draws; "
                 f"{seconds / pages if pages else 0:.2f} s per scanned page ({pages} pages)")
    groups: list[tuple[str, Any]] = [("source kind", lambda r: r["kind"]), ("source", lambda r: r["source"])]
    groups += [(name, (lambda n: lambda r: _bins(r["conditions"])[n])(name)) for name in _bins(records[0]["conditions"])]
    for title, key in groups:
        lines.append(f"by {title}:")
        buckets: dict[str, tuple[dict[str, int], list[dict[str, Any]]]] = {}
        for r in records:
            acc, rs = buckets.setdefault(key(r), (dict.fromkeys(BUCKETS, 0), []))
            rs.append(r)
            for b in BUCKETS:
                acc[b] += r["counts"][b]
        for label in sorted(buckets):
            acc, rs = buckets[label]
            fe = sum(len(r["false_errors"]) for r in rs)
            pg = sum(r["pages"] for r in rs)
            extra = f"  false errors {fe}  {sum(r['seconds'] for r in rs) / pg if pg else 0:.1f} s/page"
            lines.append(_line(label, acc, len(rs), extra))
    bad = [r for r in records if r["false_errors"] or r["counts"]["wrong"]]
    if bad:
        lines.append("false errors and confidently wrong cells (each replays with its seed):")
    for r in sorted(bad, key=lambda r: r["seed"]):
        lines.append(f"  seed {r['seed']} {r['source']} ({r['what']}):")
        for f in r["false_errors"]:
            lines.append(f"    FALSE ERROR {f['rule']}: {f['message'][:120]}")
        for o in r["off"]:
            if o["bucket"] == "wrong":
                lines.append(f"    wrong {o['cell']}: printed {o['printed']}, read {o['read']} ({o['state']})")
    failed = [r for r in records if r["status"] in ("unreadable", "not_report")]
    for r in failed:
        lines.append(f"  seed {r['seed']} {r['source']}: {r['status']} — {r['error']}")
    return "\n".join(lines)
