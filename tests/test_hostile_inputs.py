"""Hostile and broken inputs (issue 7): every file of tests/hostile.py is answered with a
one-sentence Chinese message saying what is wrong and what to do, status ``unreadable``,
exit status 2 from the CLI, no traceback, in bounded time and memory — and the readable
ones are read."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.check import check_file
from core.document import ReadError
from core.readers import Cancelled, read_document
from tests import hostile
from tests.hostile import CASES, SAMPLE
from tests.shared_data import REPO

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Anything a library would print: a message must be ours, not an exception's text.
FOREIGN = re.compile(r"Traceback|Error\b|Exception|errno|\bline \d+|0x[0-9a-f]{4}|\\x[0-9a-f]{2}|[A-Za-z]+\.py\b")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile.build(tmp_path_factory.mktemp("hostile"))


def assert_clear_message(message: str | None, keywords: tuple[str, ...]) -> None:
    assert message, "an unreadable file needs a message"
    # One sentence: what is wrong, a semicolon, what to do.
    assert message.endswith("。") and message.count("。") == 1, message
    assert "；" in message and CHINESE.search(message.split("；")[-1]), message
    assert not FOREIGN.search(message), message
    for word in keywords:
        assert word in message, f"{word!r} not in {message!r}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_file_answers_every_hostile_input(corpus: dict[str, Path], case: hostile.Case) -> None:
    # No clock here: a hang is caught by the suite's timeout, each case's time is measured
    # by benchmarks/bench_hostile.py, and the limits that keep them short have tests of their
    # own below.
    report = check_file(corpus[case.name])
    if case.readable:
        # Read without an error; a few cases print only an English line, which is no report
        # (issue 25) — read all the same.
        assert report.status in ("ok", "findings", "not_report"), report.error
        assert report.extraction is not None or (report.status == "not_report" and report.document is not None)
    else:
        assert report.status == "unreadable"
        assert report.extraction is None and report.findings == []
        assert_clear_message(report.error, case.keywords)
        assert report.to_json()["tables"] == {}


def test_cli_one_json_line_per_file_exit_2_no_traceback(corpus: dict[str, Path]) -> None:
    """The whole corpus in one run, as a supervisor would run it on an inbox (a folder
    given to the CLI is expanded to the reports inside it, so that case is left out)."""
    cases = [c for c in CASES if c.name != "folder"]
    files = [str(corpus[c.name]) for c in cases]
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "check", "--json", *files], cwd=REPO,
                          capture_output=True, timeout=300)
    assert done.returncode == 2
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr and "Error" not in stderr, stderr[-2000:]
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(files)
    for case, path, line in zip(cases, files, lines):
        obj = json.loads(line)
        assert obj["file"] == path
        if case.readable:
            assert obj["status"] in ("ok", "findings", "not_report"), (case.name, obj["error"])
        else:
            assert obj["status"] == "unreadable", case.name
            assert obj["tables"] == {} and obj["findings"] == []
            assert_clear_message(obj["error"], case.keywords)


# check_file over the files in a fresh process (the window's single-file path), reporting
# that process's peak memory. VmHWM belongs to the child's own address space, unlike its
# ru_maxrss, which a fork inherits from a large test process.
_MEASURED = """
import re, sys
sys.path.insert(0, ".")
from core.check import check_file
for name in sys.argv[1:]:
    check_file(name)
try:
    peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
except (OSError, AttributeError):
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak)
"""


def test_memory_stays_bounded_over_the_whole_corpus(corpus: dict[str, Path]) -> None:
    """Whatever the corpus asks for (a 200 MB PDF bomb, a 50 MB page, a 64 MB DOCX bomb),
    one process checking every file stays within a few hundred MB."""
    files = [str(corpus[c.name]) for c in CASES]
    done = subprocess.run([sys.executable, "-c", _MEASURED, *files], cwd=REPO, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8")[-2000:]
    peak_mb = int(done.stdout.split()[-1]) / 1024
    print(f"\ncheck_file over {len(files)} hostile files in one process: peak memory {peak_mb:.0f} MB")
    assert peak_mb < 400


def test_export_refuses_unreadable_with_exit_2(corpus: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "export", str(corpus["docx_password"]), "-o", str(out)],
                          cwd=REPO, capture_output=True, timeout=60)
    assert done.returncode == 2
    stderr = done.stderr.decode("utf-8")
    assert "密码" in stderr and "Traceback" not in stderr
    assert not out.exists()


# ---------------------------------------------------------------------------------------
# Mixed and broken encodings


def test_mixed_encoding_reads_like_the_utf8_original(corpus: dict[str, Path]) -> None:
    from core.readers.encoding import MIXED_NOTE

    mixed = check_file(corpus["mixed_encoding_txt"])
    original = check_file(SAMPLE)
    assert mixed.document is not None and original.document is not None
    assert mixed.document.source_text == original.document.source_text.replace("\r\n", "\n")
    assert MIXED_NOTE in mixed.document.notes
    # The same findings as the original, plus the reader's note told to the user.
    note = [f for f in mixed.findings if f.rule == "X-READ"]
    assert [(f.severity, f.message) for f in note] == [("info", MIXED_NOTE)]
    assert [(f.rule, f.message) for f in mixed.findings if f.rule != "X-READ"] == [(f.rule, f.message) for f in original.findings]


def test_pure_gbk_file_is_not_taken_for_a_mix(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gbk"))
    doc = read_document(path)
    assert doc.notes == [] and "示例市自然资源和规划局" in doc.source_text


def test_text_saved_after_a_wrong_decoding_is_refused_as_garbled(tmp_path: Path) -> None:
    """UTF-8 opened as GBK and saved again: every decoding gives rare characters."""
    mojibake = SAMPLE.read_text(encoding="utf-8").encode("utf-8").decode("gb18030", "replace")
    path = tmp_path / "x.txt"
    path.write_bytes(mojibake.encode("gb18030"))
    report = check_file(path)
    assert report.status == "unreadable"
    assert_clear_message(report.error, ("乱码", "UTF-8"))


# ---------------------------------------------------------------------------------------
# Files that change under the reader


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "html", "txt"])
def test_file_replaced_while_being_read_is_read_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """The readers parse the bytes read once: a file overwritten (or deleted) right after it
    was read does not leak into the result."""
    import core.readers as readers
    from tests.render import consistent_tables, render_format
    from tests.render_pdf import render_report_pdf

    path = tmp_path / f"report.{fmt}"
    tables = consistent_tables(4)
    if fmt == "pdf":
        render_report_pdf(path, hostile.AGENCY, 2023, tables)
    else:
        render_format(fmt, path, hostile.AGENCY, 2023, tables, "2021")
    expected = check_file(path)
    assert expected.status != "unreadable"
    real = readers.read_bytes

    def read_then_replace(p: Path) -> bytes:
        data = real(p)
        p.write_bytes(os.urandom(len(data)))  # another program saves over it…
        return data

    monkeypatch.setattr(readers, "read_bytes", read_then_replace)
    report = check_file(path)
    assert report.status == expected.status
    assert report.to_json()["tables"] == expected.to_json()["tables"]


def test_file_deleted_after_reading_still_exports(tmp_path: Path) -> None:
    from core.export.workbook import ExportError, write_corrected_workbook
    from tests.render import consistent_tables, render_xlsx

    source = tmp_path / "年报 2023.xlsx"
    render_xlsx(source, hostile.AGENCY, 2023, consistent_tables(3))
    original = source.read_bytes()
    report = check_file(source)
    assert report.status != "unreadable"
    # An export over its own source is refused, and the source is untouched…
    with pytest.raises(ExportError) as err:
        write_corrected_workbook(report, source)
    assert "原始报告" in err.value.message
    assert source.read_bytes() == original
    # …and once read, the source may disappear: the export needs only the report.
    source.unlink()
    out = write_corrected_workbook(report, tmp_path / "修正.xlsx")
    assert out.exists() and out.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == ["修正.xlsx"]  # no temporary file left behind


def test_file_vanishing_between_stat_and_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gone.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    real_open = os.open

    def vanish(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(name) == path:
            path.unlink()
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", vanish)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "找不到" in err.value.message


# ---------------------------------------------------------------------------------------
# Limits, each with its own message


def test_time_limit_message_names_the_pages_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.limits as limits

    path = tmp_path / "long.pdf"
    hostile.long_pdf(path, 12)
    monkeypatch.setattr(limits, "READ_TIME_LIMIT_S", 0.0)
    report = check_file(path)
    assert report.status == "unreadable"
    assert_clear_message(report.error, ("0 秒", "另存为 PDF"))
    # Past the deadline between pages: the message says how far it got.
    calls = {"n": 0}

    def expired(self) -> bool:  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return calls["n"] > 12 + 3  # past the 12 pages found, a little way into the reading

    monkeypatch.setattr(limits.Deadline, "expired", expired)
    message = check_file(path).error
    assert_clear_message(message, ("/12 页",))
    assert re.search(r"已读 [1-9]\d*/12 页", message or ""), message


def test_time_limit_is_also_checked_inside_a_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A single slow page cannot run on past the deadline: the layout checks it too."""
    import core.limits as limits

    path = tmp_path / "long.pdf"
    hostile.long_pdf(path, 3, table=True)
    calls = {"n": 0}

    def expired(self) -> bool:  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return calls["n"] > 3 + 1  # finding the 3 pages, before page 1; over time inside it

    monkeypatch.setattr(limits.Deadline, "expired", expired)
    report = check_file(path)
    assert report.status == "unreadable"
    assert_clear_message(report.error, ("秒", "0/3 页"))


def test_long_pdf_reports_progress_and_can_be_cancelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.producers.pdf.pages as pdf_pages

    path = tmp_path / "long.pdf"
    hostile.long_pdf(path, 40, table=True)
    # The work is counted in pages laid out, not in seconds (benchmarks/bench_large.py).
    read: list[int] = []
    read_page = pdf_pages._read_page  # noqa: SLF001 — the one place a page is read

    def counting(page, number, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(number)
        return read_page(page, number, *args, **kwargs)

    monkeypatch.setattr(pdf_pages, "_read_page", counting)
    seen: list[tuple[int, int]] = []
    report = check_file(path, lambda done, total: seen.append((done, total)))
    assert report.status != "unreadable"
    assert seen == [(k, 40) for k in range(41)]
    assert read == list(range(1, 41))

    def stop_at_three(done: int, total: int) -> None:
        if done == 3:
            raise Cancelled()

    read.clear()
    report = check_file(path, stop_at_three)
    assert report.status == "unreadable" and report.error == "已取消读取。"
    assert read == [1, 2, 3]  # the pages before the cancel, none after


def test_content_limits_for_every_structured_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.limits as limits
    from tests.render import consistent_tables, render_format

    monkeypatch.setattr(limits, "MAX_ITEMS", 30)  # a report has ~300 cells and ~100 lines
    for fmt in ("docx", "xlsx", "html", "txt"):
        path = render_format(fmt, tmp_path / f"r.{fmt}", hostile.AGENCY, 2023, consistent_tables(2), "2021")
        report = check_file(path)
        assert report.status == "unreadable", fmt
        assert_clear_message(report.error, ("内容过多", "单元格", "确认选对"))


def test_xml_tag_and_cell_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.readers.ooxml as ooxml
    import core.readers.xlsx as xlsx
    from tests.render import consistent_tables, render_docx, render_xlsx

    docx = render_docx(tmp_path / "r.docx", hostile.AGENCY, 2023, consistent_tables(2))
    monkeypatch.setattr(ooxml, "MAX_XML_TAGS", 1000)
    assert_clear_message(check_file(docx).error, ("内容过多", "XML"))
    monkeypatch.undo()
    workbook = render_xlsx(tmp_path / "r.xlsx", hostile.AGENCY, 2023, consistent_tables(2))
    monkeypatch.setattr(xlsx, "MAX_STORED_CELLS", 50)
    assert_clear_message(check_file(workbook).error, ("内容过多", "单元格"))
    monkeypatch.undo()
    # The string table is counted before openpyxl loads it (our own export has one).
    from core.export.workbook import write_corrected_workbook

    exported = write_corrected_workbook(check_file(SAMPLE), tmp_path / "导出.xlsx")
    assert check_file(exported).status != "unreadable"
    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS", 10)
    assert_clear_message(check_file(exported).error, ("内容过多", "条文字"))


def test_large_saved_page_with_embedded_image_reads_in_bounded_memory(tmp_path: Path) -> None:
    """A report saved as "网页，单个文件": 40 MB of base64 image around a small report. Four
    times the image costs at most about four times the CPU (the time itself is in
    benchmarks/bench_large.py)."""
    import base64

    from core.readers.html import read_html

    page = (REPO / "tests" / "fixtures" / "html" / "report_2019.html").read_text(encoding="utf-8")

    def cpu_to_read(megabytes: int) -> float:
        blob = base64.b64encode(os.urandom(megabytes * 1024 * 1024)).decode()
        path = tmp_path / f"saved{megabytes}.html"
        path.write_text(page.replace("<body>", f'<body><img src="data:image/png;base64,{blob}">', 1), encoding="utf-8")
        start = time.process_time()
        doc = read_html(path)
        spent = time.process_time() - start
        assert any("本年新收" in c.text for b in doc.blocks if hasattr(b, "rows") for r in b.rows for c in r)
        return spent

    small = min(cpu_to_read(8), cpu_to_read(8))
    large = cpu_to_read(32)
    # Linear is at most 4 (the report itself costs the same at both sizes); quadratic, 16.
    assert large / small < 8, (small, large)


def test_bounded_salvage_matches_pdfminer_on_small_damaged_streams() -> None:
    """The linear replacement of pdfminer's byte-by-byte salvage keeps what it kept."""
    import random
    import zlib

    from core.producers.pdf.guard import bounded_decompress_corrupted

    def original(data: bytes) -> bytes:  # pdfminer.pdftypes.decompress_corrupted, as published
        d = zlib.decompressobj()
        result = b""
        for i in range(len(data)):
            try:
                result += d.decompress(data[i:i + 1])
            except zlib.error:
                if i < len(data) - 3:
                    raise
                break
        return result

    rng = random.Random(1)
    for n in (10, 1000, 20000):
        packed = bytearray(zlib.compress(bytes(rng.randrange(60, 70) for _ in range(n))))
        packed[-1] ^= 0x55  # bad checksum: salvaged
        assert bounded_decompress_corrupted(bytes(packed)) == original(bytes(packed))
        broken = bytearray(packed)
        broken[len(broken) // 2] ^= 0xFF  # damage in the middle: both raise, or agree
        try:
            expected = original(bytes(broken))
        except zlib.error:
            with pytest.raises(zlib.error):
                bounded_decompress_corrupted(bytes(broken))
        else:
            assert bounded_decompress_corrupted(bytes(broken)) == expected


def test_utf8_cut_inside_a_character_or_with_stray_bytes_still_reads(tmp_path: Path) -> None:
    """A download cut in the middle of a character, or a few stray bytes, must not turn the
    whole file into GB18030 mojibake (found by the fuzzer)."""
    data = SAMPLE.read_bytes()
    path = tmp_path / "cut.txt"
    lead = next(i for i in range(len(data) // 2, len(data)) if 0xE0 <= data[i] <= 0xEF)
    path.write_bytes(data[: lead + 2])  # two bytes of a three-byte character
    cut = read_document(path)
    assert "示例市自然资源和规划局" in cut.source_text and cut.source_text.endswith("\ufffd")
    stray = bytearray(data)
    for at in (500, 1500, 2500, 3500):
        stray[at] = 0xFF
    path.write_bytes(bytes(stray))
    doc = read_document(path)
    assert doc.source_text.count("\ufffd") <= 12 and "政府信息公开" in doc.source_text  # at most three per stray byte
