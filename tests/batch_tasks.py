"""Stand-ins for ``core.check.check_file`` that the batch tests hand to worker processes
(``run_batch(..., task="tests.batch_tasks:...")``): a native crash and a hang cannot be
produced on demand from a real file, but the batch must survive both."""

from __future__ import annotations

import os
import time
from pathlib import Path

from core.check import check_file
from core.model import Report


def crash_or_hang(path: str) -> Report:
    """Dies like a segfaulting parser on files named crash*, never returns on hang*, checks
    every other file normally."""
    name = Path(path).name
    if name.startswith("crash"):
        os._exit(139)
    if name.startswith("hang"):
        time.sleep(600)
    return check_file(path)


def slow(path: str) -> Report:
    """Each file takes at least half a second: lets a test cancel while files are running."""
    time.sleep(0.5)
    return check_file(path)


def scan_like(path: str, progress) -> Report:  # type: ignore[no-untyped-def]
    """A scan recognised page by page without the OCR: a file named scan-N-MS reports N
    pages of MS milliseconds each as OCR progress, then is checked normally; stuck* reports
    one page of three and never returns; hang* never returns and reports nothing."""
    from core.limits import ocr_progress

    name = Path(path).stem
    ocr = ocr_progress(progress)
    if name.startswith("scan-"):
        pages, ms = (int(x) for x in name.split("-")[1:3])
        for k in range(pages):
            ocr(k, pages)
            time.sleep(ms / 1000)
        ocr(pages, pages)
    elif name.startswith("stuck"):
        ocr(0, 3)
        ocr(1, 3)
        time.sleep(600)
    elif name.startswith("hang"):
        time.sleep(600)
    return check_file(path, progress)
