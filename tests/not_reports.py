"""Documents that sit beside the annual reports in a supervisor's folder and are not reports:
the notice that asked for the reports, a cover letter (报送函) one came with, a meeting
notice. Written like the real ones (the notice and the letter name the annual report, the
template's sections and 主动公开/依申请公开 — the hard case), in every format the checker
reads: TXT, HTML, DOCX, XLSX, PDF here; .doc/.xls made from these by LibreOffice are in
tests/data/office-binary/, OFD by tests/ofd_writer.py."""

from __future__ import annotations

from pathlib import Path

NOTICE = [
    "某县人民政府办公室",
    "关于做好2023年度政府信息公开工作年度报告编制发布工作的通知",
    "各乡镇人民政府，县政府各部门：",
    "根据《中华人民共和国政府信息公开条例》第四十九条、第五十条规定，为做好2023年度政府信息公开工作年度报告"
    "（以下简称年度报告）编制发布工作，现将有关事项通知如下。",
    "一、严格按照格式编制。各单位要严格执行《中华人民共和国政府信息公开工作年度报告格式》，"
    "全面反映主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况，"
    "确保表格数据准确、勾稽关系正确。",
    "二、认真核对数据。依申请公开的办理数据要与台账一致，本年新收、上年结转、办理结果和结转下年度继续办理"
    "的数量要相互衔接。",
    "三、按时发布报送。各单位于2024年1月31日前在本单位门户网站政府信息公开专栏发布年度报告，"
    "并将电子版报送县政务公开办。",
    "联系人：王某某，电话：0000-1234567。",
    "某县人民政府办公室",
    "2024年1月5日",
]

COVER_LETTER = [
    "某县农业农村局",
    "关于报送某县农业农村局2023年政府信息公开工作年度报告的函",
    "县政务公开办：",
    "根据《中华人民共和国政府信息公开条例》和县政府办公室《关于做好2023年度政府信息公开工作年度报告编制发布工作的通知》"
    "要求，我局编制了《某县农业农村局2023年政府信息公开工作年度报告》，已于2024年1月20日在局门户网站发布，"
    "现将电子版报送你办，请审核。",
    "附件：某县农业农村局2023年政府信息公开工作年度报告",
    "某县农业农村局",
    "2024年1月22日",
]

MEETING = [
    "关于召开2024年全县政务公开工作推进会的通知",
    "各乡镇人民政府，县政府各部门：",
    "经研究，定于2024年3月12日上午9:00在县政府三楼会议室召开全县政务公开工作推进会，请各单位分管负责同志参加。"
    "会议将通报2023年度政府信息公开工作年度报告发布情况。",
    "请于3月10日前将参会回执报县政务公开办。",
    "某县政务公开办",
    "2024年3月6日",
]

DOCUMENTS = {"通知": NOTICE, "报送函": COVER_LETTER, "会议通知": MEETING}
# What each is called in the refusal ("这是一份{kind}…").
KINDS = {"通知": "通知", "报送函": "报送函", "会议通知": "通知"}


def write_txt(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_html(path: Path, lines: list[str]) -> Path:
    body = "".join(f"<p>{line}</p>" for line in lines)
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{lines[1]}</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    return path


def write_docx(path: Path, lines: list[str]) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_xlsx(path: Path, lines: list[str]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for row, line in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=line)
    workbook.save(str(path))
    return path


def write_pdf(path: Path, lines: list[str]) -> Path:
    from reportlab.pdfgen import canvas

    from tests.render_pdf import FONT, LEFT, PAGE_H, PAGE_W, RIGHT, TOP, _font, wrap

    _font()
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    y = TOP
    for line in lines:
        for piece in wrap(line, RIGHT - LEFT, 12.0):
            pdf.setFont(FONT, 12.0)
            pdf.drawString(LEFT, PAGE_H - y, piece)
            y += 20.0
    pdf.save()
    return path


WRITERS = {"txt": write_txt, "html": write_html, "docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}
