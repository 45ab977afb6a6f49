"""Red team, round two (issue 17): inputs and situations that passed tests/hostile.py and
still broke a promise of the README's 安全与可靠性 section. Each test failed on the code
before the fix."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.check import check_file
from tests import hostile2
from tests.hostile2 import GBK_NAME, SAMPLE
from tests.shared_data import REPO

PY = sys.executable
ENGLISH = re.compile(r"Traceback|Error|Exception|usage|error:|argument|invalid|required|batch worker|Refusing|"
                     r"No space|Read-only|File too large|[A-Za-z]{6,}")


def run_main(*args: str, timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([PY, str(REPO / "main.py"), *args], cwd=cwd or REPO, capture_output=True, timeout=timeout)


def chinese_only(stderr: bytes, *allowed: str) -> str:
    """stderr as text with file names taken out: what is left must hold no English."""
    text = stderr.decode("utf-8", "replace")
    rest = re.sub(r"/[^\s“”：，（）]*", "", text)  # paths
    for word in allowed:
        rest = rest.replace(word, "")
    assert not ENGLISH.search(rest), text[-2000:]
    return text


# ---------------------------------------------------------------------------------------
# File names


def test_gbk_bytes_file_name_in_a_folder_batch(tmp_path: Path) -> None:
    """A name in GBK bytes: every JSON line is written (the name escaped, so json.loads gives
    back the name the disk holds), the summary too, and stderr shows the name decoded."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    gbk = os.fsdecode(os.fsencode(str(folder)) + b"/" + GBK_NAME)
    shutil.copy(SAMPLE, gbk)
    for name in ("a.txt", "z.txt"):
        shutil.copy(SAMPLE, folder / name)
    summary = tmp_path / "汇总.xlsx"
    done = run_main("check", "--json", "--summary", str(summary), str(folder))
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")[-2000:]
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 3
    names = [json.loads(line)["file"] for line in lines]
    assert gbk in names and all(json.loads(line)["status"] == "findings" for line in lines)
    assert os.fsencode(gbk).endswith(GBK_NAME)
    assert summary.exists()
    stderr = done.stderr.decode("utf-8")
    assert "年度报告.txt" in stderr and "已写出汇总" in stderr


LONG = "政府信息公开工作年度报告" * 7 + "终稿.txt"  # 90 characters, 262 bytes


def test_ninety_character_name_for_check_summary_and_export(tmp_path: Path) -> None:
    assert len(LONG) == 90
    done = run_main("check", "--json", LONG, cwd=tmp_path)
    assert done.returncode == 2
    obj = json.loads(done.stdout)
    assert obj["status"] == "unreadable" and "文件名" in obj["error"] and "过长" in obj["error"]
    chinese_only(done.stderr, LONG)

    done = run_main("check", "--json", "--summary", LONG.replace(".txt", ".xlsx"), str(SAMPLE), cwd=tmp_path)
    assert done.returncode == 2
    assert "汇总未写出" in chinese_only(done.stderr, LONG.replace(".txt", ".xlsx"))

    done = run_main("export", str(SAMPLE), "-o", LONG.replace(".txt", ".xlsx"), cwd=tmp_path)
    assert done.returncode == 2
    text = chinese_only(done.stderr)
    assert "导出失败" in text and "过长" in text


def test_fifo_named_like_a_report_is_refused_not_waited_on(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "报告.txt"
    os.mkfifo(fifo)
    report = check_file(fifo)  # blocked in open() forever before
    assert report.status == "unreadable" and "不是普通文件" in (report.error or "")


def test_file_name_starting_with_a_dash_is_checked(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "-报告.txt")
    done = run_main("check", "--json", "-报告.txt", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    assert json.loads(done.stdout)["file"] == "-报告.txt"
    done = run_main("check", "--json", "-不存在.txt", cwd=tmp_path)
    assert done.returncode == 2 and "找不到该文件" in json.loads(done.stdout)["error"]


# ---------------------------------------------------------------------------------------
# Messages


@pytest.mark.parametrize("args, word", [
    (["check"], "缺少要检查的文件"),
    (["check", "--workers", "abc", "x.txt"], "正整数"),
    (["check", "--workers", "0", "x.txt"], "至少为 1"),
    (["export", "x.txt"], "-o"),
    (["check", "--jsno", "x.txt"], "无法识别"),
])
def test_command_line_mistakes_are_told_in_chinese(tmp_path: Path, args: list[str], word: str) -> None:
    done = run_main(*args, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    text = chinese_only(done.stderr, "main.py", "check", "export", "--workers", "-o", "x.txt", "-h")
    assert word in text and text.count("\n") == 1, text


def test_help_has_chinese_headings() -> None:
    done = run_main("check", "-h", timeout=60)
    assert done.returncode == 0
    out = done.stdout.decode("utf-8")
    assert out.startswith("用法：") and "选项" in out and "usage" not in out and "show this help" not in out


def test_worker_crash_and_pdfminer_warnings_stay_off_stderr(tmp_path: Path) -> None:
    (tmp_path / "crash.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "loop.pdf").write_bytes(hostile2.circular_xobject_pdf())
    (tmp_path / "ok.txt").write_bytes(SAMPLE.read_bytes())
    done = subprocess.run([PY, "-m", "tests.hostile2", "cli", "--task", "tests.batch_tasks:crash_or_hang", "--",
                           "check", "--json", "--workers", "2", str(tmp_path)], cwd=REPO, capture_output=True, timeout=120)
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [Path(o["file"]).name for o in lines] == ["crash.txt", "loop.pdf", "ok.txt"]
    assert lines[0]["status"] == "unreadable" and "意外退出" in lines[0]["error"]
    chinese_only(done.stderr, *(str(tmp_path / n) for n in ("crash.txt", "loop.pdf", "ok.txt")))


def test_log_file_keeps_the_english_for_maintainers(tmp_path: Path) -> None:
    (tmp_path / "crash.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "ok.txt").write_bytes(SAMPLE.read_bytes())
    log = tmp_path / "nianbao.log"
    env = {**os.environ, "NIANBAO_LOG": str(log)}
    subprocess.run([PY, "-m", "tests.hostile2", "cli", "--task", "tests.batch_tasks:crash_or_hang", "--",
                    "check", "--json", "--workers", "2", str(tmp_path / "crash.txt"), str(tmp_path / "ok.txt")],
                   cwd=REPO, capture_output=True, timeout=120, env=env)
    assert "batch worker exited with" in log.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Interrupted and killed


def _batch_folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(count):
        shutil.copy(SAMPLE, folder / f"{i + 1:02d}.txt")
    return folder


def _wait_for(proc: subprocess.Popen[bytes], text: str, timeout: float = 90) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline().decode("utf-8", "replace")
        if not line:
            break
        seen += line
        if text in line:
            return seen
    raise AssertionError(f"{text!r} not seen in {seen[-2000:]!r}")


def test_ctrl_c_after_the_last_file_gives_every_result_and_says_what_is_missing(tmp_path: Path) -> None:
    folder = _batch_folder(tmp_path, 20)
    summary = tmp_path / "汇总.xlsx"
    proc = subprocess.Popen([PY, "-m", "tests.hostile2", "cli", "--slow-cross-year", "3", "--",
                             "check", "--json", "--workers", "2", "--summary", str(summary), str(folder)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(proc, "跨年度比对开始")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    lines = out.decode("utf-8").splitlines()
    assert len(lines) == 20 and all(json.loads(line)["status"] == "findings" for line in lines)
    text = chinese_only(err, str(folder), "--summary")
    assert "已中断" in text and "汇总" in text and "未写出" in text
    assert not summary.exists()


def test_ctrl_c_mid_batch_gives_complete_lines_of_the_files_done(tmp_path: Path) -> None:
    folder = _batch_folder(tmp_path, 12)
    proc = subprocess.Popen([PY, "-m", "tests.hostile2", "cli", "--task", "tests.batch_tasks:slow", "--",
                             "check", "--json", "--workers", "2", str(folder)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(proc, "已检查 3/12")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    lines = out.decode("utf-8").splitlines()
    assert 3 <= len(lines) < 12 and all(json.loads(line)["status"] == "findings" for line in lines)
    assert "个文件未检查" in chinese_only(err, str(folder))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


_KILLED_PARENT = """
import sys, threading, time, multiprocessing
sys.path.insert(0, ".")
from core.batch.runner import run_batch

def report_workers():
    time.sleep(2.0)
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)

threading.Thread(target=report_workers, daemon=True).start()
run_batch(sys.argv[1:], workers=2, task="tests.batch_tasks:crash_or_hang")
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    files = []
    for name in ("hang1.txt", "hang2.txt"):
        shutil.copy(SAMPLE, tmp_path / name)
        files.append(str(tmp_path / name))
    proc = subprocess.Popen([PY, "-c", _KILLED_PARENT, *files], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [p for p in pids if _alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "workers went on after their parent was killed"


# ---------------------------------------------------------------------------------------
# Full disk, and what a killed export leaves behind


def _file_size_limit(limit: int):  # type: ignore[no-untyped-def]
    import resource

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # writes past it: EFBIG

    return apply


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
def test_export_and_summary_on_a_disk_that_refuses_writes(tmp_path: Path) -> None:
    """Python ignores SIGXFSZ, so a write past RLIMIT_FSIZE fails with EFBIG, as a full
    disk fails with ENOSPC: one Chinese sentence, no "Exception ignored in ZipFile.__del__",
    no xlsxwriter traceback, nothing left beside the target."""
    out = tmp_path / "out"
    out.mkdir()
    limit = _file_size_limit(4096)
    done = subprocess.run([PY, str(REPO / "main.py"), "export", str(SAMPLE), "-o", str(out / "导出.xlsx")],
                          cwd=REPO, capture_output=True, timeout=120, preexec_fn=limit)
    assert done.returncode == 2
    text = chinese_only(done.stderr)
    assert "导出失败" in text and "文件超出磁盘允许的大小" in text and text.count("\n") == 1, text
    copy = tmp_path / "b.txt"
    shutil.copy(SAMPLE, copy)
    done = subprocess.run([PY, str(REPO / "main.py"), "check", "--json", "--summary", str(out / "汇总.xlsx"), str(SAMPLE), str(copy)],
                          cwd=REPO, capture_output=True, timeout=120, preexec_fn=limit)
    assert done.returncode == 2
    assert "汇总未写出" in chinese_only(done.stderr)
    assert os.listdir(out) == []


def test_full_disk_while_writing_the_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import core.export.leftovers as leftovers
    from core.export.workbook import ExportError, write_corrected_workbook

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(leftovers.os, "fsync", no_space)
    with pytest.raises(ExportError) as caught:
        write_corrected_workbook(check_file(SAMPLE), tmp_path / "导出.xlsx")
    assert "磁盘空间不足" in caught.value.message and "No space" not in caught.value.message
    assert os.listdir(tmp_path) == []


def test_next_export_removes_what_killed_ones_left(tmp_path: Path) -> None:
    """Only our own hidden names, and only when their process is gone or they are more than
    a minute old; the workbook is built in memory, so the temp folder stays empty."""
    dead = tmp_path / ".~年报校验导出-999999999-k2j4.xlsx.tmp"
    old = tmp_path / ".~年报校验导出-q8w7e6.xlsx.tmp"  # an earlier version's name: age decides
    running = tmp_path / f".~年报校验导出-{os.getppid()}-a1b2.xlsx.tmp"  # a live export beside us
    other = tmp_path / ".~其他程序.xlsx.tmp"
    for p in (dead, old, running, other):
        p.write_bytes(b"PK")
    os.utime(old, (time.time() - 120, time.time() - 120))
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    done = subprocess.run([PY, str(REPO / "main.py"), "export", str(SAMPLE), "-o", str(tmp_path / "导出.xlsx")],
                          cwd=REPO, capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, other.name, "导出.xlsx", "temp"])
    assert list(temp.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_exports_killed_at_random_moments_leave_nothing_after_the_next_one(tmp_path: Path) -> None:
    import random

    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    target = tmp_path / "导出.xlsx"
    rng = random.Random(17)
    for _ in range(8):
        proc = subprocess.Popen([PY, str(REPO / "main.py"), "export", str(SAMPLE), "-o", str(target)], cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.kill()
        proc.wait()
    done = subprocess.run([PY, str(REPO / "main.py"), "export", str(SAMPLE), "-o", str(target)],
                          cwd=REPO, capture_output=True, timeout=120, env=env)
    assert done.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["temp", "导出.xlsx"]
    assert list(temp.iterdir()) == []


# ---------------------------------------------------------------------------------------
# Numbers no clerk typed


def _sample_with(tmp_path: Path, old: str, new: str, name: str = "x.txt") -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


NEW_ROW = "一、本年新收政府信息公开申请数量\t\t30"


@pytest.mark.parametrize("digits", [310, 5000])
def test_hundreds_of_digits_in_a_cell_are_a_reading_problem_there(tmp_path: Path, digits: int) -> None:
    """310 digits overflowed a float in the arithmetic (≥ 4,301: int() refused the string):
    "内部错误" for the whole file. Now: that cell is unread, a warning says so, and the sums
    through it are not called wrong."""
    original = check_file(SAMPLE)
    report = check_file(_sample_with(tmp_path, NEW_ROW, NEW_ROW[:-2] + "3" * digits))
    assert report.status == "findings"
    flagged = [f for f in report.findings if f.rule == "X-DIGITS"]
    assert len(flagged) == 1 and flagged[0].severity == "warning" and flagged[0].cells == [("t3", "new", "natural")]
    assert f"{digits} 位" in flagged[0].message
    errors = {(f.rule, tuple(f.cells)) for f in report.findings if f.severity == "error"}
    through_cell = {e for e in errors if ("t3", "new", "natural") in e[1]}
    assert not through_cell
    assert errors <= {(f.rule, tuple(f.cells)) for f in original.findings if f.severity == "error"}


@pytest.mark.parametrize("where", ["top", "middle"])
def test_a_megabyte_of_digits_on_one_line_is_read_in_linear_time(tmp_path: Path, where: str) -> None:
    """Was 49–68 s: the digit run was scanned again from every position. Four times the run
    now costs about four times the CPU, not sixteen (the seconds: benchmarks/bench_large.py)."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")

    def cpu_to_check(digits: int) -> float:
        path = tmp_path / f"x{digits}.txt"
        path.write_text("\n".join(lines[:0 if where == "top" else 3] + ["7" * digits] + lines[0 if where == "top" else 3:]),
                        encoding="utf-8")
        start = time.process_time()
        report = check_file(path)
        spent = time.process_time() - start
        assert report.status == "findings" and report.extraction is not None
        assert report.extraction.meta.year == 2023
        return spent

    small = min(cpu_to_check(250_000), cpu_to_check(250_000))
    large = cpu_to_check(1_000_000)
    # Linear is at most 4 (the report around the run costs the same at both sizes).
    assert large / small < 8, (small, large)


# ---------------------------------------------------------------------------------------
# Memory and time bombs that passed the limits of round one

_MEASURE = """
import re, sys, time
sys.path.insert(0, ".")
from core.check import check_file
start = time.process_time()
report = check_file(sys.argv[1])
elapsed = time.process_time() - start
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) // 1024
print(report.status, elapsed, peak)
print(report.error or "")
"""


def measured_check(path: Path) -> tuple[str, float, int, str]:
    """check_file in a fresh process: status, CPU seconds (not wall-clock: a loaded machine
    must not fail the test), peak MB, error."""
    done = subprocess.run([PY, "-c", _MEASURE, str(path)], cwd=REPO, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    head, error = done.stdout.decode("utf-8").split("\n", 1)
    status, seconds, peak = head.split()
    return status, float(seconds), int(peak), error.strip()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("build, words", [
    (hostile2.merge_bomb_xlsx, ("合并单元格", "20 万")),  # 72 s, 1.33 GB, "ok" before
    (hostile2.wide_xlsx, ("内容过多", "列")),  # 1.67 GB before the refusal
    (hostile2.empty_rows_xlsx, ("内容过多", "万行")),  # 30 s, 1.6 GB
    (hostile2.self_closing_strings_xlsx, ("内容过多", "万条文字")),  # 50 s
], ids=["merged_total", "a_and_xfd", "empty_rows", "self_closing_si"])
def test_xlsx_bombs_are_refused_cheaply(tmp_path: Path, build, words: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    from tests.test_hostile_inputs import assert_clear_message

    path = tmp_path / "年报.xlsx"
    path.write_bytes(build())
    status, seconds, peak, error = measured_check(path)
    assert status == "unreadable"
    assert_clear_message(error, words)
    assert seconds < 10 and peak < 250, (seconds, peak)


# ---------------------------------------------------------------------------------------
# Damaged files named as such


@pytest.mark.parametrize("fmt, part, words", [("docx", "word/document.xml", ("Word 文件已损坏",)),
                                               ("xlsx", "xl/workbook.xml", ("Excel 文件已损坏",))])
def test_office_file_without_its_main_part_is_damaged_not_an_archive(tmp_path: Path, fmt: str, part: str,
                                                                     words: tuple[str, ...]) -> None:
    import zipfile

    from tests.render import consistent_tables, render_format
    from tests.test_hostile_inputs import assert_clear_message

    whole = tmp_path / f"whole.{fmt}"
    render_format(fmt, whole, "示例县人民政府办公室", 2023, consistent_tables(2), "2021")
    broken = tmp_path / f"年报.{fmt}"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            if item.filename != part:
                dst.writestr(item, src.read(item))
    report = check_file(broken)
    assert report.status == "unreadable"
    assert_clear_message(report.error, words)
    assert "压缩包" not in (report.error or "")


# ---------------------------------------------------------------------------------------
# Real PDFs damaged or turned


@pytest.fixture(scope="module")
def huaian():  # type: ignore[no-untyped-def]
    report = check_file(hostile2.HUAIAN)
    assert report.status == "ok" and report.findings == []  # the original is clean
    return report


@pytest.mark.parametrize("page", [1, 3])
def test_a_page_with_a_damaged_content_stream_is_named_not_blamed_on_the_report(tmp_path: Path, page: int, huaian) -> None:  # type: ignore[no-untyped-def]
    """One flipped byte in page k's Flate stream: "第k页已损坏，未能读出" as a reading
    warning, and what was printed on it is not reported as missing from the report."""
    path = tmp_path / "huaian.pdf"
    path.write_bytes(hostile2.flipped_content_byte(hostile2.HUAIAN.read_bytes(), page))
    report = check_file(path)
    assert report.status == "findings"
    notes = [f for f in report.findings if f.rule == "X-READ"]
    assert len(notes) == 1 and notes[0].severity == "warning" and f"第{page}页已损坏，未能读出" in notes[0].message
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == [], [(f.rule, f.message) for f in errors]
    assert any(f.rule == "S-SECTIONS" and f"第{page}页已损坏" in f.message for f in report.findings)


def test_lost_pages_glyph_budget_bounds_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader keeps each page's glyphs until the whole document is laid out: a budget
    over all pages (limits.MAX_PDF_GLYPHS) stops a long dense file before it costs GBs."""
    import core.limits as limits
    from tests.hostile import long_pdf
    from tests.test_hostile_inputs import assert_clear_message

    path = tmp_path / "long.pdf"
    long_pdf(path, 30)
    monkeypatch.setattr(limits, "MAX_PDF_GLYPHS", 10_000)
    report = check_file(path)
    assert report.status == "unreadable"
    assert_clear_message(report.error, ("内容过多", "1 万个文字"))


@pytest.mark.parametrize("rotate_flag", [True, False], ids=["rotate_90", "sideways"])
def test_turned_pages_read_like_upright_ones(tmp_path: Path, rotate_flag: bool, huaian) -> None:  # type: ignore[no-untyped-def]
    """The real report's content turned 90° onto landscape pages, with /Rotate 90 (renders
    like the original) and without it (sideways): the same tables and findings."""
    path = tmp_path / "turned.pdf"
    path.write_bytes(hostile2.turned_pdf(hostile2.HUAIAN.read_bytes(), rotate_flag=rotate_flag))
    upright = huaian
    report = check_file(path)
    assert report.status == upright.status == "ok"
    assert report.to_json()["tables"] == upright.to_json()["tables"]
    assert report.extraction is not None and report.extraction.meta.agency == upright.extraction.meta.agency  # type: ignore[union-attr]


def test_chinese_in_unmapped_type3_fonts_is_not_checked_as_latin(tmp_path: Path) -> None:
    from tests.test_hostile_inputs import assert_clear_message

    path = tmp_path / "年报.pdf"
    path.write_bytes(hostile2.type3_latin_pdf())
    report = check_file(path)
    assert report.status == "unreadable"
    assert_clear_message(report.error, ("无法提取", "没有一个汉字"))


# ---------------------------------------------------------------------------------------
# Wrong verdicts: copies of table 三, two reports in one file


@pytest.fixture(scope="module")
def report_2021(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tests.render import consistent_tables, render_txt

    path = tmp_path_factory.mktemp("copies") / "r.txt"
    render_txt(path, "示例县人民政府办公室", 2023, consistent_tables(5))
    return path.read_text(encoding="utf-8")


def _t3_block(text: str) -> str:
    return text[text.index("三、收到和处理"):text.index("四、政府信息公开行政复议")]


def _check_text(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "年报.txt"
    path.write_text(text, encoding="utf-8")
    report = check_file(path)
    return report, [(f.rule, f.severity) for f in report.findings]


def test_the_clean_report_has_no_findings(tmp_path: Path, report_2021: str) -> None:
    report, _ = _check_text(tmp_path, report_2021)
    assert report.status == "ok" and report.findings == []


def test_table_three_printed_twice_alike_is_a_finding(tmp_path: Path, report_2021: str) -> None:
    report, rules = _check_text(tmp_path, report_2021 + "\n附表\n" + _t3_block(report_2021))
    assert rules == [("S-COPY", "warning")]  # "未发现问题" before


def test_table_three_printed_twice_with_other_numbers_is_an_error(tmp_path: Path, report_2021: str) -> None:
    block = _t3_block(report_2021)
    changed = block.replace("（七）总计\t257", "（七）总计\t258", 1)
    assert changed != block
    report, rules = _check_text(tmp_path, report_2021 + "\n附表\n" + changed)
    copy = next(f for f in report.findings if f.rule == "S-COPY")
    assert copy.severity == "error" and "257 与 258" in copy.message and copy.cells == [("t3", "total", "natural")]
    # The copy does not add up either, and says so, as the copy's.
    assert any(f.rule == "T3-DONE" and f.message.startswith("第2份表三") for f in report.findings)


def test_2019_tables_appended_after_a_2021_report_are_a_version_mix(tmp_path: Path, report_2021: str) -> None:
    from tests.render import consistent_tables, render_txt

    old = render_txt(tmp_path / "2019.txt", "示例县人民政府办公室", 2019, consistent_tables(6, "2019"), version="2019")
    text = old.read_text(encoding="utf-8")
    report, rules = _check_text(tmp_path, report_2021 + "\n附：\n" + text[text.index("二、主动公开"):text.index("五、存在")])
    assert ("S-VERSION-MIX", "error") in rules


def test_two_reports_in_one_file_are_named_and_the_second_is_checked(tmp_path: Path, report_2021: str) -> None:
    second = report_2021.replace("2023", "2022").replace("（七）总计\t257", "（七）总计\t258", 1)
    report, rules = _check_text(tmp_path, report_2021 + "\n\n" + second)
    assert ("S-TWO-REPORTS", "warning") in rules
    assert any(f.rule == "T3-DONE" and f.severity == "error" and f.message.startswith("第2份报告的表三") for f in report.findings)


def test_stdout_closed_early_is_said_once_without_a_traceback(tmp_path: Path) -> None:
    folder = _batch_folder(tmp_path, 6)
    proc = subprocess.Popen([PY, str(REPO / "main.py"), "check", str(folder)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head` that has read enough
    err = proc.stderr.read()
    proc.wait(timeout=120)
    text = chinese_only(err, str(folder))
    assert "输出管道已被关闭" in text and proc.returncode == 2
