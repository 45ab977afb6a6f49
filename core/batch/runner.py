"""Checking many files at once: a folder of subordinate reports on a supervisor's desk.

Files are checked in worker processes (both cores; a PDF costs 0.3–0.5 s of CPU), each
worker fed one file at a time through its own pipe, so the parent always knows which file a
worker holds: a worker that dies (a crash in a native library, memory exhausted) or hangs
costs only that file, which comes back "unreadable" with a Chinese explanation, and a fresh
worker takes over. Workers are started with the "spawn" method on every platform: the
window calls this from a Qt thread, and forking a process that runs Qt threads can deadlock;
spawn is also what Windows and a PyInstaller-frozen program (``multiprocessing.freeze_support``
in main.py) use anyway. What runs inside a worker is core/batch/worker.py; which files a
batch holds, core/batch/files.py.

Reports come back without ``report.document`` (the reader's text blocks and raw tables)
unless ``keep_documents=True``: it adds 60–70 % to each pickled report (a 6-page PDF's
report is 44 KB without, 71 KB with), the parent would hold every document of a batch of
hundreds, and the window re-reads the one file a clerk opens from the batch view.

After all files are done, ``run_batch`` adds the cross-year findings (core/batch/crossyear.py) to
the reports *in place* — the same objects ``on_report`` received — unless
``cross_year=False``; ``core.batch.crossyear.apply_cross_year`` is the same step on its own.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from core.batch.crossyear import apply_cross_year
from core.batch.worker import INTERNAL_MESSAGE, resolve_task, worker_main
from core.model import Report

log = logging.getLogger(__name__)

# The function a worker checks a file with, as "module:function"; tests substitute one that
# crashes or hangs on purpose.
DEFAULT_TASK = "core.check:check_file"
# A worker is replaced after this many files, so a slow leak in a parser (pdfminer caches,
# lxml) cannot grow a worker through a batch of many hundreds of reports. Measured: a worker
# stays at about 74 MB through 100 mixed reports, and a replacement costs ~0.4 s (spawn +
# imports), so replacements are rare.
MAX_TASKS_PER_WORKER = 250

CRASH_MESSAGE = ("检查本文件时检查程序意外退出（可能是文件结构异常或内存不足），本文件未能检查；"
                 "其他文件不受影响。请用 WPS 或 Word 打开后另存一份再试，或把文件发给维护人员。")


# A scan (or a document with tables pasted as pictures) is recognised page by page, 3–6 s a
# page on a 2-core office PC and more with both cores busy: 40 pages outlast any fixed
# timeout. Each page the worker reports recognised gives the file this long again, so a
# scan that is making progress is never stopped, and one stuck on a page is.
OCR_PAGE_S = 60.0


def timeout_message(seconds: float) -> str:
    return (f"检查本文件超过 {seconds:.0f} 秒仍未完成，已停止；其他文件不受影响。"
            "文件可能过大或结构异常，请单独打开该文件检查，或另存为 PDF/DOCX 后再试。")


def scan_timeout_message(seconds: float, done: int, total: int) -> str:
    where = (f"已识别 {done} / {total} 页，第 {done + 1} 页超过 {OCR_PAGE_S:.0f} 秒仍未识别完"
             if done < total else f"{total} 页已识别完，核对识别结果时超时")
    return (f"本文件是扫描件或含图片表格，需要逐页识别文字；检查了 {seconds:.0f} 秒（{where}），已停止；其他文件不受影响。"
            "请单独打开该文件检查（窗口中会显示识别进度），或向发文单位索取可复制文字的 PDF 或 Word 原件；"
            "若只需检查报告部分，可只把报告所在的页面另存为 PDF 后再试。")


# --------------------------------------------------------------------------------------
# Parent side


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    index: int | None = None  # the file it holds
    started: float = 0.0
    done: int = 0
    ready: bool = False  # its imports succeeded ("ready" received)
    deadline: float = 0.0  # when the file it holds is given up (moved on by OCR pages)
    ocr: tuple[int, int] | None = None  # pages recognised, in all: the file is a scan


class _Pool:
    def __init__(self, size: int, task: str, keep_documents: bool = False) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self._task = task
        self._keep = keep_documents
        self.workers = [self._start() for _ in range(size)]

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=worker_main, args=(child, self._task, self._keep), daemon=True,
                                    name="nianbao-batch-worker")
        process.start()
        child.close()
        return _Worker(process, parent)

    def replace(self, worker: _Worker, *, kill: bool) -> _Worker:
        """A new worker in the old one's place; the old one is stopped (killed when it hangs
        or has lost its place in the protocol)."""
        self._stop(worker, kill=kill)
        fresh = self._start()
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    def retire(self, worker: _Worker) -> None:
        """Stop a worker that is no longer needed (killed: it crashed or hangs)."""
        self._stop(worker, kill=True)
        self.workers.remove(worker)

    @staticmethod
    def _stop(worker: _Worker, *, kill: bool) -> None:
        if not kill:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                kill = True
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=2.0)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(timeout=2.0)
        worker.conn.close()

    def close(self, *, kill: bool) -> None:
        for worker in self.workers:
            self._stop(worker, kill=kill or worker.index is not None)
        self.workers = []


def default_workers(count: int) -> int:
    return max(1, min(os.cpu_count() or 1, count))


def run_batch(
    files: Sequence[str],
    *,
    workers: int | None = None,
    on_report: Callable[[int, Report], None] | None = None,
    cancel: threading.Event | None = None,
    timeout_s: float = 120.0,
    cross_year: bool = True,
    task: str = DEFAULT_TASK,
    keep_documents: bool = False,
    on_activity: Callable[[int, int, int], None] | None = None,
) -> list[Report | None]:
    """Check ``files``; the result has one entry per file in the same order.

    Files ``core.batch.files.skip_reason`` leaves out (Office lock files, this program's own
    outputs) come back at once as "skipped" with their reason, never opened.
    ``workers``: None → one process per core (at most one per file); N ≥ 1 → N worker
    processes (1 gives the benchmark its baseline through the same machinery); 0 → in this
    process, one file after the other, with no protection against crashes or hangs (the CLI
    uses it for a single file, where starting a process would double the time).
    ``on_report(index, report)`` is called in the calling thread as each file finishes, in
    any order. When ``cancel`` is set the running files are abandoned and their entries,
    like those never started, stay None. A file whose check crashes its worker or takes
    longer than ``timeout_s`` comes back "unreadable" with a Chinese message; the others
    go on. Cross-year findings are added at the end (see the module docstring).
    ``task`` ("module:function") replaces ``check_file`` in the workers (tests use it to
    crash or hang a worker on purpose). ``on_activity(index, pages_done, pages_total)``
    names the work under way, so a batch of scans does not look frozen: (index, 0, 0) when
    a file is started, and each page of a scan recognised.
    """
    results: list[Report | None] = [None] * len(files)
    todo = _answer_skipped(files, results, on_report)
    if todo:
        if workers == 0:
            _run_here(files, todo, results, on_report, cancel, task, keep_documents, on_activity)
        else:
            size = min(workers or default_workers(len(todo)), len(todo))
            left = _run_pool(files, todo, results, size, on_report, cancel, timeout_s, task, keep_documents, on_activity)
            if left:
                # Worker processes cannot start here: check the rest in this process rather
                # than report every file as unreadable.
                log.warning("batch workers could not start; checking %d files in-process", len(left))
                _run_here(files, left, results, on_report, cancel, task, keep_documents, on_activity)
    if cross_year:
        apply_cross_year(results)
    return results


def _answer_skipped(files: Sequence[str], results: list[Report | None],
                    on_report: Callable[[int, Report], None] | None) -> list[int]:
    """Files left out on purpose (lock files, this program's outputs) answered at once as
    "skipped" with their reason; the indexes of the files to check."""
    from core.batch.files import skip_reason

    todo: list[int] = []
    for index, path in enumerate(files):
        reason = skip_reason(path, alone=len(files) == 1)
        if reason is None:
            todo.append(index)
            continue
        results[index] = report = Report(path, None, "skipped", reason)
        if on_report is not None:
            on_report(index, report)
    return todo


def _run_here(files: Sequence[str], indexes: Iterable[int], results: list[Report | None],
              on_report: Callable[[int, Report], None] | None, cancel: threading.Event | None, task: str,
              keep_documents: bool, on_activity: Callable[[int, int, int], None] | None = None) -> None:
    from core.batch.worker import _takes_progress  # noqa: PLC2701 — the same test as the workers'
    from core.limits import ProgressKinds

    check = resolve_task(task)
    with_progress = on_activity is not None and _takes_progress(check)
    for index in indexes:
        path = files[index]
        if cancel is not None and cancel.is_set():
            return
        if on_activity is not None:
            on_activity(index, 0, 0)
        try:
            if with_progress:
                assert on_activity is not None
                pages = ProgressKinds(lambda done, total: None,
                                      lambda done, total, i=index: on_activity(i, done, total))  # type: ignore[misc]
                report = check(path, pages)
            else:
                report = check(path)
        except Exception:  # noqa: BLE001 — check_file does not raise; a substitute might
            log.exception("check failed on %s", path)
            report = Report(path, None, "unreadable", INTERNAL_MESSAGE)
        if not keep_documents:
            report.document = None
        results[index] = report
        if on_report is not None:
            on_report(index, report)


# How often the parent looks at the cancel event and the clock while workers are busy.
_POLL_S = 0.1


def _run_pool(files: Sequence[str], todo: list[int], results: list[Report | None], size: int,
              on_report: Callable[[int, Report], None] | None, cancel: threading.Event | None,
              timeout_s: float, task: str, keep_documents: bool,
              on_activity: Callable[[int, int, int], None] | None = None) -> list[int]:
    """Returns the files left unchecked because a worker process could not start (empty
    unless the pool had to be given up)."""
    pending = deque(todo)
    pool = _Pool(size, task, keep_documents)
    cancelled = False
    try:
        while True:
            if cancel is not None and cancel.is_set():
                cancelled = True
                return []
            for worker in list(pool.workers):
                if worker.index is None and pending:
                    if worker.done >= MAX_TASKS_PER_WORKER:
                        worker = pool.replace(worker, kill=False)
                    index = pending.popleft()
                    try:
                        worker.conn.send((index, files[index]))
                    except (OSError, ValueError):  # died while idle: give the file to a new one
                        pending.appendleft(index)
                        pool.replace(worker, kill=True)
                        continue
                    worker.index, worker.started = index, time.monotonic()
                    worker.deadline, worker.ocr = worker.started + timeout_s, None
                    if on_activity is not None:
                        on_activity(index, 0, 0)
            busy = [w for w in pool.workers if w.index is not None]
            if not busy:
                return []
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=_POLL_S)
            now = time.monotonic()
            for worker in busy:
                index = worker.index
                assert index is not None
                report: Report | None = None
                replace = False
                lost = False
                if worker.conn.poll():
                    try:
                        message = worker.conn.recv()
                        if message == "ready":
                            worker.ready = True
                            continue  # the result follows; wait() wakes for it
                        if isinstance(message, tuple) and len(message) == 4 and message[0] == "ocr":
                            if message[1] == index:  # a page recognised: the scan is moving
                                worker.ocr = (int(message[2]), int(message[3]))
                                worker.deadline = max(worker.deadline, now + OCR_PAGE_S)
                                if on_activity is not None:
                                    on_activity(index, *worker.ocr)
                            continue
                        got, report = message
                        if got != index:  # cannot happen with one file per worker; be safe
                            raise EOFError
                    except (EOFError, OSError, ValueError, TypeError):
                        lost = True  # the pipe closed: the worker died
                if report is None and (lost or not worker.process.is_alive()):
                    if not worker.ready:
                        log.warning("batch worker could not start (exit status %s)", worker.process.exitcode)
                        cancelled = True  # stop the other workers too: they will not start either
                        left = [w.index for w in pool.workers if w.index is not None] + list(pending)
                        return sorted(i for i in left if i is not None and results[i] is None)
                    log.warning("batch worker exited with %s on %s", worker.process.exitcode, files[index])
                    report, replace = Report(files[index], None, "unreadable", CRASH_MESSAGE), True
                elif report is None and now > worker.deadline:
                    log.warning("batch worker timed out on %s", files[index])
                    message = (timeout_message(timeout_s) if worker.ocr is None
                               else scan_timeout_message(now - worker.started, *worker.ocr))
                    report, replace = Report(files[index], None, "unreadable", message), True
                if report is None:
                    continue
                worker.index = None
                worker.done += 1
                if replace:
                    if pending:
                        pool.replace(worker, kill=True)
                    else:
                        pool.retire(worker)
                results[index] = report
                if on_report is not None:
                    on_report(index, report)
    except BaseException:
        cancelled = True
        raise
    finally:
        pool.close(kill=cancelled)
