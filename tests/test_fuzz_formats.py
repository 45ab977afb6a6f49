"""Mutation fuzzing of the readers of issue 25 — Word 97/WPS binaries, BIFF workbooks, OFD
packages — the same way as tests/test_fuzz_readers.py: the only exception allowed out of
``read_document`` is ``ReadError``, ``check_file`` never raises. A compound file has no
checksum, so raw mutations reach the piece table, the property pages and the BIFF records;
for OFD three in four mutations go into an XML part inside the zip."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_fuzz_readers import _SETTINGS, exercise, mutate, mutate_zip_part, mutations

DATA = Path(__file__).parent / "data"
DOC = [(DATA / "office-binary" / n).read_bytes() for n in ("report_2019.doc", "report_2021_nested.doc", "notice.doc")]
XLS = [(DATA / "office-binary" / n).read_bytes() for n in ("report_2019.xls", "report_2021_text_numbers.xls")]
OFD = [(DATA / "real-ofd" / n).read_bytes() for n in ("n.ofd", "signout.ofd", "path_unstd.ofd")]


@settings(max_examples=80, **_SETTINGS)
@given(st.integers(min_value=0), mutations)
def test_word97_reader(pick: int, ops) -> None:  # type: ignore[no-untyped-def]
    exercise(mutate(DOC[pick % len(DOC)], ops), ".doc")


@settings(max_examples=60, **_SETTINGS)
@given(st.integers(min_value=0), mutations)
def test_biff_reader(pick: int, ops) -> None:  # type: ignore[no-untyped-def]
    exercise(mutate(XLS[pick % len(XLS)], ops), ".xls")


@settings(max_examples=60, **_SETTINGS)
@given(st.integers(min_value=0), mutations, st.sampled_from([True, True, True, False]))
def test_ofd_reader(pick: int, ops, inside: bool) -> None:  # type: ignore[no-untyped-def]
    data = OFD[pick % len(OFD)]
    exercise(mutate_zip_part(data, ops, pick) if inside else mutate(data, ops), ".ofd")
