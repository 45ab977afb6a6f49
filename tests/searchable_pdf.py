"""Scanner-made "searchable" PDFs of the test PDFs, made at test time: each page the scan of
itself (tests/ocr_scan.py) with the scanner's own OCR as a text layer nobody sees — drawn
invisible (text render mode 3, what Acrobat's "Make searchable", ABBYY and Tesseract write)
or drawn first and painted over by the scan ("text under the page image").

The hidden text is the original page's own characters at their places: a good scanner OCR.
``scanner_misreads`` spoils it the way a poor one does — digits taken for letters or for
other digits, one column of a table not read at all."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Literal

Chars = list[dict]
Spoil = Callable[[int, Chars], Chars]  # (1-based page, its characters) -> what the scanner read


def page_chars(src: Path) -> list[Chars]:
    import pdfplumber

    with pdfplumber.open(src) as pdf:
        return [[{k: ch[k] for k in ("text", "matrix", "size", "x0", "x1", "top")} for ch in page.chars if ch["text"].strip()]
                for page in pdf.pages]


def searchable_pdf(src: Path, dst: Path, *, hide: Literal["invisible", "under"] = "invisible", spoil: Spoil | None = None,
                   dpi: int = 170, stamp: bool = False) -> Path:
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from tests.ocr_scan import render_pages, scan

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    images = render_pages(src, dpi)
    chars = page_chars(src)
    src_doc = pdfium.PdfDocument(str(src))
    sizes = [src_doc[i].get_size() for i in range(len(src_doc))]
    src_doc.close()

    text = io.BytesIO()
    c = canvas.Canvas(text)
    for number, ((w, h), page) in enumerate(zip(sizes, chars), start=1):
        c.setPageSize((w, h))
        t = c.beginText()
        # A scanner's text layer is there to be found and copied, never seen.
        t.setTextRenderMode(3 if hide == "invisible" else 0)
        for ch in (spoil(number, page) if spoil else page):
            a, _b, _c, _d, e, f = ch["matrix"]
            t.setFont("STSong-Light", ch["size"])
            t.setTextOrigin(e, f)
            t.textOut(ch["text"])
        c.drawText(t)
        c.showPage()
    c.save()

    layer = pdfium.PdfDocument(text.getvalue())
    out = pdfium.PdfDocument.new()
    try:
        for i, (w, h) in enumerate(sizes):
            page = out.new_page(w, h)
            buf = io.BytesIO()
            scan(images[i], seed=i, stamp=stamp).save(buf, "JPEG", quality=80)
            buf.seek(0)
            img = pdfium.PdfImage.new(out)
            img.load_jpeg(buf, inline=True)
            img.set_matrix(pdfium.PdfMatrix().scale(w, h))
            hidden = layer.page_as_xobject(i, out).as_pageobject()
            # Under: the text first, the scan painted over it.
            for obj in ((img, hidden) if hide == "invisible" else (hidden, img)):
                page.insert_obj(obj)
            page.gen_content()
        out.save(str(dst))
    finally:
        out.close()
        layer.close()
    return dst


# What a scanner's OCR makes of digits it misreads: letters that look like them, or other digits.
_MISREAD = {"0": "O", "1": "l", "3": "8", "5": "6", "6": "5", "8": "3", "7": "1", "2": "7", "4": "9", "9": "4"}
# Only other digits: a reading as clean as the good one in its shape, wrong in its numbers.
_MISREAD_DIGITS = {**_MISREAD, "0": "8", "1": "7"}


def scanner_misreads(table_pages: list[int], dropped_column_x: float | None = None, every: int = 5,
                     letters: bool = True) -> Spoil:
    """Every ``every``-th digit on the table pages misread (_MISREAD, or only as other digits
    without ``letters``); on those pages the digits of the column centred at
    ``dropped_column_x`` (points) not read at all."""
    misread = _MISREAD if letters else _MISREAD_DIGITS

    def spoil(number: int, chars: Chars) -> Chars:
        if number not in table_pages:
            return chars
        out: Chars = []
        n = 0
        for ch in chars:
            if not ch["text"].isdigit():
                out.append(ch)
                continue
            if dropped_column_x is not None and abs((ch["x0"] + ch["x1"]) / 2 - dropped_column_x) < 12:
                continue
            n += 1
            out.append({**ch, "text": misread[ch["text"]]} if n % every == 2 else ch)
        return out

    return spoil
