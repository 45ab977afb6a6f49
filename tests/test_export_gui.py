"""The Word exports in the window: the action follows the source format, writes the edited
values, the letter goes out, and the batch view writes one letter per report off the UI
thread."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from PySide6.QtWidgets import QFileDialog

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import open_and_wait, seed_copy
from tests.shared_data import REPO

pytestmark = pytest.mark.gui

FIXTURES = REPO / "tests" / "fixtures"


def _save_as(monkeypatch, target: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))


def test_word_source_gets_tracked_changes(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    source = shutil.copy(FIXTURES / "docx" / "report_2019.docx", tmp_path / "农业农村局.docx")
    window = make_window()
    open_and_wait(qtbot, window, source)
    actions = window.export_actions
    menu = window.menuBar().actions()[0].menu()
    menu.aboutToShow.emit()  # the menu opening brings the actions up to date
    assert actions.word_action.text() == "导出修正后的 Word(&W)…" and actions.word_action.isEnabled()
    labels = [a.text() for a in menu.actions()]
    assert labels.index("导出修正后的 Word(&W)…") == labels.index("导出修正后的 Excel(&E)…") + 1
    assert actions.word_action in window.menuBar().actions()[0].menu().actions()
    window.editing.push_edit("t3", "new", "natural", 149)
    _save_as(monkeypatch, tmp_path / "修订")
    assert actions.export_word()
    out = tmp_path / "修订.docx"
    with zipfile.ZipFile(out) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert 'w:author="年报校验"' in body and "<w:delText" in body and ">149</w:t>" in body


def test_other_sources_get_the_official_tables(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, seed_copy(tmp_path, "001"))
    actions = window.export_actions
    actions.update()
    assert actions.word_action.text() == "导出表格 (Word)(&W)…"
    _save_as(monkeypatch, tmp_path / "表格.docx")
    assert actions.export_word()
    assert len(docx.Document(str(tmp_path / "表格.docx")).tables) == 3


def test_the_review_letter_from_the_window(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, shutil.copy(REPO / "resources" / "sample" / "示例年报.txt", tmp_path / "示例.txt"))
    _save_as(monkeypatch, tmp_path / "意见.docx")
    assert window.export_actions.export_letter()
    text = [p.text for p in docx.Document(str(tmp_path / "意见.docx")).paragraphs]
    assert text[1] == "示例市自然资源和规划局：" and "需要整改" in text[2]


def test_no_report_no_actions(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.export_actions.update()  # as the menu opens
    assert not window.export_actions.word_action.isEnabled()
    assert not window.export_actions.letter_action.isEnabled()


def test_batch_letters_go_into_a_folder(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "各单位"
    folder.mkdir()
    shutil.copy(REPO / "resources" / "sample" / "示例年报.txt", folder / "示例.txt")
    seed_copy(folder, "001")
    window = make_window()
    window.opening.start_batch([str(folder)])
    qtbot.waitUntil(lambda: not window.batch.running and window.batch.model.done_count() == 2, timeout=90000)
    letters = window.batch.letters
    assert letters.button.isEnabled()
    out = tmp_path / "意见"
    out.mkdir()
    with qtbot.waitSignal(letters.finished, timeout=20000) as blocker:
        letters.write_to(str(out))
    assert blocker.args == [True]
    names = sorted(p.name for p in out.iterdir() if p.suffix == ".docx")
    assert len(names) == 2 and all(n.endswith("年度报告审核意见.docx") for n in names)
    # Each letter's items beside it, for the follow-up of the corrected report (issue 27).
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".items.json")) == [
        n[: -len(".docx")] + ".items.json" for n in names]
    assert "已导出 2 份审核意见" in window.batch.status.text()
