"""Not a report, in every format: a notice, a cover letter (报送函), a 公文 or an invoice is
"不是政府信息公开工作年度报告" — its own status, no findings, no letter, no place in the counts
— and no real report in the corpus is ever taken for one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.check import check_file
from tests.not_reports import DOCUMENTS, KINDS, WRITERS

DATA = Path(__file__).parent / "data"
FIXTURES = Path(__file__).parent / "fixtures"


def _assert_not_report(path: Path, kind: str | None = None) -> None:
    report = check_file(path)
    assert report.status == "not_report", (path.name, report.status, report.error, [f.rule for f in report.findings])
    assert report.findings == [] and report.extraction is None
    assert "不是政府信息公开工作年度报告" in (report.error or "")
    if kind:
        assert f"这是一份{kind}" in (report.error or "")
    line = report.to_json()
    assert line["status"] == "not_report" and line["tables"] == {} and line["findings"] == []
    json.dumps(line, ensure_ascii=False)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_notices_and_cover_letters_are_not_reports(tmp_path: Path, name: str, fmt: str) -> None:
    path = WRITERS[fmt](tmp_path / f"{name}.{fmt}", DOCUMENTS[name])
    _assert_not_report(path, KINDS[name])


@pytest.mark.parametrize("name,kind", [("notice.doc", "通知"), ("cover_letter.doc", "报送函"), ("cover_letter.wps", "报送函"),
                                       ("notice.xls", "通知"), ("cover_letter.et", "报送函")])
def test_old_binary_notices_and_cover_letters(name: str, kind: str) -> None:
    _assert_not_report(DATA / "office-binary" / name, kind)


def _real_reports() -> list[Path]:
    out = []
    for folder in ("seeds", "real-pdf", "real-text", "office-binary"):
        out += [p for p in sorted((DATA / folder).iterdir())
                if p.suffix != ".md" and not p.name.startswith(("notice", "cover_letter"))]
    out += sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".md")
    return out


@pytest.mark.parametrize("path", _real_reports(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_real_report_is_refused(path: Path) -> None:
    report = check_file(path)
    assert report.status in ("ok", "findings"), (report.status, report.error)


def test_a_report_whose_tables_are_missing_is_still_a_report(tmp_path: Path) -> None:
    """Title and headings, no tables: a report with errors, not "not a report"."""
    text = "\n".join([
        "某县农业农村局2023年政府信息公开工作年度报告",
        "一、总体情况", "2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "二、主动公开政府信息情况", "（表格略）",
        "三、收到和处理政府信息公开申请情况", "（表格略）",
        "四、政府信息公开行政复议、行政诉讼情况", "（表格略）",
        "五、存在的主要问题及改进情况", "公开内容还不够丰富。",
        "六、其他需要报告的事项", "无。",
    ])
    path = tmp_path / "缺表格的年报.txt"
    path.write_text(text, encoding="utf-8")
    report = check_file(path)
    assert report.status == "findings"
    assert "S-TABLES" in {f.rule for f in report.findings}
    # A report title alone (no headings, no tables) is still a report.
    path.write_text("某县农业农村局2023年政府信息公开工作年度报告\n本年度工作正常开展。\n", encoding="utf-8")
    assert check_file(path).status == "findings"


def test_a_report_with_its_cover_letter_as_page_one_is_a_report() -> None:
    """The cover letter on top, the report after it (as clerks scan them): the report wins."""
    report_text = (DATA / "seeds").glob("*.txt")
    first = sorted(report_text)[0].read_text(encoding="utf-8")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "报送函和年报.txt"
        path.write_text("\n".join(DOCUMENTS["报送函"]) + "\n\n" + first, encoding="utf-8")
        assert check_file(path).status in ("ok", "findings")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["通知", "报送函"])
def test_a_scanned_notice_or_cover_letter_is_not_a_report(tmp_path: Path, name: str) -> None:
    """The same documents photographed or scanned (an image file, read by OCR)."""
    from tests.not_reports import write_pdf
    from tests.ocr_scan import render_pages, scan

    page = render_pages(write_pdf(tmp_path / f"{name}.pdf", DOCUMENTS[name]), dpi=200)[0]
    image = tmp_path / f"{name}.jpg"
    scan(page, angle=0.8, seed=3, stamp=False).save(image, quality=85)
    _assert_not_report(image, KINDS[name])
