"""Headless front end: ``check`` (JSON Lines or a readable Chinese report) and ``export``.

stdout carries only the results (one JSON object per file with --json, in input order,
written once the whole batch is done so cross-year findings are included); progress
("已检查 12/100 …") and logs go to stderr. Several files are checked in parallel worker
processes (core/batch/runner.py); --summary also writes the batch summary (core/export/summary.py). Exit status: 0 no errors, 1 some file has an error-severity finding,
2 some file could not be read (../shared/cli-contract.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from core.batch.runner import collect_files
from core.model import SEVERITY_ZH, Report


def exit_code(reports: Sequence[Report]) -> int:
    if any(r.status == "unreadable" for r in reports):
        return 2
    if any(f.severity == "error" for r in reports for f in r.findings):
        return 1
    return 0


def format_report(report: Report) -> str:
    """A readable Chinese report of one file, for ``check`` without --json."""
    lines = [f"文件：{report.file}"]
    if report.status == "unreadable":
        lines.append(f"  无法读取：{report.error}")
        return "\n".join(lines)
    ext = report.extraction
    assert ext is not None
    meta = ext.meta
    version = {"2021": "2021 年格式", "2019": "2019 年试行格式"}.get(ext.template or "", "未识别")
    lines.append(f"  单位：{meta.agency or '未识别'}　年度：{meta.year or '未识别'}　格式：{version}")
    counts = report.counts
    if counts["error"] or counts["warning"]:
        lines.append(f"  结论：{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 条提示")
    else:
        lines.append("  结论：未发现问题" + (f"（{counts['info']} 条提示）" if counts["info"] else ""))
    for f in report.findings:
        lines.append(f"  [{SEVERITY_ZH[f.severity]}] {f.rule}：{f.message}")
    return "\n".join(lines)


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="年报校验（命令行）")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查一个或多个年报文件（或文件夹）")
    check.add_argument("files", nargs="+")
    check.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    check.add_argument("--summary", metavar="汇总.xlsx", help="另外写出汇总表（.xlsx 或 .csv）")
    check.add_argument("--workers", type=int, metavar="N", help="同时检查的进程数（默认为 CPU 核数）")
    export = sub.add_parser("export", help="把年报中的表格导出为 Excel（不作修改）")
    export.add_argument("file")
    export.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    if args.command == "export":
        return _export(args.file, args.output)
    if args.workers is not None and args.workers < 1:
        parser.error("--workers 至少为 1")
    return _check(collect_files(args.files), args.json, args.summary, args.workers)


def _check(files: list[str], as_json: bool, summary: str | None = None, workers: int | None = None) -> int:
    from core.batch.runner import run_batch

    # JSON Lines are UTF-8 whatever the console code page (GBK on Chinese Windows).
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if not files:
        print("没有找到可检查的文件（支持 PDF、DOCX、XLSX、HTML、TXT）。", file=sys.stderr)
        return 2
    if summary:
        from core.export.summary import SummaryError, check_target

        # A bad summary name is reported before the batch, not after it; the summary can
        # never replace one of the reports (its own earlier summaries are not collected).
        try:
            check_target(summary, files)
        except SummaryError as exc:
            print(f"汇总未写出：{exc.message}", file=sys.stderr)
            return 2
    total = len(files)
    finished = 0

    def progress(index: int, report: Report) -> None:
        nonlocal finished
        finished += 1
        note = "（无法读取）" if report.status == "unreadable" else ""
        print(f"已检查 {finished}/{total}：{report.file}{note}", file=sys.stderr, flush=True)

    # One file: check it here, a worker process would double the time. Several: one worker
    # per core. Output waits for the whole batch: cross-year findings need every report,
    # and the lines stay in input order.
    chosen = workers if workers is not None else (0 if total == 1 else None)
    try:
        results = run_batch(files, workers=chosen, on_report=progress)
    except KeyboardInterrupt:
        print("已中断，未输出结果。", file=sys.stderr)
        return 130
    reports = [r for r in results if r is not None]
    for report in reports:
        if as_json:
            sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(format_report(report) + "\n\n")
    sys.stdout.flush()
    code = exit_code(reports)
    if summary:
        from core.export.summary import SummaryError, write_summary

        try:
            write_summary(reports, summary)
        except SummaryError as exc:
            print(f"汇总未写出：{exc.message}", file=sys.stderr)
            return 2
        print(f"已写出汇总：{summary}", file=sys.stderr)
    return code


def _export(source: str, output: str) -> int:
    from core.check import check_file

    report = check_file(source)
    if report.status == "unreadable":
        print(f"无法读取：{report.error}", file=sys.stderr)
        return 2
    from core.export.workbook import ExportError, write_corrected_workbook

    try:
        path = write_corrected_workbook(report, output)
    except ExportError as exc:
        print(f"导出失败：{exc.message}", file=sys.stderr)
        return 2
    print(f"已导出：{path}", file=sys.stderr)
    return 0
