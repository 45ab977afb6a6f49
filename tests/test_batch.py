"""Batch checking: a supervisor's folder (tests/batch_fixture.py) checked in two worker
processes, cross-year findings, a corrupt file, crashes, hangs, cancellation and the CLI."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.batch.files import collect_files
from core.batch.runner import CRASH_MESSAGE, run_batch
from core.model import Report
from tests.batch_fixture import SAMPLE, Expect, build_folder
from tests.shared_data import REPO


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Expect, list[str], list[Report | None], list[tuple[int, Report]]]:
    ex = build_folder(tmp_path_factory.mktemp("batch"))
    files = collect_files([str(ex.folder)])
    seen: list[tuple[int, Report]] = []
    results = run_batch(files, workers=2, on_report=lambda i, r: seen.append((i, r)))
    return ex, files, results, seen


def _cross(report: Report) -> list[tuple[str, list[list[object]], object, object, str]]:
    return [(f.rule, [list(c) for c in f.cells], f.expected, f.actual, f.other_file)
            for f in report.findings if f.other_file is not None]


def test_folder_is_expanded_in_order_and_lock_hidden_and_summary_files_are_answered_as_skipped(batch, tmp_path):
    ex, files, results, _ = batch
    names = [Path(f).name for f in files]
    # Every file met is listed: the lock file and the hidden file too, answered as skipped.
    assert set(map(str, ex.paths.values())) | {str(ex.folder / n) for n in ex.skipped} == set(files)
    for skipped in ex.skipped:
        report = results[names.index(skipped)]
        assert report.status == "skipped" and "已跳过" in report.error and report.findings == []
        assert report.to_json()["status"] == "skipped"
    # Folder by folder, each sorted: 农业农村局/2022, 2023, 2024 stay in year order.
    a = [files.index(str(ex.paths[r])) for r in ("A2022", "A2023", "A2024")]
    assert a == sorted(a)
    # Files given explicitly keep their place; a file reached twice is kept once.
    again = collect_files([str(ex.paths["sample"]), str(ex.folder), str(ex.paths["sample"])])
    assert again[0] == str(ex.paths["sample"]) and len(again) == len(files)
    # A summary written into the folder is listed next time and skipped, under any name.
    from core.batch.files import skip_reason
    from core.export.summary import write_summary

    old = ex.folder / "上次的汇总.xlsx"
    write_summary([], str(old))
    try:
        assert collect_files([str(ex.folder)]) == sorted([*files, str(old)], key=lambda f: collect_files([str(ex.folder)]).index(f))
        assert "汇总表" in (skip_reason(str(old)) or "")
        assert collect_files([str(ex.folder)], exclude=[str(old)]) == files
    finally:
        old.unlink()


def test_every_file_is_checked_and_reported_once(batch):
    ex, files, results, seen = batch
    assert len(results) == len(files)
    assert sorted(i for i, _ in seen) == list(range(len(files)))
    for i, report in seen:
        assert results[i] is report  # cross-year findings land on the objects the caller saw
        assert report.file == files[i]
        assert report.document is None  # dropped for cheap pickling
    by_role = {ex.role_of(r.file): r for r in results if r is not None and r.status != "skipped"}
    formats = {role: r.format for role, r in by_role.items()}
    assert formats["A2022"] == "html" and formats["A2023"] == "docx" and formats["A2024"] == "pdf"
    assert formats["B2022"] == "xlsx" and formats["C2023"] == "txt"
    for role, report in by_role.items():
        if role == "corrupt":
            continue
        assert report.status != "unreadable", (role, report.error)
        ext = report.extraction
        assert ext is not None and ext.tables
    assert by_role["B2023"].extraction.meta.agency == "滕州市科学技术局"  # printed in traditional characters
    assert by_role["D2020"].template == "2019"


def test_a_corrupt_file_is_reported_and_the_rest_checked(batch):
    ex, _, results, _ = batch
    bad = next(r for r in results if r is not None and r.file == str(ex.paths["corrupt"]))
    assert bad.status == "unreadable" and bad.extraction is None
    assert bad.error and "无法" in bad.error
    assert sum(1 for r in results if r is not None and r.status != "unreadable") == len(results) - 1


def test_cross_year_findings_name_the_other_file_and_the_numbers(batch):
    ex, _, results, _ = batch
    by_role = {ex.role_of(r.file): r for r in results if r is not None and r.status != "skipped"}
    for role, report in by_role.items():
        expected = [(rule, cells, exp, act, str(ex.paths[other])) for rule, cells, exp, act, other in ex.cross.get(role, [])]
        assert _cross(report) == expected, role
    carry = next(f for f in by_role["B2022"].findings if f.rule == "X-YEAR-CARRY")
    assert carry.severity == "warning"
    assert ex.paths["B2021"].name in carry.message and "相差 2" in carry.message
    stock = next(f for f in by_role["B2023"].findings if f.rule == "T2-STOCK")
    assert "多 3 件" in stock.message and "本年制发" in stock.message and ex.paths["B2022"].name in stock.message
    same = next(f for f in by_role["C2024"].findings if f.rule == "X-YEAR-SAME")
    assert "100%" in same.message and ex.paths["C2023"].name in same.message
    assert by_role["C2024"].status == "findings"
    # Findings are JSON with the contract keys plus other_file.
    line = by_role["B2022"].to_json()
    cross = [f for f in line["findings"] if f["rule"] == "X-YEAR-CARRY"]
    assert cross[0]["cells"] == [["t3", "carried", "natural"]] and cross[0]["other_file"] == str(ex.paths["B2021"])
    assert all("other_file" not in f for f in line["findings"] if f["rule"] != "X-YEAR-CARRY")


def test_in_process_run_gives_the_same_reports(batch):
    ex, files, results, _ = batch
    here = run_batch(files, workers=0)
    assert [r.to_json() for r in here] == [r.to_json() for r in results]  # type: ignore[union-attr]


def _copy(src: Path, dst: Path) -> str:
    shutil.copy(src, dst)
    return str(dst)


def test_a_crashing_or_hanging_worker_costs_only_its_file(tmp_path):
    files = [_copy(SAMPLE, tmp_path / "a.txt"), _copy(SAMPLE, tmp_path / "crash.txt"),
             _copy(SAMPLE, tmp_path / "hang.txt"), _copy(SAMPLE, tmp_path / "b.txt")]
    # No clock asserted: the hanging file sleeps 600 s, past the suite's timeout, so a batch
    # that waited for it would fail anyway. 8 s leaves a loaded machine room to check the
    # sample file (2 s did not, at a load of 12 on 2 cores).
    results = run_batch(files, workers=2, timeout_s=8.0, task="tests.batch_tasks:crash_or_hang")
    a, crash, hang, b = results
    assert a is not None and a.status == "findings" and b is not None and b.status == "findings"
    assert crash is not None and crash.status == "unreadable" and crash.error == CRASH_MESSAGE
    assert hang is not None and hang.status == "unreadable" and "超过 8 秒" in (hang.error or "")
    assert not multiprocessing.active_children()


def test_cancel_after_the_first_result_stops_promptly(tmp_path):
    files = [_copy(SAMPLE, tmp_path / f"{i}.txt") for i in range(6)]
    cancel = threading.Event()
    got: list[int] = []

    def on_report(index: int, report: Report) -> None:
        got.append(index)
        cancel.set()

    results = run_batch(files, workers=1, on_report=on_report, cancel=cancel, task="tests.batch_tasks:slow")
    assert got == [0]  # the cancel stops the batch: no later file is checked or reported
    assert results[0] is not None and results[1:] == [None] * 5
    assert not multiprocessing.active_children()


def test_cli_checks_a_folder_with_summary_and_exit_code(batch, tmp_path):
    ex, files, results, _ = batch
    out = tmp_path / "汇总.csv"
    proc = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "check", str(ex.folder), "--json", "--summary", str(out), "--workers", "2"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=REPO,
    )
    assert proc.returncode == 2, proc.stderr  # the corrupt file
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["file"] for o in lines] == files
    by_file = {o["file"]: o for o in lines}
    carry = [f for f in by_file[str(ex.paths["B2022"])]["findings"] if f["rule"] == "X-YEAR-CARRY"]
    assert [(f["cells"], f["other_file"]) for f in carry] == [
        ([["t3", "carried", "natural"]], str(ex.paths["B2021"])), ([["t3", "carried", "total"]], str(ex.paths["B2021"]))]
    assert f"已检查 {len(files)}/{len(files)}" in proc.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    # The lines are the reports the API gives.
    assert lines == [r.to_json() for r in results]  # type: ignore[union-attr]


def test_cli_refuses_to_overwrite_a_report_with_the_summary(batch, tmp_path):
    ex, *_ = batch
    target = tmp_path / "上报.xlsx"
    shutil.copy(REPO / "tests" / "fixtures" / "xlsx" / "report_2019.xlsx", target)
    before = target.read_bytes()
    proc = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "check", str(ex.paths["sample"]), str(tmp_path), "--summary", str(target)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=REPO,
    )
    assert proc.returncode == 2
    assert "不能用汇总覆盖" in proc.stderr and "已检查" not in proc.stderr  # refused before checking
    assert target.read_bytes() == before


def test_workers_that_cannot_start_fall_back_to_this_process(tmp_path):
    files = [_copy(SAMPLE, tmp_path / f"{i}.txt") for i in range(3)]
    seen: list[int] = []
    results = run_batch(files, workers=2, on_report=lambda i, r: seen.append(i), task="tests.batch_tasks_nostart:check_file")
    assert all(r is not None and r.status == "findings" for r in results)
    assert sorted(seen) == [0, 1, 2]
    assert not multiprocessing.active_children()
