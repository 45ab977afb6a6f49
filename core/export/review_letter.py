"""导出审核意见 (Word): the letter a supervisor (政务公开办) sends back to an agency for 整改.

One to two pages: who it is for, which report, the verdict, then each problem in plain
Chinese — the cell, what the report prints and what it should be, why — grouped as the
reviewer acts on them: data to correct, other problems, and what the comparison with last
year's report found. Findings the agency checked and dismissed are left out (counted in one
sentence), as are the information notes. ``build_letter`` decides the content and can be
tested without a file; ``write_review_letter`` / ``write_review_letters`` write it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.batch.crossyear import CROSS_YEAR_RULES
from core.dismissals import Dismissal, finding_key, split_dismissed
from core.export.content import cell_names, display, number_text
from core.export.docx_writer import HEADING_FONT, TITLE_FONT, DocxDocument, Para, Run, write_docx
from core.export.files import ExportError, check_target, write_atomically
from core.export.letter_items import items_of, items_path, write_items
from core.export.letterhead import Letterhead
from core.export.reading_problems import is_reading_problem, ocr_note, rests_on_ocr, reviewer_note
from core.document import Location
from core.pathnames import shown
from core.rules.reading import OCR_NOTE
from core.model import SEVERITY_ZH, CellRef, Finding, Report, in_review_order

# Beyond this many items a letter runs past two pages (measured: 12 items of three lines at
# 四号 fill about a page and a half); the rest are counted, and the batch summary lists them all.
MAX_ITEMS = 12
MAX_FIXES_NAMED = 6  # cells named in one problem with several cells to fill

Dismissals = Mapping[str, Dismissal]

# The reader's own doubts about the file (numbers glued together, a row of a scrape with
# numbers missing, labels and numbers torn apart by a PDF conversion, lost text, an OCR cell
# in doubt, one number split over two cells): not the agency's mistakes to correct
# (core/export/reading_problems.py).
READING_RULES = frozenset(("X-READ", "X-SHORT-ROW", "X-GLUED", "X-DETACHED", "X-EXTRA-VALUES", "X-SPLIT", "X-OCR",
                           "X-DIGITS"))


@dataclass(frozen=True)
class Problem:
    severity: str  # 错误 / 警告
    rule: str
    cell: str  # 表四“行政复议/总计”, or "" for a problem of the report as a whole
    where: str  # 第3页, or ""
    printed: str | None  # what the report prints in that cell
    should_be: str | None  # what it should print, when the rules can tell
    text: str  # the reason in plain Chinese
    other_file: str | None = None
    key: str = ""  # core.dismissals.finding_key of the finding: what a follow-up matches on
    cells: tuple[CellRef, ...] = ()  # the cells it names, in contract keys

    def sentence(self) -> str:
        head = self.cell + (f"（{self.where}）" if self.where else "")
        if self.printed is not None and self.should_be is not None:
            core = f"{head}：报告填报为 {self.printed}，应为 {self.should_be}。{self.text}"
        elif head:
            core = f"{head}：{self.text}"
        else:
            core = self.text
        if self.other_file:
            # The supervisor's own file name means nothing to the agency (issue 27): the
            # comparison names last year's report, not the file it was read from.
            name = Path(self.other_file).name
            core = core.replace(f"（{name}）", "").replace(f"“{name}”", "上年度报告").replace(name, "上年度报告")
            if "上年" not in core:
                core += "（与你单位上一年度报告对照）"
        return core


@dataclass
class Letter:
    agency: str
    year: int | None
    report_title: str
    file_name: str
    verdict: str
    corrections: list[Problem] = field(default_factory=list)  # errors with the value to write
    others: list[Problem] = field(default_factory=list)  # other errors and warnings
    cross_year: list[Problem] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # sentences on what the letter does not list
    unreadable: str | None = None  # why the file could not be read
    reviewer: str = ""
    day: date = field(default_factory=date.today)
    letterhead: Letterhead = field(default_factory=Letterhead)
    number: str = ""  # the letter's 文号
    # For the reviewer, never printed in the letter: reading problems still to settle.
    reviewer_notes: list[str] = field(default_factory=list)
    reading_left: int = 0

    @property
    def items(self) -> list[Problem]:
        """The 整改 items, numbered in this order."""
        return self.corrections + self.others + self.cross_year

    @property
    def title(self) -> str:
        return f"关于《{self.report_title}》的审核意见"

    def paragraphs(self) -> list[str]:
        """The letter's text, paragraph by paragraph (what the tests and the window read)."""
        return [text for _, text in self._lines()]

    def _lines(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = [("title", self.title)]
        if self.number:
            out.append(("number", self.number))
        out.append(("to", f"{self.agency}："))
        if self.unreadable is not None:
            # No title could be read: the file's name is the one thing the agency will know
            # it by (their own name for it, not the reviewer's folder).
            out.append(("body", f"你单位报送的《{self.report_title}》（文件“{self.file_name}”）无法读取：{self.unreadable}"
                                "请重新报送可以打开、可以复制文字的文件。"))
        else:
            out.append(("body", f"经审核，你单位报送的《{self.report_title}》{self.verdict}。"))
            number = 0
            groups = (("一", "需要更正的数据", self.corrections), ("二", "其他需要整改的问题", self.others),
                      ("三", "与上年度报告对照发现的问题", self.cross_year))
            numeral = iter("一二三")
            for _, heading, problems in groups:
                if not problems:
                    continue
                out.append(("heading", f"{next(numeral)}、{heading}"))
                for p in problems:
                    number += 1
                    out.append(("body", f"{number}. {p.sentence()}"))
            out.extend(("body", text) for text in self.left_out)
            if number:
                deadline = self.letterhead.deadline_sentence()
                ask = (f"{deadline}对照上述问题逐项核实，更正后重新公开年度报告，并将整改情况报我单位。" if deadline
                       else "请你单位对照上述问题逐项核实，更正后重新公开年度报告，并将整改情况报我单位。")
                out.append(("close", ask))
        contact = self.letterhead.contact_sentence()
        if contact:
            out.append(("contact", contact))
        out.append(("signer", self.reviewer or self.letterhead.office or "（审核单位）"))
        out.append(("date", f"{self.day.year}年{self.day.month}月{self.day.day}日"))
        return out

    def html(self) -> str:
        """The letter as simple HTML (what the printable PDF of a batch is drawn from, in the
        window with Qt's QTextDocument): the same lines as the Word letter, same layout."""
        from html import escape

        style = {"title": "text-align:center; font-size:20pt; font-weight:bold; margin-bottom:12pt;",
                 "number": "text-align:center; margin-bottom:12pt;",
                 "to": "", "heading": "text-indent:28pt; font-weight:bold;",
                 "close": "text-indent:28pt; margin-bottom:14pt;", "contact": "text-indent:28pt; margin-bottom:14pt;",
                 "signer": "text-align:right;", "date": "text-align:right;", "body": "text-indent:28pt;"}
        paras = "".join(f'<p style="{style.get(kind, "")}">{escape(text)}</p>' for kind, text in self._lines())
        return f'<html><body style="font-size:14pt; line-height:150%;">{paras}</body></html>'

    def document(self) -> DocxDocument:
        doc = DocxDocument(title=self.title, size=14)
        for kind, text in self._lines():
            if kind == "title":
                doc.blocks.append(Para((Run(text, size=20, font=TITLE_FONT),), align="center", space_after=12))
            elif kind == "number":
                doc.blocks.append(Para.of(text, align="center", space_after=12))
            elif kind == "to":
                doc.blocks.append(Para.of(text))
            elif kind == "heading":
                doc.blocks.append(Para((Run(text, font=HEADING_FONT),), first_line_chars=2, keep_next=True))
            elif kind == "close":
                # The closing request, the signer and the date stay on one page.
                doc.blocks.append(Para.of(text, first_line_chars=2, align="both", keep_next=True, space_after=14))
            elif kind == "contact":
                doc.blocks.append(Para.of(text, first_line_chars=2, keep_next=True, space_after=14))
            elif kind == "signer":
                doc.blocks.append(Para.of(text, align="right", keep_next=True))
            elif kind == "date":
                doc.blocks.append(Para.of(text, align="right"))
            else:
                doc.blocks.append(Para.of(text, first_line_chars=2, align="both"))
        return doc


def build_letter(report: Report, *, dismissals: Dismissals | None = None, extra_findings: Sequence[Finding] = (),
                 reviewer: str = "", day: date | None = None, letterhead: Letterhead | None = None,
                 sequence: int = 0) -> Letter:
    """The letter for one checked report. ``extra_findings``: findings made outside the
    report's own check (the comparison with last year's report, in the window); in a batch
    they are in ``report.findings`` already. ``letterhead``: the signing office, 文号,
    整改期限 and contact; ``sequence``: the letter's place in a batch (the {n} of the 文号)."""
    ext = report.extraction
    meta = ext.meta if ext else None
    name = shown(Path(report.file).name)  # a GBK name from a zip: shown decoded, never a surrogate
    agency = (meta.agency if meta else None) or shown(Path(report.file).stem)
    year = meta.year if meta else None
    report_title = (meta.title if meta and meta.title else None) or (
        f"{agency}{year}年政府信息公开工作年度报告" if year else f"{agency}政府信息公开工作年度报告")
    head = letterhead or Letterhead()
    signed = day or head.signing_day()
    letter = Letter(agency, year, report_title, name, "", reviewer=reviewer, day=signed, letterhead=head,
                    number=head.number(sequence, signed))
    if report.status == "unreadable" or ext is None:
        letter.unreadable = _sentence(report.error or "文件无法读取。")
        letter.verdict = "无法读取"
        return letter
    findings = list(report.findings) + [f for f in extra_findings if f not in report.findings]
    open_, dismissed = split_dismissed(in_review_order(findings), dict(dismissals or {}))
    # What the reader doubted (an OCR cell, a row of a scrape with numbers missing) is the
    # checker's doubt about the file, not the agency's mistake: the reviewer settles it first,
    # and is told — apart from the letter — how many remain.
    reading = [f for f in open_ if f.rule in READING_RULES or is_reading_problem(f)]
    listed = [f for f in open_ if f.severity != "info" and f not in reading]
    infos = sum(1 for f in open_ if f.severity == "info" and f not in reading)
    letter.reading_left = sum(1 for f in reading if f.severity != "info")
    if letter.reading_left:
        letter.reviewer_notes.append(reviewer_note(letter.reading_left))
    on_ocr = sum(1 for f in listed[:MAX_ITEMS] if rests_on_ocr(f))
    if on_ocr:
        letter.reviewer_notes.append(ocr_note(on_ocr))
    for f in listed[:MAX_ITEMS]:
        problem = _problem(report, f)
        if f.rule in CROSS_YEAR_RULES or f.other_file:
            letter.cross_year.append(problem)
        elif (problem.should_be is not None or len(getattr(f, "fixes", None) or []) > 1) and f.severity == "error":
            letter.corrections.append(problem)
        else:
            letter.others.append(problem)
    errors = sum(1 for f in listed if f.severity == "error")
    warnings = len(listed) - errors
    if errors:
        letter.verdict = f"存在 {errors} 处错误" + (f"、{warnings} 处需核实的问题" if warnings else "") + "，需要整改"
    elif warnings:
        letter.verdict = f"未发现数据错误，但有 {warnings} 处需核实的问题"
    else:
        letter.verdict = "未发现需要整改的问题"
    if len(listed) > MAX_ITEMS:
        letter.left_out.append(f"另有 {len(listed) - MAX_ITEMS} 个问题未逐条列出，详见检查汇总表。")
    if dismissed:
        letter.left_out.append(f"另有 {len(dismissed)} 处经你单位核实说明无需修改，未列入本意见。")
    if infos and listed:
        letter.left_out.append(f"另有 {infos} 条提示性意见供参考，未列入本意见。")
    return letter


_TABLE_ZH = {"t2": "表二", "t3": "表三", "t4": "表四"}
_IF_OTHERS_RIGHT = re.compile(r"若其他数据无误，[^。]*应为\s*[-\d.]+。?$")


def _problem(report: Report, f: Finding) -> Problem:
    ext = report.extraction
    assert ext is not None
    # One root cause over several cells (issue 13's Finding.fixes: a 总计 column left blank in
    # many rows): every cell to fill is named with its value.
    fixes = list(getattr(f, "fixes", None) or [])
    if len(fixes) > 1:
        named = [f"{cell_names(ext, [ref])}应为 {number_text(value)}" for ref, value in fixes[:MAX_FIXES_NAMED]]
        more = f"等 {len(fixes)} 处" if len(fixes) > MAX_FIXES_NAMED else ""
        tables = "、".join(dict.fromkeys(_TABLE_ZH.get(ref[0], "") for ref, _ in fixes if ref[0] in _TABLE_ZH))
        return Problem(SEVERITY_ZH[f.severity], f.rule, tables, _where(f.loc), None, None,
                       _sentence(_IF_OTHERS_RIGHT.sub("", f.message.replace(OCR_NOTE, "")).strip()) + "应填：" + "；".join(named) + more + "。",
                       f.other_file, finding_key(f), tuple(f.cells))
    target: CellRef | None = f.culprit if f.culprit is not None else (f.cells[0] if len(f.cells) == 1 else None)
    if target is not None or 0 < len(f.cells) <= 2:
        cell = cell_names(ext, [target] if target is not None else f.cells)
    else:
        # A long list of cells reads as noise in a letter; the message names the rows and
        # columns, the table is enough to find them.
        cell = "、".join(dict.fromkeys(_TABLE_ZH.get(c[0], "") for c in f.cells if c[0] in _TABLE_ZH))
    printed = should_be = None
    where = _where(f.loc)
    value = None
    if target is not None and target[0] in ("t2", "t3", "t4") and target[1] and target[2]:
        table, row, col = target
        try:
            index = [c.key for c in ext.spec(table).row(row).columns].index(col)
        except (KeyError, ValueError):
            index = -1
        value = ext.value(table, row, index) if index >= 0 else None
        if value is not None and not where:
            where = _where(value.loc)
    fix = f.fix if f.fix is not None else (f.expected if f.culprit is not None else None)
    if fix is not None and value is not None:
        printed, should_be = display(value), display_number(fix)
    # "可能是识别有误，请对照原件核实" is the checker's remark to the reviewer (told apart).
    text = f.message.replace(OCR_NOTE, "")
    if should_be is not None:
        text = _IF_OTHERS_RIGHT.sub("", text).strip()
    return Problem(SEVERITY_ZH[f.severity], f.rule, cell, where, printed, should_be,
                   _sentence(text), f.other_file, finding_key(f), tuple(f.cells))


def _where(loc: Location | None) -> str:
    """Where the agency finds the spot in its own file: the page of a PDF, the sheet and cell
    of a workbook. The reader's table and row numbers mean nothing to the agency."""
    if loc is None:
        return ""
    if loc.page is not None:
        return f"第{loc.page}页"
    if loc.sheet is not None and loc.cell is not None:
        return f"工作表“{loc.sheet}”单元格{loc.cell}"
    return ""


def display_number(value: float | int) -> str:
    return number_text(value)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", "）", ")")) else text + "。"


# ----------------------------------------------------------------------------- files

def write_review_letter(report: Report, target: str | os.PathLike[str], *, dismissals: Dismissals | None = None,
                        extra_findings: Sequence[Finding] = (), reviewer: str = "", day: date | None = None,
                        letterhead: Letterhead | None = None, sequence: int = 0, items: bool = True) -> Path:
    """Write the letter of one report to ``target`` (.docx) and, unless ``items`` is False,
    its items beside it (``<name>.items.json``, core/export/letter_items.py) for the
    follow-up of the corrected report. Raises ExportError only."""
    path = check_target(report.file, target, ".docx")
    try:
        letter = build_letter(report, dismissals=dismissals, extra_findings=extra_findings, reviewer=reviewer, day=day,
                              letterhead=letterhead, sequence=sequence)
    except Exception as exc:  # noqa: BLE001 — a bug of ours must surface as a sentence
        raise ExportError("整理审核意见时出现内部错误，未写入任何文件；请把原报告发给维护人员。") from exc
    document = letter.document()
    written = write_atomically(path, lambda tmp: write_docx(document, tmp), "Word 文件")
    if items and letter.unreadable is None:
        write_items(items_of(report, agency=letter.agency, year=letter.year, title=letter.report_title,
                             number=letter.number, day=letter.day, items=letter.items), items_path(written))
    return written


def letter_name(report: Report) -> str:
    """单位 + 年度 + 审核意见.docx, safe as a file name on Windows."""
    meta = report.extraction.meta if report.extraction else None
    agency = (meta.agency if meta else None) or shown(Path(report.file).stem)
    year = str(meta.year) if meta and meta.year else ""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "", f"{agency}{year}年度报告审核意见" if year else f"{agency}年度报告审核意见").strip(" .") or "年度报告审核意见"
    return stem[:80] + ".docx"


def write_review_letters(reports: Sequence[Report | None], folder: str | os.PathLike[str], *,
                         dismissals: Mapping[str, Dismissals] | None = None, reviewer: str = "",
                         day: date | None = None, letterhead: Letterhead | None = None) -> list[Path]:
    """One letter per report (None entries — files not checked — and files that are not a
    report or were skipped on purpose get none) into ``folder``, named by agency and year;
    two reports of one agency and year get （2）, （3）. Each letter's items are written
    beside it. ``dismissals`` maps a report's file to its dismissals; the letters are
    numbered in order for the 文号. Raises ExportError only."""
    base = Path(folder).expanduser()
    if not base.is_dir():
        raise ExportError(f"文件夹“{base}”不存在；请选择已有的文件夹。")
    sources = {os.path.normcase(os.path.realpath(r.file)) for r in reports if r is not None}
    used: set[str] = set()
    written: list[Path] = []
    failed: list[str] = []
    for report in reports:
        if report is None or not report.is_report:
            continue
        name = letter_name(report)
        stem, n = name[: -len(".docx")], 1
        while name.lower() in used or os.path.normcase(os.path.realpath(base / name)) in sources:
            n += 1
            name = f"{stem}（{n}）.docx"
        used.add(name.lower())
        mine = (dismissals or {}).get(report.file)
        try:
            written.append(write_review_letter(report, base / name, dismissals=mine, reviewer=reviewer, day=day,
                                               letterhead=letterhead, sequence=len(written)))
        except ExportError as exc:  # one report's letter never stops the others'
            failed.append(f"“{shown(Path(report.file).name)}”：{exc.message}")
    if failed:
        raise ExportError(f"已写出 {len(written)} 份审核意见，{len(failed)} 份未写出——" + "；".join(failed[:5])
                          + ("……" if len(failed) > 5 else ""))
    return written
