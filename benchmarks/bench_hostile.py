"""Time and peak memory of check_file on the large and hostile inputs (issue 7), each in a
fresh process; printed, not asserted (tests/test_hostile_inputs.py asserts the bounds).

    .venv/bin/python benchmarks/bench_hostile.py [--runs 3] [--rev COMMIT] [--timeout 120]

``--rev`` measures the same files with the engine (``core/``) of another commit, exported
with ``git archive`` into a temporary folder, once per file: before/after figures. A run
past ``--timeout`` is printed as such and killed.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# check_file on one file, then the process's own peak memory (VmHWM: not inherited from the
# parent like ru_maxrss) and the status.
_CHILD = """
import re, sys
sys.path.insert(0, sys.argv[1])
from core.check import check_file
report = check_file(sys.argv[2])
try:
    peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
except (OSError, AttributeError):
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("RESULT", peak, report.status, (report.error or "")[:60])
"""


def measure(engine: Path, path: Path, runs: int, timeout: float) -> str:
    times, peaks, status = [], [], ""
    for _ in range(runs):
        start = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, "-c", _CHILD, str(engine), str(path)], capture_output=True,
                                  text=True, timeout=timeout, cwd=engine)
        except subprocess.TimeoutExpired:
            return f"> {timeout:.0f} s (killed)"
        times.append(time.perf_counter() - start)
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT")), None)
        if line is None:
            return "crashed: " + done.stderr.strip().splitlines()[-1][:80] if done.stderr.strip() else "crashed"
        _, peak, status, *_ = line.split(" ", 3) + [""]
        peaks.append(int(peak) / 1024)
    return f"{statistics.median(times):6.2f} s  {max(peaks):5.0f} MB  {status}"


def corpus(folder: Path) -> list[tuple[str, Path]]:
    from tests import hostile

    files = hostile.build(folder, ["html_50mb", "pdf_300_pages", "pdf_page_count_lies", "pdf_flate_bomb",
                                   "pdf_damaged_bomb", "pdf_glyph_flood", "pdf_operator_flood", "docx_zip_bomb",
                                   "docx_many_parts"])
    out = [(f"corpus: {name}", path) for name, path in files.items()]
    saved = folder / "saved_page_40mb_image.html"
    page = (REPO / "tests" / "fixtures" / "html" / "report_2019.html").read_text(encoding="utf-8")
    blob = base64.b64encode(os.urandom(40 * 1024 * 1024)).decode()
    saved.write_text(page.replace("<body>", f'<body><img src="data:image/png;base64,{blob}">', 1), encoding="utf-8")
    out.append(("56 MB saved page (base64 image)", saved))
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("related")
    message.attach(MIMEText(page, "html", "utf-8"))
    message.attach(MIMEImage(os.urandom(40 * 1024 * 1024), "png"))
    mhtml = folder / "archive_56mb.mhtml"
    mhtml.write_bytes(message.as_bytes())
    out.append(("56 MB MHTML archive", mhtml))
    for pages, table in ((200, False), (200, True), (60, True)):
        path = folder / f"long_{pages}{'_tables' if table else ''}.pdf"
        hostile.long_pdf(path, pages, table=table)
        out.append((f"{pages}-page PDF{' (ruled table per page)' if table else ' (prose)'}", path))
    return out


def corpus_round2(folder: Path) -> list[tuple[str, Path]]:
    """The second red-team round (issue 17, tests/hostile2.py)."""
    from tests import hostile2

    out: list[tuple[str, Path]] = []
    for label, name, build in (("xlsx: 15 merged ranges of 10×19,998", "merge.xlsx", hostile2.merge_bomb_xlsx),
                               ("xlsx: 300 rows, numbers in A and XFD", "wide.xlsx", hostile2.wide_xlsx),
                               ("xlsx: empty rows to 1,048,576", "rows.xlsx", hostile2.empty_rows_xlsx),
                               ("xlsx: 4,000,000 <si/> (stored)", "si.xlsx", hostile2.self_closing_strings_xlsx)):
        (folder / name).write_bytes(build())
        out.append((label, folder / name))
    text = hostile2.SAMPLE.read_text(encoding="utf-8")
    (folder / "digits_1mb.txt").write_text("7" * 1_000_000 + "\n" + text, encoding="utf-8")
    out.append(("txt: 1 MB of digits on one line", folder / "digits_1mb.txt"))
    row = "一、本年新收政府信息公开申请数量\t\t30"
    (folder / "digits_310.txt").write_text(text.replace(row, row[:-2] + "3" * 310), encoding="utf-8")
    out.append(("txt: 310-digit cell", folder / "digits_310.txt"))
    dense = folder / "dense_199.pdf"
    hostile2.dense_pdf(dense, 199)
    out.append(("pdf: 199 dense pages (16,500 glyphs each)", dense))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rev", help="also measure the engine of this commit")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--set", choices=("all", "round1", "round2"), default="all",
                        help="round1: issue 7's corpus; round2: issue 17's")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        folder = Path(tmp)
        files = (corpus(folder) if args.set != "round2" else []) + (corpus_round2(folder) if args.set != "round1" else [])
        engines = [("now", REPO, args.runs)]
        if args.rev:
            before = folder / "before"
            before.mkdir()
            archive = subprocess.run(["git", "archive", args.rev, "core"], cwd=REPO, check=True, capture_output=True)
            subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
            engines.append((args.rev[:7], before, 1))
        print(f"{'file':42} " + "  ".join(f"{name:>32}" for name, _, _ in engines))
        for label, path in files:
            cells = [measure(engine, path, runs, args.timeout) for _, engine, runs in engines]
            print(f"{label:42} " + "  ".join(f"{c:>32}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
