"""Is this file a 政府信息公开工作年度报告 at all?

A folder on a supervisor's desk holds, beside the reports, the notice that asked for them,
the cover letters (报送函) they came with, 公文 and the odd invoice. Checked as reports they
would each get "缺少表二/表三/表四" and a 整改 letter. This module tells them apart, from what
is printed, for every format:

1. A document whose template tables were read, or that prints at least three of the
   template's section headings, is a report, whatever else it holds (a report with its
   cover letter as page 1 is still a report).
2. Otherwise a title line that names another kind of document — “关于报送……年度报告的函”,
   “……的通知”, a 公文 header with its 文号, an invoice, a 处理单, a 决定书 — makes it that
   kind of document. The line must *end* with the kind: “政府信息公开工作年度报告” ends a
   report's title, “……年度报告的函” a cover letter's.
3. Otherwise a report title, a section heading, a table or the template's words make it a
   report (one whose tables are missing is still a report, with an error: the rules say so).
4. A readable text with none of these is not a report (a PDF, an OFD or a scan only when
   its text is more Chinese than Latin letters: garbled or English text there is left to
   the rules).
"""

from __future__ import annotations

import re

from core.document import Document
from core.model import Extraction

# Words any annual report prints in its title, its headings or its tables (template.md).
REPORT_WORDS = ("政府信息公开", "信息公开", "主动公开", "依申请", "行政复议", "行政诉讼", "本年新收", "年度报告")

# Title lines are looked for among the first lines of the text: a 公文 prints its issuer
# and 文号 above the title, a web page its navigation.
_HEAD_LINES = 20
_TITLE_MAX = 80

# (kind as a clerk names it, pattern of a title line that is that kind of document).
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("发票", re.compile(r"发票(?:联)?$|^(?:电子|增值税|普通|专用).{0,12}发票")),
    ("文件处理单", re.compile(r"(?:文件|公文|收文|发文)处理(?:单|笺|签)?$|(?:阅办|呈批|传阅)(?:单|笺)$|发文稿纸$")),
    ("报送函", re.compile(r"^关于(?:报送|上报|呈报|报备|提交|送报|报请).{0,70}(?:的)?(?:函|报告|请示|说明)$")),
    ("通知", re.compile(r"^关于.{2,70}的(?:补充)?通知$|^(?:会议|紧急|补充)?通知$|会议通知$")),
    ("公文", re.compile(r"^关于.{2,70}的(?:函|复函|批复|请示|通报|决定|意见|公告|通告|意见的函)$")),
    ("决定书", re.compile(r"决定书$|通知书$|告知书$")),
    ("会议纪要", re.compile(r"(?:会议)?纪要$")),
)
# A 公文's header: “××人民政府文件”, and its 文号 “×政发〔2023〕12号”.
_ISSUER = re.compile(r"^.{2,30}(?:文件|办公室文件)$")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号?$")
_INVOICE_WORDS = ("发票号码", "价税合计")
# Among the first lines only, a 关于…的函/通知 title followed by more text on its line.
_GLUED_LINES = 4
_GLUED_TITLE = re.compile(r"^关于.{2,70}?的(?:补充)?(?:通知|函|复函|批复|请示|通报)(?=.{0,30}(?:[:：]|$))")
_SPACES = re.compile(r"[\s\u3000]+")
# Formats whose text may be unreadable rather than absent (a text layer with broken fonts,
# a scan): judged "nothing of a report" only with this much Chinese text read.
_PRINTED = ("pdf", "image", "ofd")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Fewer Latin letters than this, read by OCR, are no foreign text: a photo gives a few stray
# "I"s from its edges (real-ofd/containsJPEG.ofd, a projector screen, read "I", "川I" once its
# light was evened), which must not make it a report. A text layer's letters are its own.
_LATIN_TEXT = 20
_LATIN = re.compile(r"[A-Za-z]")
_TRAILING = re.compile(r"[\s:：。.．;；,，、]+$")


def not_report_kind(document: Document, extraction: Extraction) -> str | None:
    """None when the document is (or may be) an annual report; otherwise what it looks like
    ("通知", "报送函", "公文", "发票", … or "" when it is simply nothing of a report)."""
    meta = extraction.meta
    sections = set(meta.sections) | set(meta.headings_by_words)
    if _values_read(extraction) >= _TABLE_VALUES or len(sections) >= 3:
        return None
    lines = _head_lines(document)
    kind = _kind(lines)
    if kind is not None:
        return kind
    text = document.source_text or ""
    if all(word in text for word in _INVOICE_WORDS):
        return "发票"
    if meta.title or sections or any(word in text for word in REPORT_WORDS):
        return None
    latin = len(_LATIN.findall(text))
    if document.format in _PRINTED and latin > len(_CJK.findall(text)) and (document.ocr is None or latin >= _LATIN_TEXT):
        # A PDF whose text came out as Latin letters (broken font encodings, or English):
        # not enough readable Chinese to judge — the rules say what is missing rather than
        # calling it "not a report".
        return None
    return ""


# Numbers read into the template tables that make a report beyond doubt: a notice's
# sentence "本年新收、上年结转……结转下年度继续办理" can make a row label, never numbers.
_TABLE_VALUES = 3


def _values_read(extraction: Extraction) -> int:
    return sum(1 for table in extraction.tables.values() for cells in table.rows.values() for cell in cells
               if cell.value is not None)


def _head_lines(document: Document) -> list[str]:
    out: list[str] = []
    for raw in (document.source_text or "").splitlines():
        # Cells of a row joined: a form prints its title in a merged cell.
        for part in raw.split("\t"):
            line = _TRAILING.sub("", _SPACES.sub("", part))
            if line:
                out.append(line)
        if len(out) >= _HEAD_LINES:
            break
    return out[:_HEAD_LINES]


def _kind(lines: list[str]) -> str | None:
    issuer = number = False
    for index, line in enumerate(lines):
        if len(line) > _TITLE_MAX:
            continue
        # A title wrapped over two lines: “关于报送……年度” / “报告的函”.
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        candidates = [line] + ([line + nxt] if nxt and len(nxt) <= 20 and line.startswith("关于") else [])
        if index < _GLUED_LINES and line.startswith("关于"):
            # A PDF reader may run the title into the addressee below it: “……的函县政务公开办”.
            glued = _GLUED_TITLE.match(line)
            if glued:
                candidates.append(glued.group(0))
        for candidate in candidates:
            if candidate.endswith("年度报告") and not candidate.startswith("关于"):
                return None  # a report's own title comes first
            for kind, pattern in _KINDS:
                if pattern.search(candidate):
                    return kind
        issuer = issuer or bool(_ISSUER.match(line))
        number = number or bool(_DOC_NUMBER.match(line))
    if issuer and number:
        return "公文"
    return None


def not_report_message(kind: str) -> str:
    if kind:
        return (f"这是一份{kind}，不是政府信息公开工作年度报告，未作检查；"
                "如果它确是年度报告，请确认报告标题、各部分标题和表格完整后再检查。")
    return ("文件中没有找到政府信息公开工作年度报告的内容（没有报告标题、各部分标题和统计表格），不是年度报告，未作检查；"
            "请确认选对了文件。")
