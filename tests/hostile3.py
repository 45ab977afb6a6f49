"""Builders for the third red-team round (issue 26): write-back sources Office produces and
our tests did not (shared formulas, macro-enabled and Strict Word files), state files, and
the picture inputs of the OCR cases. PDFs and scans come from tests/render_pdf.py and
tests/ocr_scan.py; nothing here draws a report of its own."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from lxml import etree

from tests.hostile import cfb

FIXTURES = Path(__file__).parent / "fixtures"
_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _rezip(src: Path, dst: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, replace.get(info.filename, zin.read(info.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def shared_formula_xlsx(dst: Path) -> Path:
    """tests/fixtures/xlsx/report_2019.xlsx with 表三's 总计 column (J36:J58) one shared
    formula, as Excel stores a formula filled down: J36 holds SUM(D36:I36) and the range,
    the 22 cells below only the group id; each keeps its cached value."""
    src = FIXTURES / "xlsx" / "report_2019.xlsx"
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    for c in root.iter(_M + "c"):
        ref = c.get("r") or ""
        m = re.fullmatch(r"J(\d+)", ref)
        if not m or not 36 <= int(m.group(1)) <= 58:
            continue
        f = etree.Element(_M + "f", t="shared", si="0")
        if ref == "J36":
            f.set("ref", "J36:J58")
            f.text = "SUM(D36:I36)"
        c.insert(0, f)
    return _rezip(src, dst, {"xl/worksheets/sheet1.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8")})


def sheet_cells(xml: bytes) -> dict[str, tuple[str | None, str | None]]:
    """Cell → (its formula, shared formulas expanded as Excel reads them; its value)."""
    from openpyxl.formula.translate import Translator

    root = etree.fromstring(xml)
    masters = {f.get("si"): (f.getparent().get("r"), f.text) for f in root.iter(_M + "f")
               if f.get("t") == "shared" and f.text}
    out: dict[str, tuple[str | None, str | None]] = {}
    for c in root.iter(_M + "c"):
        f, v = c.find(_M + "f"), c.find(_M + "v")
        formula = f.text if f is not None else None
        if f is not None and f.get("t") == "shared" and not f.text and f.get("si") in masters:
            origin, text = masters[f.get("si")]
            formula = Translator("=" + text, origin=origin).translate_formula(c.get("r"))[1:]
        out[c.get("r") or ""] = (formula, v.text if v is not None else None)
    return out


def retype_docx_cell(path: Path, old: str, new: str) -> None:
    """What a clerk does in Word after the check: the 总计 of 予以公开 retyped."""
    import docx

    document = docx.Document(str(path))
    for table in document.tables:
        for row in table.rows:
            if any("予以公开" in c.text for c in row.cells[:3]) and row.cells[-1].text.strip() == old:
                row.cells[-1].paragraphs[0].runs[0].text = new
                document.save(str(path))
                return
    raise AssertionError(f"no 予以公开 row ending in {old}")


_VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_VBA_DATA_REL = "http://schemas.microsoft.com/office/2006/relationships/wordVbaData"
_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docm_from(plain: Path, dst: Path) -> Path:
    """A Word macro-enabled document (.docm) as Word saves one: the VBA project as a
    compound file, its data part, the relationship from the body and the macro-enabled
    content type of the main part."""
    with zipfile.ZipFile(plain) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    types = types.replace(_DOCX_MAIN, _MACRO_MAIN).replace(
        "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/word/vbaData.xml" ContentType="application/vnd.ms-word.vbaData+xml"/></Types>')
    rels = rels.replace("</Relationships>", f'<Relationship Id="rIdVba1" Type="{_VBA_REL}" Target="vbaProject.bin"/>'
                                            "</Relationships>")
    vba_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{_VBA_DATA_REL}" Target="vbaData.xml"/></Relationships>')
    vba_data = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>')
    project = cfb({"PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=ThisDocument/&H00000000\r\n'})
    return _rezip(plain, dst, {"[Content_Types].xml": types.encode(), "word/_rels/document.xml.rels": rels.encode()},
                  {"word/vbaProject.bin": project, "word/_rels/vbaProject.bin.rels": vba_rels.encode(),
                   "word/vbaData.xml": vba_data.encode()})


_TRANSITIONAL = re.compile(rb"http://schemas\.openxmlformats\.org/(wordprocessingml|drawingml|officeDocument)/2006/")


def strict_from(plain: Path, dst: Path) -> Path:
    """The same document in ISO/IEC 29500 Strict, as Word's "Strict Open XML 文档" saves
    it: the markup namespaces and relationship types under purl.oclc.org/ooxml, the
    package (OPC) namespaces unchanged, and w:conformance="strict" on the body's root."""
    replace: dict[str, bytes] = {}
    with zipfile.ZipFile(plain) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                data = _TRANSITIONAL.sub(rb"http://purl.oclc.org/ooxml/\1/", z.read(name))
                if name == "word/document.xml":
                    data = re.sub(rb"(<w:document\b)", rb'\1 w:conformance="strict"', data, count=1)
                replace[name] = data
    return _rezip(plain, dst, replace)


def copy(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst


# ---------------------------------------------------------------------------------------
# The CLI with a slow wind-down, for a Ctrl+C after everything was written


def _cli_then_linger(argv: list[str]) -> int:
    """main.py ARGS, then 'wind down' for a few seconds as a process with worker pools and
    logging to close does: a Ctrl+C now comes after every result and the summary."""
    import sys
    import time

    from main import main

    code = main(argv)
    print("收尾中", file=sys.stderr, flush=True)
    time.sleep(8)
    return code


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["linger"]:
        sys.exit(_cli_then_linger(sys.argv[2:]))
    raise SystemExit("用法：python -m tests.hostile3 linger ARGS")


# ---------------------------------------------------------------------------------------
# Pictures: what scanners and editors save besides 8-bit RGB on white paper


def palette_transparent_png(picture, dst: Path) -> Path:  # type: ignore[no-untyped-def]
    """A 16-colour palette PNG whose paper colour is transparent (a screenshot tool's "save
    with transparent background"); the transparent entry's colour is black."""
    pal = picture.convert("RGB").quantize(16)
    paper = sorted(pal.getcolors(), reverse=True)[0][1]  # (count, index): the paper is the commonest
    colours = pal.getpalette()
    colours[paper * 3:paper * 3 + 3] = [0, 0, 0]  # as tools store it: a transparent black
    pal.putpalette(colours)
    pal.save(dst, transparency=paper)
    return dst


def grey16_png(picture, dst: Path) -> Path:  # type: ignore[no-untyped-def]
    """A 16-bit greyscale scan (scanners' "archive" setting)."""
    import numpy as np
    from PIL import Image

    grey = np.asarray(picture.convert("L"), dtype=np.uint16) * 257
    Image.fromarray(grey).save(dst)  # uint16: mode I;16
    return dst


def ink_on_transparent_png(picture, dst: Path) -> Path:  # type: ignore[no-untyped-def]
    """Black ink on a transparent sheet: every pixel black, the ink in the alpha channel."""
    import numpy as np
    from PIL import Image

    ink = 255 - np.asarray(picture.convert("L"), dtype=np.uint8)
    rgba = np.zeros(ink.shape + (4,), dtype=np.uint8)
    rgba[..., 3] = ink
    Image.fromarray(rgba, "RGBA").save(dst)
    return dst


def red_row(picture, top: float, bottom: float):  # type: ignore[no-untyped-def]
    """The picture with the ink between ``top`` and ``bottom`` (fractions of its height)
    printed in red, as offices print a total row or a correction."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(picture.convert("RGB")).copy()
    h = rgb.shape[0]
    band = rgb[int(h * top):int(h * bottom)]
    grey = band.mean(axis=2)
    ink = grey < 160
    strength = (1 - grey / 255.0)[ink]
    band[ink] = np.stack([205 + 0 * strength, 230 - 200 * strength, 230 - 200 * strength], axis=1).clip(0, 255)
    return Image.fromarray(rgb)


def photo(seed: int, size: tuple[int, int] = (1600, 1200)):  # type: ignore[no-untyped-def]
    """A photograph of an event (no text): smooth colour, a few soft shapes."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng(seed)
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([(x / w * 120 + 60), (y / h * 100 + 80), ((x + y) / (w + h) * 90 + 100)], axis=2)
    img = Image.fromarray(base.astype(np.uint8))
    d = ImageDraw.Draw(img)
    for _ in range(6):
        cx, cy, r = int(rng.integers(0, w)), int(rng.integers(0, h)), int(rng.integers(80, 300))
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=tuple(int(v) for v in rng.integers(40, 220, 3)))
    return img.filter(ImageFilter.GaussianBlur(12))


def docx_with_pictures(dst: Path, pictures: list, captions: list[str] | None = None,  # type: ignore[type-arg]
                       title: str = "某县统计局2023年政府信息公开工作年度报告") -> Path:
    """A Word report whose body is pictures (event photos, then the pasted table), each
    under its caption (a table picture under its section heading)."""
    import io

    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph(title)
    for k, pic in enumerate(pictures):
        document.add_paragraph(captions[k] if captions else f"图{k + 1}")
        buf = io.BytesIO()
        if isinstance(pic, bytes):
            buf.write(pic)
        else:
            pic.save(buf, "PNG")
        buf.seek(0)
        document.add_picture(buf, width=Cm(15))
    document.save(str(dst))
    return dst


# ---------------------------------------------------------------------------------------
# Budgets: small files that decode or render to gigabytes


def huge_frames_tiff(dst: Path, frames: int = 41, side: int = 7700) -> Path:
    """``frames`` white bilevel pages of side² pixels (59 MP at 7700) in one TIFF, CCITT G4
    compressed: a few KB a page on disk."""
    import io

    from PIL import Image

    page = Image.new("1", (side, side), 1)
    buf = io.BytesIO()
    page.save(buf, format="TIFF", save_all=True, append_images=[page] * (frames - 1), compression="group4")
    dst.write_bytes(buf.getvalue())
    return dst


def huge_page_pdf(dst: Path, inches: float = 200, pages: int = 1) -> Path:
    """``pages`` pages of inches × inches (200 is the largest a PDF allows), each covered by
    one 1×1 grey image and no text: a "scan" the OCR would render whole."""
    from tests.hostile import pdf_from_objects

    side = int(inches * 72)
    draw = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (side, side)
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream",
               4: b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
                  b"/Length 1 >>\nstream\n\xf0\nendstream"}
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(pages))
    objects[2] = b"<< /Type /Pages /Count %d /Kids [" % pages + kids + b"] >>"
    for i in range(pages):
        objects[10 + i] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 3 0 R "
                           b"/Resources << /XObject << /Im1 4 0 R >> >> >>" % (side, side))
    dst.write_bytes(pdf_from_objects(objects))
    return dst


PEAK_PROBE = """
import json, resource, sys
limit = 4 << 30  # a safety net for the machine: the assertion is on the peak below
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from core.check import check_file
r = check_file(sys.argv[1])
notes = list(r.document.notes) if r.document is not None else []
try:  # VmHWM: this process's own peak (ru_maxrss may carry the forking parent's across exec)
    peak = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) / 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"status": r.status, "error": r.error, "notes": notes, "peak_mb": peak}, ensure_ascii=False))
"""


def peak_check(path: Path, timeout: float = 600) -> dict:  # type: ignore[type-arg]
    """check_file(path) in a child process: its report's status, error and notes, and its
    peak resident memory (MB)."""
    import json
    import subprocess
    import sys

    from tests.shared_data import REPO

    done = subprocess.run([sys.executable, "-c", PEAK_PROBE, str(path)], cwd=REPO, capture_output=True, timeout=timeout)
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    assert done.returncode == 0 and lines, done.stderr.decode("utf-8", "replace")[-3000:]
    return json.loads(lines[-1])


# ---------------------------------------------------------------------------------------
# Hybrid scans: image pages that also carry a little real text


def with_page_numbers(src: Path, dst: Path, pages: list[int] | None = None) -> Path:
    """``src`` with "- n -" drawn as real text at the foot of the given pages (all when
    None), as publishing systems and PDF editors stamp page numbers over scanned pages."""
    import io

    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    doc = pdfium.PdfDocument(str(src))
    try:
        count = len(doc)
        sizes = [doc[i].get_size() for i in range(count)]
        buf = io.BytesIO()
        c = canvas.Canvas(buf)
        for i, (w, h) in enumerate(sizes):
            c.setPageSize((w, h))
            c.setFont("Helvetica", 10.5)
            c.drawCentredString(w / 2, 28, f"- {i + 1} -")
            c.showPage()
        c.save()
        stamps = pdfium.PdfDocument(buf.getvalue())
        for i in range(count):
            if pages is not None and i + 1 not in pages:
                continue
            page = doc[i]
            page.insert_obj(stamps.page_as_xobject(i, doc).as_pageobject())
            page.gen_content()
        doc.save(str(dst))
    finally:
        doc.close()
    return dst


def tiff_of_scan(src: Path, dst: Path, dpi: int = 300) -> Path:
    """The report's pages scanned cleanly (no seal, straight) in black and white into one
    multi-page TIFF, CCITT G4 — a document scanner's "黑白, TIFF" setting."""
    import io

    from tests.ocr_scan import render_pages, scan

    pages = [scan(p, angle=0.0, seed=i, stamp=False).convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")
             for i, p in enumerate(render_pages(src, dpi))]
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], compression="group4", dpi=(dpi, dpi))
    dst.write_bytes(buf.getvalue())
    return dst
