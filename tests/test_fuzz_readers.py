"""Mutation fuzzing of every reader (issue 7): real and rendered fixtures with bytes flipped,
ranges cut, repeated or spliced in from elsewhere, and — for the containers, where a raw flip
mostly breaks a checksum — the same done to the XML inside the zip or to the operators of an
uncompressed PDF. The only exception allowed out of ``read_document`` is ``ReadError``;
``check_file`` never raises and never hits an internal error of extraction.

Bounded for CI: a fixed number of examples per format, about 20 s in all.
"""

from __future__ import annotations

import io
import logging
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.check import check_file
from core.document import ReadError
from core.readers import read_document
from tests.shared_data import REPO, SEEDS

FIXTURES = REPO / "tests" / "fixtures"
_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                 database=None)

# (kind, where as a fraction of the length, size, payload)
_op = st.tuples(
    st.sampled_from(["flip", "cut", "truncate", "repeat", "splice", "insert"]),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.integers(min_value=1, max_value=4096),
    st.binary(min_size=1, max_size=16),
)
mutations = st.lists(_op, min_size=1, max_size=4)

# Bytes that mean something to one of the parsers, spliced in by "insert".
_TOKENS = [b"<table>", b"</td>", b"<td colspan='999999'>", b"<tr>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;",
           b"<w:tbl>", b"<w:gridSpan w:val='99999'/>", b"<w:vMerge/>", b"<c r='XFD1048576'><v>1</v></c>",
           b"<mergeCell ref='A1:XFD1048576'/>", b"obj", b"endobj", b"stream\n", b"endstream", b"/Filter /FlateDecode",
           b"BT", b"ET", b"Tj", b"q", b"Q", b"cm", b"re f", b"xref", b"trailer", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
           "表三".encode(), "（七）总计".encode("gbk"), b"\r\n\r\n", b"%PDF-1.4", b"PK\x03\x04"]


def mutate(data: bytes, ops: list[tuple[str, float, int, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, where, size, payload in ops:
        if not out:
            out += payload
            continue
        at = min(int(where * len(out)), len(out) - 1)
        if kind == "flip":
            out[at:at + len(payload)] = payload
        elif kind == "cut":
            del out[at:at + size]
        elif kind == "truncate":
            del out[at:]
        elif kind == "repeat":
            out[at:at] = out[at:at + size] * (1 + payload[0] % 4)
        elif kind == "splice":
            source = int(payload[0] / 256 * len(out))
            out[at:at] = out[source:source + size]
        else:
            out[at:at] = _TOKENS[payload[0] % len(_TOKENS)]
    return bytes(out)


def mutate_zip_part(data: bytes, ops: list[tuple[str, float, int, bytes]], pick: int) -> bytes:
    """Mutate one XML part of a DOCX/XLSX and zip it again, so the mutation reaches the XML
    parsers instead of the zip checksum."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in src.namelist() if n.endswith((".xml", ".rels"))]
    target = names[pick % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item.filename, mutate(body, ops) if item.filename == target else body)
    return out.getvalue()


class _Fails(logging.Handler):
    """Collects internal errors check_file logs (and then hides from the user)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_fails = _Fails()
logging.getLogger("core").addHandler(_fails)
_workdir = Path(tempfile.mkdtemp(prefix="fuzz-readers-"))


def exercise(data: bytes, suffix: str) -> None:
    path = _workdir / f"case{suffix}"
    path.write_bytes(data)
    try:
        read_document(path)
    except ReadError as exc:
        assert exc.message and "；" in exc.message
    # anything else propagates and fails the example
    before = len(_fails.records)
    report = check_file(path)
    assert report.status in ("ok", "findings", "unreadable", "not_report")
    if report.status in ("unreadable", "not_report"):
        assert report.error
    new = _fails.records[before:]
    assert not new, f"internal error in check_file: {new[0].getMessage()}"


def _fixtures(folder: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted((FIXTURES / folder).iterdir())]


HTML = _fixtures("html")
DOCX = _fixtures("docx")
XLSX = _fixtures("xlsx")
TXT = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))] + [(REPO / "resources" / "sample" / "示例年报.txt").read_bytes()]


@pytest.fixture(scope="module")
def pdfs() -> list[bytes]:
    """A rendered report, compressed and not (the operators in plain sight), and a real one."""
    from reportlab.pdfgen import canvas

    from tests.render import consistent_tables
    from tests.render_pdf import render_report_pdf
    from tests.shared_data import REAL_PDF

    out = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.pdf"
        render_report_pdf(path, "示例县人民政府", 2023, consistent_tables(6))
        out.append(path.read_bytes())
        original = canvas.Canvas.__init__

        def uncompressed(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            kwargs["pageCompression"] = 0
            original(self, *args, **kwargs)

        canvas.Canvas.__init__ = uncompressed  # type: ignore[method-assign]
        try:
            render_report_pdf(path, "示例县人民政府", 2023, consistent_tables(7))
        finally:
            canvas.Canvas.__init__ = original  # type: ignore[method-assign]
        out.append(path.read_bytes())
    out.append((REAL_PDF / "hongze-2024.pdf").read_bytes())
    return out


@settings(max_examples=150, **_SETTINGS)
@given(st.integers(min_value=0), mutations)
def test_html_reader(pick: int, ops) -> None:  # type: ignore[no-untyped-def]
    exercise(mutate(HTML[pick % len(HTML)], ops), ".html")


@settings(max_examples=120, **_SETTINGS)
@given(st.integers(min_value=0), mutations)
def test_txt_reader(pick: int, ops) -> None:  # type: ignore[no-untyped-def]
    exercise(mutate(TXT[pick % len(TXT)], ops), ".txt")


# Three in four mutations go inside the zip: a raw flip mostly breaks the zip checksum.
_inside = st.sampled_from([True, True, True, False])


@settings(max_examples=80, **_SETTINGS)
@given(st.integers(min_value=0), mutations, _inside)
def test_docx_reader(pick: int, ops, inside: bool) -> None:  # type: ignore[no-untyped-def]
    data = DOCX[pick % len(DOCX)]
    exercise(mutate_zip_part(data, ops, pick) if inside else mutate(data, ops), ".docx")


@settings(max_examples=80, **_SETTINGS)
@given(st.integers(min_value=0), mutations, _inside)
def test_xlsx_reader(pick: int, ops, inside: bool) -> None:  # type: ignore[no-untyped-def]
    data = XLSX[pick % len(XLSX)]
    exercise(mutate_zip_part(data, ops, pick) if inside else mutate(data, ops), ".xlsx")


@settings(max_examples=30, **_SETTINGS)
@given(data=st.data())
def test_pdf_reader(pdfs: list[bytes], data) -> None:  # type: ignore[no-untyped-def]
    # Mostly the uncompressed rendering: there the mutations hit the operators and objects.
    source = pdfs[data.draw(st.sampled_from([0, 1, 1, 1, 2]))]
    exercise(mutate(source, data.draw(mutations)), ".pdf")


def test_mutations_reach_the_parsers() -> None:
    """Guard the fuzzer itself: inside-the-zip mutations keep a valid zip, and a flipped
    fixture still differs from the original."""
    ops = [("insert", 0.5, 10, b"\x05")]
    mutated = mutate_zip_part(DOCX[0], ops, 3)
    assert zipfile.ZipFile(io.BytesIO(mutated)).testzip() is None
    assert mutate(HTML[0], [("flip", 0.3, 1, b"\x00")]) != HTML[0]
