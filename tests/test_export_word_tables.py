"""导出表格 (Word): the three tables in the official layout for a report that is not a Word
file — spans exactly as core/template.py declares them, the template's labels, the corrected
values, unconfirmed cells left empty — and the file reads back as the same tables."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from core.check import check_file
from core.export.files import ExportError
from core.export.word_tables import write_word_tables
from core.model import Report
from core.template import grid_layout
from tests.shared_data import REAL_PDF, seed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def huaian() -> Report:
    return check_file(str(REAL_PDF / "huaian-2024.pdf"))


def _grid(table) -> dict[tuple[int, int], tuple[int, str | None, str]]:  # type: ignore[no-untyped-def]
    """(row, grid column) of each w:tc → (gridSpan, vMerge, text)."""
    out = {}
    for r, tr in enumerate(table._tbl.findall(W + "tr")):
        col = 0
        for tc in tr.findall(W + "tc"):
            pr = tc.find(W + "tcPr")
            span_el, merge_el = pr.find(W + "gridSpan"), pr.find(W + "vMerge")
            span = int(span_el.get(W + "val")) if span_el is not None else 1
            merge = None if merge_el is None else (merge_el.get(W + "val") or "continue")
            out[(r, col)] = (span, merge, "".join(t.text for t in tc.iter(W + "t")))
            col += span
    return out


def test_spans_labels_and_values_follow_the_template(huaian: Report, tmp_path: Path) -> None:
    ext = huaian.extraction
    assert ext is not None
    granted = ext.tables["t3"].rows["granted"]
    edited = ext.with_value("t3", "granted", 0, granted[0].value + 1)  # type: ignore[operator]
    result = write_word_tables(huaian, tmp_path / "表格.docx", edited)
    assert result.left_empty == []
    document = docx.Document(str(tmp_path / "表格.docx"))
    assert document.paragraphs[0].text == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert [p.text for p in document.paragraphs if p.text.startswith("表")] == [
        "表二　主动公开政府信息情况", "表三　收到和处理政府信息公开申请情况", "表四　政府信息公开行政复议、行政诉讼情况"]
    assert len(document.tables) == 3
    for table, key in zip(document.tables, ("t2", "t3", "t4")):
        spec = edited.spec(key)
        layout = grid_layout(spec)
        got = _grid(table)
        assert len(table._tbl.findall(W + "tr")) == layout.rows
        for cell in layout.cells:
            span, merge, text = got[(cell.row, cell.col)]
            assert span == cell.colspan, (key, cell)
            assert merge == ("restart" if cell.rowspan > 1 else None), (key, cell)
            for r in range(cell.row + 1, cell.row + cell.rowspan):
                assert got[(r, cell.col)][:2] == (cell.colspan, "continue"), (key, cell, r)
            if cell.kind == "value":
                index = [c.key for c in spec.row(cell.row_key).columns].index(cell.col_key)  # type: ignore[arg-type]
                value = edited.value(key, cell.row_key, index)  # type: ignore[arg-type]
                assert value is not None and text == (str(value.value) if value.value is not None else "—")
            else:
                assert text == cell.text
    assert _grid(document.tables[1])[(grid_layout(edited.spec("t3")).position("granted", "natural"))][2] == str(granted[0].value + 1)  # type: ignore[index,operator]


def test_the_file_reads_back_as_the_same_tables(huaian: Report, tmp_path: Path) -> None:
    write_word_tables(huaian, tmp_path / "表格.docx")
    again = check_file(str(tmp_path / "表格.docx"))
    assert again.extraction is not None and huaian.extraction is not None
    assert again.extraction.meta.agency == huaian.extraction.meta.agency and again.extraction.meta.year == 2024
    for key, table in huaian.extraction.tables.items():
        for row, cells in table.rows.items():
            assert [c.value for c in again.extraction.tables[key].rows[row]] == [c.value for c in cells], (key, row)
    assert not [f for f in again.findings if f.rule.startswith(("T3-", "T4-"))]


def test_cells_the_sums_inferred_are_left_empty(tmp_path: Path) -> None:
    report = check_file(str(seed("000")))
    assert report.extraction is not None
    inferred = [(k, r, i) for k, t in report.extraction.tables.items() for r, cells in t.rows.items()
                for i, c in enumerate(cells) if c.state == "inferred"]
    assert inferred
    result = write_word_tables(report, tmp_path / "表格.docx")
    assert len(result.left_empty) >= len(inferred)
    again = check_file(str(tmp_path / "表格.docx"))
    k, r, i = inferred[0]
    assert again.extraction is not None and again.extraction.tables[k].rows[r][i].state in ("blank", "missing")


def test_refuses_without_tables_or_over_the_source(huaian: Report, tmp_path: Path) -> None:
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(ExportError) as err:
        write_word_tables(check_file(str(broken)), tmp_path / "x.docx")
    assert "未能读取" in err.value.message
    with pytest.raises(ExportError) as err:
        write_word_tables(huaian, tmp_path / "x.pdf")
    assert ".docx" in err.value.message


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install -y --no-install-recommends libreoffice-writer-nogui")
def test_libreoffice_opens_the_tables_and_the_letter(huaian: Report, tmp_path: Path) -> None:
    from core.export.review_letter import write_review_letter

    tables = write_word_tables(huaian, tmp_path / "表格.docx").path
    letter = write_review_letter(check_file(str(REAL_PDF / "hongze-2023.pdf")), tmp_path / "意见.docx")
    out = tmp_path / "lo"
    done = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(tables), str(letter)],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    again = check_file(str(out / tables.name))
    assert again.extraction is not None and huaian.extraction is not None
    assert [c.value for c in again.extraction.tables["t3"].rows["total"]] == [c.value for c in huaian.extraction.tables["t3"].rows["total"]]
    assert [p.text for p in docx.Document(str(out / letter.name)).paragraphs] == [p.text for p in docx.Document(str(letter)).paragraphs]
