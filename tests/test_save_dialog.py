"""gui/save_dialog.py: the export dialog asked again until the file is written (the corrected
workbook and the batch summary both use it; their own tests drive it through the window)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gui.save_dialog import save_with_retry

XLSX, CSV = "Excel 工作簿 (*.xlsx)", "CSV 文件（逗号分隔） (*.csv)"


def _suffix(path: str, chosen: str) -> str:
    return path if path.endswith((".xlsx", ".csv")) else path + (".csv" if chosen == CSV else ".xlsx")


def _explain(exc: Exception) -> str | None:
    return "文件正被打开；请另选位置。" if isinstance(exc, PermissionError) else None


def _dialog(monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, str]]) -> tuple[list[str], list[tuple[str, str]]]:
    """The dialog answers in turn; returns the warnings shown and (start, filters) of each ask."""
    asked: list[tuple[str, str]] = []
    warnings: list[str] = []

    def ask(parent, title, start, filters):  # type: ignore[no-untyped-def]
        asked.append((start, filters))
        return answers.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: warnings.append(f"{title}|{text}")))
    return warnings, asked


def test_refused_and_failed_targets_ask_again_from_the_last_choice(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    report, locked, good = str(tmp_path / "报告.xlsx"), str(tmp_path / "锁定"), str(tmp_path / "汇总")
    warnings, asked = _dialog(monkeypatch, [(report, XLSX), (locked, XLSX), (good, CSV)])
    written: list[str] = []

    def write(target: str) -> None:
        if target.startswith(locked):
            raise PermissionError(target)
        written.append(target)

    start = str(tmp_path / "年报检查汇总.xlsx")
    target = save_with_retry(parent, "导出汇总表", start, [XLSX, CSV], with_suffix=_suffix,
                             is_source=lambda p: p == report, source_message="不能覆盖被检查的报告文件；请另选一个文件名。",
                             write=write, failure_message=_explain)
    assert target == good + ".csv" and written == [good + ".csv"]  # the report was never written to
    assert warnings == ["导出失败|不能覆盖被检查的报告文件；请另选一个文件名。", "导出失败|文件正被打开；请另选位置。"]
    assert [s for s, _ in asked] == [start, report, locked + ".xlsx"]
    assert {f for _, f in asked} == {f"{XLSX};;{CSV}"}


def test_cancel_writes_nothing_and_an_unexplained_failure_is_not_swallowed(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    warnings, _ = _dialog(monkeypatch, [("", "")])
    written: list[str] = []
    assert save_with_retry(parent, "导出", "a.xlsx", [XLSX], with_suffix=_suffix, is_source=lambda p: False,
                           source_message="", write=written.append, failure_message=_explain) is None
    assert written == [] and warnings == []

    _dialog(monkeypatch, [(str(tmp_path / "x.xlsx"), XLSX)])

    def broken(target: str) -> None:
        raise ValueError("a bug, not a locked file")

    with pytest.raises(ValueError):
        save_with_retry(parent, "导出", "a.xlsx", [XLSX], with_suffix=_suffix, is_source=lambda p: False,
                        source_message="", write=broken, failure_message=_explain)
