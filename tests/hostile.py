"""A corpus of hostile and broken inputs (issue 7), generated on demand instead of committed:
most are a few lines of code, some are tens of MB, and a generated zip bomb or encrypted file
is exactly what it claims to be.

Each ``Case`` names the file the clerk would see (the suffix may lie, as it does in real
inboxes), how to build it, and what the checker must answer: ``readable`` cases must be read
(status ok/findings), the others must be refused as ``unreadable`` with a Chinese message
containing every word of ``keywords``.

    python -m tests.hostile DIR      # write the whole corpus into DIR (for manual checks)
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tests.shared_data import REPO

SAMPLE = REPO / "resources" / "sample" / "示例年报.txt"
AGENCY = "示例县人民政府办公室"


@dataclass(frozen=True)
class Case:
    name: str
    filename: str  # relative to the corpus folder; may contain folders, spaces, Chinese
    build: Callable[[Path], None]
    readable: bool
    keywords: tuple[str, ...] = ()
    note: str = ""  # what the case is, for the report


# ---------------------------------------------------------------------------------------
# Building blocks


def _tables() -> dict:
    from tests.render import consistent_tables

    return consistent_tables(11)


def _report_pdf(path: Path) -> None:
    from tests.render_pdf import render_report_pdf

    render_report_pdf(path, AGENCY, 2023, _tables())


def _report_docx(path: Path) -> None:
    from tests.render import render_docx

    render_docx(path, AGENCY, 2023, _tables())


def _report_xlsx(path: Path) -> None:
    from tests.render import render_xlsx

    render_xlsx(path, AGENCY, 2023, _tables())


def _canvas(path: Path, **kwargs):  # type: ignore[no-untyped-def]
    from reportlab.pdfgen import canvas

    from tests.render_pdf import FONT, _font

    _font()
    c = canvas.Canvas(str(path), **kwargs)
    c.setFont(FONT, 12)
    return c


def _write(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    """Write ``data``, or what ``data()`` makes when the corpus is built (the bombs are
    hundreds of MB before compression: not at import time)."""

    def build(path: Path) -> None:
        path.write_bytes(data() if callable(data) else data)

    return build


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (the container of .doc/.xls/.wps/.et and of Office files
    with a password): one FAT sector, one directory sector, each stream padded to 4 KB so it
    lives in regular sectors. Enough for any reader that walks the directory."""
    sector = 512
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    names = list(streams)
    assert len(names) <= 3, "one directory sector holds the root and three streams"
    bodies = [streams[n].ljust(max(4096, -(-len(streams[n]) // sector) * sector), b"\0") for n in names]
    fat = [fat_mark, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for body in bodies:
        count = len(body) // sector
        first = len(fat)
        starts.append(first)
        fat.extend(list(range(first + 1, first + count)) + [end])
    assert len(fat) <= sector // 4
    fat_sector = struct.pack(f"<{sector // 4}I", *(fat + [free] * (sector // 4 - len(fat))))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", free, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, 1 if names else free, free, end, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else free
        directory += entry(name, 2, free, right, starts[i], len(streams[name]))
    directory = directory.ljust(sector, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *([free] * 108)))
    assert len(header) == sector
    return header + fat_sector + directory + b"".join(bodies)


def _ole(streams: dict[str, bytes]) -> Callable[[Path], None]:
    return _write(cfb(streams))


def _noise(n: int, seed: int = 3) -> bytes:
    return random.Random(seed).randbytes(n)


def _rewrite_zip(source: Callable[[Path], None], part: str, content: Callable[[bytes], bytes],
                 extra: dict[str, bytes] | None = None, level: int | None = None) -> Callable[[Path], None]:
    """A rendered DOCX/XLSX with one part replaced (and parts added)."""

    def build(path: Path) -> None:
        source(path)
        original = path.read_bytes()
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                                                                             compresslevel=level) as dst:
            for item in src.infolist():
                data = src.read(item)
                dst.writestr(item.filename, content(data) if item.filename == part else data)
            for name, data in (extra or {}).items():
                dst.writestr(name, data)
        path.write_bytes(out.getvalue())

    return build


def _with_doctype(doctype: str, entity_ref: str) -> Callable[[bytes], bytes]:
    """Insert a DOCTYPE after the XML declaration and use its entity inside the first text."""

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        decl_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
        text = text[:decl_end] + doctype + text[decl_end:]
        for marker in ("<w:t>", "<w:t ", "<t>", "<t ", "<v>"):
            pos = text.find(marker)
            if pos != -1:
                close = text.index(">", pos) + 1
                text = text[:close] + entity_ref + text[close:]
                break
        return text.encode("utf-8")

    return change


_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + "]>")
_XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _bomb_docx(path: Path) -> None:
    """word/document.xml that inflates to 64 MB from about 64 KB: a zip bomb (Office's parts
    compress 5-20 times, never 1000)."""
    padding = b" " * (64 * 1024 * 1024)

    def change(data: bytes) -> bytes:
        return data.replace(b"<w:body>", b"<w:body>" + padding, 1)

    _rewrite_zip(_report_docx, "word/document.xml", change, level=9)(path)


def _many_parts_docx(path: Path) -> None:
    """A DOCX padded with 20,000 empty parts: zipfile builds an object per entry before any
    check could run (400,000 of them took 4.6 s and 312 MB)."""
    _report_docx(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for i in range(20_000):
            z.writestr(f"customXml/pad{i}.bin", b"")


def _encrypted_pdf(user: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        c = _canvas(path, encrypt=StandardEncryption(user, ownerPassword="owner", canPrint=0))
        if user:
            c.drawString(72, 700, "一、本年新收政府信息公开申请数量")
        else:
            # reportlab's encrypted CJK fonts lose their Unicode mapping; a standard font
            # keeps the page readable, which is the point of an owner-only password.
            c.setFont("Helvetica", 12)
            c.drawString(72, 700, "Annual report on government information disclosure 2023")
        c.save()

    return build


def _scanned_pdf(path: Path) -> None:
    """Two pages that are only images (gray bars where a scan would have lines of text)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    c = _canvas(path)
    for page in range(2):
        image = Image.new("L", (850, 1100), 255)
        draw = ImageDraw.Draw(image)
        for line in range(30):
            y = 80 + line * 32
            draw.rectangle((90, y, 760 - (line * 37 + page * 11) % 200, y + 14), fill=40)
        c.drawImage(ImageReader(image), 0, 0, width=595, height=842)
        c.showPage()
    c.save()


def long_pdf(path: Path, pages: int, table: bool = False) -> None:
    """``pages`` pages of report prose (and, with ``table``, a ruled table on each page)."""
    c = _canvas(path)
    line = "本年度共收到政府信息公开申请，均在法定期限内作出答复，依法保障人民群众的知情权。"
    for page in range(pages):
        c.setFont("STSong-Light", 11)
        for i in range(30 if not table else 18):
            c.drawString(60, 780 - i * 18, f"{page + 1}-{i + 1} {line}")
        if table:
            top = 440
            for r in range(13):
                c.line(60, top - r * 24, 535, top - r * 24)
            for x in (60, 250, 345, 440, 535):
                c.line(x, top, x, top - 12 * 24)
            for r in range(12):
                c.drawString(64, top - r * 24 - 16, f"第{r + 1}项")
                for k, x in enumerate((254, 349, 444)):
                    c.drawString(x, top - r * 24 - 16, str((page * 7 + r * 3 + k) % 97))
        c.drawCentredString(297, 40, f"- {page + 1} -")
        c.showPage()
    c.save()


def raw_pdf(content: bytes, *, corrupt_checksum: bool = False) -> bytes:
    """A one-page PDF written by hand around ``content`` (Flate-compressed), with Helvetica
    as /F1: the shapes reportlab will not write — bombs, floods, damaged streams."""
    import zlib

    stream = bytearray(zlib.compress(content, 9))
    if corrupt_checksum:
        stream[-1] ^= 0xFF  # the Adler-32 trailer
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + bytes(stream) + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_from_objects(dict(enumerate(objects, 1)))


def pdf_from_objects(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF written by hand from numbered object bodies (a classic xref table)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[k] if k in offsets else b"0000000000 65535 f \n" for k in range(size))
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


_HELLO = b"BT /F1 12 Tf 72 700 Td (Annual report 2023) Tj ET\n"


def page_tree_pdf(pages: int, declared: int) -> bytes:
    """``pages`` one-line pages under a root whose /Count says ``declared``: pdfplumber builds
    every page of the tree before anything can count them (300,000 pages: past five minutes)."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               4: b"<< /Length %d >>\nstream\n" % len(_HELLO) + _HELLO + b"\nendstream"}
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(pages))
    objects[2] = b"<< /Type /Pages /Count %d /Kids [" % declared + kids + b"] >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
    for i in range(pages):
        objects[10 + i] = page
    return pdf_from_objects(objects)


def _giant_page_pdf(path: Path) -> None:
    """One page of 200 × 200 inches (the largest a PDF allows) holding a line of text: readable,
    but a page image at the window's usual scale would need gigabytes."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(14400, 14400))
    c.setFont("Helvetica", 200)
    c.drawString(200, 14000, "Annual report 2023")
    c.save()


def _long_pdf(pages: int) -> Callable[[Path], None]:
    return lambda path: long_pdf(path, pages)


def big_html(path: Path, megabytes: int = 50) -> None:
    """A page of ~820,000 short paragraphs per 50 MB (a dump, a log saved as a page)."""
    target = megabytes * 1024 * 1024
    parts = ["<html><head><meta charset='utf-8'><title>日志</title></head><body>"]
    size = len(parts[0])
    i = 0
    while size < target:
        piece = f"<p>第{i}段，本年度信息公开工作情况良好。</p>"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
        i += 1
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def _mixed_encoding(path: Path) -> None:
    """The sample report with every other paragraph in GBK and the rest in UTF-8 (text pasted
    from one editor into a file saved by another)."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    path.write_bytes(b"\n".join(line.encode("gbk" if i % 2 else "utf-8") for i, line in enumerate(lines)))


def _garbled_text(path: Path) -> None:
    """The sample report in UTF-8 whose bytes were mangled into a legacy-looking mess: every
    byte forced above 0x80, so no decoding gives more than rare characters."""
    data = SAMPLE.read_text(encoding="utf-8").encode("utf-8")
    path.write_bytes(bytes(b | 0x80 if b not in (10, 13) else b for b in data))


def _copy_sample(path: Path) -> None:
    path.write_bytes(SAMPLE.read_bytes())


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "说明.txt").write_text("文件夹里的文件", encoding="utf-8")


def _nothing(path: Path) -> None:
    """The file is gone by the time the checker reads it (deleted after it was picked)."""


def _truncated(source: Callable[[Path], None], fraction: float) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        source(path)
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])

    return build


_FIB = b"\xec\xa5\xc1\x00" + _noise(2000, 5)  # a Word binary FIB starts with wIdent 0xA5EC
_BIFF = b"\x09\x08\x10\x00\x00\x06\x05\x00" + _noise(2000, 6)  # BOF record of a BIFF8 workbook
_ENCRYPTION_INFO = b"\x04\x00\x04\x00\x40\x00\x00\x00" + _noise(200, 7)  # agile encryption header


CASES: list[Case] = [
    Case("empty_txt", "空文件.txt", _write(b""), False, ("空的", "0 字节"), "empty file"),
    Case("empty_pdf", "空文件.pdf", _write(b""), False, ("空的", "0 字节"), "zero-length PDF"),
    Case("header_only_pdf", "只有文件头.pdf", _write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), False, ("PDF", "损坏"),
         "a PDF header and nothing else"),
    Case("truncated_pdf", "下载中断.pdf", _truncated(_report_pdf, 0.4), False, ("PDF", "损坏", "重新下载"),
         "a report PDF cut at 40 %"),
    Case("pdf_user_password", "加密（打开密码）.pdf", _encrypted_pdf("secret"), False, ("密码", "未加密"),
         "PDF with a user (open) password"),
    Case("pdf_owner_password", "加密（仅权限密码）.pdf", _encrypted_pdf(""), True, (),
         "PDF with only an owner password (printing forbidden): readable"),
    Case("scanned_pdf", "扫描件.pdf", _scanned_pdf, False, ("没有文字层", "扫描件"), "image-only PDF, no text layer"),
    Case("pdf_300_pages", "三百页.pdf", _long_pdf(300), False, ("300 页", "200 页"), "300-page PDF"),
    Case("pdf_giant_page", "巨幅页面.pdf", _giant_page_pdf, True, (),
         "one 200-inch page (the window once needed 5.8 GB to show it)"),
    Case("pdf_page_count_lies", "页数造假.pdf", _write(lambda: page_tree_pdf(20_000, 1)), False, ("超出 200 页",),
         "20,000 pages under a root that claims one"),
    Case("pdf_flate_bomb", "解压炸弹.pdf", _write(lambda: raw_pdf(_HELLO + b" " * (200 * 1024 * 1024))), False,
         ("PDF", "64 MB", "确认选对"), "200 KB PDF whose page inflates to 200 MB"),
    Case("pdf_damaged_bomb", "校验和损坏.pdf", _write(lambda: raw_pdf(_HELLO + b" " * (100 * 1024 * 1024), corrupt_checksum=True)),
         False, ("PDF", "64 MB"), "100 KB stream with a bad checksum (pdfminer's byte-by-byte retry: hours)"),
    Case("pdf_glyph_flood", "文字洪水.pdf", _write(lambda: raw_pdf(b"BT /F1 1 Tf 10 10 Td (" + b"A" * 200_000 + b") Tj ET")), False,
         ("PDF", "6 万个文字"), "an 800-byte PDF drawing 200,000 glyphs on one page"),
    Case("pdf_operator_flood", "指令洪水.pdf", _write(lambda: raw_pdf(_HELLO + b"q Q " * 15_000_000)), False,
         ("PDF", "内容超过 2 MB"), "a 60 KB page of 15 million operators (144 s unguarded)"),
    Case("docx_password", "加密的年报.docx", _ole({"EncryptionInfo": _ENCRYPTION_INFO, "EncryptedPackage": _noise(9000)}),
         False, ("Word", "密码", "另存"), "DOCX with an open password (Office stores it as OLE2)"),
    Case("xlsx_password", "加密的年报.xlsx", _ole({"EncryptionInfo": _ENCRYPTION_INFO, "EncryptedPackage": _noise(9000)}),
         False, ("Excel", "密码", "另存"), "XLSX with an open password"),
    Case("doc_as_docx", "旧版Word改名.docx", _ole({"WordDocument": _FIB, "1Table": _noise(4096, 8)}), False,
         (".doc", "WPS", "另存为 .docx"), ".doc renamed to .docx"),
    Case("wps_as_docx", "WPS文字改名.docx", _ole({"WordDocument": _FIB, "1Table": _noise(4096, 9)}), False,
         ("WPS", ".wps", "另存为 .docx"), ".wps renamed to .docx"),
    Case("wps", "WPS文字.wps", _ole({"WordDocument": _FIB, "1Table": _noise(4096, 10)}), False,
         ("WPS", "另存为 .docx"), ".wps as saved"),
    Case("xls_as_xlsx", "旧版Excel改名.xlsx", _ole({"Workbook": _BIFF}), False, (".xls", "另存为 .xlsx"),
         ".xls renamed to .xlsx"),
    Case("et_as_xlsx", "WPS表格改名.xlsx", _ole({"Workbook": _BIFF}), False, ("WPS", ".et", "另存为 .xlsx"),
         ".et renamed to .xlsx"),
    Case("et", "WPS表格.et", _ole({"Workbook": _BIFF}), False, ("WPS", "另存为 .xlsx"), ".et as saved"),
    Case("docx_zip_bomb", "压缩炸弹.docx", _bomb_docx, False, ("压缩比", "恶意"), "DOCX whose body inflates 1000:1"),
    Case("docx_many_parts", "两万个部件.docx", _many_parts_docx, False, ("20017 个部件", "确认文件来源"),
         "DOCX with 20,000 extra (empty) parts in its zip"),
    Case("truncated_docx", "不完整.docx", _truncated(_report_docx, 0.5), False, ("损坏",), "DOCX cut in half"),
    Case("docx_billion_laughs", "实体炸弹.docx",
         _rewrite_zip(_report_docx, "word/document.xml", _with_doctype(_LAUGHS, "&lol9;")), False, ("实体", "恶意"),
         "billion laughs inside word/document.xml"),
    Case("docx_external_entity", "外部实体.docx",
         _rewrite_zip(_report_docx, "word/document.xml", _with_doctype(_XXE, "&xxe;")), False, ("实体",),
         "external entity (file:///etc/passwd) inside word/document.xml"),
    Case("xlsx_billion_laughs", "实体炸弹.xlsx",
         _rewrite_zip(_report_xlsx, "xl/worksheets/sheet1.xml", _with_doctype(_LAUGHS, "&lol9;")), False, ("实体",),
         "billion laughs inside a worksheet"),
    Case("xlsx_external_entity", "外部实体.xlsx",
         _rewrite_zip(_report_xlsx, "xl/workbook.xml", _with_doctype(_XXE, "&xxe;")), False, ("实体",),
         "external entity declared in xl/workbook.xml"),
    Case("html_50mb", "五十兆网页.html", big_html, False, ("内容过多", "确认选对"), "50 MB page of ~820,000 paragraphs"),
    Case("random_txt", "随机字节.txt", _write(_noise(64 * 1024)), False, ("不是文本",), "random bytes named .txt"),
    Case("garbled_txt", "乱码.txt", _garbled_text, False, ("乱码", "UTF-8"), "text no encoding can decode"),
    Case("mixed_encoding_txt", "混合编码.txt", _mixed_encoding, True, (), "GBK and UTF-8 paragraphs in one file"),
    Case("chinese_path_spaces", "我的 文档/2023年 政府信息 公开年报 (定稿).txt", _copy_sample, True, (),
         "Chinese folder and file names with spaces and brackets"),
    Case("missing_file", "已删除.pdf", _nothing, False, ("找不到", "重新选择"), "deleted between pick and read"),
    Case("folder", "一个文件夹.docx", _folder, False, ("文件夹",), "a folder named like a report"),
    Case("image_as_pdf", "照片.pdf", _write(b"\x89PNG\r\n\x1a\n" + _noise(3000)), False, ("图片",), "a PNG named .pdf"),
]

BY_NAME = {case.name: case for case in CASES}


def build(folder: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Write the cases (all, or ``names``) under ``folder``; returns name → path."""
    out: dict[str, Path] = {}
    for case in CASES if names is None else [BY_NAME[n] for n in names]:
        path = folder / case.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        case.build(path)
        out[case.name] = path
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    target.mkdir(parents=True, exist_ok=True)
    for name, path in build(target).items():
        print(f"{name:24} {path}")
