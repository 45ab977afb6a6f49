"""Table 四's numbers are its one data row (issue 23). On a 100-dpi scan (dev seed 49,
hongze-2024) two header cells "总计" were read as "81" and "00": seventeen numbers for
fifteen cells, and taking the first fifteen moved every value along a column — nine cells
confidently wrong. The one printed row with exactly fifteen numbers is the data."""

from __future__ import annotations

from core.document import Location
from core.extract.table4 import parse_t4
from core.tokens import Token


def _tok(kind: str, text: str, row: int, value: int | None = None) -> Token:
    return Token(kind, text, text, Location(page=4, table=1, row=row), value=value, row_id=row)  # type: ignore[arg-type]


def _table(header_noise: list[str]) -> list[Token]:
    toks = [_tok("label", "行政复议", 0), _tok("label", "行政诉讼", 0)]
    toks += [_tok("label", w, 1) for w in ("结果维持", "结果纠正", "其他结果", "尚未审结")]
    toks += [_tok("number", n, 1, int(n)) for n in header_noise]
    toks += [_tok("label", w, 1) for w in ("未经复议直接起诉", "复议后起诉")]
    printed = [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]
    return toks + [_tok("number", str(v), 2, v) for v in printed]


def test_header_words_read_as_digits_do_not_move_the_data_row() -> None:
    result = parse_t4(_table(["81", "00"]))
    assert result.table is not None
    rows = result.table.rows
    assert [c.value for c in rows["review"]] == [1, 1, 0, 0, 2]
    assert [c.value for c in rows["litigation_after_review"]] == [2, 0, 1, 0, 3]
    assert not any(n.rule == "X-EXTRA-VALUES" for n in result.notes)


def test_extra_numbers_with_no_row_of_fifteen_are_still_said() -> None:
    toks = _table([])
    toks.insert(len(toks) - 3, _tok("number", "7", 2, 7))  # sixteen in the data row itself
    result = parse_t4(toks)
    assert any(n.rule == "X-EXTRA-VALUES" for n in result.notes)
