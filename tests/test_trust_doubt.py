"""Which cells a failing identity puts in doubt on a scan (core/trust_doubt.py, the trust
pass's last step). A table 三 as a report prints it (the ruled rendering the scan
differential scans, tests/scan_sources.py), read from its text, then spoilt the way scans
spoil it: a row lost by the layout, two values swapped, a row read one column off.

Before: every cell of every failing identity of a doubtful table went to the clerk as
uncertain (a lost row: 130 cells read right, doubted); a row with values left over stayed
firm wherever its identities could not be evaluated (a faxed huaian-2024: 33 cells read
firmly into their neighbours' columns)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.model import CellValue, Extraction, Finding
from core.readers import read_document
from core.extract import extract
from core.rules.identities import cell_at, identities_for
from core.trust_doubt import cells_to_doubt, failing_through, misfitted_rows
from tests.scan_sources import BY_NAME

COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    pdf = BY_NAME["gen-ruled"].pdf(Path(tmp_path_factory.mktemp("ruled")), 17)
    return extract(read_document(str(pdf)))


@pytest.fixture
def ext(printed: Extraction) -> Extraction:
    """A fresh copy of the printed tables, every cell of 表三 as if read by OCR."""
    import copy

    out = copy.deepcopy(printed)
    out.notes = []
    return out


def _t3_refs(ext: Extraction) -> set[tuple[str, str, str]]:
    return {("t3", row, col) for row in ext.tables["t3"].rows for col in COLS}


def _doubt(ext: Extraction) -> set[tuple[str, str, str]]:
    return cells_to_doubt(ext, identities_for(ext), _t3_refs(ext), {"t3"})


def test_a_row_the_layout_lost_is_the_only_one_doubted(ext: Extraction) -> None:
    # "其他" 1 read blank all along (its values were put under another label): every column
    # sum fails, every row sum holds — the blank row's 0 = 0 proves nothing.
    lost = ext.tables["t3"].rows["other_1"]
    printed = {col: cell.value for col, cell in zip(COLS, lost)}
    for i, cell in enumerate(lost):
        lost[i] = CellValue(None, "blank", "", cell.loc)
    doubt = _doubt(ext)
    # A column where the row printed 0 still adds up: its blank is not in doubt.
    assert doubt == {("t3", "other_1", col) for col in COLS if printed[col]}, sorted(doubt)
    assert len(doubt) == 6


def test_a_row_read_wrong_is_the_only_one_doubted(ext: Extraction) -> None:
    # "5." of 不予处理 glued and split wrong: its own sum and five column sums fail.
    row = ext.tables["t3"].rows["reject_5"]
    for i, v in enumerate((0, 2, 9, 2, 5, 2, 0)):
        row[i] = CellValue(v, "ok", str(v), row[i].loc)
    doubt = _doubt(ext)
    assert doubt <= {("t3", "reject_5", col) for col in COLS}
    assert {("t3", "reject_5", c) for c in ("commercial", "social", "other", "total")} <= doubt


def test_values_swapped_in_a_row_doubt_their_whole_columns(ext: Extraction) -> None:
    # The row's sum still holds, so it clears both cells: nothing cleared is left to carry
    # the columns' differences, and every cell of both columns is doubted, as before.
    row = ext.tables["t3"].rows["deny_2"]
    row[0], row[1] = CellValue(16, "ok", "16", row[0].loc), CellValue(17, "ok", "17", row[1].loc)
    doubt = _doubt(ext)
    for col in ("natural", "commercial"):
        column = {ref for ref in _t3_refs(ext) if ref[2] == col and ref[1] not in ("new", "carried", "carry_next")}
        assert column <= doubt


def test_a_table_read_right_doubts_nothing(ext: Extraction) -> None:
    assert _doubt(ext) == set()
    assert misfitted_rows(ext, identities_for(ext), _t3_refs(ext)) == set()


def test_a_row_read_one_column_off_is_doubted(ext: Extraction) -> None:
    # Seven numbers for six columns (a column lost from the header): the first six taken,
    # the row's own sum fails — which value was the stray one, no column sum can tell.
    row = ext.tables["t3"].rows["deny_3"]
    values = [c.value for c in row]
    shifted = values[:3] + values[4:] + [values[3]]
    for i, v in enumerate(shifted):
        row[i] = CellValue(v, "ok", str(v), row[i].loc)
    ext.notes.append(Finding("X-EXTRA-VALUES", "warning", "…", [("t3", "deny_3", None)]))
    # The three values before the lost one stand: their columns, over rows read one to a
    # column, still add up. From the shift on, every cell is in doubt.
    assert misfitted_rows(ext, identities_for(ext), _t3_refs(ext)) == {("t3", "deny_3", col) for col in COLS[3:]}


def test_every_row_read_one_column_off_is_doubted_whole(ext: Extraction) -> None:
    # A column lost from the header shifts every row alike: the column sums still hold, over
    # misfitted rows only, and clear nothing (huaian-2024 faxed, 表三).
    for key, row in ext.tables["t3"].rows.items():
        values = [c.value for c in row]
        for i, v in enumerate(values[:3] + values[4:] + [values[3]]):
            row[i] = CellValue(v, "ok", str(v), row[i].loc)
        ext.notes.append(Finding("X-EXTRA-VALUES", "warning", "…", [("t3", key, None)]))
    assert misfitted_rows(ext, identities_for(ext), _t3_refs(ext)) >= {
        ("t3", row, col) for row in ext.tables["t3"].rows for col in COLS[3:]}


def test_a_row_with_values_left_over_whose_sum_holds_stands(ext: Extraction) -> None:
    ext.notes.append(Finding("X-EXTRA-VALUES", "warning", "…", [("t3", "deny_3", None)]))
    assert misfitted_rows(ext, identities_for(ext), _t3_refs(ext)) == set()


def test_a_second_reading_is_doubted_only_where_a_sum_through_it_fails(ext: Extraction) -> None:
    row = ext.tables["t3"].rows["deny_4"]
    row[0] = CellValue(1, "ok", "1", row[0].loc)  # printed 0, read "1" again
    changed = {("t3", "deny_4", "natural"), ("t3", "deny_5", "commercial")}  # deny_5 read again alike
    assert cell_at(ext, ("t3", "deny_5", "commercial")) is not None
    assert failing_through(ext, identities_for(ext), changed) == {("t3", "deny_4", "natural")}
