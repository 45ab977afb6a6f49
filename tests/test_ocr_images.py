"""Pictures of a report read by OCR (issue 11): image files, a multi-page TIFF, a set of
images as one report, a page upside down, a digit blotted out, a seal over the table.

The pictures are cut at test time from hongze-2023.pdf's table 四, which is wrong as
published (行政复议 10 + 1 but 总计 0; 复议后起诉 5 but 总计 0): both errors must survive the
scan, and a misread must never become one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from core.check import check_file
from core.readers.scan import read_images
from tests.ocr_scan import scan, t4_crop
from tests.shared_data import REPO

# OCR takes seconds a picture on a loaded machine.
pytestmark = pytest.mark.slow

T4 = {"review": [10, 1, 0, 0, 0], "litigation_direct": [0, 0, 0, 0, 0], "litigation_after_review": [5, 0, 0, 0, 0]}


@pytest.fixture(scope="module")
def picture() -> Image.Image:
    return scan(t4_crop(), angle=-1.4, seed=3)


def _rules(report) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, list[str]] = {}
    for f in report.findings:
        out.setdefault(f.rule, []).append(f.severity)
    return out


def _t4(report) -> dict[str, list[object]]:  # type: ignore[no-untyped-def]
    return report.to_json()["tables"].get("t4", {})


def test_a_photographed_table_reads_cell_exact_and_keeps_its_real_errors(picture: Image.Image, tmp_path: Path) -> None:
    path = tmp_path / "表四.jpg"
    picture.save(path, "JPEG", quality=75)
    report = check_file(path)
    assert report.status == "findings", report.error
    assert _t4(report) == T4
    rules = _rules(report)
    assert rules.get("T4-REV") == ["error"] and rules.get("T4-AFT") == ["error"]
    assert "X-OCR" not in rules
    out = report.to_json()
    assert out["ocr"] is True and out["format"] == "image"
    cells = [c for row in report.extraction.tables["t4"].rows.values() for c in row]  # type: ignore[union-attr]
    assert all(c.ocr for c in cells)


def test_a_blotted_digit_is_a_reading_warning_not_an_arithmetic_error(picture: Image.Image, tmp_path: Path) -> None:
    img = picture.copy()
    # The "5" of 复议后起诉/结果维持 (its cell centre, from the crop's geometry), smudged.
    w, h = img.size
    x, y = int(w * 0.653) + 24, int(h * 0.905) - 6
    d = ImageDraw.Draw(img)
    d.ellipse((x - 12, y - 14, x + 12, y + 10), fill=(70, 70, 70))
    path = tmp_path / "污损.png"
    img.save(path)
    report = check_file(path)
    rules = _rules(report)
    assert rules.get("X-OCR") == ["warning"], rules
    xocr = next(f for f in report.findings if f.rule == "X-OCR")
    assert xocr.cells == [("t4", "litigation_after_review", "upheld")]
    assert "识别不确定，请对照原件" in xocr.message
    # The identity through the doubtful cell is not reported; the one elsewhere still is.
    assert "T4-AFT" not in rules
    assert rules.get("T4-REV") == ["error"]


def test_a_page_scanned_upside_down_is_turned(picture: Image.Image, tmp_path: Path) -> None:
    path = tmp_path / "倒置.png"
    picture.rotate(180).save(path)
    report = check_file(path)
    assert report.document is not None and report.document.ocr is not None
    assert report.document.ocr.pages[1].angle >= 179
    assert _t4(report) == T4


def test_a_multi_page_tiff_is_one_report(picture: Image.Image, tmp_path: Path) -> None:
    blank = Image.new("RGB", picture.size, "white")
    ImageDraw.Draw(blank).text((40, 40), "2023", fill="black")
    path = tmp_path / "扫描.tif"
    import io

    buf = io.BytesIO()  # through memory: Pillow's TIFF writer to a named file needs libtiff's fileno
    # Frames without the JPEG's info (its EXIF/DPI become TIFF tags Pillow's encoder chokes on).
    frames = [Image.frombytes("RGB", im.size, im.tobytes()) for im in (blank, picture)]
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:], compression="raw")
    path.write_bytes(buf.getvalue())
    report = check_file(path)
    assert report.document is not None and report.document.page_count == 2
    assert _t4(report) == T4
    assert all(c.loc.page == 2 for c in report.extraction.tables["t4"].rows["review"])  # type: ignore[union-attr]


def test_several_images_are_one_report_in_name_order(picture: Image.Image, tmp_path: Path) -> None:
    top, bottom = picture.crop((0, 0, picture.width, picture.height // 2)), picture
    (tmp_path / "页10.png").write_bytes(b"")
    top.save(tmp_path / "页2.png")
    bottom.save(tmp_path / "页10.png")
    doc = read_images([tmp_path / "页10.png", tmp_path / "页2.png"])
    assert doc.page_count == 2
    assert "页2.png、页10.png" in doc.notes[-1]
    assert doc.ocr is not None and sorted(doc.ocr.pages) == [1, 2]


def test_cli_reports_ocr_in_json_and_text_files_do_not_load_the_engine(picture: Image.Image, tmp_path: Path) -> None:
    path = tmp_path / "表四.png"
    picture.save(path)
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "check", "--json", str(path)], cwd=REPO,
                          capture_output=True, timeout=120)
    out = json.loads(done.stdout.decode("utf-8").splitlines()[0])
    assert out["ocr"] is True and out["tables"]["t4"] == T4
    # A text-layer file: no "ocr" key, and onnxruntime / OpenCV never imported.
    probe = ("import sys; from core.check import check_file; from tests.shared_data import REAL_PDF; "
             "r = check_file(REAL_PDF / 'hongze-2024.pdf'); "
             "print('ocr' in r.to_json(), any(m in sys.modules for m in ('onnxruntime', 'cv2', 'numpy')))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, timeout=120)
    assert done.stdout.decode().split() == ["False", "False"], done.stderr.decode()[-2000:]


def test_a_broken_image_gets_a_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / "坏图.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    report = check_file(path)
    assert report.status == "unreadable"
    assert "图片" in (report.error or "")


def test_a_word_file_with_its_table_pasted_as_a_picture(picture: Image.Image, tmp_path: Path) -> None:
    import docx
    from docx.shared import Cm

    shot = tmp_path / "截图.png"
    picture.save(shot)
    document = docx.Document()
    document.add_paragraph("淮安市洪泽区人民政府2023年政府信息公开工作年度报告")
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    document.add_picture(str(shot), width=Cm(16))
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph("下一步，将切实抓好以下工作。")
    path = tmp_path / "图片表格.docx"
    document.save(str(path))
    report = check_file(path)
    assert report.format == "docx" and report.ocr
    assert _t4(report) == T4
    rules = _rules(report)
    assert rules.get("T4-REV") == ["error"] and rules.get("T4-AFT") == ["error"]
    # The prose stays the Word text, in order around the picture's table.
    doc = report.document
    assert doc is not None
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds.index("RawTable") == 2 and "五、存在的主要问题" in doc.blocks[3].text  # type: ignore[union-attr]
