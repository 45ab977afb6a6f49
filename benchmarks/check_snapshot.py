"""Byte-identical ``check --json`` across a refactor: build one corpus, snapshot the output of
every file, snapshot again after the change, diff.

    python benchmarks/check_snapshot.py build DIR          # generated inputs, written once
    python benchmarks/check_snapshot.py snap DIR OUT.json  # check --json of every file
    python benchmarks/check_snapshot.py diff A.json B.json # exit 1 on any difference

The corpus is every file in tests/data and tests/fixtures, plus what the tests render at
run time: report PDFs (ruled, loose, both templates, a table cut by a page break, a running
header), HTML/DOCX/XLSX/TXT renderings, the hostile corpus (tests/hostile.py) and the scans
(a scanned PDF, a mixed text/scan PDF, scanner-made searchable PDFs with a good and a poor
hidden text layer) so the OCR producer and the choice between readings are compared too. The inputs
are built once and both snapshots read the same bytes, so renderers changing do not matter.
Each file runs in its own process (``main.py check --json``): a crash or a limit hit in one
cannot change another's output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Slow by design (they run into the reader's limits) and not touched by a move of code:
# their message is covered by tests/test_hostile_inputs.py.
_SKIP_HOSTILE = {"html_50mb", "pdf_300_pages", "missing_file"}


def build(out: Path) -> None:
    from tests import hostile, ocr_scan
    from tests.render import consistent_tables, render_docx, render_html, render_txt, render_xlsx
    from tests.render_pdf import render_report_pdf
    from tests.render_scrape import render_scrape

    gen = out / "rendered"
    gen.mkdir(parents=True, exist_ok=True)
    agency, year = "滕州市科学技术局", 2023
    for version in ("2021", "2019"):
        tables = consistent_tables(7 if version == "2021" else 8, version)
        render_report_pdf(gen / f"ruled_{version}.pdf", agency, year, tables, version=version)
        render_report_pdf(gen / f"loose_{version}.pdf", agency, year, tables, version=version, ruled=False)
        render_report_pdf(gen / f"split_{version}.pdf", agency, year, tables, version=version,
                          split_across_pages=True, running_header=f"{agency}{year}年年报")
        render_report_pdf(gen / f"loose_split_{version}.pdf", agency, year, tables, version=version, ruled=False,
                          split_across_pages=True, valign="top", t3_label_widths=(40.0, 40.0, 40.0))
        render_html(gen / f"r_{version}.html", agency, year, tables, version=version)
        render_docx(gen / f"r_{version}.docx", agency, year, tables, version=version)
        render_xlsx(gen / f"r_{version}.xlsx", agency, year, tables, version=version)
        render_txt(gen / f"r_{version}.txt", agency, year, tables, version=version)
        if version == "2021":  # the scraper shape is drawn for the 2021 template only
            render_scrape(gen / "scrape_2021.txt", agency, year, tables)
    broken = consistent_tables(9)
    broken["t3"]["new"][0] = (broken["t3"]["new"][0] or 0) + 3  # an error the rules must find
    render_report_pdf(gen / "broken_2021.pdf", agency, year, broken)
    scans = out / "scans"
    scans.mkdir(exist_ok=True)
    ocr_scan.scanned_pdf(gen / "ruled_2021.pdf", scans / "scanned_ruled.pdf")
    ocr_scan.mixed_pdf(gen / "loose_2019.pdf", scans / "mixed_loose.pdf", scanned=[2])
    ocr_scan.scan(ocr_scan.render_pages(gen / "split_2021.pdf")[1], seed=3).save(scans / "page.png")
    # Scanner-made searchable PDFs: a good hidden text layer (read as it is) and a poor one
    # (its table pages read again by OCR).
    from tests.searchable_pdf import scanner_misreads, searchable_pdf
    from tests.shared_data import REAL_PDF

    searchable_pdf(REAL_PDF / "hongze-2024.pdf", scans / "searchable_good.pdf")
    searchable_pdf(REAL_PDF / "hongze-2024.pdf", scans / "searchable_poor.pdf",
                   spoil=scanner_misreads([2, 3, 4], dropped_column_x=413))
    from tests.ocr_inputs import saved_page, table_pictures
    from tests.test_ocr_inputs import T3_BLOCK

    saved_page(scans, T3_BLOCK, table_pictures(T3_BLOCK))
    names = [c.name for c in hostile.CASES if c.name not in _SKIP_HOSTILE]
    hostile.build(out / "hostile", names)


def corpus(built: Path) -> list[Path]:
    files = [p for d in ("tests/data", "tests/fixtures") for p in (REPO / d).rglob("*")
             if p.is_file() and p.name != "README.md"]
    # A saved web page's pictures are read through the page, not on their own.
    files += [p for p in built.rglob("*") if p.is_file() and not p.parent.name.endswith("_files")]
    return sorted(files)


def snap(built: Path, out: Path) -> None:
    result: dict[str, dict[str, object]] = {}
    files = corpus(built)
    for i, path in enumerate(files, 1):
        # The repository's own files by relative path: two checkouts give the same "file" key.
        arg = path.relative_to(REPO) if path.is_relative_to(REPO) else path
        proc = subprocess.run([sys.executable, str(REPO / "main.py"), "check", "--json", str(arg)],
                              cwd=REPO, capture_output=True, timeout=900)
        result[str(arg)] = {"rc": proc.returncode, "stdout": proc.stdout.decode("utf-8", "replace")}
        print(f"{i}/{len(files)} rc={proc.returncode} {path.name}", file=sys.stderr)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(f"files={len(files)}")


def diff(a: Path, b: Path) -> int:
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    bad = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    for key in bad:
        a, b = (json.dumps(d.get(key), ensure_ascii=False) for d in (before, after))
        at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        print(f"DIFFERS: {key}\n  before: …{a[max(0, at - 150):at + 150]}\n  after:  …{b[max(0, at - 150):at + 150]}")
    print(f"files={len(before)} differing={len(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "build":
        build(Path(sys.argv[2]))
    elif cmd == "snap":
        snap(Path(sys.argv[2]), Path(sys.argv[3]))
    elif cmd == "diff":
        sys.exit(diff(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
