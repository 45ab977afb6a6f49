"""A small writer of new Word documents: paragraphs of runs and tables with merged cells, as a
minimal WordprocessingML package (content types, relationships, styles, body, properties).

The review letters and the official-layout tables are new documents, not copies of a source.
Writing the few parts directly takes about a millisecond a document where python-docx's
template takes fifty, which is what lets a hundred letters go out in a few seconds; the tests
open every output with python-docx and LibreOffice to hold the XML to what Word accepts.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal
from xml.sax.saxutils import escape

Align = Literal["left", "center", "right", "both"]

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    size: float | None = None  # points; None = the document's size
    font: str | None = None  # East Asian font; None = the document's font
    highlight: str | None = None  # Word highlight colour ("yellow"): text drafted for the clerk to edit


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    align: Align | None = None
    first_line_chars: int = 0  # first-line indent in characters (公文正文: 2)
    space_after: float = 0  # points
    keep_next: bool = False

    @staticmethod
    def of(text: str, **kwargs: object) -> "Para":
        run_keys = ("bold", "size", "font")
        run = Run(text, **{k: v for k, v in kwargs.items() if k in run_keys})  # type: ignore[arg-type]
        return Para((run,), **{k: v for k, v in kwargs.items() if k not in run_keys})  # type: ignore[arg-type]


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    vmerge: Literal["restart", "continue"] | None = None
    bold: bool = False
    align: Align = "center"


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]  # grid column widths, twips
    size: float = 9  # points
    header_rows: int = 0  # repeated at the top of each page


Block = Para | Table


@dataclass
class DocxDocument:
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    size: float = 14  # points
    font: str = BODY_FONT
    landscape: bool = False


_A4 = (11906, 16838)  # twips
_MARGIN = (1418, 1247)  # top/bottom, left/right: 2.5 cm / 2.2 cm


def text_width(doc: DocxDocument) -> int:
    """The width between the margins, twips: what a table may use."""
    width = _A4[1] if doc.landscape else _A4[0]
    return width - 2 * _MARGIN[1]


def write_docx(doc: DocxDocument, path: str, now: datetime | None = None) -> None:
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/styles.xml", _styles(doc))
        z.writestr("word/document.xml", _document(doc))
        z.writestr("docProps/core.xml", _core(doc.title, stamp))
        z.writestr("docProps/app.xml", _APP)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _document(doc: DocxDocument) -> str:
    body: list[str] = []
    for block in doc.blocks:
        body.append(_para(block, doc.size) if isinstance(block, Para) else _table(block))
    w, h = (_A4[1], _A4[0]) if doc.landscape else _A4
    orient = ' w:orient="landscape"' if doc.landscape else ""
    sect = (f'<w:sectPr><w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
            f'<w:pgMar w:top="{_MARGIN[0]}" w:right="{_MARGIN[1]}" w:bottom="{_MARGIN[0]}" w:left="{_MARGIN[1]}" '
            'w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>')
    return f"{_DECL}<w:document {_W}><w:body>{''.join(body)}{sect}</w:body></w:document>"


def _rpr(run: Run) -> str:
    parts = []
    if run.font:
        f = escape(run.font, {'"': "&quot;"})
        parts.append(f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}"/>')
    if run.bold:
        parts.append("<w:b/>")
    if run.size:
        half = round(run.size * 2)
        parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if run.highlight:
        parts.append(f'<w:highlight w:val="{run.highlight}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


# Characters XML 1.0 cannot carry (a scrape's stray control codes).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run(run: Run) -> str:
    pieces = _ILLEGAL.sub("", run.text).split("\n")
    inner = '<w:br/>'.join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in pieces)
    return f"<w:r>{_rpr(run)}{inner}</w:r>"


def _para(p: Para, size: float) -> str:
    ppr = []
    if p.keep_next:
        ppr.append("<w:keepNext/>")
    if p.space_after:
        ppr.append(f'<w:spacing w:after="{round(p.space_after * 20)}"/>')
    if p.first_line_chars:
        # firstLineChars for Word and WPS, firstLine (twips) for readers that ignore it.
        twips = round(p.first_line_chars * size * 20)
        ppr.append(f'<w:ind w:firstLineChars="{p.first_line_chars * 100}" w:firstLine="{twips}"/>')
    if p.align:
        ppr.append(f'<w:jc w:val="{p.align}"/>')
    props = f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else ""
    return f"<w:p>{props}{''.join(_run(r) for r in p.runs)}</w:p>"


def _table(t: Table) -> str:
    border = ''.join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(t.widths)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
           '</w:tblPr><w:tblGrid>']
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in t.widths)
    out.append("</w:tblGrid>")
    for r, row in enumerate(t.rows):
        trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if r < t.header_rows else "<w:trPr><w:cantSplit/></w:trPr>"
        out.append(f"<w:tr>{trpr}")
        col = 0
        for cell in row:
            width = sum(t.widths[col:col + cell.colspan])
            props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
            if cell.colspan > 1:
                props.append(f'<w:gridSpan w:val="{cell.colspan}"/>')
            if cell.vmerge == "restart":
                props.append('<w:vMerge w:val="restart"/>')
            elif cell.vmerge == "continue":
                props.append("<w:vMerge/>")
            props.append('<w:vAlign w:val="center"/>')
            text = "" if cell.vmerge == "continue" else cell.text
            run = _run(Run(text, bold=cell.bold, size=t.size)) if text else ""
            out.append(f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>"
                       f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                       f'<w:jc w:val="{cell.align}"/></w:pPr>{run}</w:p></w:tc>')
            col += cell.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    # Word needs a paragraph between two tables, or it joins them into one.
    out.append('<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')
    return "".join(out)


def _styles(doc: DocxDocument) -> str:
    f = escape(doc.font, {'"': "&quot;"})
    half = round(doc.size * 2)
    return (f'{_DECL}<w:styles {_W}><w:docDefaults><w:rPrDefault><w:rPr>'
            f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{f}" w:cs="Times New Roman"/>'
            f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="312" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            '</w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            '</w:tblCellMar></w:tblPr></w:style></w:styles>')


def _core(title: str, stamp: str) -> str:
    return (f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(_ILLEGAL.sub("", title))}</dc:title><dc:creator>年报校验</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')


_CONTENT_TYPES = (
    f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '</Types>')
_RELS = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>')
_DOC_RELS = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>')
_APP = (f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>年报校验</Application></Properties>')
