"""DOCX reader: rendered reports with real Word merges (gridSpan, vMerge), a table nested in a
layout cell, content controls, hyperlinks, text boxes, tracked changes; hostile packages."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from core.document import RawTable, ReadError, TextBlock
from core.readers import read_document
from core.readers.docx import read_docx
from core.template import SECTIONS, TEMPLATE_2019, TEMPLATE_2021
from tests.render import block_kinds, cell_count, consistent_tables, expected_row, render_docx, row_of, table_rows, text_blocks

AGENCY = "平凉市崆峒区科学技术局"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def data_2021() -> dict:
    return consistent_tables(11, "2021")


def test_2021_report_vmerge_groups_appear_once(tmp_path: Path, data_2021: dict) -> None:
    doc = read_docx(render_docx(tmp_path / "r.docx", AGENCY, 2023, data_2021))
    t3 = TEMPLATE_2021.t3
    for key in ("new", "carried", "granted", "deny_5", "unable_3", "reject_4", "other_2", "total", "carry_next"):
        label = t3.row(key).label
        assert row_of(doc, label) == [label, *expected_row(data_2021, "t3", key)], key
    assert len(row_of(doc, t3.row("deny_8").label)) == 8
    # Word's vMerge/gridSpan: each group label once, in its first row.
    assert cell_count(doc, "三、本年度办理结果") == 1
    assert cell_count(doc, "（四）无法提供") == 1
    assert cell_count(doc, "（六）其他处理") == 1
    granted_row = next(r for r in table_rows(doc) if t3.row("granted").label in r)
    assert granted_row[0] == "三、本年度办理结果"
    # Grid columns: values of table 三 start at column 3 whatever the row's label depth.
    table3 = [b for b in doc.blocks if isinstance(b, RawTable)][1]
    deny_2 = next(row for row in table3.rows if row[0].text == t3.row("deny_2").label)
    assert [c.loc.col for c in deny_2] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert all(c.loc.table == 1 for c in deny_2)
    new_row = next(row for row in table3.rows if row[0].text == t3.row("new").label)
    assert [c.loc.col for c in new_row] == [0, 3, 4, 5, 6, 7, 8, 9]
    header = next(row for row in table3.rows if row[0].text == "自然人")
    assert [(c.text, c.loc.col) for c in header] == [("自然人", 3), ("法人或其他组织", 4), ("总计", 9)]
    t4_values = [v for key in ("review", "litigation_direct", "litigation_after_review") for v in expected_row(data_2021, "t4", key)]
    assert t4_values in table_rows(doc)
    assert row_of(doc, "行政规范性文件") == ["行政规范性文件", *expected_row(data_2021, "t2", "normative_docs")]
    texts = text_blocks(doc)
    assert texts[0] == f"{AGENCY}2023年政府信息公开工作年度报告"
    assert [t for t in texts if t in {s.heading for s in SECTIONS}] == [s.heading for s in SECTIONS]
    assert block_kinds(doc).count("T") == 3
    paragraphs = [b.loc.paragraph for b in doc.blocks if isinstance(b, TextBlock)]
    assert paragraphs == sorted(paragraphs) and paragraphs[0] == 0


def test_2019_layout(tmp_path: Path) -> None:
    data = consistent_tables(12, "2019")
    doc = read_docx(render_docx(tmp_path / "r.docx", AGENCY, 2020, data, version="2019"))
    t3 = TEMPLATE_2019.t3
    assert row_of(doc, t3.row("other").label) == [t3.row("other").label, *expected_row(data, "t3", "other")]
    assert row_of(doc, "其他对外管理服务事项") == ["其他对外管理服务事项", *expected_row(data, "t2", "other_services")]
    assert row_of(doc, "行政事业性收费") == ["行政事业性收费", *expected_row(data, "t2", "fees")]
    assert TEMPLATE_2019.t2.row("fees").label == "行政事业性收费"


def test_table_nested_in_a_layout_cell(tmp_path: Path, data_2021: dict) -> None:
    doc = read_docx(render_docx(tmp_path / "r.docx", AGENCY, 2023, data_2021, nest="t3"))
    assert block_kinds(doc).count("T") == 3
    label = TEMPLATE_2021.t3.row("new").label
    assert row_of(doc, label) == [label, *expected_row(data_2021, "t3", "new")]
    assert cell_count(doc, label) == 1
    # The frame cell's own text is a paragraph just before the inner table, not a cell.
    i = next(i for i, b in enumerate(doc.blocks) if isinstance(b, TextBlock) and b.text == "（表格见下）")
    assert isinstance(doc.blocks[i + 1], RawTable)
    assert not any("（表格见下）" in c for row in table_rows(doc) for c in row)


def _docx_with_body(path: Path, body: str, doctype: str = "") -> Path:
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
                f'<w:document xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
                'xmlns:v="urn:schemas-microsoft-com:vml">'
                f"<w:body>{body}</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   "</Types>")
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   "</Relationships>")
        z.writestr("word/document.xml", document)
    return path


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, *props: str) -> str:
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{_p(text)}</w:tc>"


def test_content_controls_hyperlinks_textboxes_and_tracked_changes(tmp_path: Path) -> None:
    body = (
        '<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>某县2023年政府信息公开</w:t></w:r>'
        '<w:hyperlink r:id="rId9"><w:r><w:t>工作年度报告</w:t></w:r></w:hyperlink></w:p></w:sdtContent></w:sdt>'
        '<w:p><w:r><w:t>一、总体情况</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space="preserve">本年度</w:t></w:r>'
        '<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:ins><w:r><w:t>新增的</w:t></w:r></w:ins>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>工作。</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        f'{_p("文本框里的说明")}</w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:textbox><w:txbxContent>{_p("文本框里的说明")}</w:txbxContent></v:textbox></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r><w:r><w:t>正文段落</w:t></w:r></w:p>'
        '<w:tbl><w:tr>'
        + _tc("分组", '<w:vMerge w:val="restart"/>') + _tc("规章", '<w:gridSpan w:val="2"/>') + _tc("3")
        + '</w:tr><w:sdt><w:sdtContent><w:tr>'
        + _tc("", "<w:vMerge/>") + _tc("甲") + _tc("乙") + '<w:sdt><w:sdtContent>' + _tc("4") + '</w:sdtContent></w:sdt>'
        + "</w:tr></w:sdtContent></w:sdt></w:tbl>"
        + _p("二、主动公开政府信息情况")
    )
    doc = read_docx(_docx_with_body(tmp_path / "x.docx", body))
    assert text_blocks(doc) == ["某县2023年政府信息公开工作年度报告", "一、总体情况", "本年度新增的工作。", "正文段落",
                                "文本框里的说明", "二、主动公开政府信息情况"]
    table = next(b for b in doc.blocks if isinstance(b, RawTable))
    assert [[(c.text, c.loc.col) for c in row] for row in table.rows] == [
        [("分组", 0), ("规章", 1), ("3", 3)],
        [("甲", 1), ("乙", 2), ("4", 3)],
    ]
    # Lines of one paragraph share its index.
    assert [b.loc.paragraph for b in doc.blocks if isinstance(b, TextBlock)][1:3] == [1, 1]


def test_python_docx_parser_does_not_expand_entities() -> None:
    from docx.oxml.parser import oxml_parser

    xml = b'<!DOCTYPE r [<!ENTITY a "EXPANDED">]><r>&a;</r>'
    root = etree.fromstring(xml, oxml_parser)
    assert "EXPANDED" not in etree.tostring(root).decode()


def test_doctype_and_entities_are_refused(tmp_path: Path) -> None:
    laughs = '<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    path = _docx_with_body(tmp_path / "bomb.docx", _p("&lol2;"), doctype=laughs)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "实体" in err.value.message and CHINESE.search(err.value.message)
    external = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    with pytest.raises(ReadError):
        read_docx(_docx_with_body(tmp_path / "xxe.docx", _p("&xxe;"), doctype=external))


def test_zip_bomb_is_refused(tmp_path: Path, data_2021: dict) -> None:
    path = render_docx(tmp_path / "r.docx", AGENCY, 2023, data_2021)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/image1.bin", b"\0" * (6 * 1024 * 1024))
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "压缩比" in err.value.message


def test_total_uncompressed_limit(tmp_path: Path, data_2021: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.readers.ooxml as ooxml

    path = render_docx(tmp_path / "r.docx", AGENCY, 2023, data_2021)
    monkeypatch.setattr(ooxml, "MAX_UNCOMPRESSED", 10_000)
    with pytest.raises(ReadError) as err:
        read_docx(path)
    assert "MB" in err.value.message and CHINESE.search(err.value.message)


def test_corrupt_and_truncated_files(tmp_path: Path, data_2021: dict) -> None:
    path = render_docx(tmp_path / "r.docx", AGENCY, 2023, data_2021)
    data = path.read_bytes()
    truncated = tmp_path / "t.docx"
    truncated.write_bytes(data[: len(data) // 2])
    for reader in (read_document, read_docx):
        with pytest.raises(ReadError) as err:
            reader(truncated)
        assert CHINESE.search(err.value.message)
    # A zip whose document part is not XML.
    broken = tmp_path / "b.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, b"<w:document" if item.filename == "word/document.xml" else src.read(item))
    with pytest.raises(ReadError) as err:
        read_document(broken)
    assert "损坏" in err.value.message


def test_a_table_of_one_cell_per_row_is_text(tmp_path: Path) -> None:
    body = "<w:tbl>" + "".join(f"<w:tr>{_tc(t)}</w:tr>" for t in ("一、总体情况", "本年度工作平稳。")) + "</w:tbl>"
    doc = read_docx(_docx_with_body(tmp_path / "frame.docx", body))
    assert text_blocks(doc) == ["一、总体情况", "本年度工作平稳。"]
    assert block_kinds(doc) == "PP"


def test_one_value_rows_typed_into_a_four_column_grid(tmp_path: Path) -> None:
    # Clerks often keep table 二 as one 4-column Word grid and type the single 本年处理决定数量
    # into the first number cell, leaving the others empty: those empties are layout, not
    # extra values (previously four false X-EXTRA-VALUES warnings).
    from docx import Document as WordDocument

    from core.check import check_file

    word = WordDocument()
    word.add_paragraph("某某县统计局2023年政府信息公开工作年度报告")
    word.add_paragraph("二、主动公开政府信息情况")
    grid = word.add_table(rows=0, cols=4)
    for cells in (("第二十条第（一）项", "", "", ""), ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                  ("规章", "0", "0", "0"), ("行政规范性文件", "2", "1", "10"),
                  ("第二十条第（五）项", "", "", ""), ("信息内容", "本年处理决定数量", "", ""), ("行政许可", "1268", "", ""),
                  ("第二十条第（六）项", "", "", ""), ("信息内容", "本年处理决定数量", "", ""),
                  ("行政处罚", "35", "", ""), ("行政强制", "0", "", ""),
                  ("第二十条第（八）项", "", "", ""), ("信息内容", "本年收费金额（单位：万元）", "", ""), ("行政事业性收费", "0.5", "", "")):
        row = grid.add_row().cells
        for i, text in enumerate(cells):
            row[i].text = text
    path = tmp_path / "表二.docx"
    word.save(str(path))
    report = check_file(path)
    assert report.to_json()["tables"]["t2"] == {
        "regulations": [0, 0, 0], "normative_docs": [2, 1, 10], "licensing": [1268],
        "punishment": [35], "coercion": [0], "fees": [0.5]}
    assert not [f for f in report.findings if f.rule.startswith("X-")]


# ---------------------------------------------------------------------------------------
# Word list numbering: the numeral is generated, not in the text

_NUMBERING_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="10">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="11">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  {"".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="11"/></w:num>' for n in range(2, 40))}
</w:numbering>"""


def _auto_numbered(src: Path, dst: Path) -> None:
    """Turn a rendered report into one whose section headings ("一、总体情况") and numbered
    table 三 rows ("1.属于国家秘密") take their numerals from Word lists, as many real
    reports do: each group's rows are a list of their own, restarting at 1."""
    with zipfile.ZipFile(src) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    w = f"{{{W_NS}}}"
    heading = re.compile(r"^([一二三四五六])、")
    item = re.compile(r"^([1-8])\.")
    list_id = 1
    for p in root.iter(w + "p"):
        texts = list(p.iter(w + "t"))
        if not texts or not texts[0].text:
            continue
        first = texts[0]
        m = heading.match(first.text)
        in_cell = any(a.tag == w + "tc" for a in p.iterancestors())
        if m and not in_cell:
            num_id = "1"
        else:
            m = item.match(first.text) if in_cell else None
            if m is None:
                continue
            if m.group(1) == "1":
                list_id += 1  # a new group restarts its numbering
            num_id = str(list_id)
        first.text = first.text[m.end():]
        ppr = p.find(w + "pPr")
        if ppr is None:
            ppr = etree.SubElement(p, w + "pPr")
            p.insert(0, ppr)
        num_pr = etree.SubElement(ppr, w + "numPr")
        etree.SubElement(num_pr, w + "ilvl").set(w + "val", "0")
        etree.SubElement(num_pr, w + "numId").set(w + "val", num_id)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/numbering.xml"] = _NUMBERING_XML.encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    if "/word/numbering.xml" not in types:
        types = types.replace("</Types>", '<Override PartName="/word/numbering.xml" ContentType="application/'
                              'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
        parts["[Content_Types].xml"] = types.encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    if "numbering.xml" not in rels:
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdNum1" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
        parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)


def test_word_list_numbering_is_rendered_for_headings_and_rows(tmp_path: Path, data_2021: dict) -> None:
    from core.check import check_file

    plain = render_docx(tmp_path / "plain.docx", AGENCY, 2023, data_2021)
    numbered = tmp_path / "numbered.docx"
    _auto_numbered(plain, numbered)
    # The numerals really are gone from the text: only Word's lists generate them.
    with zipfile.ZipFile(numbered) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "一、总体情况" not in body and ">1.属于国家秘密<" not in body
    doc = read_docx(numbered)
    blocks = text_blocks(doc)
    assert "一、总体情况" in blocks and "六、其他需要报告的事项" in blocks
    assert row_of(doc, "1.属于国家秘密")[0] == "1.属于国家秘密"
    assert row_of(doc, "3.其他")[0] == "3.其他"
    report, reference = check_file(numbered), check_file(plain)
    assert report.to_json()["tables"] == reference.to_json()["tables"]
    assert [f.rule for f in report.findings] == [f.rule for f in reference.findings]
    assert not [f for f in report.findings if f.rule in ("S-SECTIONS", "S-ROWS")]


def test_chinese_counting_numerals() -> None:
    from core.readers.docx_numbering import chinese_counting, format_number

    assert [chinese_counting(n) for n in (1, 6, 10, 11, 20, 23, 100, 105, 110)] == [
        "一", "六", "十", "十一", "二十", "二十三", "一百", "一百零五", "一百一十"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(4, "upperRoman") == "IV" and format_number(28, "lowerLetter") == "bb"


def test_title_from_document_properties_when_the_body_has_none(tmp_path: Path) -> None:
    # A web page saved as Word keeps its <title> only as the document's title property.
    from docx import Document as WordDocument

    for title, expected in (("测试市2025年政府信息公开工作年度报告", "测试市2025年政府信息公开工作年度报告"),
                            ("文档1", None)):
        word = WordDocument()
        word.core_properties.title = title
        word.add_paragraph("根据《中华人民共和国政府信息公开条例》规定编制本报告。")
        word.add_paragraph("一、总体情况")
        path = tmp_path / f"{title[:4]}.docx"
        word.save(str(path))
        blocks = text_blocks(read_docx(path))
        assert (blocks[0] == expected) if expected else (blocks[0] != title)
