"""OFD (GB/T 33190): seven files from real producers open and give their text (none is a
report, each is refused as one, by kind), and annual reports printed as OFD from our PDFs —
the fixtures and three real reports — read cell for cell like the PDFs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from core.check import check_file
from core.document import RawTable
from core.readers import read_document
from tests.not_reports import DOCUMENTS, KINDS
from tests.ofd_writer import lines_to_ofd, pdf_to_ofd

DATA = Path(__file__).parent / "data"
REAL = DATA / "real-ofd"

# file → (a line it prints, what it is refused as)
REAL_FILES = {
    "n.ofd": ("关于同意张阿三同志辞职的批复", "这是一份公文"),
    "signout.ofd": ("市委主要领导同志调研后续落实事项的通知", "这是一份文件处理单"),
    "testPathFillOpacity.ofd": ("关于加快南货场铁路涵洞下穿建设的函", "这是一份公文"),
    "path_unstd.ofd": ("立案决定书", "这是一份决定书"),
    "z.ofd": ("CodePosition", "没有找到政府信息公开工作年度报告的内容"),
    "999.ofd": ("重庆增值税电子普通发票", "这是一份发票"),
}


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_ofd_files_open_give_their_text_and_are_not_reports(name: str) -> None:
    line, refusal = REAL_FILES[name]
    doc = read_document(REAL / name)
    assert doc.format == "ofd" and doc.page_count and doc.has_text
    assert line in doc.source_text.replace(" ", "").replace("\t", "")
    report = check_file(REAL / name)
    assert report.status == "not_report", (report.status, report.error)
    assert refusal in (report.error or "") and report.findings == []


def test_the_ruled_form_of_the_file_handling_sheet_is_a_table() -> None:
    """signout.ofd's ruling lines are path objects: the form reads as a table, its labels
    and their values side by side."""
    doc = read_document(REAL / "signout.ofd")
    rows = [[c.text for c in row] for b in doc.blocks if isinstance(b, RawTable) for row in b.rows]
    assert any(row[:2] == ["来文文号", "府办专督〔2020〕24号"] for row in rows), rows
    assert any("收文登记人" in row and "陈小明" in row for row in rows)


def test_a_multi_page_invoice_reads_every_page() -> None:
    doc = read_document(REAL / "999.ofd")
    assert doc.page_count == 5
    # 100 line items over five pages (the header each page repeats is page furniture).
    assert doc.source_text.count("*餐饮服务*餐费") == 100
    assert "价税合计" in doc.source_text and "¥10000.00" in doc.source_text


@pytest.mark.slow
def test_image_only_pages_go_to_the_ocr() -> None:
    """containsJPEG.ofd: two pages that are each a photograph — recognised, not an error."""
    report = check_file(REAL / "containsJPEG.ofd")
    assert report.status == "not_report", report.error
    assert report.document is not None and report.document.ocr is not None
    assert sorted(report.document.ocr.pages) == [1, 2]


PDFS = ["fixtures/pdf/report_2019.pdf", "fixtures/pdf/report_2021_nested.pdf", "data/real-pdf/hongze-2023.pdf",
        "data/real-pdf/hongze-2024.pdf", "data/real-pdf/huaian-2024.pdf"]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: Path(p).stem)
def test_an_ofd_annual_report_reads_like_its_pdf(tmp_path: Path, pdf: str) -> None:
    source = Path(__file__).parent / pdf
    ofd = pdf_to_ofd(source, tmp_path / (source.stem + ".ofd"))
    with zipfile.ZipFile(ofd) as z:  # what a producer writes: text and path objects, DeltaX runs
        content = z.read("Doc_0/Pages/Page_0/Content.xml").decode("utf-8")
        assert "<ofd:TextObject" in content and "DeltaX=" in content
        assert any("<ofd:PathObject" in z.read(n).decode("utf-8") for n in z.namelist() if n.endswith("Content.xml"))
    got, want = check_file(ofd), check_file(source)
    assert got.format == "ofd" and got.status == want.status and got.status in ("ok", "findings")
    assert got.to_json()["tables"] == want.to_json()["tables"]
    assert got.to_json()["tables"]["t3"]["total"]
    assert [f.rule for f in got.findings] == [f.rule for f in want.findings]
    assert (got.to_json()["agency"], got.to_json()["year"]) == (want.to_json()["agency"], want.to_json()["year"])


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_notices_and_cover_letters_as_ofd_are_not_reports(tmp_path: Path, name: str) -> None:
    report = check_file(lines_to_ofd(tmp_path / f"{name}.ofd", DOCUMENTS[name]))
    assert report.status == "not_report" and f"这是一份{KINDS[name]}" in (report.error or "")


def test_damaged_ofd_files_get_a_message(tmp_path: Path) -> None:
    good = (REAL / "n.ofd").read_bytes()
    cut = tmp_path / "cut.ofd"
    cut.write_bytes(good[: len(good) // 2])
    report = check_file(cut)
    assert report.status == "unreadable" and "损坏" in (report.error or "")
    # OFD.xml is there, the document it names is not.
    hollow = tmp_path / "hollow.ofd"
    with zipfile.ZipFile(hollow, "w") as z:
        z.writestr("OFD.xml", '<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody>'
                              "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    report = check_file(hollow)
    assert report.status == "unreadable" and "OFD" in (report.error or "") and "；" in (report.error or "")
    # An entity declaration (billion laughs) in a page is refused before parsing.
    evil = tmp_path / "evil.ofd"
    with zipfile.ZipFile(REAL / "n.ofd") as src, zipfile.ZipFile(evil, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("Content.xml"):
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + data.split(b"?>", 1)[1]
            z.writestr(info, data)
    report = check_file(evil)
    assert report.status == "unreadable" and "实体" in (report.error or "")
