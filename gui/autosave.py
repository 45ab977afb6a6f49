"""Edits survive a crash: written (debounced, atomically) to the app's data folder, keyed by
the source file's path, size and modification time, never next to the source."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import tempfile
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from core import state_schema
from gui.session import Edit

log = logging.getLogger(__name__)

FORMAT = 2  # 1: one writer's "edits"; 2: "writers", each window's own edits (read both)
# Written on the next turn of the event loop after an edit: the edits of one action (a bulk
# fix, an undo of it) coalesce into one write, and nothing is left waiting for a timer when
# the process is killed. A write is one small fsync'd file (milliseconds).
DEBOUNCE_MS = 0
_LOCK_MS = 2000


def default_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "autosave"


def source_key(path: str) -> str | None:
    """Same file, same key; a changed or replaced file gets a new one (its old edits would
    not fit it)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    ident = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32]


class AutosaveStore:
    """One file per report; inside it, each window (``writer``) keeps its own edits. Two
    windows on one report — two copies of the app, both killed — each find their edits
    there: a write replaces only the writer's own part (under a lock file), and recovery
    merges every part, the newest edit of a cell winning."""

    def __init__(self, folder: Path | None = None, writer: str | None = None) -> None:
        self.folder = folder or default_folder()
        self.writer = writer or uuid.uuid4().hex[:16]

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def write(self, key: str, source: str, edits: list[Edit], drop: Iterable[str] = ()) -> None:
        """Replace this writer's edits (and forget the writers in ``drop``, whose edits were
        offered back to the clerk); the file goes when no writer has edits left."""
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(self.folder / f"{key}.lock"))
        lock.setStaleLockTime(10_000)
        locked = lock.tryLock(_LOCK_MS)  # unlocked, the write still happens: losing it would be worse
        try:
            stored, kept = self._load(key)
            writers = {w: part for w, part in kept.items() if w not in set(drop) and w != self.writer}
            if edits:
                writers[self.writer] = {"time": time.time(),
                                        "edits": [{"table": e.table, "row": e.row, "col": e.col, "value": e.value}
                                                  for e in edits]}
            if not writers:
                self._unlink(key)
                return
            payload = {"format": FORMAT, "source": os.path.abspath(source) if source else stored, "writers": writers}
            self._replace(key, payload)
        finally:
            if locked:
                lock.unlock()

    def _replace(self, key: str, payload: dict) -> None:  # type: ignore[type-arg]
        fd, tmp = tempfile.mkstemp(prefix=".autosave-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(payload, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path_for(key))
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def _writers(self, key: str) -> dict[str, dict]:  # type: ignore[type-arg]
        return self._load(key)[1]

    def _load(self, key: str) -> tuple[str, dict[str, dict]]:  # type: ignore[type-arg]
        """The source named in the file, and writer → {"time", "edits"} as stored (format
        1: one writer, "")."""
        path = self.path_for(key)
        payload = state_schema.read_state(path, "autosave", (1, FORMAT))
        if payload is None:
            return "", {}
        source = payload.get("source") if isinstance(payload.get("source"), str) else ""
        if payload["format"] == 1:
            return source, {"": {"time": 0.0, "edits": payload.get("edits")}}
        writers = payload.get("writers")
        if not isinstance(writers, dict):
            log.warning("autosave %s: no writers: ignored", path)
            return source, {}
        return source, {str(w): part for w, part in writers.items() if isinstance(part, dict)}

    def read_writers(self, key: str) -> tuple[list[Edit], list[str]]:
        """Every writer's valid edits merged (oldest writer first, so the newest value of a
        cell wins), and the writers read."""
        writers = self._writers(key)
        merged: dict[tuple[str, str, str], object] = {}

        def when(item: tuple[str, dict]) -> float:  # type: ignore[type-arg]
            t = item[1].get("time")
            return float(t) if isinstance(t, (int, float)) and not isinstance(t, bool) and math.isfinite(t) else 0.0

        for writer, part in sorted(writers.items(), key=when):
            for cell, value in state_schema.edits(part.get("edits"), f"autosave {key} ({writer or 'format 1'})").items():
                merged.pop(cell, None)
                merged[cell] = value
        return [Edit(t, r, c, v) for (t, r, c), v in merged.items()], list(writers)  # type: ignore[arg-type]

    def read(self, key: str) -> list[Edit]:
        return self.read_writers(key)[0]

    def clear(self, key: str, drop: Iterable[str] = ()) -> None:
        """Forget this writer's edits (and those of ``drop``); other windows' stay."""
        try:
            self.write(key, "", [], drop)
        except OSError:
            pass

    def _unlink(self, key: str) -> None:
        try:
            self.path_for(key).unlink()
        except OSError:
            pass


class Autosaver(QObject):
    """Debounces saves of one open file's edits; ``edits_source`` gives the current edits."""

    def __init__(self, store: AutosaveStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.key: str | None = None
        self.source: str | None = None
        self._edits = None  # type: ignore[var-annotated]
        self._adopted: list[str] = []  # other writers' edits offered back at recovery: ours now
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)

    def attach(self, source: str, edits_source) -> None:  # type: ignore[no-untyped-def]
        self._timer.stop()
        self.source = source
        self.key = source_key(source)
        self._edits = edits_source
        self._adopted = []

    def detach(self) -> None:
        self._timer.stop()
        self.key = self.source = None
        self._edits = None

    def schedule(self) -> None:
        if self.key is not None:
            self._timer.start()

    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        self._timer.stop()
        if self.key is None or self._edits is None or self.source is None:
            return
        edits = self._edits()
        try:
            self.store.write(self.key, self.source, edits, self._adopted)
            self._adopted = []
        except OSError:
            pass  # a full or read-only disk must not interrupt editing; the edits are still in memory

    def recoverable(self) -> list[Edit]:
        """The edits left by any window on this report; whatever the clerk answers, they
        are this window's from now on (kept by its next write, or cleared with its own)."""
        if not self.key:
            return []
        edits, writers = self.store.read_writers(self.key)
        self._adopted = [w for w in writers if w != self.store.writer]
        return edits

    def clear(self) -> None:
        self._timer.stop()
        if self.key is not None:
            self.store.clear(self.key, self._adopted)
            self._adopted = []
