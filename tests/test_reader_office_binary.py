"""Word 97–2003 / WPS 文字 and Excel 97–2003 / WPS 表格 binary files, and OOXML files under the
WPS names: each reads like its DOCX/XLSX twin, table for table and cell for cell.

The binaries in tests/data/office-binary/ were made from our fixtures by LibreOffice (see
the README there); they are committed because CI may not have LibreOffice."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import olefile
import pytest

from core.check import check_file
from core.document import RawTable, ReadError, TextBlock
from core.readers import read_document

DATA = Path(__file__).parent / "data" / "office-binary"
FIXTURES = Path(__file__).parent / "fixtures"

PAIRS = [
    ("report_2019.doc", "docx/report_2019.docx", "doc"),
    ("report_2021_nested.doc", "docx/report_2021_nested.docx", "doc"),
    ("report_2021_nested.wps", "docx/report_2021_nested.docx", "doc"),
    ("report_2019.xls", "xlsx/report_2019.xlsx", "xls"),
    ("report_2021_text_numbers.xls", "xlsx/report_2021_text_numbers.xlsx", "xls"),
    ("report_2021_text_numbers.et", "xlsx/report_2021_text_numbers.xlsx", "xls"),
    ("report_2019_ooxml.wps", "docx/report_2019.docx", "docx"),
    ("report_2019_ooxml.et", "xlsx/report_2019.xlsx", "xlsx"),
]


def _blocks(path: Path) -> list[object]:
    """Every block as the extraction sees it: text, or rows of (grid column, text) — the
    sheet cell reference for a workbook."""
    out: list[object] = []
    for block in read_document(path).blocks:
        if isinstance(block, RawTable):
            out.append([[(c.loc.cell or c.loc.col, c.text) for c in row] for row in block.rows])
        else:
            assert isinstance(block, TextBlock)
            out.append(block.text)
    return out


@pytest.mark.parametrize("name,twin,fmt", PAIRS)
def test_binary_reads_like_its_twin(name: str, twin: str, fmt: str) -> None:
    binary, source = DATA / name, FIXTURES / twin
    assert _blocks(binary) == _blocks(source)
    got, want = check_file(binary), check_file(source)
    assert got.status == want.status and got.status in ("ok", "findings")
    assert got.format == fmt
    assert got.to_json()["tables"] == want.to_json()["tables"]
    assert got.to_json()["tables"]["t3"]["total"]  # the tables were really read
    assert [f.rule for f in got.findings] == [f.rule for f in want.findings]
    assert (got.extraction.meta.agency, got.extraction.meta.year) == (want.extraction.meta.agency, want.extraction.meta.year)


def test_the_binaries_are_what_they_claim() -> None:
    """Not a renamed DOCX: a compound file with the Word or Excel stream."""
    for name, streams in (("report_2019.doc", "WordDocument"), ("report_2021_nested.wps", "WordDocument"),
                          ("report_2019.xls", "Workbook"), ("report_2021_text_numbers.et", "Workbook")):
        data = (DATA / name).read_bytes()
        assert data[:4] == b"\xd0\xcf\x11\xe0"
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            assert ole.exists(streams), name


def test_vertical_merges_and_empty_cells_on_the_word_grid() -> None:
    """Table 三 of the .doc: group labels once (vertical merge continuations absent), values
    from grid column 3, and the empty corner cells of the header kept as in the DOCX."""
    doc = read_document(DATA / "report_2019.doc")
    tables = [b for b in doc.blocks if isinstance(b, RawTable)]
    t3 = tables[1]
    texts = [[c.text for c in row] for row in t3.rows]
    assert sum(row.count("三、本年度办理结果") for row in texts) == 1
    assert sum(row.count("（三）不予公开") for row in texts) == 1
    deny_2 = next(row for row in t3.rows if row[0].text.startswith("2.其他法律"))
    assert [c.loc.col for c in deny_2] == [2, 3, 4, 5, 6, 7, 8, 9]
    header = next(row for row in t3.rows if row[0].text == "自然人")
    assert [(c.text, c.loc.col) for c in header] == [("自然人", 3), ("法人或其他组织", 4), ("总计", 9)]


def test_renamed_and_damaged_binaries(tmp_path: Path) -> None:
    # The content decides: a .doc named .xls still reads as Word, and the reverse.
    swapped = tmp_path / "报告.xls"
    shutil.copy(DATA / "report_2019.doc", swapped)
    assert check_file(swapped).format == "doc"
    swapped = tmp_path / "报告.doc"
    shutil.copy(DATA / "report_2019.xls", swapped)
    assert check_file(swapped).format == "xls"
    # A truncated Word file: a Chinese message, never a traceback.
    cut = tmp_path / "cut.doc"
    cut.write_bytes((DATA / "report_2019.doc").read_bytes()[:20000])
    report = check_file(cut)
    assert report.status == "unreadable" and "Word" in (report.error or "") and "另存" in (report.error or "")
    cut = tmp_path / "cut.xls"
    cut.write_bytes((DATA / "report_2019.xls").read_bytes()[:6000])
    report = check_file(cut)
    assert report.status == "unreadable" and "另存" in (report.error or "")


def test_word_binary_with_encryption_flag_is_refused(tmp_path: Path) -> None:
    data = bytearray((DATA / "report_2019.doc").read_bytes())
    with olefile.OleFileIO(bytes(data)) as ole:
        # Set fEncrypted in the FIB inside the WordDocument stream, in place.
        sector = ole.root.kids_dict["worddocument"].isectStart
        offset = (sector + 1) * ole.sectorsize
    flags = int.from_bytes(data[offset + 0x0A:offset + 0x0C], "little") | 0x0100
    data[offset + 0x0A:offset + 0x0C] = flags.to_bytes(2, "little")
    path = tmp_path / "locked.doc"
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match="密码"):
        read_document(path)
