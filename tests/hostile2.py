"""Generators for the second red-team round (issue 17): inputs that passed every limit of
tests/hostile.py and still crashed, hung, ate memory or gave a wrong verdict.

    python -m tests.hostile2 cli [--task MODULE:FN] [--slow-cross-year S] -- ARGS...

runs the CLI (main.py ARGS) in this process with the batch task replaced and the
cross-year step slowed down, so a test can interrupt it at a chosen moment.
"""

from __future__ import annotations

import re
import sys
import zipfile
import zlib
from pathlib import Path

from tests.hostile import pdf_from_objects
from tests.shared_data import REPO

SAMPLE = REPO / "resources" / "sample" / "示例年报.txt"
HUAIAN = REPO / "tests" / "data" / "real-pdf" / "huaian-2024.pdf"
GBK_NAME = b"\xc4\xea\xb6\xc8\xb1\xa8\xb8\xe6.txt"  # 年度报告.txt in GBK, as a Windows zip leaves it


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Filter /FlateDecode /Length %d %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def circular_xobject_pdf() -> bytes:
    """A page whose form XObject draws itself: pdfminer logs "Refusing to execute circular
    reference" (English, on stderr unless the CLI routes its logs)."""
    hello = b"BT /F1 12 Tf 72 700 Td (Annual report 2023) Tj ET\n/X1 Do\n"
    return pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
        4: _stream(hello),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: _stream(b"/X1 Do\n", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R >> >> "),
    })


def xlsx_from_sheet(sheet_xml: bytes, shared: bytes | None = None) -> bytes:
    """A minimal workbook around one worksheet's XML (and an optional sharedStrings part)."""
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared is not None else "")
                   + '</Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="年报" sheetId="1" r:id="rId1"/></sheets></workbook>')
        rels = '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        if shared is not None:
            rels += '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + rels + '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            # Stored, not deflated: a 20 MB part then passes the compression-ratio limit.
            z.writestr("xl/sharedStrings.xml", shared, compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


_SHEET_HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def sheet(rows: bytes, merges: bytes = b"") -> bytes:
    return _SHEET_HEAD + b"<sheetData>" + rows + b"</sheetData>" + merges + b"</worksheet>"


def _title_row() -> bytes:
    return b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe7\xa4\xba\xe4\xbe\x8b\xe5\x8e\xbf\xe4\xba\xba\xe6\xb0\x91\xe6\x94\xbf\xe5\xba\x9c2023\xe5\xb9\xb4\xe6\x94\xbf\xe5\xba\x9c\xe4\xbf\xa1\xe6\x81\xaf\xe5\x85\xac\xe5\xbc\x80\xe5\xb7\xa5\xe4\xbd\x9c\xe5\xb9\xb4\xe5\xba\xa6\xe6\x8a\xa5\xe5\x91\x8a</t></is></c></row>'


def merge_bomb_xlsx() -> bytes:
    """15 disjoint merged ranges of 10 × 19,998 cells: each under a per-range limit, three
    million cells together."""
    merges = b"".join(b'<mergeCell ref="%s2:%s19999"/>' % (_col(1 + 10 * k).encode(), _col(10 + 10 * k).encode())
                      for k in range(15))
    return xlsx_from_sheet(sheet(_title_row(), b'<mergeCells count="15">' + merges + b"</mergeCells>"))


def wide_xlsx() -> bytes:
    """300 rows with a number in column A and in XFD (the last column): 300 × 16,384 grid."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="XFD%d"><v>1</v></c></row>' % (r, r, r, r)
                    for r in range(2, 302))
    return xlsx_from_sheet(sheet(_title_row() + rows))


def empty_rows_xlsx() -> bytes:
    """Empty <row> elements down to row 1,048,576 (the last row Excel has)."""
    rows = b"".join(b'<row r="%d"/>' % r for r in range(2, 1_048_577))
    return xlsx_from_sheet(sheet(_title_row() + rows))


def self_closing_strings_xlsx(count: int = 4_000_000) -> bytes:
    shared = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              + b"<si/>" * count + b"</sst>")
    return xlsx_from_sheet(sheet(_title_row() + b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'), shared)


def _col(n: int) -> str:
    name = ""
    while n:
        n, rem = divmod(n - 1, 26)
        name = chr(65 + rem) + name
    return name


# ---------------------------------------------------------------------------------------
# The CLI with a substitute task, for interrupting and killing it at chosen moments


def _cli(argv: list[str]) -> int:
    import functools
    import time

    import core.batch.runner as runner

    task = None
    slow = 0.0
    while argv and argv[0] != "--":
        flag = argv.pop(0)
        if flag == "--task":
            task = argv.pop(0)
        elif flag == "--slow-cross-year":
            slow = float(argv.pop(0))
    argv = argv[1:]
    if task:
        runner.run_batch = functools.partial(runner.run_batch, task=task)  # type: ignore[assignment]
    if slow:
        real = runner.apply_cross_year

        def slowed(results):  # type: ignore[no-untyped-def]
            print("跨年度比对开始", file=sys.stderr, flush=True)
            time.sleep(slow)
            return real(results)

        runner.apply_cross_year = slowed  # type: ignore[assignment]  # where run_batch looks it up
    from main import main

    return main(argv)


if __name__ == "__main__":
    if sys.argv[1:2] == ["cli"]:
        sys.exit(_cli(sys.argv[2:]))
    raise SystemExit("用法：python -m tests.hostile2 cli [--task M:F] [--slow-cross-year S] -- ARGS")


# ---------------------------------------------------------------------------------------
# Real PDFs changed in one place


def _page_content_ids(data: bytes) -> list[list[int]]:
    """Object numbers of each page's content streams, in page order."""
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, resolve1

    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    out = []
    for page in PDFPage.create_pages(doc):
        contents = page.attrs.get("Contents")
        refs = contents if isinstance(contents, list) else [contents]
        resolved = resolve1(contents)
        if isinstance(resolved, list):
            refs = resolved
        out.append([r.objid for r in refs if isinstance(r, PDFObjRef)])
    return out


def flipped_content_byte(data: bytes, page: int) -> bytes:
    """``data`` with one byte flipped in the middle of page ``page``'s (1-based) Flate
    content stream: that page's text is lost, every other page reads as before."""
    objid = _page_content_ids(data)[page - 1][0]
    head = re.search(rb"(?<![0-9])%d 0 obj" % objid, data)
    assert head is not None
    start = data.index(b"stream", head.end())
    start += len(b"stream") + (2 if data[start + 6:start + 8] == b"\r\n" else 1)
    end = data.index(b"endstream", start)
    out = bytearray(data)
    out[(start + end) // 2] ^= 0x5A
    return bytes(out)


def turned_pdf(data: bytes, *, rotate_flag: bool) -> bytes:
    """Every page's content turned 90° counter-clockwise onto a landscape MediaBox (an
    incremental update of ``data``). With ``rotate_flag`` the pages carry /Rotate 90 and
    render exactly like the original; without it they are simply sideways."""
    from tests.pdf_rotate import rotated_pdf

    return rotated_pdf(data, 90, flag=rotate_flag)


def type3_latin_pdf(pages: int = 2) -> bytes:
    """Chinese drawn in a Type3 font whose glyphs are named a, b, c… with no ToUnicode:
    every extractor reads Latin letters (as subset fonts from some converters do)."""
    import random

    names = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    glyph = b"1000 0 0 0 1000 1000 d1 100 100 800 800 re f"
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    procs = b" ".join(b"/%s 7 0 R" % n.encode() for n in names)
    objects[5] = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
                  b"/CharProcs 6 0 R /Encoding << /Type /Encoding /Differences [65 " + b" ".join(b"/" + n.encode() for n in names)
                  + b"] >> /FirstChar 65 /LastChar %d /Widths [%s] /Resources << >> >>" % (64 + len(names), b" ".join([b"1000"] * len(names))))
    objects[6] = b"<< " + procs + b" >>"
    objects[7] = b"<< /Length %d >>\nstream\n" % len(glyph) + glyph + b"\nendstream"
    rng = random.Random(3)
    kids = []
    for p in range(pages):
        lines = []
        for i in range(34):
            text = "".join(chr(65 + rng.randrange(len(names))) for _ in range(rng.randint(20, 44)))
            lines.append(b"BT /T3 12 Tf 60 %d Td (%s) Tj ET" % (780 - i * 20, text.encode()))
        content = b"\n".join(lines)
        objects[10 + 2 * p] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                               b"/Resources << /Font << /T3 5 0 R >> >> >>" % (11 + 2 * p))
        objects[11 + 2 * p] = _stream(content)
        kids.append(b"%d 0 R" % (10 + 2 * p))
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return pdf_from_objects(objects)


def dense_pdf(path: Path, pages: int) -> None:
    """``pages`` pages of 150 lines of 5-point text (~16,500 glyphs a page): far denser than
    any report, under every per-page limit."""
    from tests.hostile import _canvas

    c = _canvas(path)
    line = "本年度共收到政府信息公开申请均在法定期限内作出答复依法保障人民群众的知情权" * 3
    for page in range(pages):
        c.setFont("STSong-Light", 5)
        for i in range(150):
            c.drawString(20, 830 - i * 5.4, f"{page}{i}{line}"[:110])
        c.showPage()
    c.save()
