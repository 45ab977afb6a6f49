"""X-SPLIT (issue 24): a row that fails where two neighbouring one-digit cells read as one
number would make it hold is told so at those cells — a suggested reading, a warning, never a
change of the printed values. Reports rendered from consistent tables (tests/render.py)."""

from __future__ import annotations

from pathlib import Path

from core.check import check_file
from core.model import Report
from tests.render import consistent_tables, render_txt

AGENCY = "示例县交通运输局"


def _tables(seed: int) -> dict:
    tables = consistent_tables(seed)
    tables["t2"]["regulations"] = [0, 0, 0]
    return tables


def _set(t3: dict, row: str, col: int, value: int) -> None:
    """Change one cell and every total through it, so the tables stay consistent."""
    delta = value - t3[row][col]
    t3[row][col] = value
    for key in (row, "total", "new") if row not in ("new", "total") else (row,):
        if key != row:
            t3[key][col] += delta
        t3[key][6] += delta


def _split(report: Report) -> list:
    return [f for f in report.findings if f.rule == "X-SPLIT"]


def test_twelve_printed_as_one_and_two_in_neighbouring_cells_is_a_suggested_reading(tmp_path: Path) -> None:
    tables = _tables(3)
    t3 = tables["t3"]
    _set(t3, "granted", 0, 12)
    _set(t3, "granted", 1, 0)
    clean = check_file(render_txt(tmp_path / "clean.txt", AGENCY, 2023, tables))
    assert [f.rule for f in clean.findings if f.severity != "info"] == []
    t3["granted"][0], t3["granted"][1] = 1, 2  # 12 | 0 recognised as 1 | 2
    report = check_file(render_txt(tmp_path / "split.txt", AGENCY, 2023, tables))
    found = _split(report)
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning" and f.cells == [("t3", "granted", "natural"), ("t3", "granted", "commercial")]
    assert "同一个数 12" in f.message and "读作“自然人”12、“商业企业”0" in f.message
    assert f.fix is None and f.culprit is None and not f.fixes  # nothing for "采用建议值" to write
    # The printed values stay, and so do the errors on them.
    assert report.to_json()["tables"]["t3"]["granted"][:2] == [1, 2]
    assert "T3-ROW" in {e.rule for e in report.findings if e.severity == "error"}


def test_a_row_no_neighbouring_pair_explains_has_no_suggestion(tmp_path: Path) -> None:
    tables = _tables(4)
    tables["t3"]["granted"][6] += 7  # a wrong total: no two digits make it hold
    report = check_file(render_txt(tmp_path / "r.txt", AGENCY, 2023, tables))
    assert "T3-ROW" in {f.rule for f in report.findings if f.severity == "error"}
    assert _split(report) == []


def test_two_pairs_that_each_explain_the_row_make_no_suggestion(tmp_path: Path) -> None:
    """1 | 1 | 1 with total 12 fits both "11" + 1 and 1 + "11": a guess among two is no lead."""
    tables = _tables(6)
    t3 = tables["t3"]
    for col, value in enumerate((1, 1, 1, 0, 0, 0)):
        _set(t3, "partial", col, value)
    t3["partial"][6] = 12
    report = check_file(render_txt(tmp_path / "r.txt", AGENCY, 2023, tables))
    assert "T3-ROW" in {f.rule for f in report.findings if f.severity == "error"}
    assert _split(report) == []


def test_real_reports_get_no_suggestion() -> None:
    """The real reports of tests/data (their failing sums are real mistakes or reading
    problems, none a split number) and the bundled sample: no X-SPLIT lead anywhere."""
    from tests.shared_data import REAL_PDF, REAL_TEXT, REPO, SEEDS

    paths = [*sorted(SEEDS.glob("*.txt")), *sorted(REAL_TEXT.glob("*.txt")), *sorted(REAL_PDF.glob("*.pdf")),
             REPO / "resources" / "sample" / "示例年报.txt"]
    assert len(paths) == 21
    assert [str(p) for p in paths if _split(check_file(p))] == []
