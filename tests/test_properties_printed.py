"""Properties of reading what is printed (issue #15): random tables with one wrong total,
rendered the two ways that used to make readers lean on the identities — a scrape with
every cell run together, one digit a cell, and a borderless PDF whose narrow label column
wraps each row label over several lines, across a page break — read back exactly as
printed, and the wrong total reported as an error at that cell."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.check import check_file
from core.template import TEMPLATE_2021
from tests.render_pdf import render_report_pdf
from tests.render_scrape import render_scrape

Tables = dict[str, dict[str, list]]

_OUTCOMES = [r.key for r in TEMPLATE_2021.t3.rows if r.key not in ("new", "carried", "total", "carry_next")]


def one_digit_tables(rng: random.Random) -> Tables:
    """Consistent tables in which every cell, totals too, is a single digit: a town office
    with a handful of requests."""
    cols = 6
    t3 = {key: [0] * cols for key in TEMPLATE_2021.t3.row_keys}
    for _ in range(rng.randint(0, 6)):
        t3[rng.choice(_OUTCOMES)][rng.randrange(cols)] += 1
    for key in _OUTCOMES:
        for j in range(cols):
            t3["total"][j] += t3[key][j]
    for _ in range(rng.randint(0, 9 - sum(t3["total"]))):
        t3["carry_next"][rng.randrange(cols)] += 1
    t3["new"] = [t3["total"][j] + t3["carry_next"][j] for j in range(cols)]
    t3 = {key: values + [sum(values)] for key, values in t3.items()}
    t4 = {}
    for row in TEMPLATE_2021.t4.rows:
        parts = [0, 0, 0, 0]
        for _ in range(rng.randint(0, 3)):
            parts[rng.randrange(4)] += 1
        t4[row.key] = parts + [sum(parts)]
    t2 = {"regulations": [0, 0, 0], "normative_docs": [rng.randint(0, 4), 0, rng.randint(5, 9)],
          "licensing": [rng.randint(0, 9)], "punishment": [rng.randint(0, 9)], "coercion": [rng.randint(0, 9)], "fees": [0]}
    return {"t2": t2, "t3": t3, "t4": t4}


def with_wrong_total(tables: Tables, rng: random.Random) -> tuple[Tables, str]:
    row = rng.choice(list(tables["t3"]))
    right = tables["t3"][row][-1]
    tables["t3"][row][-1] = rng.choice([d for d in range(10) if d != right])
    return tables, row


def _assert_read_as_printed(path: Path, tables: Tables, row: str) -> None:
    r = check_file(path)
    read = r.to_json()["tables"]
    assert read["t3"] == tables["t3"]
    assert read["t4"] == tables["t4"]
    errors = [f for f in r.findings if f.severity == "error" and ("t3", row, "total") in f.cells]
    assert errors, [(f.rule, f.severity, f.cells[:3]) for f in r.findings]
    assert not [f for f in r.findings if f.rule in ("S-ROWS", "S-EXTRA", "X-SHORT-ROW")]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_glued_one_digit_rows_with_a_wrong_total(seed: int) -> None:
    rng = random.Random(seed)
    tables, row = with_wrong_total(one_digit_tables(rng), rng)
    with tempfile.TemporaryDirectory() as d:
        path = render_scrape(Path(d) / "report.txt", "某镇人民政府", 2025, tables)
        _assert_read_as_printed(path, tables, row)


@pytest.mark.slow
@settings(max_examples=4, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31),
       widths=st.sampled_from([(24.0, 40.0, 40.0), (20.0, 30.0, 36.0), (24.0, 36.0, 48.0)]),
       valign=st.sampled_from(["top", "labels-top", "middle"]),
       split_row=st.sampled_from(["other_1", "other_2", "unable_2", "deny_1"]))
def test_borderless_wrapped_label_pdf_with_a_wrong_total(seed: int, widths: tuple[float, float, float], valign: str,
                                                         split_row: str) -> None:
    rng = random.Random(seed)
    tables, row = with_wrong_total(one_digit_tables(rng), rng)
    with tempfile.TemporaryDirectory() as d:
        path = render_report_pdf(Path(d) / "report.pdf", "某县某局", 2025, tables, ruled=False, split_across_pages=True,
                                 t3_label_widths=widths, valign=valign, split_row=split_row)
        _assert_read_as_printed(path, tables, row)
