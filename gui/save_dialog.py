"""The save dialog of an export that must not lose the clerk's work: asked again, at the
place last chosen, until the file is written or the clerk cancels."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("SaveDialog", text)


def save_with_retry(parent: QWidget, title: str, start: str, filters: Sequence[str], *,
                    with_suffix: Callable[[str, str], str], is_source: Callable[[str], bool],
                    source_message: str, write: Callable[[str], None],
                    failure_message: Callable[[Exception], str | None]) -> str | None:
    """The path written, or None when the clerk cancels the dialog.

    ``with_suffix(path, chosen filter)`` adds the suffix a typed name left off. A path that
    ``is_source`` (a report being checked) is refused with ``source_message`` before anything
    is written. ``write(path)`` writes the file; when it raises, ``failure_message(exc)`` is
    the sentence to show (a locked file, no permission) before asking again — None for an
    exception it does not explain, which then propagates."""
    while True:
        target, chosen = QFileDialog.getSaveFileName(parent, title, start, ";;".join(filters))
        if not target:
            return None
        target = with_suffix(target, chosen)
        start = target
        if is_source(target):
            QMessageBox.warning(parent, _tr("导出失败"), source_message)
            continue
        try:
            write(target)
        except Exception as exc:
            message = failure_message(exc)
            if message is None:
                raise
            QMessageBox.warning(parent, _tr("导出失败"), message)
            continue
        return target
