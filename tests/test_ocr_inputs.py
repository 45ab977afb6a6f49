"""Tables pasted as pictures into other formats (issue 11): a web page saved by a browser
("网页，全部": 报告.html + 报告_files/) whose table 三 is a scan beside it, and a workbook
with a table pasted as a picture. The pictures are cut at test time from hongze-2023.pdf
and scanned (tests/ocr_inputs.py); what the text layer reads is the answer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.check import check_file
from core.rules.reading import OCR_NOTE
from core.model import Report
from tests.network_block import block_sockets
from tests.ocr_inputs import saved_page, table_pictures
from tests.ocr_scan import scan, t4_crop
from tests.shared_data import REAL_PDF

pytestmark = pytest.mark.slow  # OCR: seconds a picture

T3_BLOCK = 14  # hongze-2023's text layer: table 三, on pages 3 and 4
T4 = {"review": [10, 1, 0, 0, 0], "litigation_direct": [0, 0, 0, 0, 0], "litigation_after_review": [5, 0, 0, 0, 0]}


def _rules(report: Report) -> list[tuple[str, str]]:
    return sorted((f.rule, f.severity) for f in report.findings)


@pytest.fixture(scope="module")
def text_layer() -> Report:
    return check_file(REAL_PDF / "hongze-2023.pdf")


@pytest.fixture(scope="module")
def page_read(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, list[str], Path]:
    """The saved page, read once with every socket call refused and recorded. Beside the
    two scans of table 三 it points at the same picture on a server, through a network
    path, a file: URL, a ``..`` escape and a symbolic link out of the page's folder: none of
    them may be read (a second copy of table 三 would show as more OCR pages)."""
    root = tmp_path_factory.mktemp("page")
    folder = root / "下载"
    pictures = table_pictures(T3_BLOCK)
    outside = root / "外部.jpg"
    pictures[0].save(outside, "JPEG")
    tricks = "".join(f'<img src="{s}">' for s in (
        "http://127.0.0.1:9/image001.jpg", "https://example.invalid/t3.jpg", "//127.0.0.1:9/t3.jpg",
        f"file://{outside}", str(outside), "../外部.jpg", "报告_files/../../外部.jpg", "报告_files/link.jpg",
        "data:image/png;base64,iVBORw0KGgo="))
    path = saved_page(folder, T3_BLOCK, pictures, extra=f"<p>{tricks}</p>")
    os.symlink(outside, folder / "报告_files" / "link.jpg")
    with pytest.MonkeyPatch.context() as mp:
        attempts = block_sockets(mp)
        report = check_file(path)
    return report, attempts, path


def test_a_saved_page_whose_table_three_is_a_scan_reads_as_the_text_layer(page_read, text_layer: Report) -> None:  # type: ignore[no-untyped-def]
    report, _, _ = page_read
    assert report.status == "findings", report.error
    out, want = report.to_json(), text_layer.to_json()
    assert out["format"] == "html" and out["ocr"] is True
    assert out["tables"]["t3"] == want["tables"]["t3"]
    assert out["tables"] == want["tables"]
    # Not one finding the text layer does not have (no T3 error made by a misread); an
    # error resting on the scanned table's labels (S-VERSION-MIX) is a warning that says so.
    assert sorted(f.rule for f in report.findings) == sorted(f.rule for f in text_layer.findings)
    softened = {f.rule for f in report.findings if f.message.endswith(OCR_NOTE)}
    # The page's misprinted label (the text layer has it too) is read from the scan: the
    # warning says so (core/rules/reading.py).
    assert softened == {"S-VERSION-MIX", "S-LABEL"}
    assert _rules(report) == sorted((r, "warning" if r in softened else s) for r, s in _rules(text_layer))
    cells = [c for row in report.extraction.tables["t3"].rows.values() for c in row]  # type: ignore[union-attr]
    assert cells and all(c.ocr for c in cells)


def test_a_saved_page_never_fetches_nor_escapes_its_folder(page_read) -> None:  # type: ignore[no-untyped-def]
    report, attempts, _ = page_read
    assert attempts == []
    # Only the two scans beside the page were read (the logo is too small to hold a table).
    assert report.document is not None and report.document.ocr is not None
    assert sorted(report.document.ocr.pages) == [1, 2]


def test_a_page_saved_with_a_dot_files_folder(tmp_path: Path) -> None:
    """Some Chinese browsers and Word's 另存为网页 name the folder 报告.files; the table is
    table 四, one small picture, centred by a one-cell table around it."""
    from tests.ocr_inputs import _source

    picture = scan(t4_crop(), angle=-1.4, seed=3)
    doc = _source()
    block = max(i for i, b in enumerate(doc.blocks) if type(b).__name__ == "RawTable")
    path = saved_page(tmp_path, block, [picture], name="年报", files_suffix=".files", in_cell=True)
    report = check_file(path)
    assert report.to_json()["tables"]["t4"] == T4
    assert report.ocr and {("T4-AFT", "error"), ("T4-REV", "error")} <= set(_rules(report))


def test_a_workbook_with_its_table_pasted_as_a_picture(tmp_path: Path) -> None:
    """Table 四 as a screenshot dropped on the sheet under its heading; the sheet's own
    cells (title, headings, prose) stay cell text, the picture's table stands at its anchor
    row, between 四's heading and 五's."""
    import openpyxl
    from openpyxl.drawing.image import Image as SheetImage

    shot = tmp_path / "截图.png"
    scan(t4_crop(), angle=-1.4, seed=3).save(shot)
    logo = tmp_path / "徽标.png"
    from PIL import Image

    Image.new("RGB", (90, 90), (200, 30, 30)).save(logo)  # too small to hold a table
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年度报告"
    ws["A1"] = "淮安市洪泽区人民政府2023年政府信息公开工作年度报告"
    ws["A2"] = "四、政府信息公开行政复议、行政诉讼情况"
    ws.add_image(SheetImage(str(shot)), "A3")
    ws["A30"] = "五、存在的主要问题及改进情况"
    ws["A31"] = "下一步，将切实抓好以下工作。"
    ws.add_image(SheetImage(str(logo)), "H1")
    path = tmp_path / "图片表格.xlsx"
    wb.save(path)
    report = check_file(path)
    assert report.status == "findings", report.error
    assert report.format == "xlsx" and report.to_json()["ocr"] is True
    assert report.to_json()["tables"]["t4"] == T4
    assert {("T4-AFT", "error"), ("T4-REV", "error")} <= set(_rules(report))
    doc = report.document
    assert doc is not None and doc.ocr is not None and sorted(doc.ocr.pages) == [1]
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds.count("RawTable") == 1 and kinds.index("RawTable") == 2
    assert doc.blocks[3].text.startswith("五、存在的主要问题")  # type: ignore[union-attr]


def test_a_workbook_whose_only_content_is_a_blank_picture_says_so(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.drawing.image import Image as SheetImage
    from PIL import Image

    blank = tmp_path / "空白.png"
    Image.new("RGB", (800, 400), "white").save(blank)
    wb = openpyxl.Workbook()
    wb.active.add_image(SheetImage(str(blank)), "B2")
    path = tmp_path / "空白图.xlsx"
    wb.save(path)
    report = check_file(path)
    assert report.status == "unreadable"
    assert "工作表都是空的" in (report.error or "")


def test_a_page_whose_editor_stored_the_table_screenshot_inline(tmp_path: Path) -> None:
    """Site editors (UEditor and the like) keep a pasted screenshot as a base64 data: URI."""
    import base64
    import io

    picture = scan(t4_crop(), angle=-1.4, seed=3)
    buf = io.BytesIO()
    picture.save(buf, "JPEG", quality=80)
    inline = "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    page = ("<html><head><meta charset='utf-8'><title>淮安市洪泽区人民政府2023年政府信息公开工作年度报告</title></head><body>"
            "<p>淮安市洪泽区人民政府2023年政府信息公开工作年度报告</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
            f"<p><img src=\"{inline}\" style=\"width:600px\"></p>"
            "<p>五、存在的主要问题及改进情况</p><p>下一步，将切实抓好以下工作。</p></body></html>")
    path = tmp_path / "内嵌图片.html"
    path.write_text(page, encoding="utf-8")
    report = check_file(path)
    assert report.to_json()["tables"]["t4"] == T4 and report.ocr


def test_a_web_archive_whose_table_is_a_picture_inside_it(tmp_path: Path) -> None:
    """"网页，单个文件" (MHTML): the picture of table 四 is a part of the archive, named by
    its web address; it is read from the archive with sockets blocked."""
    import io

    from tests.test_html_pictures import _mhtml

    buf = io.BytesIO()
    scan(t4_crop(), angle=-1.4, seed=3).save(buf, "PNG")
    location = "http://www.hongze.gov.cn/art/2024/1/images/t4.png"
    path = tmp_path / "年报.mht"
    path.write_bytes(_mhtml(buf.getvalue(), location, location))
    with pytest.MonkeyPatch.context() as mp:
        attempts = block_sockets(mp)
        report = check_file(path)
    assert attempts == []
    assert report.to_json()["tables"]["t4"] == T4 and report.ocr, report.error
