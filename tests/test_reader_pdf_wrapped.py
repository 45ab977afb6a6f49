"""Borderless PDF tables whose row labels wrap over three to six lines in a narrow label
column (a Word table without borders, exported to PDF), across a page break (issue #15).
The first rows of a group used to lose their numbers to the label lines above them and
came back as "S-ROWS 缺少 N 行" plus S-EXTRA "1.属于"."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.check import check_file
from tests.render import consistent_tables
from tests.render_pdf import render_report_pdf

CASES = [
    # label columns (pt), cell alignment, the row a page break cuts through
    ((24.0, 36.0, 48.0), "labels-top", None),  # "1.信访举/报投诉类/申请" above and below its numbers
    ((24.0, 40.0, 40.0), "top", "other_1"),  # "1.申请" and the numbers on one page, the rest on the next
    ((20.0, 30.0, 36.0), "labels-top", "other_1"),
    ((24.0, 36.0, 48.0), "middle", "other_2"),
]


@pytest.mark.parametrize("widths, valign, split_row", CASES)
def test_wrapped_labels_keep_their_numbers(tmp_path: Path, widths, valign: str, split_row: str | None) -> None:  # type: ignore[no-untyped-def]
    tables = consistent_tables(7)
    path = render_report_pdf(tmp_path / "r.pdf", "某县某局", 2025, tables, ruled=False, split_across_pages=split_row is not None,
                             t3_label_widths=widths, valign=valign, split_row=split_row)
    r = check_file(path)
    t3 = r.extraction.tables["t3"]
    for key, printed in tables["t3"].items():
        assert [c.value for c in t3.rows[key]] == printed, key
    assert len({loc.page for loc in t3.row_locs.values()}) >= 2  # the table runs over a page break
    assert not [f for f in r.findings if f.rule in ("S-ROWS", "S-EXTRA", "S-LABEL", "X-SHORT-ROW")]
    assert not [f for f in r.findings if f.severity == "error"]
