"""Edits survive a crash: written (debounced, atomically) to the app's data folder, keyed by
the source file's path, size and modification time, never next to the source."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from gui.session import Edit

FORMAT = 1
# Written on the next turn of the event loop after an edit: the edits of one action (a bulk
# fix, an undo of it) coalesce into one write, and nothing is left waiting for a timer when
# the process is killed. A write is one small fsync'd file (milliseconds).
DEBOUNCE_MS = 0


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
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def write(self, key: str, source: str, edits: list[Edit]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": FORMAT,
            "source": os.path.abspath(source),
            "edits": [{"table": e.table, "row": e.row, "col": e.col, "value": e.value} for e in edits],
        }
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

    def read(self, key: str) -> list[Edit]:
        try:
            payload = json.loads(self.path_for(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            return []
        out = []
        for item in payload.get("edits", []):
            try:
                value = item["value"]
                if value is not None and not isinstance(value, (int, float)):
                    continue
                out.append(Edit(str(item["table"]), str(item["row"]), str(item["col"]), value))
            except (KeyError, TypeError):
                continue
        return out

    def clear(self, key: str) -> None:
        try:
            self.path_for(key).unlink()
        except FileNotFoundError:
            pass
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
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)

    def attach(self, source: str, edits_source) -> None:  # type: ignore[no-untyped-def]
        self._timer.stop()
        self.source = source
        self.key = source_key(source)
        self._edits = edits_source

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
            if edits:
                self.store.write(self.key, self.source, edits)
            else:
                self.store.clear(self.key)
        except OSError:
            pass  # a full or read-only disk must not interrupt editing; the edits are still in memory

    def recoverable(self) -> list[Edit]:
        return self.store.read(self.key) if self.key else []

    def clear(self) -> None:
        self._timer.stop()
        if self.key is not None:
            self.store.clear(self.key)
