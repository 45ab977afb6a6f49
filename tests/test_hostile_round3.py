"""Red team, round three (issue 26): the surfaces the last round added — write-back into the
clerk's own files, letters and summaries, the window's state files, hybrid scans and
pictures. Each test failed on the code before its fix."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from core.check import check_file
from core.export.docx_writeback import SKIP_CHANGED, write_corrected_docx
from core.export.files import ExportError
from core.export.xlsx_writeback import write_corrected_xlsx
from tests import hostile3
from tests.render import consistent_tables, render_docx

FIXTURES = Path(__file__).parent / "fixtures"
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


# ---------------------------------------------------------------------------------------
# Write-back


def test_correcting_the_master_of_a_shared_formula_keeps_the_followers(tmp_path: Path) -> None:
    """J36:J58 (总计 of every 表三 row) is one formula filled down: J36 holds it, the other
    22 cells only the group's id. Correcting J36 must leave each of them a formula that sums
    its own row, and change no other cell."""
    source = hostile3.shared_formula_xlsx(tmp_path / "共享公式.xlsx")
    report = check_file(str(source))
    assert report.extraction is not None
    total = [c.key for c in report.extraction.spec("t3").row("new").columns].index("total")
    edited = report.extraction.with_value("t3", "new", total, 1383)
    target = tmp_path / "修正后.xlsx"
    result = write_corrected_xlsx(report, target, edited)
    assert len(result.written) == 1
    before, after = (hostile3.sheet_cells(_part(p, "xl/worksheets/sheet1.xml")) for p in (source, target))
    changed = {ref for ref in before if before[ref] != after.get(ref)}
    assert changed == {"J36"}, changed
    for row in range(37, 59):
        assert after.get(f"J{row}", (None, None))[0] == f"SUM(D{row}:I{row})", row
    assert after["J36"][0] is None and after["J36"][1] == "1383"


def test_a_cell_retyped_after_the_check_is_not_overwritten(tmp_path: Path) -> None:
    """64 read at the check, 164 in the file at export: '64' is inside '164', but the cell
    no longer reads what was checked."""
    tables = consistent_tables(7)
    tables["t3"]["granted"][-1] += 5
    source = render_docx(tmp_path / "报告.docx", "某区交通运输局", 2023, tables)
    report = check_file(str(source))
    finding = next(f for f in report.findings if f.rule == "T3-ROW")
    assert report.extraction is not None and finding.fix is not None
    printed = str(tables["t3"]["granted"][-1])
    hostile3.retype_docx_cell(source, printed, "1" + printed)
    index = [c.key for c in report.extraction.spec("t3").row("granted").columns].index("total")
    edited = report.extraction.with_value("t3", "granted", index, finding.fix)
    with pytest.raises(ExportError) as err:
        write_corrected_docx(report, tmp_path / "修正后.docx", edited)
    assert err.value.message.startswith(SKIP_CHANGED)
    assert str(docx.Document(str(source)).tables).count  # the source is still a Word file


def test_a_docm_source_gives_a_real_docx(tmp_path: Path) -> None:
    """A macro-enabled document: the .docx written from it carries no macro part, no
    relationship to one and no macro-enabled content type (Word refuses such a .docx)."""
    tables = consistent_tables(7)
    tables["t3"]["granted"][-1] += 5
    plain = render_docx(tmp_path / "普通.docx", "某区交通运输局", 2023, tables)
    source = hostile3.docm_from(plain, tmp_path / "宏.docm")
    report = check_file(str(source))
    assert report.extraction is not None
    finding = next(f for f in report.findings if f.rule == "T3-ROW")
    index = [c.key for c in report.extraction.spec("t3").row("granted").columns].index("total")
    target = tmp_path / "修正后.docx"
    write_corrected_docx(report, target, report.extraction.with_value("t3", "granted", index, finding.fix))
    with zipfile.ZipFile(target) as z:
        names = z.namelist()
        blob = b"".join(z.read(n) for n in names if n.endswith((".xml", ".rels")))
    assert not [n for n in names if "vba" in n.lower() or n.endswith(".bin")], names
    assert b"macroEnabled" not in blob and b"vbaProject" not in blob and b"vbaData" not in blob
    types = etree.fromstring(_part(target, "[Content_Types].xml"))
    main = next(o for o in types if o.get("PartName") == "/word/document.xml")
    assert main.get("ContentType") == "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    again = check_file(str(target))
    assert again.status != "unreadable" and not [f for f in again.findings if f.rule == "T3-ROW"]


def test_a_strict_open_xml_docx_is_read(tmp_path: Path) -> None:
    """ISO 29500 Strict (Word: "Strict Open XML 文档"): the same markup in other namespaces."""
    tables = consistent_tables(11)
    plain = render_docx(tmp_path / "普通.docx", "某区交通运输局", 2023, tables)
    strict = hostile3.strict_from(plain, tmp_path / "严格.docx")
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in _part(strict, "word/document.xml")
    report = check_file(str(strict))
    assert report.status != "unreadable", report.error
    want = check_file(str(plain))
    assert report.extraction is not None and want.extraction is not None
    for key, table in want.extraction.tables.items():
        for row, cells in table.rows.items():
            assert [c.value for c in report.extraction.tables[key].rows[row]] == [c.value for c in cells], (key, row)
    assert [f.rule for f in report.findings] == [f.rule for f in want.findings]
    # Writing revisions into it is refused with the way out, not "没有正文".
    edited = report.extraction.with_value("t3", "new", 0, 1)
    with pytest.raises(ExportError) as err:
        write_corrected_docx(report, tmp_path / "修正后.docx", edited)
    assert "Strict" in err.value.message and "另存为" in err.value.message


# ---------------------------------------------------------------------------------------
# Letters and summaries


def test_letters_for_a_batch_with_a_gbk_file_name(tmp_path: Path) -> None:
    """A file name in GBK bytes: every letter is written. Letters name the report by its own
    title, never by the reviewer's file name (issue 27), so neither the name nor a mangled
    form of it appears."""
    import os

    from core.export.review_letter import write_review_letters
    from tests.hostile2 import GBK_NAME, SAMPLE

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    gbk = os.fsdecode(os.fsencode(str(inbox)) + b"/" + GBK_NAME)
    shutil.copy(SAMPLE, gbk)
    for name in ("a.txt", "z.txt"):
        shutil.copy(SAMPLE, inbox / name)
    reports = [check_file(str(inbox / "a.txt")), check_file(gbk), check_file(str(inbox / "z.txt"))]
    out = tmp_path / "letters"
    out.mkdir()
    paths = write_review_letters(reports, out)
    assert len(paths) == 3 and all(p.exists() for p in paths)
    texts = ["\n".join(p.text for p in docx.Document(str(path)).paragraphs) for path in paths]
    assert not any("年度报告.txt" in t or "\ufffd" in t or any("\udc80" <= ch <= "\udcff" for ch in t) for t in texts)
    assert all("示例市自然资源和规划局" in t for t in texts)


def test_one_letter_that_fails_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.export import review_letter
    from tests.hostile2 import SAMPLE

    names = ["a.txt", "b.txt", "c.txt"]
    for name in names:
        shutil.copy(SAMPLE, tmp_path / name)
    reports = [check_file(str(tmp_path / n)) for n in names]
    real = review_letter.build_letter

    def broken(report, **kw):  # type: ignore[no-untyped-def]
        if report.file.endswith("a.txt"):
            raise RuntimeError("a bug of ours")
        return real(report, **kw)

    monkeypatch.setattr(review_letter, "build_letter", broken)
    out = tmp_path / "letters"
    out.mkdir()
    with pytest.raises(ExportError) as err:
        review_letter.write_review_letters(reports, out)
    assert len(list(out.glob("*.docx"))) == 2
    assert "已写出 2 份" in err.value.message and "a.txt" in err.value.message and "内部错误" in err.value.message


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_summary_cells_are_never_formulas(tmp_path: Path, lead: str) -> None:
    """OWASP CSV injection: an agency name (printed in the report) or a file name that
    starts with a formula character is written as text."""
    import csv

    from core.export.summary import inert, write_summary
    from tests.hostile2 import SAMPLE

    assert inert(lead + "1+1") == "'" + lead + "1+1" and inert(3) == 3 and inert("示例") == "示例"

    text = SAMPLE.read_text(encoding="utf-8").replace("示例市自然资源和规划局", lead + "1+1示例市自然资源和规划局", 1)
    src = tmp_path / (("@" if lead in "\t\r" else lead) + "报告.txt")
    src.write_text(text, encoding="utf-8")
    report = check_file(str(src))
    target = tmp_path / "汇总.csv"
    write_summary([report], str(target))
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))], cells[:4]
    if lead not in "\t\r":  # the reader strips those off the agency name
        assert "'" + lead + "1+1示例市自然资源和规划局" in cells


# ---------------------------------------------------------------------------------------
# Ctrl+C


def test_ctrl_c_after_every_result_and_the_summary_exits_130(tmp_path: Path) -> None:
    """Round two, still open: the interrupt lands while the process winds down, after the
    results and the summary were written — exit 130 and no traceback, not death by SIGINT."""
    import signal
    import subprocess
    import sys

    from tests.hostile2 import SAMPLE
    from tests.shared_data import REPO
    from tests.test_hostile_round2 import _wait_for

    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(3):
        shutil.copy(SAMPLE, folder / f"{i + 1:02d}.txt")
    summary = tmp_path / "汇总.csv"
    proc = subprocess.Popen([sys.executable, "-m", "tests.hostile3", "linger", "check", "--json", "--workers", "1",
                             "--summary", str(summary), str(folder)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(proc, "收尾中")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode("utf-8", "replace")[-2000:]
    assert len(out.decode("utf-8").splitlines()) == 3 and summary.exists()
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "已中断：结果已完整输出" in text


# ---------------------------------------------------------------------------------------
# Pictures (OCR): hongze-2023's table 四, wrong as published (行政复议 10 + 1 but 总计 0;
# 复议后起诉 5 but 总计 0) — both errors must survive, and nothing read must be invented.

T4 = {"review": [10, 1, 0, 0, 0], "litigation_direct": [0, 0, 0, 0, 0], "litigation_after_review": [5, 0, 0, 0, 0]}


@pytest.fixture(scope="module")
def t4_picture():  # type: ignore[no-untyped-def]
    from tests.ocr_scan import scan, t4_crop

    return scan(t4_crop(), angle=-1.4, seed=3, stamp=False)


def _t4_errors(report) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(f.rule for f in report.findings if f.severity == "error")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["palette_transparent", "grey16", "ink_on_transparent"])
def test_pictures_with_alpha_or_sixteen_bits_read_as_on_paper(t4_picture, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    build = {"palette_transparent": hostile3.palette_transparent_png, "grey16": hostile3.grey16_png,
             "ink_on_transparent": hostile3.ink_on_transparent_png}[kind]
    report = check_file(build(t4_picture, tmp_path / "表四.png"))
    assert report.status == "findings", report.error
    assert report.to_json()["tables"].get("t4") == T4
    assert _t4_errors(report) == ["T4-AFT", "T4-REV"]


@pytest.mark.slow
def test_a_row_printed_in_red_is_read(t4_picture, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Coloured ink is ink: the data row printed red reads as printed, with its two errors
    and no V-NUMERIC "印有…" invented from what was left of it."""
    path = tmp_path / "表四红色.png"
    hostile3.red_row(t4_picture, 0.78, 1.0).save(path)
    report = check_file(path)
    assert report.to_json()["tables"].get("t4") == T4
    assert _t4_errors(report) == ["T4-AFT", "T4-REV"]


@pytest.mark.slow
@pytest.mark.heavy
def test_a_table_picture_after_twelve_photos_is_read(t4_picture, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Twelve event photos, then the pasted table 四: the table is read (a count of pictures
    is no limit; pixels and time are), and its real errors are found."""
    captions = [f"图{k + 1}：信息公开工作现场" for k in range(12)] + ["四、政府信息公开行政复议、行政诉讼情况"]
    path = hostile3.docx_with_pictures(tmp_path / "带照片.docx", [hostile3.photo(k) for k in range(12)] + [t4_picture], captions)
    report = check_file(path)
    assert report.to_json()["tables"].get("t4") == T4
    assert {"T4-AFT", "T4-REV"} <= set(_t4_errors(report))


# ---------------------------------------------------------------------------------------
# Hybrid scans (OCR): hongze-2023, its table pages (2–4) or every page scanned


def _tables_equal(scan, text, errors: list[str] | None = None) -> None:  # type: ignore[no-untyped-def]
    assert scan.status != "unreadable", scan.error
    assert scan.to_json()["tables"] == text.to_json()["tables"]
    found = lambda r: sorted(f.rule for f in r.findings if f.severity == "error" and f.rule.startswith(("T3", "T4")))  # noqa: E731
    assert found(scan) == found(text) == (["T4-AFT", "T4-REV"] if errors is None else errors)


@pytest.fixture(scope="module")
def hongze_text():  # type: ignore[no-untyped-def]
    from tests.shared_data import REAL_PDF

    return check_file(REAL_PDF / "hongze-2023.pdf")


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_scanned_table_pages_stamped_with_a_text_page_number_are_read(tmp_path: Path, hongze_text) -> None:  # type: ignore[no-untyped-def]
    """The page number "- n -" is real text on each scanned page: the page is still a
    picture of a page (an image covers it, the text layer accounts for none of its table)."""
    from tests.ocr_scan import mixed_pdf
    from tests.shared_data import REAL_PDF

    scanned = mixed_pdf(REAL_PDF / "hongze-2023.pdf", tmp_path / "扫描.pdf", [2, 3, 4])
    _tables_equal(check_file(hostile3.with_page_numbers(scanned, tmp_path / "扫描加页码.pdf")), hongze_text)


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_a_fully_scanned_pdf_with_text_page_numbers_is_read(tmp_path: Path, hongze_text) -> None:  # type: ignore[no-untyped-def]
    from tests.ocr_scan import scanned_pdf
    from tests.shared_data import REAL_PDF

    scanned = scanned_pdf(REAL_PDF / "hongze-2023.pdf", tmp_path / "全扫描.pdf")
    report = check_file(hostile3.with_page_numbers(scanned, tmp_path / "全扫描加页码.pdf"))
    assert "没有文字层" not in (report.error or "")
    _tables_equal(report, hongze_text)


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_a_clean_scan_saved_as_one_multi_page_tiff_reads_as_the_pdf(tmp_path: Path) -> None:
    """huaian-2024's six pages, black and white at 300 dpi in one G4 TIFF: no placeholder
    for an unreadable mark becomes a printed value ("印有‘—×’"), no column of 表三 is lost
    (its header read "白然人" and every value slid one column left)."""
    from tests.shared_data import REAL_PDF

    src = REAL_PDF / "huaian-2024.pdf"
    report = check_file(hostile3.tiff_of_scan(src, tmp_path / "扫描.tif"))
    assert not [f for f in report.findings if f.rule == "V-NUMERIC" and f.severity == "error"]
    _tables_equal(report, check_file(src), [])


# ---------------------------------------------------------------------------------------
# Budgets: pixels counted before anything is decoded or rendered; a whole check under 1 GB
# (peak resident memory of a child process; its address space capped at 4 GB to keep a
# regression from taking the machine down).

GB = 1024


def _told(result: dict, *words: str) -> str:  # type: ignore[type-arg]
    text = (result.get("error") or "") + "\n".join(result.get("notes") or [])
    assert all(w in text for w in words), result
    return text


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_a_small_tiff_of_41_huge_frames(tmp_path: Path) -> None:
    path = hostile3.huge_frames_tiff(tmp_path / "41页.tif")
    assert path.stat().st_size < 400_000
    result = hostile3.peak_check(path)
    assert result["peak_mb"] < GB, result
    _told(result, "起未读")
    assert "已损坏" not in (result["error"] or "")


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_a_word_file_with_one_200_frame_tiff(tmp_path: Path) -> None:
    import io

    from PIL import Image

    page = Image.new("1", (6000, 6000), 1)
    buf = io.BytesIO()
    page.save(buf, format="TIFF", save_all=True, append_images=[page] * 199, compression="group4")
    path = hostile3.docx_with_pictures(tmp_path / "多帧.docx", [buf.getvalue()])
    result = hostile3.peak_check(path)
    assert result["peak_mb"] < GB, result


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_700_byte_pdf_with_a_200_inch_page(tmp_path: Path) -> None:
    path = hostile3.huge_page_pdf(tmp_path / "巨页.pdf")
    assert path.stat().st_size < 1000
    result = hostile3.peak_check(path)
    assert result["peak_mb"] < GB, result
    _told(result, "第 1 页起未读", "像素")  # not "文件内容过大" after a failed 4.8 GB allocation


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_forty_pages_of_seventy_inches(tmp_path: Path) -> None:
    path = hostile3.huge_page_pdf(tmp_path / "40巨页.pdf", inches=70, pages=40)
    result = hostile3.peak_check(path)
    assert result["peak_mb"] < GB, result
    _told(result, "起未读")


def test_pictures_past_the_budget_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the pixel budget stops the reading, the document says which pictures were not
    read (a reading warning), instead of leaving them out in silence."""
    from core.producers.ocr import pictures
    from core.readers import read_document

    monkeypatch.setattr(pictures, "MAX_PICTURE_PIXELS", 1000)
    path = hostile3.docx_with_pictures(tmp_path / "照片.docx", [hostile3.photo(k, (800, 600)) for k in range(3)])
    doc = read_document(path)
    note = next(n for n in doc.notes if "张图片未识别" in n)
    assert "第 1、2、3 张图片未识别" in note and "像素" in note
    report = check_file(path)
    assert any(f.rule == "X-READ" and "张图片未识别" in f.message for f in report.findings)
