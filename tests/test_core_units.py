"""Unit tests of the pieces every reader shares: normalisation, tokens, value placement,
the template declaration."""

from __future__ import annotations

import pytest

import importlib
import subprocess
import sys

from core.extract.place import place_short_row, split_digits
from core.normalize import label_key, leading_number, simplify
from core.template import TEMPLATE_2019, TEMPLATE_2021, grid_layout
from core.tokens import parse_cell_number
from tests.shared_data import REPO

T3_SUM = [((0, 1, 2, 3, 4, 5), 6)]


def test_label_key_survives_real_variants():
    assert label_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开"
    assert label_key("社会公 益组织") == "社会公益组织"
    assert label_key("3. 其 他") == "其他"
    assert label_key("規範性文件") == "规范性文件"
    assert simplify("舟曲縣科學技術(shù)局") == "舟曲县科学技术局"
    assert simplify("[bookmark: _Hlk1]一、本年新收") == "一、本年新收"
    # Place names with characters t2s would rewrite stay as printed (乾县 is not 干县).
    assert simplify("乾县人民政府") == "乾县人民政府"
    assert simplify("乾安縣統計局") == "乾安县统计局"
    assert leading_number("（二）部分公开") == 2 and leading_number("5.要求") == 5


def test_cell_numbers_blanks_and_units():
    assert parse_cell_number("11,398,889") == (11398889, None)
    assert parse_cell_number("96171.6") == (96171.6, None)
    assert parse_cell_number("2792220.8元") == (2792220.8, "元")
    assert parse_cell_number("－1") == (-1, None)
    assert parse_cell_number("减4") == (-4, None)
    assert parse_cell_number("—") == (None, None)
    assert parse_cell_number("／") == (None, None)
    assert parse_cell_number("０") == (0, None)
    assert parse_cell_number("详见附件") is None


def test_glued_digits_split_by_the_row_sum():
    assert split_digits(["640020470"], 7, T3_SUM) == [[64, 0, 0, 2, 0, 4, 70]]
    assert split_digits(["0000000"], 7, T3_SUM) == [[0] * 7]
    # Table 四: three blocks of four parts and a total; run boundaries are kept.
    t4 = [((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)]
    assert split_digits(["1000010", "00000", "50005"], 15, t4) == [[10, 0, 0, 0, 10, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5]]
    # "1010011" reads as 1+0+10+0=11 and as 10+1+0+0=11: ambiguous, both returned.
    assert len(split_digits(["1010011", "00000", "50005"], 15, t4)) == 2


def test_short_row_never_invents_a_printed_position():
    # One cell lost from an all-zero row: the sum forces every value to 0.
    placed = place_short_row([0] * 6, 7, T3_SUM)
    assert all(p is not None and (p[0] == "inferred" or p == ("printed", p[1])) for p in placed)
    # Two cells lost: the lost pair could be anything that adds up, so they stay unknown.
    assert place_short_row([0] * 5, 7, T3_SUM) == [None] * 7
    # A total that only fits at the end decides the positions of the rest.
    placed = place_short_row([3, 0, 0, 0, 0, 2, 5], 7, T3_SUM)
    assert placed == [("printed", i) for i in range(7)]


def test_template_shapes_match_the_reference():
    for tmpl, t3_cells, t2_cells in ((TEMPLATE_2021, 175, 10), (TEMPLATE_2019, 161, 22)):
        assert sum(len(r.columns) for r in tmpl.t3.rows) == t3_cells
        assert sum(len(r.columns) for r in tmpl.t2.rows) == t2_cells
        assert sum(len(r.columns) for r in tmpl.t4.rows) == 15
        grid = grid_layout(tmpl.t3)
        group = next(c for c in grid.cells if c.text == "三、本年度办理结果")
        assert group.rowspan == (22 if tmpl.version == "2021" else 20)
        assert grid.position("new", "natural") == (3, 3)
    assert len({i.rule for i in TEMPLATE_2021.identities}) == 6


def test_core_never_imports_qt():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.startswith(('PySide6', 'shiboken6')): raise ImportError('Qt is blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import core.check, core.cli, core.extract, core.rules, core.template\n"
        "import core.readers.txt\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr
    assert importlib.import_module("core.check")


def test_table_four_printed_after_the_prose_is_found(tmp_path):
    # Some reports keep section 四 as prose and print all tables together at the end (附表):
    # table 四 is then read after table 三, not lost.
    from pathlib import Path

    from core.check import check_file

    lines = Path("resources/sample/示例年报.txt").read_text(encoding="utf-8").split("\n")
    start = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    end = next(i for i, line in enumerate(lines) if line.startswith("五、"))
    table4 = lines[start + 1:end]
    moved = lines[:start + 1] + ["本年度行政复议、行政诉讼情况见附表。", ""] + lines[end:] + ["", "附表：政府信息公开行政复议、行政诉讼情况", *table4]
    path = tmp_path / "附表在后.txt"
    path.write_text("\n".join(moved), encoding="utf-8")
    original = check_file("resources/sample/示例年报.txt").to_json()["tables"]["t4"]
    assert check_file(path).to_json()["tables"]["t4"] == original


@pytest.mark.parametrize("title, agency", [
    ("上海市科学技术委员会（上海市外国专家局）2024年政府信息公开工作年度报告", "上海市科学技术委员会(上海市外国专家局)"),
    ("上海市 科学技术委员会2024年政府信息公开工作年度报告", "上海市科学技术委员会"),
    ("上海市科学技术委员会 2024 年政府信息公开工作年度报告", "上海市科学技术委员会"),
])
def test_agency_with_a_second_name_or_stray_spaces(title, agency):
    from core.document import Document, Location, TextBlock
    from core.extract import extract

    doc = Document("x.txt", "txt", [TextBlock(title, Location(line=1)), TextBlock("一、总体情况", Location(line=2))]).finalize()
    meta = extract(doc).meta
    assert (meta.agency, meta.year) == (agency, 2024)


@pytest.mark.parametrize("name, parts, words", [
    ("报告.ofd", {"OFD.xml": "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>", "Doc_0/Document.xml": "<x/>"}, ("OFD", "PDF")),
    ("报告.docx", {"OFD.xml": "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>"}, ("OFD", "PDF")),
    ("报告.odt", {"content.xml": "<office:document-content/>", "mimetype": "application/vnd.oasis.opendocument.text"}, ("OpenDocument", ".docx")),
    ("附件.zip", {"报告.pdf": "%PDF-1.4"}, ("压缩包", "解压")),
])
def test_zip_containers_that_are_not_office_files_are_named(tmp_path, name, parts, words):
    # OFD (the national fixed-layout format of government document systems) and ODF are zips
    # too; each gets a message naming it and saying what to save it as, not "a zip archive".
    import zipfile

    from core.check import check_file

    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        for part, text in parts.items():
            z.writestr(part, text)
    report = check_file(path)
    assert report.status == "unreadable" and all(w in report.error for w in words)
