<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../gui/about_dialog.py" line="13"/>
        <source>关于{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="27"/>
        <source>表二、表三、表四是否齐全，是否按 2019 年（试行）或 2021 年统一格式填报，格式与报告年度是否相符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="28"/>
        <source>表三的勾稽关系：本年新收 + 上年结转 = 办理结果总计 + 结转下年度；（七）总计等于各项办理结果之和；每行总计等于各类申请人之和</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="29"/>
        <source>表四：行政复议、未经复议直接起诉、复议后起诉各自的总计等于结果维持、结果纠正、其他结果、尚未审结之和</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="30"/>
        <source>数值是否为非负整数（收费金额可有小数，2019 版“本年增/减”可为负数），空白、“—”“/”“无”按 0 计并提示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="31"/>
        <source>表二的合理性：现行有效件数与本年制发件数、收费金额的单位（万元）等</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="32"/>
        <source>报告的结构与基本信息：六个部分是否齐全、顺序是否正确，标题年度、统计期限、落款机关是否一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="33"/>
        <source>正文中的数字与表格是否一致（如“共收到申请 N 件”与表三本年新收）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="36"/>
        <source>文字写得好不好：措辞、详略、工作亮点与问题分析的质量</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="37"/>
        <source>数字是否真实：只核对数字之间是否自洽，无法核实与实际办理情况是否相符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="38"/>
        <source>扫描件、图片中的表格（没有文字层时无法读取）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="39"/>
        <source>报告是否按时发布、是否在规定位置公开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="42"/>
        <source>把文件拖进窗口，或用“文件 → 打开”；有问题的单元格按严重程度着色，红框“!”标出最可能出错的一格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="43"/>
        <source>双击单元格修改数值，检查立即重新运行；右键或“采用建议值”按钮可填入能使勾稽关系成立的数值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="44"/>
        <source>Ctrl+Z 撤销、Ctrl+Y 重做；修改会自动暂存，程序意外退出后再次打开同一文件可恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="45"/>
        <source>“导出修正后的 Excel”保存修改后的表格，原始文件不会被改动</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CellDelegate</name>
    <message>
        <location filename="../../gui/delegate.py" line="32"/>
        <source>空白</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cells</name>
    <message>
        <location filename="../../gui/cells.py" line="18"/>
        <source>表二</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/cells.py" line="19"/>
        <source>表三</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/cells.py" line="20"/>
        <source>表四</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/cells.py" line="21"/>
        <source>基本信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/cells.py" line="22"/>
        <source>正文</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/cells.py" line="103"/>
        <source>正文第{n}部分</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../gui/drop_zone.py" line="20"/>
        <source>把年度报告文件拖到这里</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/drop_zone.py" line="24"/>
        <source>支持 PDF、Word（.docx）、Excel（.xlsx）、网页（.html）和文本（.txt）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/drop_zone.py" line="32"/>
        <source>选择文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/drop_zone.py" line="44"/>
        <source>无法读取“{name}”：{message}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <location filename="../../gui/findings_model.py" line="25"/>
        <source>级别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="25"/>
        <source>规则</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="25"/>
        <source>表格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="25"/>
        <source>位置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="25"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="26"/>
        <source>应为</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="26"/>
        <source>实为</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="58"/>
        <source>建议值：{fix}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../gui/findings_panel.py" line="43"/>
        <source>采用建议值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_panel.py" line="46"/>
        <source>全部采用建议值</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GridView</name>
    <message>
        <location filename="../../gui/grid_view.py" line="117"/>
        <source>采用建议值（改为 {value}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/grid_view.py" line="120"/>
        <source>恢复原值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/grid_view.py" line="122"/>
        <source>编辑</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="94"/>
        <source>文件(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="95"/>
        <source>打开(&amp;O)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="99"/>
        <source>最近打开(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="102"/>
        <source>导出修正后的 Excel(&amp;E)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="107"/>
        <source>放弃全部修改(&amp;D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="112"/>
        <source>退出(&amp;X)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="117"/>
        <source>编辑(&amp;E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="118"/>
        <source>撤销</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="120"/>
        <source>重做</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="125"/>
        <location filename="../../gui/main_window.py" line="407"/>
        <source>全部采用建议值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="129"/>
        <source>帮助(&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="130"/>
        <source>关于与帮助(&amp;A)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="135"/>
        <source>工具栏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="146"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="170"/>
        <source>年度报告 ({patterns})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="170"/>
        <source>所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="171"/>
        <source>打开年度报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="194"/>
        <source>正在读取“{name}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="203"/>
        <source>已取消读取。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="221"/>
        <source>无法读取该文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="288"/>
        <source>一次只能打开一个文件，已打开第一个：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="302"/>
        <source>检查用时 {ms:.0f} 毫秒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="403"/>
        <source>没有可采用的建议值。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="422"/>
        <source>全部采用建议值（{n} 处）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="430"/>
        <source>恢复原值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="435"/>
        <location filename="../../gui/main_window.py" line="440"/>
        <source>放弃全部修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="435"/>
        <source>放弃对本文件的全部修改，恢复为原文数值？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="459"/>
        <source>恢复未导出的修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="460"/>
        <source>上次关闭前对该文件有 {n} 处修改尚未导出（程序可能意外退出）。是否恢复这些修改？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="472"/>
        <source>恢复未导出的修改（{n} 处）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="492"/>
        <source>无法导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="493"/>
        <source>此版本尚未包含 Excel 导出功能，暂时无法导出修正后的表格；修改已自动暂存，不会丢失。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="498"/>
        <source>导出修正后的 Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="499"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="506"/>
        <location filename="../../gui/main_window.py" line="511"/>
        <location filename="../../gui/main_window.py" line="514"/>
        <source>导出失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="506"/>
        <source>不能覆盖原始报告文件；请另选一个文件名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="515"/>
        <source>无法写入该位置（文件可能正被 Excel 打开，或没有写入权限）；请关闭该文件或另选位置。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="521"/>
        <source>已导出：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="530"/>
        <source>修改尚未导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="531"/>
        <source>“{name}”有 {n} 处修改尚未导出。是否导出修正后的 Excel？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="565"/>
        <source>清空列表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="570"/>
        <source>文件不存在</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="570"/>
        <source>“{path}”已被移动或删除，已从列表中移除。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <location filename="../../gui/pdf_view.py" line="52"/>
        <source>第 {n} 页 正在渲染…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourcePane</name>
    <message>
        <location filename="../../gui/source_pane.py" line="54"/>
        <source>原文</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/source_pane.py" line="54"/>
        <source>原文：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/source_pane.py" line="93"/>
        <source>原文位置：{where}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TableGridModel</name>
    <message>
        <location filename="../../gui/table_model.py" line="195"/>
        <source>原文中未能读出这一格（缺失）；可直接填入原件上的数值。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="197"/>
        <source>原文此格为空白（或“—”“/”“无”），计算时按 0 处理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="199"/>
        <source>原文此格不是数字：“{raw}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="201"/>
        <source>原文丢失了这一格，数值由勾稽关系唯一推出。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="204"/>
        <source>已修改，原值：{value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="208"/>
        <source>建议值：{fix}（右键“采用建议值”）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="287"/>
        <source>（缺失）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="292"/>
        <source>（空白）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TablesPane</name>
    <message>
        <location filename="../../gui/tables_pane.py" line="55"/>
        <source>（未识别出机关名称）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/tables_pane.py" line="57"/>
        <source>{year} 年度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/tables_pane.py" line="59"/>
        <source>{version} 版格式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/tables_pane.py" line="77"/>
        <source>原文中找到了{name}的标题，但表格内容无法读取（可能是图片或网页丢失了表格）；可以对照原件直接填写。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/tables_pane.py" line="81"/>
        <source>原文中没有找到{name}；可以对照原件直接填写。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <location filename="../../gui/undo.py" line="60"/>
        <source>采用建议值</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <location filename="../../gui/findings_model.py" line="133"/>
        <source>{n} 个错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="135"/>
        <source>{n} 个警告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="137"/>
        <source>未发现问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="139"/>
        <source>（{n} 条提示）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="142"/>
        <source>{n} 条提示</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
