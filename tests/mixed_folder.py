"""A folder of 30 files as a supervisor's desk has them: reports in every format (old .doc,
.wps and .et among them, an OFD), the notice and the cover letters beside them, a 公文 and an
invoice, a damaged PDF and a zip, an Office lock file, a Thumbs.db and last time's summary.
``build_mixed_folder`` writes it and returns the status each file must get."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.not_reports import DOCUMENTS, write_html, write_pdf, write_txt
from tests.ofd_writer import pdf_to_ofd

TESTS = Path(__file__).parent
DATA = TESTS / "data"
FIXTURES = TESTS / "fixtures"

MIXED_FILES = 30


def build_mixed_folder(root: Path) -> tuple[Path, dict[str, str]]:
    """(the folder, expected status by file name)."""
    folder = root / "收到的材料"
    folder.mkdir()
    expect: dict[str, str] = {}

    def copy(src: Path, name: str, status: str, sub: str = "") -> None:
        target = folder / sub / name
        target.parent.mkdir(exist_ok=True)
        shutil.copy2(src, target)
        expect[name] = status

    reports = "findings_or_ok"
    # 17 reports: every format the checker reads, the old binaries and an OFD among them.
    for p in sorted((DATA / "seeds").glob("*.txt"))[:3]:
        copy(p, p.name, reports)
    copy(DATA / "real-pdf" / "hongze-2023.pdf", "洪泽区2023年报.pdf", reports)
    copy(FIXTURES / "docx" / "report_2019.docx", "农业农村局2020.docx", reports)
    copy(FIXTURES / "xlsx" / "report_2021_text_numbers.xlsx", "科技局.xlsx", reports)
    copy(FIXTURES / "html" / "report_2021_gbk.html", "网页版.html", reports)
    copy(DATA / "office-binary" / "report_2019.doc", "旧版年报.doc", reports)
    copy(DATA / "office-binary" / "report_2021_nested.wps", "WPS年报.wps", reports, "乡镇")
    copy(DATA / "office-binary" / "report_2019.xls", "旧版表格.xls", reports, "乡镇")
    copy(DATA / "office-binary" / "report_2021_text_numbers.et", "WPS表格.et", reports, "乡镇")
    copy(DATA / "office-binary" / "report_2019_ooxml.wps", "新版WPS.wps", reports)
    copy(DATA / "office-binary" / "report_2019_ooxml.et", "新版WPS表格.et", reports)
    copy(DATA / "real-text" / "001.txt", "抓取的年报.txt", reports)
    copy(DATA / "real-text" / "002.txt", "抓取的年报2.txt", reports)
    copy(FIXTURES / "pdf" / "report_2021_nested.pdf", "县统计局.pdf", reports)
    pdf_to_ofd(FIXTURES / "pdf" / "report_2019.pdf", folder / "电子公文系统导出.ofd")
    expect["电子公文系统导出.ofd"] = reports
    # 8 that are not reports, in five formats.
    write_txt(folder / "关于报送年报的函.txt", DOCUMENTS["报送函"])
    write_pdf(folder / "编制发布工作的通知.pdf", DOCUMENTS["通知"])
    write_html(folder / "推进会通知.html", DOCUMENTS["会议通知"])
    for name in ("关于报送年报的函.txt", "编制发布工作的通知.pdf", "推进会通知.html"):
        expect[name] = "not_report"
    copy(DATA / "office-binary" / "notice.doc", "通知.doc", "not_report")
    copy(DATA / "office-binary" / "cover_letter.et", "报送函.et", "not_report")
    copy(DATA / "real-ofd" / "n.ofd", "卫生局批复.ofd", "not_report")
    copy(DATA / "real-ofd" / "signout.ofd", "文件处理单.ofd", "not_report")
    copy(DATA / "real-ofd" / "999.ofd", "发票.ofd", "not_report")
    # 2 refused with a reason.
    (folder / "损坏的报告.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj garbage")
    expect["损坏的报告.pdf"] = "unreadable"
    import zipfile

    with zipfile.ZipFile(folder / "附件打包.zip", "w") as z:
        z.writestr("说明.txt", "附件")
    expect["附件打包.zip"] = "unreadable"
    # 3 skipped on purpose.
    (folder / "~$旧版年报.doc").write_bytes(b"\x0bclerk" + b"\x00" * 150)
    expect["~$旧版年报.doc"] = "skipped"
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    expect["Thumbs.db"] = "skipped"
    from core.export.summary import write_summary

    write_summary([], str(folder / "上次的汇总.xlsx"))
    expect["上次的汇总.xlsx"] = "skipped"
    assert len(expect) == MIXED_FILES
    return folder, expect
