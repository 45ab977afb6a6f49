"""All letters of a batch as one printable PDF, each letter on its own pages, for stamping and
mailing.

Drawn with Qt (QTextDocument laid out on QPdfWriter's pages) from ``Letter.html()``: the
product already ships Qt's PDF writer and the system's Chinese fonts, while the Word letters
(core/export/docx_writer.py) would need Word or LibreOffice to become a PDF, which a clerk's
office PC may not have; reportlab is only a test dependency. Each letter starts on a new
page, so the page ranges returned say which pages to stamp for which unit.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from core.export.files import ExportError, write_atomically
from core.export.review_letter import Letter

# 公文 margins (GB/T 9704): about 37 mm top, 35 bottom, 28 left, 26 right.
_MARGINS_MM = QMarginsF(28, 37, 26, 35)
_FONT_FAMILIES = ["SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei"]


def write_letters_pdf(letters: Sequence[Letter], target: str | os.PathLike[str]) -> list[tuple[int, int]]:
    """Write ``letters`` into one PDF at ``target``; returns each letter's (first, last) page,
    1-based. Raises ExportError only."""
    path = Path(target).expanduser()
    if path.suffix.lower() != ".pdf":
        raise ExportError(f"文件名“{path.name}”不是 .pdf 文件；请把文件名改为以 .pdf 结尾。")
    if not path.parent.is_dir():
        raise ExportError(f"保存位置“{path.parent}”不存在；请选择已有的文件夹。")
    if not letters:
        raise ExportError("没有可打印的审核意见；请先完成批量检查。")
    ranges: list[tuple[int, int]] = []

    def write(tmp: str) -> None:
        ranges.extend(_draw(letters, tmp))

    write_atomically(path, write, "PDF 文件")
    return ranges


def _draw(letters: Sequence[Letter], path: str) -> list[tuple[int, int]]:
    writer = QPdfWriter(path)
    writer.setTitle("审核意见")
    writer.setCreator("年报校验")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     _MARGINS_MM, QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("无法创建 PDF 文件")
    ranges: list[tuple[int, int]] = []
    page = 0
    try:
        area = writer.pageLayout().paintRectPixels(writer.resolution())
        width, height = float(area.width()), float(area.height())
        for n, letter in enumerate(letters):
            doc = QTextDocument()
            font = QFont()
            font.setFamilies(_FONT_FAMILIES)
            font.setPointSizeF(14)
            doc.setDefaultFont(font)
            # Points are laid out at the writer's resolution: the document works in device
            # pixels, so its page is the paint rectangle in those pixels.
            doc.documentLayout().setPaintDevice(writer)
            doc.setHtml(letter.html())
            doc.setPageSize(QSizeF(width, height))
            count = max(1, doc.pageCount())
            first = page + 1
            for i in range(count):
                if n or i:
                    writer.newPage()
                page += 1
                painter.save()
                painter.translate(0, -i * height)
                doc.drawContents(painter, QRectF(0, i * height, width, height))
                painter.restore()
            ranges.append((first, page))
    finally:
        painter.end()
    return ranges
