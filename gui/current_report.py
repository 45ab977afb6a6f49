"""The report open in the checker: its ``ReportSession`` and the path it was read from.

The one object every part of the window is given to reach the open report. Only the opening
part sets it (``open``/``close``); the others read ``session``/``path`` and listen:
``opened`` after a report is installed, ``closed`` after it is gone, ``changed`` and
``dismissals_changed`` forwarded from whichever session is open, so a listener connects once
instead of to each session in turn."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from gui.session import ReportSession


class CurrentReport(QObject):
    opened = Signal(object)  # ReportSession
    closed = Signal()
    changed = Signal()  # a value changed and the findings were re-checked
    dismissals_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ReportSession | None = None
        self.path: str | None = None

    def open(self, session: ReportSession, path: str) -> None:
        """Hold ``session`` (read from ``path``); the caller closed the previous one."""
        assert self.session is None, "close the open report first"
        self.session = session
        self.path = path
        session.changed.connect(self.changed)
        session.dismissals_changed.connect(self.dismissals_changed)
        self.opened.emit(session)

    def close(self) -> None:
        session = self.session
        if session is None:
            return
        session.changed.disconnect(self.changed)
        session.dismissals_changed.disconnect(self.dismissals_changed)
        session.deleteLater()
        self.session = None
        self.path = None
        self.closed.emit()
