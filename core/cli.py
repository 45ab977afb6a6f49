"""Headless front end: ``check`` (JSON Lines or a readable Chinese report) and ``export``.

stdout carries only the results (one JSON object per file with --json); progress and
logs go to stderr. Exit status: 0 no errors, 1 some file has an error-severity finding,
2 some file could not be read (../shared/cli-contract.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterable, Iterator

from core.model import SEVERITY_ZH, Report
from core.readers import SUPPORTED_SUFFIXES


def expand_inputs(items: Iterable[str]) -> Iterator[str]:
    """Files as given; folders expanded to the supported files inside them, sorted."""
    for item in items:
        p = Path(item)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES and not child.name.startswith(("~$", ".")):
                    yield str(child)
        else:
            yield item


def exit_code(reports: list[Report]) -> int:
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
    export = sub.add_parser("export", help="把年报中的表格导出为 Excel（不作修改）")
    export.add_argument("file")
    export.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    if args.command == "export":
        return _export(args.file, args.output)
    return _check(list(expand_inputs(args.files)), args.json)


def _check(files: list[str], as_json: bool) -> int:
    from core.check import check_file

    # JSON Lines are UTF-8 whatever the console code page (GBK on Chinese Windows).
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if not files:
        print("没有找到可检查的文件（支持 PDF、DOCX、XLSX、HTML、TXT）。", file=sys.stderr)
        return 2
    reports = []
    for i, name in enumerate(files, 1):
        print(f"[{i}/{len(files)}] {name}", file=sys.stderr)
        report = check_file(name)
        reports.append(report)
        if as_json:
            sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(format_report(report) + "\n\n")
        sys.stdout.flush()
    return exit_code(reports)


def _export(source: str, output: str) -> int:
    from core.check import check_file

    report = check_file(source)
    if report.status == "unreadable":
        print(f"无法读取：{report.error}", file=sys.stderr)
        return 2
    from core.export import ExportError, write_corrected_workbook

    try:
        path = write_corrected_workbook(report, output)
    except ExportError as exc:
        print(f"导出失败：{exc.message}", file=sys.stderr)
        return 2
    print(f"已导出：{path}", file=sys.stderr)
    return 0
