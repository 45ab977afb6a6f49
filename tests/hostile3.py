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
