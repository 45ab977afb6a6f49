"""The clerk's own copy of the official template (the Word file circulated to clerks, saved by
WPS) filled in place: the draft's figures typed into the empty table cells, the title set,
the drafted sentences inserted under their headings (highlighted), and "（文字描述）" replaced
where the clerk wrote the section's text. Everything else — styles, fonts, merged cells, WPS's
own parts — is copied byte for byte.

The cells are found the way the checker finds them: the template is read and extracted like
any report, and each value cell's ``Location.docx_cell`` names the w:tc to fill, so a template
with rows in another order or extra layout tables is filled by meaning, not by position.
"""

from __future__ import annotations

import copy
import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

from core.document import ReadError
from core.draft_file import DRAFTED, PLACEHOLDER, Draft, figure_sentences, intro_sentence
from core.export.content import number_text
from core.export.docx_writeback import _parse, _serialize, _write_zip  # the same safe parse and byte-exact copy
from core.extract import extract
from core.readers.docx import cell_element, read_docx, table_elements
from core.template import SECTIONS, TEMPLATE_2021

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAIN = "word/document.xml"
TEMPLATE_NAME = "official-template-wps.docx"


class TemplateError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def default_template() -> Path:
    """The official template shipped with the program (resources/templates; in a frozen
    build, beside the bundle's other resources)."""
    frozen = getattr(sys, "_MEIPASS", None)
    root = Path(frozen) if frozen else Path(__file__).resolve().parents[2]
    return root / "resources" / "templates" / TEMPLATE_NAME


def fill_template(draft: Draft, template: bytes, path: str) -> int:
    """Write the filled copy of ``template`` to ``path``; returns the number of cells filled.
    Raises TemplateError when the file is not a template with the three tables."""
    try:
        document = read_docx(Path("template.docx"), template)
    except ReadError as exc:
        raise TemplateError(f"模板文件无法读取：{exc.message}") from exc
    ext = extract(document)
    missing = [TEMPLATE_2021.table(k).name for k in ("t2", "t3", "t4") if k not in ext.tables]
    if missing or ext.template != "2021":
        raise TemplateError("模板中没有找到 2021 年格式的" + ("、".join(missing) or "表格") + "；请选择国家统一格式的空白模板。")
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        root = _parse(z.read(_MAIN))
    body = root.find(_W + "body")
    assert body is not None
    tables = table_elements(body)
    filled = 0
    for key, table, spec in ext.read_tables():
        for row in spec.rows:
            cells = table.rows.get(row.key) or []
            for col, cell in zip(row.columns, cells):
                value = draft.value((key, row.key, col.key))
                if value is None or cell.loc is None or cell.loc.docx_cell is None:
                    continue
                tc = cell_element(body, cell.loc.docx_cell, tables)
                if tc is not None:
                    _set_cell(tc, number_text(value))
                    filled += 1
    _fill_prose(body, draft)
    _write_zip(template, {_MAIN: _serialize(root)}, path)
    return filled


def _set_cell(tc: etree._Element, text: str) -> None:
    """The cell's text replaced by ``text`` in the formatting a clerk typing there would get:
    the first run's (WPS leaves full-width spaces in "empty" cells), else the paragraph mark's."""
    paragraphs = list(tc.iter(_W + "p"))
    first = tc.find(f".//{_W}r/{_W}rPr")
    props = copy.deepcopy(first) if first is not None else None
    for p in paragraphs:
        for run in p.findall(_W + "r"):
            p.remove(run)
    p = paragraphs[0] if paragraphs else etree.SubElement(tc, _W + "p")
    p.append(_run(text, props if props is not None else _mark_props(p)))


def _mark_props(p: etree._Element) -> etree._Element | None:
    """What Word gives text typed into an empty paragraph: its paragraph mark's properties."""
    ppr = p.find(_W + "pPr")
    props = ppr.find(_W + "rPr") if ppr is not None else None
    return copy.deepcopy(props) if props is not None else None


def _run(text: str, props: etree._Element | None, highlight: bool = False) -> etree._Element:
    run = etree.Element(_W + "r")
    if props is not None or highlight:
        rpr = props if props is not None else etree.Element(_W + "rPr")
        for child in list(rpr):
            if child.tag in (_W + "b", _W + "bCs", _W + "ins", _W + "del"):
                rpr.remove(child)
        if highlight:
            # w:highlight sits after the size in the schema's order of run properties.
            mark = etree.Element(_W + "highlight")
            mark.set(_W + "val", DRAFTED)
            _insert_ordered(rpr, mark)
        run.append(rpr)
    t = etree.SubElement(run, _W + "t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


_AFTER_HIGHLIGHT = ("u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
                    "specVanish", "oMath")


def _insert_ordered(rpr: etree._Element, mark: etree._Element) -> None:
    for i, child in enumerate(rpr):
        if child.tag.replace(_W, "") in _AFTER_HIGHLIGHT:
            rpr.insert(i, mark)
            return
    rpr.append(mark)


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(_W + "t"))


def _fill_prose(body: etree._Element, draft: Draft) -> None:
    paragraphs = [el for el in body if el.tag == _W + "p"]
    for p in paragraphs:
        if _text(p).strip() == "政府信息公开工作年度报告格式模板":
            _replace_text(p, draft.title)
            break
    sentences = figure_sentences(draft)
    sentences["一"] = [intro_sentence(draft.year)]
    headings = {s.heading: s.number for s in SECTIONS}
    current = None
    for p in paragraphs:
        text = _text(p).strip()
        if text in headings:
            current = headings[text]
            anchor = p
            for sentence in sentences.get(current, []):
                new = _paragraph_like(p, sentence, highlight=True)
                anchor.addnext(new)
                anchor = new
        elif current is not None and text.startswith(PLACEHOLDER[:-1]):
            prose = draft.prose.get(current, "").strip()
            if prose:
                lines = [line.strip() for line in prose.splitlines() if line.strip()]
                _replace_text(p, lines[0])
                anchor = p
                for line in lines[1:]:
                    new = _paragraph_like(p, line)
                    anchor.addnext(new)
                    anchor = new


def _replace_text(p: etree._Element, text: str) -> None:
    """The paragraph's text replaced, its first run's formatting kept (the title's size and
    weight, the body's font)."""
    runs = p.findall(_W + "r")
    if not runs:
        p.append(_run(text, _mark_props(p)))
        return
    for run in runs[1:]:
        p.remove(run)
    texts = runs[0].findall(_W + "t")
    for t in texts[1:]:
        runs[0].remove(t)
    texts[0].text = text


def _paragraph_like(heading: etree._Element, text: str, highlight: bool = False) -> etree._Element:
    """A body paragraph with the heading's paragraph properties and unbolded run properties."""
    p = etree.Element(_W + "p")
    ppr = heading.find(_W + "pPr")
    if ppr is not None:
        p.append(copy.deepcopy(ppr))
    runs = heading.findall(_W + "r")
    props = copy.deepcopy(runs[0].find(_W + "rPr")) if runs and runs[0].find(_W + "rPr") is not None else _mark_props(heading)
    p.append(_run(text, props, highlight))
    return p
