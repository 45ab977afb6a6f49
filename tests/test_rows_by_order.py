"""Rows whose labels could not be read are placed by the template's row order (issue 23).

A scan's small type can come out of the OCR past knowing ("5.属于三类内部事务信息" read
"5属T黄内基事务德息" at 100 dpi, dev seed 49). Between two rows that were read, unknown labels with
numbers as many as the template rows missing there are those rows, in order; a clerk is told
which rows were placed so. The real text here is 沭阳县 2025 (tests/data/real-text/001.txt)
with two of its labels replaced by what the OCR made of them."""

from __future__ import annotations

from pathlib import Path

from core.check import check_file
from tests.shared_data import REAL_TEXT

GARBLED = {"3. 危及“三安全一稳定”": "危汲“三妄全一稳定”", "5. 属于三类内部事务信息": "属手三美内部务信息"}


def _report(tmp_path: Path, replace: dict[str, str], extra: str = ""):  # type: ignore[no-untyped-def]
    text = (REAL_TEXT / "001.txt").read_text(encoding="utf-8")
    for printed, read in replace.items():
        assert printed in text
        text = text.replace(printed, read)
    if extra:
        text = text.replace("| 4. 保护第三方合法权益 |", extra + "\n| 4. 保护第三方合法权益 |")
    path = tmp_path / "001-garbled.txt"
    path.write_text(text, encoding="utf-8")
    return check_file(path)


def test_unread_labels_between_read_rows_take_the_template_rows_in_order(tmp_path: Path) -> None:
    clean = check_file(REAL_TEXT / "001.txt").extraction
    report = _report(tmp_path, GARBLED)
    rows = report.extraction.tables["t3"].rows
    for key in ("deny_3", "deny_5"):
        assert [c.value for c in rows[key]] == [c.value for c in clean.tables["t3"].rows[key]]
    assert [c.value for c in rows["deny_5"]][0] == 13
    placed = [f for f in report.findings if f.rule == "X-DETACHED"]
    assert placed and "按模板行序" in placed[0].message and "危及" in placed[0].message
    assert not any(f.rule == "S-ROWS" and "危及" in f.message for f in report.findings)


def test_nothing_is_placed_when_the_count_differs(tmp_path: Path) -> None:
    # One unknown row too many between 2. and 4.: which is 3.? The text does not say.
    report = _report(tmp_path, {"3. 危及“三安全一稳定”": "危汲“三妄全一稳定”"}, extra="| 乱码一行 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |")
    rows = report.extraction.tables["t3"].rows
    assert "deny_3" not in rows or all(c.value is None for c in rows["deny_3"])
    assert not any(f.rule == "X-DETACHED" for f in report.findings)
