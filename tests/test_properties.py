"""Properties through the whole checker, for every format a report is rendered in
(tests/render.py: HTML in UTF-8 or GBK, DOCX with nested tables, XLSX with numbers stored as
text, TXT): random consistent tables read back exactly with no error, and one changed cell
of table 三 or 四 is named by an error finding at that cell."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.render import assert_change_reported, assert_reads_back

FORMATS = ["html", "docx", "xlsx", "txt"]
_SEEDS = st.integers(min_value=0, max_value=2**31)
_VERSIONS = st.sampled_from(["2021", "2019"])


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=20, deadline=None)
@given(seed=_SEEDS, version=_VERSIONS)
def test_random_consistent_report_reads_back_exactly(fmt: str, seed: int, version: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        assert_reads_back(fmt, Path(d), seed, version)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=20, deadline=None)
@given(seed=_SEEDS, version=_VERSIONS)
def test_single_cell_change_is_reported_at_that_cell(fmt: str, seed: int, version: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        assert_change_reported(fmt, Path(d), seed, version)
