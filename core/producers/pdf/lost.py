"""PDF text that is lost, and how the reader says so: a page whose compressed content did not
inflate (pdf_guard counts such streams; the page is named in a note and core/rules/damage.py
keeps what was on it from being reported as missing), and Chinese that every extractor
reads as Latin letters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from core.document import Note, ReadError


def damaged_note(pages: list[int]) -> Note:
    where = "、".join(f"第{n}页" for n in pages)
    return Note(f"{where}已损坏，未能读出（页面数据无法解压）；该页的内容无法检查，请向发文单位重新索取原件。", "data_lost")


# Letters read from a page with no Chinese character among them: Chinese drawn in fonts
# whose glyphs are named a, b, c (Type3 or subset fonts without a ToUnicode map) reads as
# Latin garbage, which must not be "checked" as a report. A few words of English on a
# cover or in a stamp are far fewer than this.
_LATIN_ONLY_MIN = 200
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def refuse_latin_garbage(pages: Sequence[Any]) -> None:  # core.readers.pdf._Page
    letters = 0
    for page in pages:
        for line in page.lines:
            for glyph in line.glyphs:
                if _CJK.match(glyph.text):
                    return
                letters += glyph.text.isalpha()
        for table in page.tables:
            if any(_CJK.search(cell.text) for row in table.rows for cell in row):
                return
    if letters >= _LATIN_ONLY_MIN:
        raise ReadError(f"这个 PDF 的文字无法提取：读出的 {letters} 个字母中没有一个汉字（字体缺少编码信息，复制出来是乱码），"
                        "或者这不是中文的年度报告；请向发文单位索取 Word 原件或可复制文字的 PDF。")
