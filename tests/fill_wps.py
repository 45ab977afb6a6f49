"""Fill the real WPS template (tests/data/real-docx/official-template-wps.docx) as a clerk
does: type the title and the prose over the placeholders and a number into each table cell's
empty paragraph (a new run after whatever the paragraph holds, WPS's full-width spaces too).
The template's own XML — merged header cells, vMerge labels, WPS's paragraph properties —
stays as WPS wrote it.

``tables`` uses the contract keys (tests/render.py ``consistent_tables``)."""

from __future__ import annotations

from pathlib import Path

from core.template import template_for

TEMPLATE = Path(__file__).parent / "data" / "real-docx" / "official-template-wps.docx"

# Where each table's value cells sit in the template: (first data row, first value column).
_T3_FIRST_ROW, _T3_FIRST_COL = 3, 3
_T4_ROW = 3
# Table 二's rows in the template, by row index (the others are its sub-headings).
_T2_ROWS = {2: "regulations", 3: "normative_docs", 6: "licensing", 9: "punishment", 10: "coercion", 13: "fees"}


def _type_into(cell, text: str) -> None:  # type: ignore[no-untyped-def]
    """A run in the cell's first paragraph, as typing into the empty cell makes it."""
    cell.paragraphs[0].add_run(text)


def _value_cells(row) -> list:  # type: ignore[no-untyped-def]
    """The row's distinct cells (a horizontally merged cell is listed once) after the label."""
    seen: list = []
    for cell in row.cells:
        if not any(cell._tc is other._tc for other in seen):
            seen.append(cell)
    return seen[1:]


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def fill_wps_template(path: Path, tables: dict[str, dict[str, list]], *, agency: str = "示例县市场监督管理局",
                      year: int = 2023) -> Path:
    import docx

    document = docx.Document(str(TEMPLATE))
    prose = {
        "一、总体情况": f"{year}年，{agency}认真贯彻《中华人民共和国政府信息公开条例》，本报告所列数据的统计期限为"
                   f"{year}年1月1日至12月31日。",
        "五、存在的主要问题及改进情况": "一是部分信息公开不够及时；二是政策解读形式单一。下一步将建立公开台账，丰富解读形式。",
        "六、其他需要报告的事项": "本年度未收取信息处理费。",
    }
    heading = None
    for para in document.paragraphs:
        text = para.text.strip()
        if text == "政府信息公开工作年度报告格式模板":
            for run in para.runs:
                run.text = ""
            para.runs[0].text = f"{agency}{year}年政府信息公开工作年度报告"
        elif text.startswith("（文字描述") and heading in prose:
            for run in para.runs:
                run.text = ""
            para.runs[0].text = prose[heading]
        elif text:
            heading = text
    t2, t3, t4 = document.tables[:3]
    for index, key in _T2_ROWS.items():
        for cell, value in zip(_value_cells(t2.rows[index]), tables["t2"][key]):
            _type_into(cell, _text(value))
    spec = template_for("2021").t3
    for offset, row_key in enumerate(spec.row_keys):
        row = t3.rows[_T3_FIRST_ROW + offset]
        for col, value in enumerate(tables["t3"][row_key]):
            _type_into(row.cells[_T3_FIRST_COL + col], _text(value))
    values = [v for key in ("review", "litigation_direct", "litigation_after_review") for v in tables["t4"][key]]
    for cell, value in zip(t4.rows[_T4_ROW].cells, values):
        _type_into(cell, _text(value))
    document.save(str(path))
    return path
