"""The supervisor's desk on the command line (issue 27): ``check`` with

- ``--letters 文件夹``    one 审核意见 (.docx) per report, its items beside it (.items.json);
- ``--letterhead 落款.json`` the signing office, 文号, 整改期限, 联系人 for every letter;
- ``--roster 名单.xlsx``   the units that must report: who has not, who sent two, wrong year;
- ``--followup 文件夹``    last round's letters (their .items.json): each item 已整改 / 未整改.

Everything said goes to stderr (stdout stays the JSON Lines of the contract); the summary
(``--summary``) gets the roster and the follow-up as sheets of their own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.model import Report
from core.pathnames import shown

OPTIONS = {"--letters", "--letterhead", "--roster", "--followup"}


def add_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("--letters", metavar="文件夹", help="为每个报告写出审核意见（Word）到该文件夹，并在旁边保存整改条目（.items.json）")
    check.add_argument("--letterhead", metavar="落款.json",
                       help='审核意见的落款设置（JSON），如 {"审核单位": "某市政府办公室", "文号": "某公开〔{year}〕{n}号", '
                            '"整改期限": "15", "联系人": "张三", "联系电话": "0000-0000000", "落款日期": "2026-12-01"}')
    check.add_argument("--roster", metavar="名单.xlsx", help="应报送单位名单（.xlsx 或 .csv 的一列单位名称），列出未报送、重复报送和年度不符的单位")
    check.add_argument("--followup", metavar="文件夹", help="上一轮审核意见所在的文件夹：逐项核对重新报送的报告是否已整改")


@dataclass
class Desk:
    letters: str | None = None
    letterhead: object = None  # core.export.letterhead.Letterhead
    units: list[str] = field(default_factory=list)
    roster_name: str | None = None
    followup: str | None = None
    letter_items: list = field(default_factory=list)  # core.export.letter_items.LetterItems
    # Filled by ``run``: what the summary shows.
    roster: object = None  # core.batch.roster.RosterResult
    followups: dict = field(default_factory=dict)  # report index → core.export.followup.FollowUp

    @property
    def active(self) -> bool:
        return bool(self.letters or self.roster_name or self.followup)


def prepare(args: argparse.Namespace) -> Desk | str:
    """Read the settings files before the batch, so a bad one is said at once. Returns the
    desk, or the Chinese sentence of what is wrong."""
    from pathlib import Path

    desk = Desk(letters=args.letters, roster_name=args.roster, followup=args.followup)
    if args.letterhead:
        from core.export.letterhead import LetterheadError, load_letterhead

        try:
            desk.letterhead = load_letterhead(args.letterhead)
        except LetterheadError as exc:
            return exc.message
    if args.letters and not Path(args.letters).expanduser().is_dir():
        return f"审核意见的文件夹“{args.letters}”不存在；请先建好文件夹。"
    if args.roster:
        from core.batch.roster import RosterError, load_roster

        try:
            desk.units = load_roster(args.roster)
        except RosterError as exc:
            return exc.message
    if args.followup:
        from core.export.letter_items import read_items_folder

        if not Path(args.followup).expanduser().is_dir():
            return f"上一轮审核意见的文件夹“{args.followup}”不存在；请检查路径。"
        desk.letter_items = read_items_folder(args.followup)
        if not desk.letter_items:
            return f"文件夹“{args.followup}”中没有审核意见的整改条目（.items.json）；请选择用本程序写出审核意见的文件夹。"
    return desk


def run(desk: Desk, reports: Sequence[Report]) -> int:
    """Letters, roster and follow-up after the batch; returns 2 when letters could not be
    written, else 0."""
    code = 0
    out = sys.stderr
    if desk.followup:
        from core.export.followup import follow_up_batch

        desk.followups = follow_up_batch(list(reports), desk.letter_items)
        for i, result in sorted(desk.followups.items()):
            print(f"整改核对：{shown(reports[i].file)}（对照 {result.letter.number or result.letter.title}）：{result.summary()}", file=out)
        unmatched = len(reports) - len(desk.followups)
        if unmatched:
            print(f"整改核对：另有 {unmatched} 个报告找不到对应的审核意见（按单位名称和年度匹配）。", file=out)
    if desk.roster_name:
        from core.batch.roster import MISSING, TWICE, WRONG_YEAR, match_roster

        desk.roster = result = match_roster(desk.units, list(reports))
        print(f"报送台账：{result.summary()}", file=out)
        for status in (MISSING, TWICE, WRONG_YEAR):
            for unit in result.units:
                if unit.status == status:
                    print(f"  {status}：{unit.unit}" + (f"（{unit.note}）" if unit.note else ""), file=out)
        for j in result.outside:
            print(f"  名单外：{shown(reports[j].file)}", file=out)
    if desk.letters:
        from core.export.files import ExportError
        from core.export.reading_problems import reading_problems
        from core.export.review_letter import write_review_letters

        try:
            paths = write_review_letters(list(reports), desk.letters, letterhead=desk.letterhead)  # type: ignore[arg-type]
        except ExportError as exc:
            print(f"审核意见未写出：{exc.message}", file=out)
            return 2
        print(f"已写出 {len(paths)} 份审核意见到：{desk.letters}", file=out)
        for report in reports:
            left = reading_problems(report.findings)
            if left:
                print(f"  注意：{shown(report.file)} 还有 {len(left)} 处识别问题未写入审核意见，请在窗口中核对后再发出。", file=out)
    return code
