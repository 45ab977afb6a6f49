"""One root cause, one finding — measured on the whole corpus (README "一个原因一条问题").

    .venv/bin/python benchmarks/root_causes.py [--engine OTHER_CHECKOUT] [--out DIR]

The corpus: every report in tests/data (seeds, real text, real PDFs), the bundled sample, the
fixtures in tests/fixtures, and reports this script renders into DIR (made once, reused):
the real WPS template filled as a clerk fills it (tests/fill_wps.py) and rendered reports in
every format (tests/render.py) — each clean, with one typo, or with two typos in random cells
of tables 三 and 四.

Printed: the findings by rule and severity, how many identities fail, and every failing
identity that no finding names (it must be none: a merge may never hide a broken identity).
A failing identity is named by a finding that lists it in ``identities`` or whose rule is the
identity's and whose cells include all the identity's cells.

``--engine`` checks with another checkout's ``core`` (e.g. a worktree of the commit before the
merge) on the same files, for the before/after comparison.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _corpus(out: Path) -> list[Path]:
    from tests.fill_wps import fill_wps_template
    from tests.render import consistent_tables, render_format
    from tests.render_pdf import render_report_pdf

    files = sorted(p for d in ("seeds", "real-text", "real-pdf") for p in (REPO / "tests" / "data" / d).iterdir()
                   if p.suffix in (".txt", ".pdf"))
    files += sorted(p for p in (REPO / "tests" / "fixtures").rglob("*") if p.suffix in (".pdf", ".docx", ".xlsx", ".html"))
    files.append(REPO / "resources" / "sample" / "示例年报.txt")
    out.mkdir(parents=True, exist_ok=True)
    formats = ("txt", "docx", "html", "xlsx", "wps", "pdf", "pdf-borderless")
    for seed in range(60):
        rng = random.Random(seed)
        tables = consistent_tables(rng)
        tables["t2"]["regulations"] = [0, 0, 0]  # a department makes no 规章 (T2-REG-POWER)
        changed: set[tuple[str, str, int]] = set()
        for _ in range(seed % 3):
            table = rng.choice(("t3", "t3", "t3", "t4"))
            row = rng.choice(list(tables[table]))
            col = rng.randrange(len(tables[table][row]))
            before = tables[table][row][col]
            tables[table][row][col] = max(0, before + rng.choice((-3, -2, -1, 1, 2, 3, 10)))
            if tables[table][row][col] != before:
                changed.add((table, row, col))
        typos = len(changed)
        fmt = formats[seed % len(formats)]
        suffix = {"wps": "docx", "pdf-borderless": "pdf"}.get(fmt, fmt)
        name = out / f"gen{seed:02d}_{typos}typo_{fmt}.{suffix}"
        if not name.exists():
            if fmt == "wps":
                fill_wps_template(name, copy.deepcopy(tables))
            elif fmt.startswith("pdf"):
                render_report_pdf(name, "示例县交通运输局", 2023, tables, ruled=fmt == "pdf")
            else:
                render_format(fmt, name, "示例县交通运输局", 2023, tables, "2021")
        files.append(name)
    return files


def _named(finding, ident, scope: str) -> bool:  # type: ignore[no-untyped-def]
    for sums in getattr(finding, "identities", None) or []:
        if (sums.rule, sums.scope) == (ident.rule, scope):
            return True
    cells = set(map(tuple, finding.cells))
    return finding.rule == ident.rule and set(ident.left + ident.right) <= cells


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", type=Path, default=None, help="check with this checkout's core")
    parser.add_argument("--out", type=Path, default=Path("/tmp/root_causes_corpus"))
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    files = _corpus(args.out)  # rendered with this checkout's helpers
    if args.engine is not None:
        for name in [m for m in sys.modules if m == "core" or m.startswith("core.")]:
            del sys.modules[name]
        sys.path.insert(0, str(args.engine.resolve()))
    from core.check import check_file
    from core.rules.arithmetic import evaluate, identities_for

    by_rule: Counter[tuple[str, str]] = Counter()
    failing_total = 0
    unnamed: list[str] = []
    one_typo: Counter[int] = Counter()  # errors reported on the rendered files with one typo
    for path in files:
        report = check_file(path)
        errors = sum(f.severity == "error" for f in report.findings)
        if path.name.startswith("gen") and "_1typo" in path.name:
            one_typo[errors] += 1
        by_rule.update((f.rule, f.severity) for f in report.findings)
        if report.extraction is None:
            continue
        for ident in identities_for(report.extraction):
            r = evaluate(report.extraction, ident)
            if r.unknown or abs(r.left - r.right) < 1e-9:
                continue
            failing_total += 1
            if not any(_named(f, ident, ident.scope) for f in report.findings):
                unnamed.append(f"{path.name}: {ident.rule} {ident.scope}")
    print(f"{len(files)} files, engine {args.engine or REPO}")
    arith = ("T3-BAL", "T3-DONE", "T3-ROW", "T4-REV", "T4-DIR", "T4-AFT")
    print(f"failing identities: {failing_total}")
    print(f"arithmetic error findings: {sum(n for (rule, sev), n in by_rule.items() if rule in arith and sev == 'error')}")
    for rule in arith:
        print(f"  {rule}: {by_rule[(rule, 'error')]}")
    print(f"all errors: {sum(n for (rule, sev), n in by_rule.items() if sev == 'error')}, "
          f"warnings: {sum(n for (rule, sev), n in by_rule.items() if sev == 'warning')}, "
          f"info: {sum(n for (rule, sev), n in by_rule.items() if sev == 'info')}")
    print("rendered reports with one typo, by errors reported: "
          + ", ".join(f"{n} error(s): {files_}" for n, files_ in sorted(one_typo.items())))
    print(f"failing identities no finding names: {len(unnamed)}")
    for line in unnamed:
        print("  ", line)
    return 1 if unnamed else 0


if __name__ == "__main__":
    raise SystemExit(main())
