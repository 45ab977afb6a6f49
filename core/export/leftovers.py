"""Temporary files beside an export or summary target, named so that the next run can
tell its own leftovers from anyone else's files.

A program killed between creating the hidden ``.~年报校验导出-<pid>-…`` file and renaming it
over the target leaves it behind (SIGKILL, power cut). The next export into the same folder
removes such files when their owner process is gone or they are more than a minute old
(an export takes well under a second); nothing else is ever touched. The workbooks are
built in memory (xlsxwriter's ``in_memory``), so no part files go to the system temp folder
at all.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

STALE_AFTER_S = 60.0


def temp_beside(folder: Path, prefix: str, suffix: str) -> Path:
    """A new empty file in ``folder`` (so the final rename stays on one disk and is atomic),
    after removing what earlier killed runs left there. Raises OSError."""
    remove_leftovers(folder, prefix, suffix)
    fd, name = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}-", suffix=suffix, dir=folder)
    os.close(fd)
    return Path(name)


def remove_leftovers(folder: Path, prefix: str, suffix: str, *, now: float | None = None) -> list[Path]:
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(suffix)):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
            if old or _owner_gone(entry.name[len(prefix):]):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # another run removed it, or it is not ours to remove
    return removed


def _owner_gone(rest: str) -> bool:
    pid_text, sep, _ = rest.partition("-")
    if not sep or not pid_text.isdigit():
        return False  # an older version's name: only its age counts
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    if sys.platform == "win32":
        return False  # os.kill(pid, 0) would end the process on Windows: age decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # exists, owned by another user
    return False


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` and make sure it reached the disk; raises OSError (a full
    disk is reported here, not later by a destructor)."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
