"""PDF reader: the three real published PDFs at the Document level, rendered fixtures
(ruled, borderless, table 三 cut inside a row by a page break), page furniture, and the
files that cannot be read (password, no text layer, truncated, too many pages)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from core.document import Document, RawTable, ReadError, TextBlock
from core.readers import read_document
from core.producers.pdf import open as pdf_open
from core.template import TEMPLATE_2021
from tests.render import consistent_tables
from tests.render_pdf import render_report_pdf
from tests.shared_data import REAL_PDF

pytest.importorskip("reportlab")

AGENCY = "某某市测试局"
HEADER = "某某市测试局政府信息公开工作年度报告"


def _rows(doc: Document) -> list[list[str]]:
    return [[c.text for c in row] for b in doc.blocks if isinstance(b, RawTable) for row in b.rows]


def _row(doc: Document, label: str) -> list[str]:
    """The cells after ``label`` in the one table row holding it."""
    found = [row[row.index(label) + 1:] for row in _rows(doc) if label in row]
    assert len(found) == 1, (label, found)
    return found[0]


def _texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, TextBlock)]


def _cells(doc: Document) -> list[str]:
    return [c for row in _rows(doc) for c in row]


@pytest.fixture(scope="module")
def real() -> dict[str, Document]:
    return {name: read_document(REAL_PDF / f"{name}.pdf") for name in ("huaian-2024", "hongze-2023", "hongze-2024")}


# ---------------------------------------------------------------------------------------
# Real PDFs

def test_huaian_table_three_rows_are_label_then_seven_numbers(real):
    doc = real["huaian-2024"]
    assert doc.format == "pdf" and doc.page_count == 6
    assert _row(doc, "一、本年新收政府信息公开申请数量") == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert _row(doc, "二、上年结转政府信息公开申请数量") == ["34", "0", "0", "0", "0", "0", "34"]
    assert _row(doc, "（七）总计") == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert _row(doc, "四、结转下年度继续办理") == ["103", "0", "0", "0", "0", "0", "103"]
    # A label wrapped over three lines inside its cell is one cell.
    assert _row(doc, "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请") == ["6", "0", "0", "0", "0", "0", "6"]
    # The vertical group label, and the merged label cut by the page-4/5 break, each once.
    cells = _cells(doc)
    assert cells.count("三、本年度办理结果") == 1
    assert cells.count("（四）无法提供") == 1 and "法提供" not in cells
    assert _row(doc, "（四）无法提供")[0] == "1.本机关不掌握相关政府信息"


def test_huaian_table_two_and_four(real):
    doc = real["huaian-2024"]
    assert _row(doc, "行政许可") == ["447228"]
    assert _row(doc, "行政事业性收费") == ["96171.6"]
    assert _row(doc, "规章") == ["1", "0", "11"]
    four = [r for r in _rows(doc) if len(r) == 15 and all(c.isdigit() for c in r)]
    assert four == [["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]]


def test_huaian_table_cut_by_page_breaks_is_one_table(real):
    doc = real["huaian-2024"]
    tables = [b for b in doc.blocks if isinstance(b, RawTable)]
    # 二 (pages 3–4), 三 (pages 4–5), 四: three tables, nothing read twice.
    assert len(tables) == 3
    assert any("跨页" in n for n in doc.notes)
    assert _cells(doc).count("3119") == 1 and _cells(doc).count("行政处罚") == 1
    t3 = tables[1]
    assert {c.loc.page for row in t3.rows for c in row} == {4, 5}
    assert all(c.loc.bbox is not None for row in t3.rows for c in row)


def test_huaian_text_has_no_page_numbers_and_prose_is_not_in_tables(real):
    doc = real["huaian-2024"]
    texts = _texts(doc)
    assert not any(t.strip("- ").isdigit() for t in texts)
    assert not any("- 4 -" in t for t in texts)
    # The framed introduction (WPS shading rectangles) is prose, joined into a paragraph.
    intro = next(t for t in texts if t.startswith("本报告由淮安市人民政府办公室"))
    assert "统计期限自2024年1月1日至2024年12月31日" in intro
    assert not any("本报告由" in c for c in _cells(doc))
    # A sentence wrapped over two lines is one paragraph (prose checks read it whole).
    assert any("答复3050件" in t for t in texts)


def test_hongze_2023_table_four_and_old_layout(real):
    doc = real["hongze-2023"]
    four = [r for r in _rows(doc) if len(r) == 15 and all(c.isdigit() for c in r)]
    assert four == [["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]]
    assert _row(doc, "2.其他法律行政止公开") == ["0"] * 7
    assert _row(doc, "（六）其他处理") == ["0"] * 7
    assert _row(doc, "（七）总计") == ["21", "0", "0", "0", "0", "0", "21"]
    # The page-3 table has no bottom border and the page-4 part no top border.
    assert _row(doc, "2.没有现成信息需要另行制作") == ["3", "0", "0", "0", "0", "0", "3"]
    assert _row(doc, "3.补正后申请内容仍不明确") == ["0"] * 7
    assert _cells(doc).count("三、本年度办理结果") == 1
    assert _row(doc, "行政事业性收费") == ["7730.28"]


def test_hongze_2024_carry_rows(real):
    doc = real["hongze-2024"]
    assert _row(doc, "二、上年结转政府信息公开申请数量") == ["0"] * 7
    assert _row(doc, "一、本年新收政府信息公开申请数量") == ["95", "0", "0", "0", "0", "0", "95"]
    assert _row(doc, "行政许可") == ["9487"]


# ---------------------------------------------------------------------------------------
# Rendered fixtures

@pytest.fixture(scope="module")
def tables() -> dict:
    return consistent_tables(11)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, tables) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    variants = {
        "ruled": {},
        "borderless": {"ruled": False},
        "split": {"split_across_pages": True, "running_header": HEADER},
        "split_borderless": {"split_across_pages": True, "ruled": False, "running_header": HEADER},
    }
    return {name: render_report_pdf(out / f"{name}.pdf", AGENCY, 2023, tables, **kw) for name, kw in variants.items()}


def _t3_values(tables: dict, key: str) -> list[str]:
    return [str(v) for v in tables["t3"][key]]


@pytest.mark.parametrize("name", ["ruled", "borderless", "split", "split_borderless"])
def test_fixture_rows_read_back(rendered, tables, name):
    doc = read_document(rendered[name])
    for key in ("new", "carried", "granted", "deny_1", "unable_3", "reject_5", "total", "carry_next"):
        label = TEMPLATE_2021.t3.row(key).label
        assert _row(doc, label)[-7:] == _t3_values(tables, key), key
    assert _row(doc, "行政许可") == [str(tables["t2"]["licensing"][0])]
    # The label wrapped over three lines (and, in the split variants, cut by the break).
    other_1 = TEMPLATE_2021.t3.row("other_1").label
    assert _row(doc, other_1)[-7:] == _t3_values(tables, "other_1")
    strict = {b.strict for b in doc.blocks if isinstance(b, RawTable)}
    assert strict == ({True} if "borderless" not in name else {False})


@pytest.mark.parametrize("name", ["split", "split_borderless"])
def test_split_row_is_joined_and_furniture_dropped(rendered, name):
    doc = read_document(rendered[name])
    assert doc.page_count is not None and doc.page_count >= 3
    other_1 = TEMPLATE_2021.t3.row("other_1").label
    cells = _cells(doc)
    assert cells.count(other_1) == 1
    # The repeated header is read once; page numbers and the running header are gone.
    assert cells.count("（七）总计") == 1
    assert sum("申请人情况" in c for c in cells + _texts(doc)) == 1
    texts = _texts(doc)
    assert not any(t.startswith("- ") for t in texts)
    assert HEADER not in texts
    t3 = next(b for b in doc.blocks if isinstance(b, RawTable) and any("本年新收" in c.text for r in b.rows for c in r))
    assert len({c.loc.page for row in t3.rows for c in row}) == 2


def test_fixtures_end_to_end(rendered, tables):
    check = pytest.importorskip("core.check")
    for name in ("ruled", "split_borderless"):
        report = check.check_file(rendered[name]).to_json()
        assert report["status"] == "ok", (name, report["error"])
        for key in ("t2", "t3", "t4"):
            assert report["tables"][key] == tables[key], (name, key)


def test_real_pdfs_end_to_end():
    check = pytest.importorskip("core.check")
    huaian = check.check_file(REAL_PDF / "huaian-2024.pdf").to_json()
    assert huaian["tables"]["t3"]["new"][-1] == 3119 and huaian["tables"]["t3"]["total"][-1] == 3050
    assert huaian["tables"]["t2"]["fees"] == [96171.6]
    hongze = check.check_file(REAL_PDF / "hongze-2023.pdf").to_json()
    assert "T4-REV" in {f["rule"] for f in hongze["findings"] if f["severity"] == "error"}


# ---------------------------------------------------------------------------------------
# Files that cannot be read

def _canvas(path: Path, **kwargs):  # type: ignore[no-untyped-def]
    from reportlab.pdfgen import canvas

    from tests.render_pdf import FONT, _font

    _font()
    c = canvas.Canvas(str(path), **kwargs)
    c.setFont(FONT, 12)
    return c


def test_password_protected_pdf_is_refused_with_a_clear_message(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "locked.pdf"
    c = _canvas(path, encrypt=StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(72, 700, "一、本年新收政府信息公开申请数量")
    c.save()
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "密码" in err.value.message and "未加密" in err.value.message


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "restricted.pdf"
    c = _canvas(path, encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "Annual report 2023")
    c.save()
    doc = read_document(path)
    assert _texts(doc) == ["Annual report 2023"]


def test_pdf_whose_font_has_no_unicode_mapping_is_unreadable(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    # reportlab's encrypted CID fonts come out as "(cid:N)" glyphs: text that cannot be
    # recovered, like a PDF whose fonts lack a ToUnicode map.
    path = tmp_path / "cid.pdf"
    c = _canvas(path, encrypt=StandardEncryption("", ownerPassword="owner"))
    c.drawString(72, 700, "二、主动公开政府信息情况")
    c.save()
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "乱码" in err.value.message


def test_pdf_without_text_layer_is_unreadable(tmp_path):
    path = tmp_path / "scan.pdf"
    c = _canvas(path)
    c.rect(72, 72, 400, 600, fill=1)
    c.save()
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "没有文字层" in err.value.message


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_broken_pdf_is_refused(rendered, tmp_path, damage):
    data = rendered["ruled"].read_bytes()
    if damage == "truncated":
        data = data[: len(data) // 3]
    else:
        data = b"%PDF-1.4\n" + random.Random(5).randbytes(20000)
    path = tmp_path / f"{damage}.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "PDF" in err.value.message or "损坏" in err.value.message


def test_too_many_pages_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "long.pdf"
    c = _canvas(path)
    for i in range(3):
        c.drawString(72, 700, f"第{i + 1}页的正文")
        c.showPage()
    c.save()
    monkeypatch.setattr(pdf_open, "MAX_PAGES", 2)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "3 页" in err.value.message


@pytest.mark.parametrize("name", ["report_2019", "report_2021_nested"])
def test_word_exported_pdf_reads_like_its_docx(name: str) -> None:
    # A word processor's PDF (LibreOffice export of the DOCX fixture): same tables, same
    # findings, same agency and year as the DOCX it was exported from.
    from core.check import check_file

    fixtures = Path(__file__).resolve().parent / "fixtures"
    pdf = check_file(fixtures / "pdf" / f"{name}.pdf").to_json()
    docx = check_file(fixtures / "docx" / f"{name}.docx").to_json()
    assert pdf["status"] != "unreadable" and pdf["format"] == "pdf"
    assert pdf["tables"] == docx["tables"] and len(pdf["tables"]) == 3
    assert [f["rule"] for f in pdf["findings"]] == [f["rule"] for f in docx["findings"]]
    assert (pdf["agency"], pdf["year"], pdf["template"]) == (docx["agency"], docx["year"], docx["template"])
