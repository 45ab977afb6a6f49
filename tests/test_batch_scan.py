"""A scan in a batch (issue 11): a file recognised page by page gets more time with each page
it reports, so a long scan that is making progress is not stopped as "timed out"; one stuck
on a page is, and its message says it was a scan and what to do. Simulated pages
(tests/batch_tasks.py ``scan_like``): no OCR, a few seconds in all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.batch import runner, worker
from core.batch.runner import run_batch
from tests.shared_data import SEEDS


def _copy(tmp_path: Path, name: str) -> str:
    source = next(SEEDS.glob("000_*.txt"))
    target = tmp_path / name
    shutil.copy2(source, target)
    return str(target)


def test_a_scan_making_progress_outlasts_the_timeout_and_a_stuck_one_is_stopped_as_a_scan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "OCR_PAGE_S", 1.5)
    files = [_copy(tmp_path, n) for n in ("scan-10-800.txt", "stuck.txt", "hang.txt")]
    # The timeout leaves room for a worker process to start on a loaded machine (2 s did
    # not: the first page came after the deadline and the scan was stopped as a hang).
    results = run_batch(files, workers=3, timeout_s=6.0, task="tests.batch_tasks:scan_like", cross_year=False)
    long_scan, stuck, hang = results
    # 10 pages × 0.8 s = 8 s, past the timeout: each page moved the deadline on.
    assert long_scan is not None and long_scan.status != "unreadable", long_scan.error
    assert stuck is not None and stuck.status == "unreadable"
    assert "扫描件" in (stuck.error or "") and "已识别 1 / 3 页" in (stuck.error or "")
    assert "窗口中会显示识别进度" in (stuck.error or "")
    # A file that is not a scan keeps the plain message.
    assert hang is not None and hang.status == "unreadable"
    assert "扫描件" not in (hang.error or "") and "超过 6 秒仍未完成" in (hang.error or "")


def test_the_default_check_takes_the_progress_and_a_stand_in_without_it_still_works() -> None:
    from core.check import check_file
    from tests.batch_tasks import crash_or_hang, scan_like

    assert worker._takes_progress(check_file) and worker._takes_progress(scan_like)
    assert not worker._takes_progress(crash_or_hang)
