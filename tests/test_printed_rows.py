"""A row whose label is printed is never "缺少" (issue 24). Each case is a report in the shape
scrapes leave it (tests/data/real-text/008–014, 平潭: every cell of a row run together with no
separator), built by tests/render_scrape.py, and each failed before: the row was reported
missing, the report "incomplete", though every label is on the page.

A row whose digits cannot be placed is a reading warning at that row (X-SHORT-ROW), and the
identities through its cells cannot be checked — never an error against the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.check import check_file
from core.model import Report
from tests.render_scrape import scrape_text
from tests.test_read_as_printed import small_tables

AGENCY = "某镇人民政府"


def _check(tmp_path: Path, text: str) -> Report:
    path = tmp_path / "scrape.txt"
    path.write_text(text, encoding="utf-8")
    return check_file(path)


def _rules(report: Report, severity: str | None = None) -> list[str]:
    return [f.rule for f in report.findings if severity is None or f.severity == severity]


@pytest.mark.parametrize("glue", [" ", ""], ids=["space", "no-space"])
@pytest.mark.parametrize("carry_next", [[0] * 7, [1, 0, 0, 0, 0, 0, 1]], ids=["zeros", "one"])
def test_last_row_one_cell_short_right_before_heading_four_is_read(tmp_path: Path, glue: str, carry_next: list[int]) -> None:
    """"四、结转下年度继续办理100000 四、政府信息公开行政复议…": table 三's last row, a cell
    short, its digits run into the next section's heading. Its own "四、" is a row, not the
    heading of part 四."""
    tables = small_tables()
    tables["t3"]["carry_next"] = carry_next
    tables["t3"]["new"] = [2 + carry_next[0], 1, 0, 0, 0, 0, 3 + carry_next[6]]
    printed = "".join(map(str, carry_next[:6]))  # the 总计 cell lost
    text = scrape_text(AGENCY, 2025, tables, printed={("t3", "carry_next"): printed})
    text = text.replace(f"{printed} 四、政府信息公开", f"{printed}{glue}四、政府信息公开")
    report = _check(tmp_path, text)
    assert "S-ROWS" not in _rules(report)
    assert _rules(report, "error") == []
    ext = report.extraction
    assert [c.value for c in ext.tables["t3"].rows["carry_next"][:6]] == carry_next[:6]
    assert "carry_next" in {f.cells[0][1] for f in report.findings if f.rule == "X-SHORT-ROW"}
    # Part 四 starts at its own heading: table 四 is read under it.
    assert ext.meta.sections["四"][0].startswith("四、政府信息公开行政复议")
    assert report.to_json()["tables"]["t4"] == tables["t4"]


@pytest.mark.parametrize("blank", [("deny_1", "deny_2"), ("partial", "deny_1"), ("deny_7", "deny_8"),
                                   ("reject_3", "reject_4"), ("other_1", "other_2")])
def test_two_rows_printed_without_digits_keep_their_place(tmp_path: Path, blank: tuple[str, str]) -> None:
    """Two rows printed blank: their labels run together with the next row's
    ("1.属于国家秘密2.其他法律行政法规禁止公开3.危及…1000001"). The next row keeps its own
    digits; the two rows are there, unread, each with a reading warning."""
    tables = small_tables()
    tables["t3"]["deny_3"] = [1, 0, 0, 0, 0, 0, 1]
    tables["t3"]["granted"] = [0, 1, 0, 0, 0, 0, 1]
    tables["t3"]["other_3"] = [1, 0, 0, 0, 0, 0, 1]
    tables["t3"]["unable_1"] = [0, 0, 0, 0, 0, 0, 0]
    report = _check(tmp_path, scrape_text(AGENCY, 2025, tables, printed={("t3", key): "" for key in blank}))
    assert "S-ROWS" not in _rules(report) and "S-EXTRA" not in _rules(report)
    assert _rules(report, "error") == []
    t3 = report.to_json()["tables"]["t3"]
    for key, values in tables["t3"].items():
        if key in blank:
            assert t3[key] == [None] * 7, key
        else:
            assert t3[key] == values, key
    short = {f.cells[0][1] for f in report.findings if f.rule == "X-SHORT-ROW"}
    assert short == set(blank)
    assert all("没有读到数字" in f.message for f in report.findings if f.rule == "X-SHORT-ROW")


# Borderless PDF tables (a Word table without borders, exported): label columns so narrow that
# a label wraps over three to twelve lines ("1.申请" "人无" "正当" "理由" …), the group
# caption wrapped beside it in the same column band ("（六）" "其他处" "理"), a lone "无" on a
# line of its own, numbers centred beside the label's middle lines. Each case came back as
# "表三缺少 N 行" with the label's pieces as S-EXTRA rows; each row is printed.
WRAPPED = [
    ((24.0, 36.0, 35.0), "middle"),
    ((24.0, 36.0, 35.0), "labels-top"),
    ((24.0, 30.0, 24.0), "middle"),
    ((24.0, 30.0, 24.0), "labels-top"),
    ((20.0, 30.0, 26.0), "middle"),
    ((30.0, 40.0, 26.0), "middle"),
    ((30.0, 40.0, 26.0), "labels-top"),
]


@pytest.mark.parametrize("widths, valign", WRAPPED, ids=[f"{w[1]:g}-{w[2]:g}-{v}" for w, v in WRAPPED])
def test_labels_wrapped_in_a_narrow_column_are_rows_by_their_number_and_order(tmp_path: Path, widths, valign: str) -> None:  # type: ignore[no-untyped-def]
    from tests.render import consistent_tables
    from tests.render_pdf import render_report_pdf

    tables = consistent_tables(7)
    report = check_file(render_report_pdf(tmp_path / "r.pdf", "某县某局", 2025, tables, ruled=False,
                                          t3_label_widths=widths, valign=valign))
    assert report.to_json()["tables"]["t3"] == tables["t3"]
    assert not [f.message for f in report.findings if f.rule in ("S-ROWS", "S-EXTRA", "S-LABEL", "X-SHORT-ROW")]
    assert _rules(report, "error") == []


@pytest.mark.parametrize("degrees, inherited", [(90, False), (180, False), (270, False), (90, True)],
                         ids=["rotate-90", "rotate-180", "rotate-270", "rotate-90-inherited"])
@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "borderless"])
def test_page_content_drawn_turned_and_shown_upright_by_rotate_reads_as_upright(tmp_path: Path, degrees: int,
                                                                               inherited: bool, ruled: bool) -> None:
    """Every page's content drawn turned, /Rotate turning it back (on the page, or inherited
    from the page tree): the page renders exactly like the upright one and reads the same.
    (The shape issue 24 names, "未读到表三", did not reproduce with these builders nor with
    the real PDFs turned (test_hostile_round2); this keeps it that way.)"""
    from tests.pdf_rotate import rotated_pdf
    from tests.render import consistent_tables
    from tests.render_pdf import render_report_pdf

    tables = consistent_tables(5)
    upright = render_report_pdf(tmp_path / "upright.pdf", "某县某局", 2025, tables, ruled=ruled)
    turned = tmp_path / "turned.pdf"
    turned.write_bytes(rotated_pdf(upright.read_bytes(), degrees, inherited=inherited))
    a, b = check_file(upright), check_file(turned)
    assert b.status == a.status and "t3" in b.to_json()["tables"]
    assert b.to_json()["tables"] == a.to_json()["tables"]
    assert [(f.rule, f.severity) for f in b.findings] == [(f.rule, f.severity) for f in a.findings]
