"""A reading note is settled once a person has typed or confirmed every cell it names
(issue 27): "filling an unread cell leaves its warning" no more — and only the reader's notes
go; the rules still check the values typed."""

from __future__ import annotations

from core.check import check_extraction, check_file
from tests.shared_data import seed


def test_typing_a_short_rows_numbers_settles_its_note_and_the_rules_still_check() -> None:
    report = check_file(str(seed("000")))  # a scrape that lost cells: rows read short
    note = next(f for f in report.findings if f.rule == "X-SHORT-ROW" and f.cells == [("t3", "new", None)])
    ext = report.extraction
    assert ext is not None
    cells = ext.tables["t3"].rows["new"]
    # The clerk types each cell of the row as the original prints it (here: what was read or inferred).
    for index, cell in enumerate(list(cells)):
        ext = ext.with_value("t3", "new", index, cell.value)
    after = check_extraction(ext)
    assert note not in after and not any(f.rule == "X-SHORT-ROW" and f.cells == note.cells for f in after)
    assert sum(f.rule == "X-SHORT-ROW" for f in after) == sum(f.rule == "X-SHORT-ROW" for f in report.findings) - 1
    # A wrong number typed there is an arithmetic error like any other.
    wrong = ext.with_value("t3", "new", 0, (cells[0].value or 0) + 5)
    assert any(f.rule == "T3-ROW" and ("t3", "new", "total") in f.cells for f in check_extraction(wrong))
