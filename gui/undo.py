"""Every change of a value is a command on the window's one ``QUndoStack``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from core.model import CellValue, Number

from gui.cells import cell_name, format_number
from gui.session import ReportSession

_MERGE_ID = 0x4E42  # consecutive edits of the same cell merge into one step


class SetCellCommand(QUndoCommand):
    """Set one cell; undo restores the table exactly as it was (including a table or row
    that did not exist before the edit)."""

    def __init__(self, session: ReportSession, table: str, row: str, col: str, value: Number | None,
                 text: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.table, self.row, self.col = table, row, col
        self.value = value
        self.before = session.snapshot(table)
        current = session.cell(table, row, col)
        self.old_value = current.value if current is not None and current.state != "missing" else None
        # A value entered on a cell the reader doubted or could not read settles it: the
        # edit log says so.
        if text is None and (current is None or (not current.confirmed and current.state in ("uncertain", "missing"))):
            text = checked_text()
        self._fixed_text = text
        self._name()

    def _name(self) -> None:
        name = cell_name(self.session.spec(self.table), self.row, self.col)
        arrow = f"{format_number(self.old_value)}→{format_number(self.value)}"
        if self._fixed_text:
            self.setText(f"{self._fixed_text}：{name} {arrow}")
        else:
            self.setText(f"{name} {arrow}")

    def redo(self) -> None:
        self.session.set_value(self.table, self.row, self.col, self.value)

    def undo(self) -> None:
        self.session.restore(self.table, self.before)

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetCellCommand) or self._fixed_text or other._fixed_text:
            return False
        if (other.session, other.table, other.row, other.col) != (self.session, self.table, self.row, self.col):
            return False
        self.value = other.value
        self._name()
        return True


class RevertCellCommand(QUndoCommand):
    """Put one cell back as printed (its text and state too, not only its number)."""

    def __init__(self, session: ReportSession, table: str, row: str, col: str, text: str) -> None:
        super().__init__()
        self.session = session
        self.table, self.row, self.col = table, row, col
        self.before = session.snapshot(table)
        current = session.cell(table, row, col)
        now = current.value if current is not None and current.state != "missing" else None
        printed = session.printed(table, row, col)
        shown = printed_text(printed)
        name = cell_name(session.spec(table), row, col)
        self.setText(f"{text}：{name} {format_number(now)}→{shown}")

    def redo(self) -> None:
        self.session.revert_value(self.table, self.row, self.col)

    def undo(self) -> None:
        self.session.restore(self.table, self.before)


def printed_text(cell: CellValue | None) -> str:
    """A printed cell for an undo entry: its number, or what was printed instead ("无")."""
    if cell is None or cell.state == "missing":
        return QCoreApplication.translate("Undo", "缺失")
    if cell.value is not None:
        return format_number(cell.value)
    return (cell.raw or "").strip() or QCoreApplication.translate("Undo", "空白")


def checked_text() -> str:
    return QCoreApplication.translate("Undo", "人工核对")


def fix_text() -> str:
    return QCoreApplication.translate("Undo", "采用建议值")
