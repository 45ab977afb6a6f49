"""Section headings as printed: the numeral and the official words are the heading even when
the enumeration comma is a space or lost (a scan's small "、"), but only at a line's start."""

from pathlib import Path

from core.check import check_file
from tests.shared_data import seed


def _sections(tmp_path: Path, old: str, new: str) -> dict[str, str]:
    text = seed("000").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "报告.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return {f.cells[0][1]: f.message for f in check_file(path).findings if f.rule == "S-SECTIONS"}


def test_the_printed_seed_has_all_six_sections(tmp_path: Path) -> None:
    assert _sections(tmp_path, "一、总体情况", "一、总体情况") == {}


def test_a_heading_with_a_space_or_no_comma_is_still_the_heading(tmp_path: Path) -> None:
    assert _sections(tmp_path, "\n一、总体情况", "\n一 总体情况") == {}
    assert _sections(tmp_path, "\n二、主动公开政府信息情况", "\n二主动公开政府信息情况") == {}


def test_the_words_inside_a_line_are_not_a_heading(tmp_path: Path) -> None:
    found = _sections(tmp_path, "\n一、总体情况", "\n统一总体情况")
    assert "一" in found and "缺少第一部分" in found["一"]
