"""Borderless PDF tables with table 三's label columns narrowed until labels wrap over three to
twelve lines (tests/render_pdf.py), every width and cell alignment: how many read cell-exact
with no S-ROWS / S-EXTRA / S-LABEL / X-SHORT-ROW and no error (README "一个原因一条问题").

    .venv/bin/python benchmarks/wrapped_labels.py [--engine OTHER_CHECKOUT] [--seeds 21 22]

``--engine`` reads the same files with another checkout's ``core`` (before/after).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", type=Path, default=None)
    parser.add_argument("--seeds", type=int, nargs="+", default=[21, 22])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "wrapped_labels")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from tests.render import consistent_tables
    from tests.render_pdf import render_report_pdf

    cases = []
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in args.seeds:
        tables = consistent_tables(seed)
        for group, label, valign in itertools.product((30.0, 36.0), (24.0, 28.0, 32.0, 38.0), ("middle", "top", "labels-top")):
            path = args.out / f"{seed}_{group:g}_{label:g}_{valign}.pdf"
            if not path.exists():
                render_report_pdf(path, "某县某局", 2025, tables, ruled=False, t3_label_widths=(24.0, group, label), valign=valign)
            cases.append((path, tables))
    if args.engine is not None:
        for name in [m for m in sys.modules if m == "core" or m.startswith("core.")]:
            del sys.modules[name]
        sys.path.insert(0, str(args.engine.resolve()))
    from core.check import check_file

    clean = 0
    for path, tables in cases:
        report = check_file(path)
        bad = [f.rule for f in report.findings
               if f.rule in ("S-ROWS", "S-EXTRA", "S-LABEL", "X-SHORT-ROW") or f.severity == "error"]
        exact = report.to_json()["tables"].get("t3") == tables["t3"]
        if exact and not bad:
            clean += 1
        else:
            print(f"{path.name}: {'cells exact' if exact else 'cells differ'}, {bad[:5]}")
    print(f"{clean} of {len(cases)} read cell-exact and clean (engine {args.engine or REPO})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
