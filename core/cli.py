"""Headless front end: ``check`` (JSON Lines or a readable Chinese report) and ``export``.

stdout carries only the results (one JSON object per file with --json, in input order,
written once the whole batch is done so cross-year findings are included); progress
("已检查 12/100 …") and logs go to stderr. Several files are checked in parallel worker
processes (core/batch/runner.py); --summary also writes the batch summary (core/export/summary.py). Exit status: 0 no errors, 1 some file has an error-severity finding,
2 some file could not be read (../shared/cli-contract.md); a file that is not a report, or
was skipped on purpose, does not change it. A batch ends with a line on stderr counting
every file (core/batch/tally.py).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from typing import Sequence

from core import cli_desk
from core.batch.files import collect_files
from core.cli_parser import ChineseArgumentParser, protect_dashed_files
from core.logsetup import quiet_logging
from core.model import SEVERITY_ZH, Report
from core.pathnames import shown


def exit_code(reports: Sequence[Report]) -> int:
    if any(r.status == "unreadable" for r in reports):
        return 2
    if any(f.severity == "error" for r in reports for f in r.findings):
        return 1
    return 0


def format_report(report: Report) -> str:
    """A readable Chinese report of one file, for ``check`` without --json."""
    lines = [f"文件：{shown(report.file)}"]
    if report.status == "unreadable":
        lines.append(f"  无法读取：{report.error}")
        return "\n".join(lines)
    if report.status == "not_report":
        lines.append(f"  不是年度报告：{report.error}")
        return "\n".join(lines)
    if report.status == "skipped":
        lines.append(f"  已跳过：{report.error}")
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
    quiet_logging()
    parser = ChineseArgumentParser(prog="main.py", description="年报校验（命令行）")
    sub = parser.add_subparsers(dest="command", required=True, title="命令")
    check = sub.add_parser("check", help="检查一个或多个年报文件（或文件夹）")
    check.add_argument("files", nargs="+", metavar="文件或文件夹")
    check.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    check.add_argument("--summary", metavar="汇总.xlsx", help="另外写出汇总表（.xlsx 或 .csv）")
    check.add_argument("--workers", type=int, metavar="N", help="同时检查的进程数（默认为 CPU 核数）")
    cli_desk.add_options(check)  # 审核意见、报送台账、整改核对 (issue 27)
    export = sub.add_parser("export", help="把年报中的表格导出为 Excel（不作修改）")
    export.add_argument("file", metavar="文件")
    export.add_argument("-o", "--output", required=True, metavar="输出.xlsx", help="导出的 Excel 文件")
    from core.draft.cli import OPTIONS as NEW_OPTIONS, add_new_command, run_new

    add_new_command(sub)
    protected, names = protect_dashed_files(argv, {"-h", "--help", "--json", "--summary", "--workers", "-o", "--output"}
                                            | cli_desk.OPTIONS | NEW_OPTIONS)
    args = parser.parse_args(protected)
    if args.command == "new":
        _use_utf8_stdout()
        return run_new(args, names)
    if args.command == "export":
        return _export(names.get(args.file, args.file), args.output)
    if args.workers is not None and args.workers < 1:
        check.error("--workers 至少为 1（同时检查的进程数），如 --workers 2")
    files = [names.get(f, f) for f in args.files]
    desk = cli_desk.prepare(args)
    if isinstance(desk, str):
        print(f"main.py：{desk}", file=sys.stderr)
        return 2
    return _check(collect_files(files), args.json, args.summary, args.workers, desk)


def _use_utf8_stdout() -> None:
    # JSON Lines are UTF-8 whatever the console code page (GBK on Chinese Windows). A file
    # name that is not valid UTF-8 (GBK bytes from a zip made on Windows) reaches Python
    # as lone surrogates: backslashreplace writes them as "\udcc4", which inside a JSON
    # string is the JSON escape json.loads turns back into the same name.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")


def _detach_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


class _Interrupts:
    """Ctrl+C: while the batch runs it stops the batch (KeyboardInterrupt, as usual); once
    ``hold`` is set (the results are being written) it is only noted, so stdout never ends
    in half a JSON line and a summary is never left half-written; what was not done is then
    said on stderr."""

    def __init__(self) -> None:
        self.hold = False
        self.pressed = False
        self._old: object = None

    def __enter__(self) -> "_Interrupts":
        try:
            self._old = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread (a test calling run_cli from a thread)
            self._old = None
        return self

    def _handle(self, signum: int, frame: object) -> None:
        if not self.hold:
            raise KeyboardInterrupt
        self.pressed = True

    def __exit__(self, *exc: object) -> None:
        if self._old is None:
            return
        # Once every result was written, the process still has to wind down (worker pools,
        # logging, the interpreter): a Ctrl+C then must not end it by the signal (exit -2,
        # a traceback) — it is an interrupt after a complete run, exit 130.
        signal.signal(signal.SIGINT, _late_interrupt if self.hold else self._old)  # type: ignore[arg-type]


def _late_interrupt(signum: int, frame: object) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, RuntimeError):
            pass
    try:  # the raw descriptor: the handler may run in the middle of a write to sys.stderr
        os.write(2, "已中断：结果已完整输出。\n".encode("utf-8"))
    except OSError:
        pass
    os._exit(130)


def _check(files: list[str], as_json: bool, summary: str | None = None, workers: int | None = None,
           desk: "cli_desk.Desk | None" = None) -> int:
    # Deferred: the batch (multiprocessing) and the engine only for a command that checks.
    from core.batch.runner import run_batch

    _use_utf8_stdout()
    if not files:
        print("没有找到文件（可检查 PDF、Word、WPS、Excel、OFD、网页、文本和扫描图片）。", file=sys.stderr)
        return 2
    if summary:
        # Deferred here and below: xlsxwriter and the export only when something is written.
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
    done: list[Report | None] = [None] * total

    def progress(index: int, report: Report) -> None:
        nonlocal finished
        finished += 1
        done[index] = report
        note = {"unreadable": "（无法读取）", "not_report": "（不是年度报告）", "skipped": "（已跳过）"}.get(report.status, "")
        print(f"已检查 {finished}/{total}：{shown(report.file)}{note}", file=sys.stderr, flush=True)

    # One file: check it here, a worker process would double the time. Several: one worker
    # per core. Output waits for the whole batch: cross-year findings need every report,
    # and the lines stay in input order.
    def activity(index: int, pages_done: int, pages_total: int) -> None:
        # A scan takes minutes: each page recognised is named, so the console never looks frozen.
        if pages_total and pages_done < pages_total:
            from core.batch.progress import activity_text

            print(f"已检查 {finished}/{total}；" + activity_text([(shown(files[index]), pages_done, pages_total)]),
                  file=sys.stderr, flush=True)

    chosen = workers if workers is not None else (0 if total == 1 else None)
    with _Interrupts() as ctrl_c:
        try:
            results = run_batch(files, workers=chosen, on_report=progress, on_activity=activity)
        except KeyboardInterrupt:
            # The files already checked are still worth having (without cross-year
            # findings, which need the whole batch).
            ctrl_c.pressed = True
            results = done
        ctrl_c.hold = True
        reports = [r for r in results if r is not None]
        try:
            for report in reports:
                if as_json:
                    line = json.dumps(report.to_json(), ensure_ascii=False) + "\n"
                else:
                    line = format_report(report) + "\n\n"
                sys.stdout.write(line)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader of stdout went away (``| head``): say so once, without a traceback
            # now or when Python flushes stdout at exit.
            _detach_stdout()
            print("输出管道已被关闭（如 | head 已读够），其余结果未输出；需要全部结果请把输出保存到文件。", file=sys.stderr)
            return 2
        if ctrl_c.pressed:
            missing = total - len(reports)
            parts = [f"已中断：只输出了已检查完的 {len(reports)} 个文件的结果"]
            if missing:
                parts.append(f"其余 {missing} 个文件未检查")
            if summary:
                parts.append(f"汇总“{summary}”未写出")
            print("，".join(parts) + "；需要完整结果请重新运行。", file=sys.stderr)
            return 130
        code = exit_code(reports)
        if total > 1 or any(r.status in ("not_report", "skipped") for r in reports):
            from core.batch.tally import tally, tally_line

            # Every file is accounted for: the parts add up to the files met.
            print(tally_line(tally(results)) + "。", file=sys.stderr)
        if desk is not None and desk.active:
            code = max(code, cli_desk.run(desk, reports))
        if summary:
            from core.export.summary import SummaryError, write_summary

            try:
                write_summary(reports, summary, roster=desk.roster if desk else None,
                              followups=desk.followups if desk else None)  # type: ignore[arg-type]
            except SummaryError as exc:
                print(f"汇总未写出：{exc.message}", file=sys.stderr)
                return 2
            print(f"已写出汇总：{summary}", file=sys.stderr)
        if ctrl_c.pressed:
            print("已中断：结果已完整输出。", file=sys.stderr)
            return 130
    return code


def _export(source: str, output: str) -> int:
    from core.check import check_file  # deferred: the engine only for a command that checks

    _use_utf8_stdout()
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
