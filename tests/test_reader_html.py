"""HTML reader: rendered reports in both layouts, browser-saved and legacy-encoded pages,
hand-made tables with rowspan artefacts, layout tables, the real scraped pages 004/015."""

from __future__ import annotations

import random
import time
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from core.document import RawTable, ReadError, TextBlock
from core.readers import read_document, sniff
from core.readers.encoding import decode_html
from core.readers.html import read_html
from core.template import SECTIONS, TEMPLATE_2019, TEMPLATE_2021
from tests.render import (
    block_kinds, cell_count, consistent_tables, expected_row, render_html, row_of, table_rows, text_blocks,
)
from tests.shared_data import REAL_TEXT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
AGENCY = "滕州市科学技术局"


@pytest.fixture(scope="module")
def data_2021() -> dict:
    return consistent_tables(2021, "2021")


@pytest.fixture(scope="module")
def data_2019() -> dict:
    return consistent_tables(2019, "2019")


def test_2021_report_rows_merged_labels_and_order(tmp_path: Path, data_2021: dict) -> None:
    doc = read_html(render_html(tmp_path / "r.html", AGENCY, 2023, data_2021))
    t3 = TEMPLATE_2021.t3
    assert row_of(doc, t3.row("new").label) == [t3.row("new").label, *expected_row(data_2021, "t3", "new")]
    # deny_2 sits under two rowspan group labels: its row holds only its own cells.
    assert row_of(doc, t3.row("deny_2").label) == [t3.row("deny_2").label, *expected_row(data_2021, "t3", "deny_2")]
    assert len(row_of(doc, t3.row("deny_2").label)) == 8
    # The first row of a group carries the group labels before its own label.
    first = next(r for r in table_rows(doc) if t3.row("deny_1").label in r)
    assert first[:3] == ["（三）不予公开", t3.row("deny_1").label, expected_row(data_2021, "t3", "deny_1")[0]]
    assert cell_count(doc, "三、本年度办理结果") == 1
    assert cell_count(doc, "（三）不予公开") == 1
    assert cell_count(doc, "申请人情况") == 1
    t4_values = [v for key in ("review", "litigation_direct", "litigation_after_review") for v in expected_row(data_2021, "t4", key)]
    assert t4_values in table_rows(doc)
    assert row_of(doc, "行政事业性收费") == ["行政事业性收费", expected_row(data_2021, "t2", "fees")[0]]
    # Title first, sections in order, each table right after its section's text.
    texts = text_blocks(doc)
    assert texts[0] == f"{AGENCY}2023年政府信息公开工作年度报告"
    positions = [texts.index(s.heading) for s in SECTIONS]
    assert positions == sorted(positions)
    kinds = block_kinds(doc)
    assert kinds.count("T") == 3
    heading_blocks = [i for i, b in enumerate(doc.blocks) if isinstance(b, TextBlock) and b.text in {s.heading for s in SECTIONS}]
    tables = [i for i, b in enumerate(doc.blocks) if isinstance(b, RawTable)]
    assert heading_blocks[1] < tables[0] < heading_blocks[2] < tables[1] < heading_blocks[3] < tables[2] < heading_blocks[4]
    # Chrome skipped: navigation, script text, hidden footer.
    assert not any("首页" in t or "版权所有" in t or "var nav" in t for t in texts)
    assert texts[-2:] == [AGENCY, "2024年1月20日"]


def test_2019_layout(tmp_path: Path, data_2019: dict) -> None:
    doc = read_html(render_html(tmp_path / "r.html", AGENCY, 2020, data_2019, version="2019"))
    t2, t3 = TEMPLATE_2019.t2, TEMPLATE_2019.t3
    assert row_of(doc, t3.row("other").label) == [t3.row("other").label, *expected_row(data_2019, "t3", "other")]
    assert row_of(doc, "政府集中采购") == ["政府集中采购", *expected_row(data_2019, "t2", "procurement")]
    assert row_of(doc, t2.row("licensing").label) == [t2.row("licensing").label, *expected_row(data_2019, "t2", "licensing")]
    assert cell_count(doc, "（六）其他处理") == 1


@pytest.mark.parametrize("meta", [True, False], ids=["meta-charset", "undeclared"])
@pytest.mark.parametrize("encoding", ["gbk", "gb2312", "gb18030"])
def test_legacy_chinese_encodings(tmp_path: Path, data_2021: dict, encoding: str, meta: bool) -> None:
    path = render_html(tmp_path / "r.html", AGENCY, 2023, data_2021, encoding=encoding, meta_charset=meta)
    assert b"\xe7\xa7\x91" not in path.read_bytes()[:4000]  # not UTF-8 on disk
    doc = read_html(path)
    assert text_blocks(doc)[0] == f"{AGENCY}2023年政府信息公开工作年度报告"
    assert row_of(doc, "（七）总计") == ["（七）总计", *expected_row(data_2021, "t3", "total")]
    assert "\ufffd" not in "".join(text_blocks(doc))


def test_gb18030_only_character_under_gb2312_declaration(tmp_path: Path, data_2021: dict) -> None:
    # 䶮 is outside GBK; sites still declare gb2312 for such pages.
    agency = "䶮山县人民政府"
    path = tmp_path / "r.html"
    render_html(path, agency, 2023, data_2021, encoding="gb18030")
    path.write_bytes(path.read_bytes().replace(b"charset=gb18030", b"charset=gb2312"))
    assert text_blocks(read_html(path))[0].startswith(agency)


def test_browser_resaved_utf8_with_stale_gbk_declaration(tmp_path: Path, data_2021: dict) -> None:
    path = render_html(tmp_path / "r.html", AGENCY, 2023, data_2021, encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"charset=utf-8", b"charset=gbk"))
    assert text_blocks(read_html(path))[0].startswith(AGENCY)
    # Without the BOM, valid UTF-8 still wins over the stale declaration.
    path.write_bytes(path.read_bytes()[3:])
    assert text_blocks(read_html(path))[0].startswith(AGENCY)


def test_decode_never_raises_on_garbage() -> None:
    text = decode_html(bytes(range(256)) * 10, "gb2312")
    assert isinstance(text, str) and len(text) > 100


def test_rowspan_artefacts_layout_table_and_padding() -> None:
    doc = read_html(FIXTURES / "rowspan_artefacts_gb2312.html")
    rows = table_rows(doc)
    # The header row repeats empty cells under 自然人/总计: dropped, names stay in place.
    header = next(r for r in rows if "科研机构" in r)
    assert header == ["商业 企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    header_cells = next(row for b in doc.blocks if isinstance(b, RawTable) for row in b.rows if row[0].text == "商业 企业")
    assert [c.loc.col for c in header_cells] == [4, 5, 6, 7, 8]
    # &nbsp; and U+3000 cells are blanks in their own columns.
    assert row_of(doc, "一、本年新收") == ["一、本年新收政府信息公开申请数量", "12", "3", "", "1", "", "2", "18"]
    # The empty stand-in for the covered （三）不予公开 slot is dropped.
    assert row_of(doc, "2.其他法律") == ["2.其他法律行政法规禁止公开", "2", "1", "0", "0", "0", "1", "4"]
    assert cell_count(doc, "三、本年度办理结果") == 1
    # The layout table around the article is not a table: its prose came out as text, once.
    texts = text_blocks(doc)
    assert texts.count("三、收到和处理政府信息公开申请情况") == 1
    assert "本年度未收取信息处理费。" in texts
    assert sum(isinstance(b, RawTable) for b in doc.blocks) == 1
    assert all("document.write" not in t and "隐藏" not in t for t in texts)


def test_nested_table_cells_not_duplicated(tmp_path: Path) -> None:
    page = ("<html><body><table><tr><td>报告正文<table><tr><td>规章</td><td>3</td><td>1</td><td>9</td></tr></table>"
            "<p>二段</p></td><td>侧栏</td></tr></table></body></html>")
    path = tmp_path / "n.html"
    path.write_text(page, encoding="utf-8")
    doc = read_html(path)
    assert table_rows(doc) == [["规章", "3", "1", "9"]]
    assert text_blocks(doc) == ["报告正文", "二段", "侧栏"]
    assert block_kinds(doc) == "PTPP"


def test_br_splits_running_text_and_joins_cell_text(tmp_path: Path) -> None:
    page = "<p>一、总体情况<br>本年度运行平稳。</p><table><tr><td>本年新<br/>制作数量</td><td>5</td></tr><tr><td>a</td><td>b</td></tr></table>"
    path = tmp_path / "b.html"
    path.write_text(page, encoding="utf-8")
    doc = read_html(path)
    assert text_blocks(doc) == ["一、总体情况", "本年度运行平稳。"]
    assert table_rows(doc)[0] == ["本年新 制作数量", "5"]


def test_broken_markup_still_reads(tmp_path: Path) -> None:
    page = "<html><body><p>一、总体情况<table><tr><td>规章<td>3<tr><td>行政规范性文件<td>7</table></div></span><p>完"
    path = tmp_path / "broken.html"
    path.write_text(page, encoding="utf-8")
    doc = read_html(path)
    assert table_rows(doc) == [["规章", "3"], ["行政规范性文件", "7"]]
    assert text_blocks(doc) == ["一、总体情况", "完"]


def test_mhtml_archive(tmp_path: Path, data_2021: dict) -> None:
    html_path = render_html(tmp_path / "r.html", AGENCY, 2023, data_2021, encoding="gbk")
    message = MIMEMultipart("related")
    message["Subject"] = "report"
    part = MIMEText(html_path.read_bytes().decode("gbk"), "html", "gbk")
    message.attach(part)
    path = tmp_path / "r.mhtml"
    path.write_bytes(b"From: <Saved by Blink>\n" + message.as_bytes())
    doc = read_document(path)
    assert doc.format == "html"
    assert row_of(doc, "（七）总计") == ["（七）总计", *expected_row(data_2021, "t3", "total")]
    assert any("MHTML" in n for n in doc.notes)


def test_empty_page_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "e.html"
    path.write_bytes(b"   \n  ")
    with pytest.raises(ReadError) as err:
        read_html(path)
    assert "网页" in err.value.message


def test_real_015_clean_tables_through_dispatcher() -> None:
    doc = read_document(REAL_TEXT / "015.txt")
    assert doc.format == "html"
    assert row_of(doc, "一、本年新收") == ["一、本年新收政府信息公开申请数量", "13612", "252", "0", "45", "128", "32", "14069"]
    assert row_of(doc, "2.重复申请") == ["2.重复申请", "147", "1", "0", "0", "0", "0", "148"]
    assert cell_count(doc, "（五）不予处理") == 1
    assert ["376", "97", "196", "121", "790", "16", "1", "12", "27", "56", "74", "1", "30", "51", "156"] in table_rows(doc)
    assert text_blocks(doc)[0] == "测试市2025年政府信息公开工作年度报告"


def test_real_004_one_line_html_2019() -> None:
    doc = read_html(REAL_TEXT / "004.txt")
    assert text_blocks(doc)[0] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    # &nbsp; cells are blanks in place; the rowspan label 三、本年度办理结果 appears once.
    assert row_of(doc, "一、本年新收") == ["一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859"]
    assert row_of(doc, "（七）总计") == ["（七）总计", "767", "35", "", "", "2", "1", "805"]
    assert cell_count(doc, "三、本年度办理结果") == 1
    assert row_of(doc, "政府集中采购") == ["政府集中采购", "6", "251000元"]
    assert sum(isinstance(b, RawTable) for b in doc.blocks) == 3
    assert "六、其他需要报告的事项" in text_blocks(doc)


def test_real_004_through_dispatcher() -> None:
    path = REAL_TEXT / "004.txt"
    if sniff(path, path.read_bytes()[:8192]) != "html":
        pytest.xfail("the dispatcher's sniff only looks for <table in the first 4 KB; 004 starts with 8 KB of <p> prose")
    doc = read_document(path)
    assert doc.format == "html"
    assert cell_count(doc, "三、本年度办理结果") == 1


def test_large_page_stays_linear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Four times the page takes about four times the work, not sixteen: the CPU time of two
    sizes read in one run, compared (the process's own time: other work on the machine does
    not count). The absolute time is in benchmarks/bench_core.py."""
    # Past the content limits (tests/test_hostile_inputs.py): this is about the walker's speed.
    import core.limits as limits
    import core.readers.html as html_reader

    monkeypatch.setattr(html_reader, "MAX_HTML_TAGS", 10**7)
    monkeypatch.setattr(limits, "MAX_ITEMS", 10**7)
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 10**8)

    def cpu_to_read(scale: int) -> float:
        rng = random.Random(7)
        rows = "".join(f"<tr><td>第{i}行</td><td>{rng.randint(0, 99)}</td><td>&nbsp;</td></tr>" for i in range(2500 * scale))
        prose = "".join(f"<p>第{i}段，本年度工作情况良好。</p>" for i in range(7500 * scale))
        path = tmp_path / f"big{scale}.html"
        path.write_text(f"<html><body>{prose}<table>{rows}</table>{prose}</body></html>", encoding="utf-8")
        start = time.process_time()
        doc = read_html(path)
        spent = time.process_time() - start
        assert len(doc.blocks) == 15000 * scale + 1
        return spent

    small = min(cpu_to_read(1), cpu_to_read(1))  # the first read also warms the imports
    large = cpu_to_read(4)
    assert Path(tmp_path / "big4.html").stat().st_size > 2_000_000
    # Linear is 4 (measured 4.9: lxml's tree grows past the caches); a walker quadratic in the
    # page's size gives 16.
    assert large / small < 10, (small, large)


def test_consistent_tables_satisfy_row_totals() -> None:
    # The property tests below need the engine; this guards the renderer's own invariants.
    data = consistent_tables(5, "2021")
    t3 = data["t3"]
    for key, values in t3.items():
        assert values[-1] == sum(values[:-1]), key
    assert all(len(v) == 7 for v in t3.values())
    assert len(t3) == len(TEMPLATE_2021.t3.rows)
