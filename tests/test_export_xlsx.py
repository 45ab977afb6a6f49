"""导出修正后的 Excel for a workbook source: the clerk's .xlsx with the corrected cells changed
in place (style kept), a comment with the value printed and the reason, and every other part
of the package — images included, which openpyxl would drop or rewrite — as it was."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from core.check import check_file
from core.export.files import ExportError
from core.export.xlsx_writeback import SKIP_UNCONFIRMED, write_corrected_xlsx
from core.model import Report

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _with_logo(tmp_path: Path) -> Path:
    """The fixture report with the agency's emblem as a picture beside the title, as offices
    paste it, and a style on the corrected cell."""
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font
    from PIL import Image as PILImage

    png = io.BytesIO()
    PILImage.new("RGB", (40, 40), (200, 0, 0)).save(png, format="PNG")
    wb = openpyxl.load_workbook(FIXTURES / "report_2019.xlsx")
    ws = wb.active
    ws.add_image(Image(io.BytesIO(png.getvalue())), "H1")
    ws["D36"].font = Font(name="仿宋_GB2312", size=12, bold=True)
    path = tmp_path / "某县农业农村局2020年报.xlsx"
    wb.save(path)
    return path


@pytest.fixture()
def corrected(tmp_path: Path) -> tuple[Report, Path, Path]:
    source = _with_logo(tmp_path)
    report = check_file(str(source))
    assert report.extraction is not None and report.extraction.tables["t3"].rows["new"][0].loc.cell == "D36"  # type: ignore[union-attr]
    edited = report.extraction.with_value("t3", "new", 0, 204)
    target = tmp_path / "修正后.xlsx"
    result = write_corrected_xlsx(report, target, edited)
    assert [c.col for c in result.written] == ["natural"] and result.comments
    return report, source, target


def test_the_cell_is_changed_in_place_with_its_style_and_a_comment(corrected: tuple[Report, Path, Path]) -> None:
    report, source, target = corrected
    ws = openpyxl.load_workbook(target).active
    assert ws["D36"].value == 204 and ws["D36"].font.bold and ws["D36"].font.size == 12
    assert ws["D36"].comment is not None
    text = ws["D36"].comment.text
    assert "原为 203，改为 204" in text and "自然人" in text and ws["D36"].comment.author == "年报校验"
    assert ws["E36"].value == openpyxl.load_workbook(source).active["E36"].value

    def style(path: Path) -> str | None:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("xl/worksheets/sheet1.xml"))
        return next(c.get("s") for c in root.iter(M + "c") if c.get("r") == "D36")

    assert style(target) == style(source) is not None


def test_every_other_part_is_the_source(corrected: tuple[Report, Path, Path]) -> None:
    _, source, target = corrected
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target) as out:
        assert any(n.startswith("xl/media/") for n in src.namelist())  # the picture
        changed = {n for n in src.namelist() if n in out.namelist() and src.read(n) != out.read(n)}
        assert changed == {"xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/workbook.xml",
                           "[Content_Types].xml"}
        assert set(out.namelist()) - set(src.namelist()) == {"xl/comments1.xml", "xl/drawings/vmlDrawing1.vml"}
        assert set(src.namelist()) <= set(out.namelist())
    assert len(openpyxl.load_workbook(target).active._images) == 1


def test_reopened_copy_reads_the_corrected_value(corrected: tuple[Report, Path, Path]) -> None:
    report, _, target = corrected
    again = check_file(str(target))
    assert again.extraction is not None and report.extraction is not None
    assert again.extraction.tables["t3"].rows["new"][0].value == 204
    for key, table in report.extraction.tables.items():
        for row, cells in table.rows.items():
            want = [c.value for c in cells]
            if (key, row) == ("t3", "new"):
                want[0] = 204
            assert [c.value for c in again.extraction.tables[key].rows[row]] == want


def test_a_fix_applied_removes_the_finding(tmp_path: Path) -> None:
    source = shutil.copy(FIXTURES / "report_2019.xlsx", tmp_path / "原.xlsx")
    report = check_file(str(source))
    assert report.extraction is not None
    broken = report.extraction.with_value("t3", "granted", 6, report.extraction.tables["t3"].rows["granted"][6].value + 2)  # type: ignore[operator]
    staged = write_corrected_xlsx(report, tmp_path / "错.xlsx", broken)  # a report printed with a wrong total
    assert len(staged.written) == 1
    wrong = check_file(str(tmp_path / "错.xlsx"))
    finding = next(f for f in wrong.findings if f.culprit == ("t3", "granted", "total"))
    fixed = wrong.extraction.with_value("t3", "granted", 6, finding.fix)  # type: ignore[union-attr]
    result = write_corrected_xlsx(wrong, tmp_path / "对.xlsx", fixed)
    assert result.written[0].rule == finding.rule
    assert [f.rule for f in check_file(str(tmp_path / "对.xlsx")).findings if f.severity == "error"] == []


def test_unconfirmed_values_are_not_written(tmp_path: Path) -> None:
    report = check_file(str(FIXTURES / "report_2019.xlsx"))
    edited = report.extraction.with_value("t3", "new", 0, 1)  # type: ignore[union-attr]
    guess = edited.tables["t3"].rows["new"][1]
    guess.value, guess.state = 999, "inferred"
    result = write_corrected_xlsx(report, tmp_path / "部分.xlsx", edited)
    assert [(c.col, why) for c, why in result.skipped] == [("commercial", SKIP_UNCONFIRMED)]
    ws = openpyxl.load_workbook(tmp_path / "部分.xlsx").active
    assert ws["D36"].value == 1 and ws["E36"].value == 257 and ws["E36"].comment is None


def test_refusals(tmp_path: Path) -> None:
    source = FIXTURES / "report_2019.xlsx"
    report = check_file(str(source))
    with pytest.raises(ExportError) as err:
        write_corrected_xlsx(report, tmp_path / "x.xlsx", None)
    assert "没有修改" in err.value.message
    with pytest.raises(ExportError) as err:
        write_corrected_xlsx(report, source, report.extraction.with_value("t3", "new", 0, 1))  # type: ignore[union-attr]
    assert "原始报告" in err.value.message
