"""File → Document: the format sniffed from the file's bytes (core/readers/sniff.py), then
the reader of that format. Each reader turns its format into a Document; the PDF and image
readers do it through the producers (core/producers) and the positional layout
(core/layout)."""

from __future__ import annotations

import os
from pathlib import Path

from core.document import Document, Format, ReadError
from core.limits import Cancelled, Progress, check_document
from core.readers.sniff import EXPLAINED_SUFFIXES, MAX_FILE_BYTES, SUPPORTED_SUFFIXES, read_bytes, sniff

__all__ = ["Cancelled", "EXPLAINED_SUFFIXES", "MAX_FILE_BYTES", "Progress", "SUPPORTED_SUFFIXES", "read_bytes", "read_document",
           "sniff"]


def _read(fmt: Format, path: Path, data: bytes, progress: Progress | None) -> Document:
    # Imported lazily: starting the app or checking a TXT file should not pay for pdfplumber.
    if fmt == "pdf":
        from core.readers.pdf import read_pdf

        return read_pdf(path, data=data, progress=progress)
    if fmt == "docx":
        from core.readers.docx import read_docx

        return read_docx(path, data, progress)
    if fmt == "xlsx":
        from core.readers.xlsx import read_xlsx

        return read_xlsx(path, data, progress)
    if fmt == "doc":
        from core.readers.word97 import read_word97

        return read_word97(path, data)
    if fmt == "xls":
        from core.readers.biff import read_biff

        return read_biff(path, data)
    if fmt == "ofd":
        from core.readers.ofd import read_ofd

        return read_ofd(path, data, progress)
    if fmt == "html":
        from core.readers.html import read_html

        return read_html(path, data, progress)
    if fmt == "image":
        from core.readers.scan import read_image

        return read_image(path, data, progress)
    if fmt == "draft":
        from core.readers.draft import read_draft

        return read_draft(path, data)
    from core.readers.txt import read_txt

    return read_txt(path, data)


def read_document(path: str | os.PathLike[str], progress: Progress | None = None) -> Document:
    """Read any supported file. Raises ``ReadError`` with a Chinese message for everything
    that is not a readable report; never lets a library exception escape. ``progress`` is
    called between pages of a long file and may raise ``Cancelled``."""
    p = Path(path)
    data = read_bytes(p)
    fmt = sniff(p, data[:8192], data)
    try:
        doc = _read(fmt, p, data, progress)
    except ReadError:
        raise
    except ImportError as exc:
        # A frozen build that lost a hidden import: say so instead of blaming the file.
        raise ReadError(f"程序缺少读取{_FORMAT_ZH[fmt]}的组件，请重新安装年报校验后再试。") from exc
    except MemoryError as exc:
        raise ReadError("文件内容过大，超出可处理的范围；请确认文件正确，或拆分后再检查。") from exc
    except RecursionError as exc:
        raise ReadError("文件结构异常（嵌套过深），无法读取；请用原软件另存一份再检查。") from exc
    except Exception as exc:  # noqa: BLE001 — any library failure becomes a clear message
        raise ReadError(f"文件内容已损坏或格式不标准，无法读取（{_FORMAT_ZH[fmt]}）；请用原软件重新保存或另存为 PDF/DOCX 后再试。") from exc
    del data
    check_document(doc)
    doc.finalize()
    if not doc.has_text:
        lost = [n for n in doc.notes if "起未读" in n]
        if lost:  # a budget stopped the reading before anything was read: say which
            raise ReadError(lost[0] + "请确认选对了文件。")
        if fmt == "pdf" and doc.ocr is not None:
            raise ReadError("这个 PDF 没有文字层（是扫描件或图片），也未能从页面图像中识别出文字；请确认扫描清晰、方向正确，"
                            "或向发文单位索取可复制文字的 PDF 或 Word 原件。")
        if fmt == "pdf":
            raise ReadError("这个 PDF 没有文字层（可能是扫描件或图片），无法读取表格；请向发文单位索取可复制文字的 PDF 或 Word 原件。")
        if fmt == "image":
            raise ReadError("图片中没有识别出文字；请确认图片是报告的扫描件或照片，且清晰、方向正确。")
        if fmt == "ofd":
            raise ReadError("这个 OFD 文件中没有可读取的文字（页面是空白的，或图片中没有识别出文字）；"
                            "请用 OFD 阅读器打开确认，或向发文单位索取 PDF 或 Word 原件。")
        raise ReadError("文件中没有可读取的文字；请确认选对了文件。")
    return doc


_FORMAT_ZH = {"pdf": "PDF", "docx": "Word 文档", "xlsx": "Excel 表格", "html": "网页", "txt": "文本文件", "image": "图片",
              "doc": "旧版 Word/WPS 文字文件", "xls": "旧版 Excel/WPS 表格文件", "ofd": "OFD 文件", "draft": "年报草稿"}
