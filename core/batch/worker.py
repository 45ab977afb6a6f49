"""What runs in a batch worker process: check one file at a time as the parent sends it,
send the report back, and end when told to or when the parent is gone (core/batch/runner.py
starts, feeds and replaces the workers)."""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, wait

from core.limits import ProgressKinds
from core.logsetup import quiet_logging
from core.model import Report

log = logging.getLogger(__name__)

INTERNAL_MESSAGE = "检查本文件时出现内部错误，本文件未能检查；其他文件不受影响。请把该文件发给维护人员。"


def resolve_task(task: str) -> Callable[[str], Report]:
    module, _, name = task.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def worker_main(conn: Connection, task: str, keep_documents: bool = False) -> None:
    """Runs in the worker process: receive (index, path), send (index, report) back; None
    ends the worker."""
    # Ctrl+C in a console goes to the whole process group; the parent decides what stops.
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        pass
    quiet_logging()  # library warnings must not reach the clerk's console in English
    _die_with_parent()
    check = resolve_task(task)
    with_progress = _takes_progress(check)
    # Tells the parent the imports worked: a worker that dies before this could not start
    # at all (a broken install, a frozen build missing a module), which is no file's fault.
    conn.send("ready")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, path = message
        try:
            report = check(path, _ocr_heartbeat(conn, index)) if with_progress else check(path)
            if not keep_documents:
                report.document = None
        except BaseException:  # noqa: BLE001 — MemoryError, RecursionError: this file only
            log.exception("batch worker failed on %s", path)
            report = Report(path, None, "unreadable", INTERNAL_MESSAGE)
        try:
            conn.send((index, report))
        except (EOFError, OSError):
            return
        except Exception:  # noqa: BLE001 — a report that does not pickle
            log.exception("batch worker could not send the report of %s", path)
            conn.send((index, Report(path, report.format, "unreadable", INTERNAL_MESSAGE)))


def _takes_progress(check: Callable[..., Report]) -> bool:
    """Whether the task takes check_file's ``progress`` (the tests' stand-ins may not)."""
    import inspect

    try:
        params = [p for p in inspect.signature(check).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return False
    return len(params) >= 2


def _ocr_heartbeat(conn: Connection, index: int) -> ProgressKinds:
    """A progress that tells the parent each page recognised ("ocr", index, done, total);
    text-layer pages are not reported (they take milliseconds)."""

    def ocr(done: int, total: int) -> None:
        conn.send(("ocr", index, done, total))

    return ProgressKinds(lambda done, total: None, ocr)


def _die_with_parent() -> None:
    """A worker must not go on checking (for a minute, at 160 MB) when the program that
    started it is killed. multiprocessing gives every spawned child a sentinel for its
    parent (the read end of a pipe the parent holds on POSIX, the parent's process handle on
    Windows) that becomes ready when the parent is gone, however it ended; a daemon thread
    waits on it and ends this process at once. No ctypes or prctl needed."""
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is None:
        return

    def watch() -> None:
        try:
            wait([sentinel])
        except (OSError, ValueError):
            return
        os._exit(3)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
