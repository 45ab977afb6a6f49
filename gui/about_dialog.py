"""关于 / 帮助: what the checker checks, and what it does not."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from gui.settings import DISPLAY_NAME


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于{name}").format(name=DISPLAY_NAME))
        self.resize(620, 560)
        text = QTextBrowser()
        text.setOpenExternalLinks(False)
        text.setHtml(self.body())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)

    def body(self) -> str:
        checks = [
            self.tr("表二、表三、表四是否齐全，是否按 2019 年（试行）或 2021 年统一格式填报，格式与报告年度是否相符"),
            self.tr("表三的勾稽关系：本年新收 + 上年结转 = 办理结果总计 + 结转下年度；（七）总计等于各项办理结果之和；每行总计等于各类申请人之和"),
            self.tr("表四：行政复议、未经复议直接起诉、复议后起诉各自的总计等于结果维持、结果纠正、其他结果、尚未审结之和"),
            self.tr("数值是否为非负整数（收费金额可有小数，2019 版“本年增/减”可为负数），空白、“—”“/”“无”按 0 计并提示"),
            self.tr("表二的合理性：现行有效件数与本年制发件数、收费金额的单位（万元）等"),
            self.tr("报告的结构与基本信息：六个部分是否齐全、顺序是否正确，标题年度、统计期限、落款机关是否一致"),
            self.tr("正文中的数字与表格是否一致（如“共收到申请 N 件”与表三本年新收）"),
            self.tr("与同一单位上一年度报告对比（批量检查时自动配对，或“文件 → 对比上年报告”）：本年“上年结转”是否等于上年"
                    "“结转下年度继续办理”，现行有效件数是否等于上年现行有效加本年制发减本年废止，正文是否与上年雷同"),
        ]
        reads = [
            self.tr("PDF、Word（.docx）、Excel（.xlsx）、网页（.html）和文本（.txt）：直接读出文字和表格"),
            self.tr("扫描件和图片（没有文字层的 PDF，JPG、PNG、TIFF 等）：在本机离线识别文字，不上传任何内容；"
                    "识别不确定的格以橙色底标出并列为警告，鼠标停在格上可看原件上这一格的图像，对照后直接输入原件上的数"),
            self.tr("旧格式（.doc、.wps、.xls、.et）请先用 Word 或 WPS 另存为 .docx 或 .xlsx"),
        ]
        not_checked = [
            self.tr("文字写得好不好：措辞、详略、工作亮点与问题分析的质量"),
            self.tr("数字是否真实：只核对数字之间是否自洽，无法核实与实际办理情况是否相符"),
            self.tr("报告是否按时发布、是否在规定位置公开"),
        ]
        usage = [
            self.tr("把文件拖进窗口，或用“文件 → 打开”；有问题的单元格按严重程度着色，红框“!”标出最可能出错的一格"),
            self.tr("双击单元格修改数值，检查立即重新运行；右键或“采用建议值”按钮可填入能使勾稽关系成立的数值；"
                    "核对后无需修改的问题可标为“已核实，无需修改”并写明理由"),
            self.tr("Ctrl+Z 撤销、Ctrl+Y 重做；修改会自动暂存，程序意外退出后再次打开同一文件可恢复"),
            self.tr("导出（“文件”菜单），原始文件都不会被改动："
                    "Word 报告可导出“修正后的 Word”——在原文件的副本中以修订方式改正数字并附批注，可在 Word 中逐条接受；"
                    "Excel 报告可导出改正后的原表格；其他格式可把三张表按官方格式导出为 Word；"
                    "“导出修正后的 Excel”保存修改后的表格和检查结果"),
            self.tr("“导出审核意见 (Word)”把问题写成一份审核意见，发回报送单位整改；"
                    "“导出检查报告 (PDF)”或“打印检查报告”给领导审核签字"),
            self.tr("批量检查：一次拖入多个文件或整个文件夹，每个文件一行结论，可排序、筛选、取消；双击一行查看详情，"
                    "“返回批量结果”回到列表；“导出汇总表”把全部结论写入一个 Excel 或 CSV 文件，"
                    "“导出审核意见到文件夹”为每份报告各写一份审核意见"),
        ]

        def items(lines: list[str]) -> str:
            return "".join(f"<li>{line}</li>" for line in lines)

        return (
            f"<h2>{DISPLAY_NAME}</h2>"
            f"<p>{self.tr('检查政府信息公开工作年度报告的表格与格式，帮助改正后交回原文件。')}</p>"
            f"<h3>{self.tr('能读什么')}</h3><ul>{items(reads)}</ul>"
            f"<h3>{self.tr('检查什么')}</h3><ul>{items(checks)}</ul>"
            f"<h3>{self.tr('不检查什么')}</h3><ul>{items(not_checked)}</ul>"
            f"<h3>{self.tr('怎么用')}</h3><ul>{items(usage)}</ul>"
        )
