"""Dismissing a finding ("已核实，无需修改") with an optional reason: an undo command, and
the file that keeps a report's dismissals between runs.

A dismissal is about the report, not about unexported edits: it is kept (keyed like the
autosave, by the source's path, size and time) after an export too, so reopening the same
file shows the same findings as checked. ``core.dismissals`` is the model the export, the
review letter and the batch summary share."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from core import state_schema
from core.dismissals import Dismissal, finding_key
from core.model import SEVERITY_ZH, Finding

from gui.session import ReportSession

FORMAT = 1


class DismissCommand(QUndoCommand):
    """Dismiss ``finding`` (``reason`` given) or, with ``dismiss=False``, take it back."""

    def __init__(self, session: ReportSession, finding: Finding, reason: str = "", dismiss: bool = True) -> None:
        super().__init__()
        self.session = session
        self.key = finding_key(finding)
        self.before = session.dismissals.get(self.key)
        self.after = Dismissal(self.key, reason.strip()) if dismiss else None
        what = f"{SEVERITY_ZH[finding.severity]} {finding.rule}"
        if dismiss:
            self.setText(QCoreApplication.translate("Dismiss", "已核实，无需修改：{what}").format(what=what))
        else:
            self.setText(QCoreApplication.translate("Dismiss", "撤销“已核实”：{what}").format(what=what))

    def redo(self) -> None:
        self.session.set_dismissal(self.key, self.after)

    def undo(self) -> None:
        self.session.set_dismissal(self.key, self.before)


class DismissalStore:
    """``<key>.dismissed.json`` beside the autosaves (the same folder, another file)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.dismissed.json"

    def read(self, key: str | None) -> dict[str, Dismissal]:
        if key is None:
            return {}
        path = self._path(key)
        payload = state_schema.read_state(path, "dismissals", (FORMAT,))
        if payload is None:
            return {}
        return {k: Dismissal(k, reason) for k, reason in state_schema.dismissals(payload.get("dismissals", []), str(path))}

    def write(self, key: str | None, source: str, dismissals: dict[str, Dismissal]) -> None:
        if key is None:
            return
        path = self._path(key)
        try:
            if not dismissals:
                path.unlink(missing_ok=True)
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            payload = {"format": FORMAT, "source": os.path.abspath(source),
                       "dismissals": [d.to_json() for d in dismissals.values()]}
            fd, tmp = tempfile.mkstemp(prefix=".dismissed-", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(payload, f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only disk must not stop the clerk; the dismissals stay in memory
