"""Fill the real WPS template (tests/data/real-docx/official-template-wps.docx) as a clerk
does: the title typed over the template's, the "（文字描述）" paragraphs replaced by prose,
a run typed into each value cell's empty paragraph (WPS leaves a paragraph mark, sometimes
full-width spaces), the row labels left as the template prints them unless told.

The prose can hold a number split over two runs, as Word and WPS leave it after a retype.
``tests/fill_wps.py`` fills the same template with consistent prose for the root-cause tests;
this one also types over the title and labels and shapes the prose's runs (issue 29).
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.oxml.ns import qn

from core.template import TEMPLATE_2021

TEMPLATE = Path(__file__).parent / "data" / "real-docx" / "official-template-wps.docx"

# Paragraph indexes of the template (python-docx's document.paragraphs).
TITLE, INTRO, PART_FIVE, PART_SIX, LAST = 1, 4, 29, 31, 32


def _unique_cells(row) -> list:  # type: ignore[no-untyped-def]
    out, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def _type_into(cell, text: str) -> None:  # type: ignore[no-untyped-def]
    """What a clerk's typing leaves: the first run (or a new one) holds the text, any
    padding runs are emptied."""
    paragraph = cell.paragraphs[0]
    runs = paragraph.runs
    if runs:
        runs[0].text = text
        for run in runs[1:]:
            run.text = ""
    else:
        run = paragraph.add_run(text)
        mark = paragraph._p.pPr.find(qn("w:rPr")) if paragraph._p.pPr is not None else None
        if mark is not None:  # the paragraph mark's font is what typing there gives
            props = copy.deepcopy(mark)
            run._r.insert(0, props)
            props.tag = qn("w:rPr")


def _set_paragraph(paragraph, pieces: list[str]) -> None:  # type: ignore[no-untyped-def]
    """The paragraph's text as ``pieces``, one run each, all with the first run's format."""
    runs = paragraph.runs
    model = copy.deepcopy(runs[0]._r) if runs else None
    for run in runs:
        run._r.getparent().remove(run._r)
    for piece in pieces:
        if model is not None:
            r = copy.deepcopy(model)
            paragraph._p.append(r)
            for t in r.findall(qn("w:t")):
                r.remove(t)
            t = r.makeelement(qn("w:t"), {})
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
        else:
            paragraph.add_run(piece)


def fill(path: Path, tables: dict[str, dict[str, list]], *, title: str, intro: list[str],
         part_five: str = "一是信息公开的及时性有待提高；二是政策解读形式较为单一。下一步将完善工作机制，丰富解读形式。",
         part_six: str = "本年度未收取信息处理费。", signature: str | None = None,
         labels: dict[str, str] | None = None) -> Path:
    """Write the filled template to ``path``. ``intro`` is the pieces (runs) of part 一's
    paragraph; ``labels`` maps a table-三 row key to the label typed over the template's."""
    document = docx.Document(str(TEMPLATE))
    paragraphs = document.paragraphs
    _set_paragraph(paragraphs[TITLE], [title])
    _set_paragraph(paragraphs[INTRO], intro)
    _set_paragraph(paragraphs[PART_FIVE], [part_five])
    _set_paragraph(paragraphs[PART_SIX], [part_six])
    if signature is not None:
        paragraphs[LAST].add_run(signature)
    t2, t3, t4 = document.tables
    t2_rows = {"regulations": 2, "normative_docs": 3, "licensing": 6, "punishment": 9, "coercion": 10, "fees": 13}
    for key, index in t2_rows.items():
        values = tables["t2"][key]
        for cell, value in zip(_unique_cells(t2.rows[index])[1:], values):
            _type_into(cell, _fmt(value))
    keys = [r.key for r in TEMPLATE_2021.t3.rows]
    for key, row in zip(keys, t3.rows[3:]):
        cells = _unique_cells(row)
        values = tables["t3"][key]
        for cell, value in zip(cells[-len(values):], values):
            _type_into(cell, _fmt(value))
        if labels and key in labels:
            _type_into(cells[-len(values) - 1], labels[key])
    t4_values = [v for key in ("review", "litigation_direct", "litigation_after_review") for v in tables["t4"][key]]
    for cell, value in zip(_unique_cells(t4.rows[3]), t4_values):
        _type_into(cell, _fmt(value))
    document.save(str(path))
    return path


def _fmt(value: object) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return str(int(value)) if isinstance(value, float) else str(value)
