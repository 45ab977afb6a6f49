"""Progress that names the work (issue 27): the file being read and, for a scan, the page —
for the window's batch view and the command line's stderr."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.batch.progress import activity_text
from core.batch.runner import run_batch
from core.cli import run_cli
from tests.shared_data import SEEDS


def _copy(tmp_path: Path, name: str) -> str:
    target = tmp_path / name
    shutil.copy2(next(SEEDS.glob("000_*.txt")), target)
    return str(target)


def test_the_batch_names_each_file_started_and_each_page_recognised(tmp_path: Path) -> None:
    files = [_copy(tmp_path, "scan-3-1.txt"), _copy(tmp_path, "plain.txt")]
    seen: list[tuple[int, int, int]] = []
    results = run_batch(files, workers=0, task="tests.batch_tasks:scan_like", cross_year=False,
                        on_activity=lambda i, done, total: seen.append((i, done, total)))
    assert all(r is not None for r in results)
    assert seen[0] == (0, 0, 0) and (0, 1, 3) in seen and (0, 3, 3) in seen and (1, 0, 0) in seen
    assert activity_text([("甲.pdf", 2, 6), ("乙.docx", 0, 0)]) == "正在读取 甲.pdf（扫描件，正在识别第 3 / 6 页）、乙.docx"


def test_the_command_line_names_the_page_on_stderr(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core.batch import runner

    path = _copy(tmp_path, "scan-2-1.txt")
    real = runner.run_batch
    monkeypatch.setattr(runner, "run_batch", lambda files, **kw: real(files, **{**kw, "task": "tests.batch_tasks:scan_like"}))
    run_cli(["check", path])
    err = capsys.readouterr().err
    assert "已检查 0/1；正在读取 " in err and "scan-2-1.txt（扫描件，正在识别第 2 / 2 页）" in err
