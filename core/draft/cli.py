"""``main.py new``: start this year's report from last year's (or blank) and write the draft,
the Word report, the filled official template and the Excel tables; or write those from a
draft already filled (``--draft``)."""

from __future__ import annotations

import argparse
import sys

from core.draft_file import Draft, DraftError
from core.model import SEVERITY_ZH
from core.pathnames import shown

OPTIONS = {"--from", "--year", "--agency", "--draft", "-o", "--output", "--docx", "--filled", "--template", "--xlsx"}


def add_new_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    new = sub.add_parser("new", help="新建年度报告：从上年报告（或空白）开始填写本年表格，导出 Word 与 Excel")
    new.add_argument("--from", dest="previous", metavar="上年报告", help="上年度的报告（PDF、Word、Excel、网页、文本或扫描件）；不给则从空白开始")
    new.add_argument("--year", type=int, metavar="年度", help="本报告的年度（默认为上年报告的下一年）")
    new.add_argument("--agency", metavar="单位", help="单位全称（默认取自上年报告）")
    new.add_argument("--draft", metavar="草稿.nbdraft", help="已有的草稿：不新建，只从它导出")
    new.add_argument("-o", "--output", metavar="草稿.nbdraft", help="写出的草稿文件")
    new.add_argument("--docx", metavar="报告.docx", help="写出官方格式的 Word 报告（起草的句子黄色突出显示）")
    new.add_argument("--filled", metavar="模板.docx", help="写出填好的官方模板（Word）")
    new.add_argument("--template", metavar="模板.docx", help="要填写的模板（默认为程序自带的国家统一格式模板）")
    new.add_argument("--xlsx", metavar="表格.xlsx", help="写出表格（与“导出修正后的 Excel”相同的版式）")


def run_new(args: argparse.Namespace, names: dict[str, str]) -> int:
    from core.draft.live import draft_report
    from core.export.files import ExportError

    def real(name: str | None) -> str | None:
        return names.get(name, name) if name is not None else None

    if not (args.output or args.docx or args.filled or args.xlsx):
        print("main.py：请至少指定一个输出：-o 草稿.nbdraft、--docx、--filled 或 --xlsx。", file=sys.stderr)
        return 2
    try:
        draft, source = _draft(real(args.draft), real(args.previous), args.year, args.agency)
    except _Refused as exc:
        print(exc.message, file=sys.stderr)
        return 2
    report = draft_report(draft, source)
    print(_describe(draft, report), file=sys.stderr)
    from core.draft.outputs import save_draft, write_filled_template, write_report_docx, write_tables_xlsx

    written = []
    try:
        if args.output:
            written.append(str(save_draft(draft, real(args.output) or "")))
        if args.docx:
            empty = write_report_docx(draft, real(args.docx) or "", source)
            written.append(real(args.docx) or "")
            if empty:
                print(f"表格中还有 {len(empty)} 个单元格未填写，Word 中留空。", file=sys.stderr)
        if args.filled:
            write_filled_template(draft, real(args.filled) or "", real(args.template), source)
            written.append(real(args.filled) or "")
        if args.xlsx:
            written.append(str(write_tables_xlsx(draft, real(args.xlsx) or "", source)))
    except ExportError as exc:
        print(f"写出失败：{exc.message}", file=sys.stderr)
        return 2
    for path in written:
        print(f"已写出：{shown(path)}", file=sys.stderr)
    return 0


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _draft(draft_file: str | None, previous: str | None, year: int | None, agency: str | None) -> tuple[Draft, str]:
    if draft_file:
        try:
            with open(draft_file, encoding="utf-8-sig") as f:
                return Draft.loads(f.read()), draft_file
        except OSError as exc:
            raise _Refused(f"无法打开草稿“{shown(draft_file)}”：{exc.strerror or exc}。") from exc
        except (DraftError, UnicodeDecodeError) as exc:
            raise _Refused(getattr(exc, "message", "草稿文件已损坏，无法打开。")) from exc
    from core.draft.start import StartError, new_draft

    last = None
    if previous:
        from core.check import check_file

        print(f"正在读取上年报告：{shown(previous)}", file=sys.stderr)
        last = check_file(previous)
    try:
        return new_draft(year, agency, last), ""
    except StartError as exc:
        raise _Refused(exc.message) from exc


def _describe(draft: Draft, report) -> str:  # type: ignore[no-untyped-def]
    lines = [f"{draft.title}（2021 年格式）"]
    last = draft.last
    if last is not None:
        carried = [draft.value(("t3", "carried", c)) for c in ("natural", "commercial", "research", "social", "legal", "other", "total")]
        shown_values = "、".join("空" if v is None else str(v) for v in carried)
        lines.append(f"  上年报告：{shown(last.file)}（{last.year or '年度未识别'}，{last.agency or '单位未识别'}）")
        lines.append(f"  表三“上年结转”沿用上年“结转下年度继续办理”：{shown_values}")
        for text in last.unmapped:
            lines.append(f"  留空：{text}")
    counts = report.counts
    lines.append(f"  检查：{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 条提示")
    for f in report.findings:
        lines.append(f"  [{SEVERITY_ZH[f.severity]}] {f.rule}：{f.message}")
    return "\n".join(lines)
