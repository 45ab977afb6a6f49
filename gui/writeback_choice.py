"""Which corrections go back into the clerk's own file (issue 29): the plan of
``core.export.corrections`` for the report open, and the clerk's "写回" choice per finding.

The plan is recomputed whenever the findings change (an edit, a dismissal); what the clerk
ticked or unticked is kept by the correction's key, so an edit elsewhere does not undo a
choice. A dismissed finding (已核实，无需修改) is never written back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from core.dismissals import finding_key
from core.export.corrections import Correction, correction_for, count_corrections, plan_corrections

WRITE_BACK_FORMATS = ("docx", "xlsx")


class WriteBackChoice(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan: list[Correction] = []
        self.format: str | None = None
        self._choices: dict[str, bool] = {}  # correction key → what the clerk chose
        self._source: str | None = None

    def refresh(self, session: Any) -> None:
        """The plan for ``session`` (a ``ReportSession`` or None) as its findings now stand."""
        report = session.report if session is not None else None
        fmt = report.format if report is not None else None
        if report is None or report.file != self._source:
            self._choices.clear()
            self._source = report.file if report is not None else None
        self.format = fmt
        if report is None or fmt not in WRITE_BACK_FORMATS or report.extraction is None:
            self.plan = []
        else:
            dismissed = dict(getattr(session, "dismissals", {}) or {})
            findings = [f for f in session.findings if finding_key(f) not in dismissed]
            plan = plan_corrections(report, session.extraction, findings)
            # The clerk's own workbook takes cells, not comments.
            self.plan = [c for c in plan if fmt == "docx" or c.kind != "note"]
        self.changed.emit()

    @property
    def active(self) -> bool:
        return self.format in WRITE_BACK_FORMATS

    def chosen(self) -> set[str]:
        return {c.key for c in self.plan if self._choices.get(c.key, c.default)}

    def state(self, key: str) -> bool | None:
        """For a finding's key: whether its correction is chosen; None when it has none."""
        c = correction_for(self.plan, key)
        if c is None:
            return None
        return self._choices.get(c.key, c.default)

    def kind(self, key: str) -> str | None:
        c = correction_for(self.plan, key)
        return c.kind if c is not None else None

    def states(self, keys: list[str]) -> dict[str, tuple[bool, str, str]]:
        """Finding key → (chosen, kind, what is written) for the findings that have a
        correction. Findings that share one correction (a wrong title year makes M-PERIOD and
        M-YEAR): those after the first get the kind "same" (the change is written once)."""
        out: dict[str, tuple[bool, str, str]] = {}
        seen: set[str] = set()
        for key in keys:
            c = correction_for(self.plan, key)
            if c is not None:
                out[key] = (self._choices.get(c.key, c.default), "same" if c.key in seen else c.kind,
                            c.comment.split("\n", 1)[0])
                seen.add(c.key)
        return out

    def set_chosen(self, key: str, on: bool) -> None:
        """The clerk ticks or unticks "写回" for the finding (or correction) ``key``."""
        c = correction_for(self.plan, key)
        if c is None or self._choices.get(c.key, c.default) == on:
            return
        self._choices[c.key] = on
        self.changed.emit()

    def counts(self) -> tuple[int, int]:
        """(tracked changes or cells, comments only) that writing now puts in."""
        return count_corrections(self.plan, self.chosen())

    def summary(self) -> str:
        """"写回 Word：4 处修订，1 条批注" — shown before anything is written."""
        changes, notes = self.counts()
        if self.format == "xlsx":
            return self.tr("写回 Excel：{n} 个单元格").format(n=changes)
        if not self.active:
            return ""
        text = self.tr("写回 Word：{n} 处修订").format(n=changes)
        if notes:
            text += self.tr("，{n} 条批注").format(n=notes)
        return text
