"""Red team, round three (issue 26), the window's state files: autosaves, dismissals and the
recent-files list are input too. Each test failed on the code before its fix. (Kept apart
from tests/test_hostile_round3.py so the core cases never load Qt.)"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import answer, open_and_wait, seed_copy, type_into_cell


def _autosave(folder: Path, report: Path, payload: dict | str) -> Path:  # type: ignore[type-arg]
    from gui.autosave import source_key

    key = source_key(str(report))
    assert key is not None
    path = folder / f"{key}.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return path


def _edit(table: str, row: str, col: str, value: object) -> dict:  # type: ignore[type-arg]
    return {"table": table, "row": row, "col": col, "value": value}


def test_a_dismissals_file_of_the_wrong_shape_does_not_stop_the_report(qtbot, make_window, tmp_path, isolated,
                                                                       caplog) -> None:  # type: ignore[no-untyped-def]
    from gui.autosave import source_key

    path = seed_copy(tmp_path, "001")
    (isolated / f"{source_key(str(path))}.dismissed.json").write_text('{"format": 1, "dismissals": 5}', encoding="utf-8")
    window = make_window()
    with caplog.at_level(logging.WARNING):
        open_and_wait(qtbot, window, path)
    assert window.session is not None and window.session.dismissals == {}
    assert "dismissals are not a list" in caplog.text


def test_an_autosave_of_the_wrong_shape_is_noted_not_swallowed(qtbot, make_window, tmp_path, isolated, monkeypatch,
                                                               caplog) -> None:  # type: ignore[no-untyped-def]
    path = seed_copy(tmp_path, "001")
    _autosave(isolated, path, {"format": 1, "source": str(path), "edits": 7})
    calls: list = []
    answer(monkeypatch, QMessageBox.StandardButton.Yes, calls)
    window = make_window()
    with caplog.at_level(logging.WARNING):
        open_and_wait(qtbot, window, path)
    assert window.session is not None and calls == [] and not window.session.edits()
    assert "edits are not a list" in caplog.text


def test_autosaved_values_no_clerk_could_type_are_dropped(qtbot, make_window, tmp_path, isolated, monkeypatch,
                                                          caplog) -> None:  # type: ignore[no-untyped-def]
    path = seed_copy(tmp_path, "001")
    bad = [_edit("t3", "new", "natural", v) for v in (float("nan"), float("inf"), -5, 1e300, 2 ** 70, True, "12")]
    bad += [_edit("t3", "no_such_row", "natural", 3), _edit("t9", "new", "natural", 3), _edit("t3", "new", "total", 2.5)]
    good = [_edit("t3", "granted", "commercial", 777), _edit("t2", "fees", "amount_wan", 12.5)]
    _autosave(isolated, path, json.dumps({"format": 1, "source": str(path), "edits": bad + good}))  # NaN, Infinity as JSON allows
    calls: list = []
    answer(monkeypatch, QMessageBox.StandardButton.Yes, calls)
    window = make_window()
    with caplog.at_level(logging.WARNING):
        open_and_wait(qtbot, window, path)
    assert window.session is not None
    assert len(calls) == 1 and "2 处修改" in calls[0][1]
    edits = sorted((e.table, e.row, e.col, e.value) for e in window.session.edits())
    assert edits == [("t2", "fees", "amount_wan", 12.5), ("t3", "granted", "commercial", 777)]
    assert "10 edits that no cell could hold were dropped" in caplog.text


def test_a_huge_autosave_is_not_replayed(qtbot, make_window, tmp_path, isolated, monkeypatch,
                                         caplog) -> None:  # type: ignore[no-untyped-def]
    """1 MB is ignored (ours are a few KB); 200 KB of edits to three cells is three edits."""
    path = seed_copy(tmp_path, "001")
    cells = [("t3", "new", "natural"), ("t3", "granted", "commercial"), ("t4", "review", "upheld")]
    many = [_edit(*cells[i % 3], 1000 + i % 50) for i in range(3000)]
    saved = _autosave(isolated, path, {"format": 1, "source": str(path), "edits": many})
    assert 100_000 < saved.stat().st_size < 256 * 1024
    calls: list = []
    answer(monkeypatch, QMessageBox.StandardButton.Yes, calls)
    window = make_window()
    open_and_wait(qtbot, window, path)
    assert len(calls) == 1 and "3 处修改" in calls[0][1]
    assert window.session is not None
    assert {(e.table, e.row, e.col): e.value for e in window.session.edits()} == {
        cells[0]: 1047, cells[1]: 1048, cells[2]: 1049}
    window.undo_stack.setClean()
    window.close()

    (tmp_path / "huge").mkdir()
    huge = seed_copy(tmp_path / "huge", "002")
    _autosave(isolated, huge, {"format": 1, "source": str(huge), "edits": many * 6, "pad": "x" * 200_000})
    calls.clear()
    second = make_window()
    with caplog.at_level(logging.WARNING):
        open_and_wait(qtbot, second, huge)
    assert calls == [] and second.session is not None and not second.session.edits()
    assert "more than 262144" in caplog.text


def test_a_hundred_thousand_recent_files_are_ten(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.settings import MAX_RECENT

    QSettings().setValue("files/recent", [f"/报告/第{i}号.pdf" for i in range(100_000)] + [7, "", "relative.pdf"])
    window = make_window()
    entries = [a for a in window.commands.recent_menu.actions() if not a.isSeparator()]
    assert len(entries) <= MAX_RECENT + 1  # the ten files and 清除列表
    assert len(QSettings().value("files/recent", [])) == MAX_RECENT  # and the list on disk is cut back


def test_two_windows_on_one_report_both_killed_keep_both_edits(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two copies of the app on one report (two windows here, each with its own store, as two
    processes have), neither closed: each one's edit is offered back."""
    path = seed_copy(tmp_path, "001")
    first, second = make_window(register=False), make_window(register=False)
    open_and_wait(qtbot, first, path)
    open_and_wait(qtbot, second, path)
    type_into_cell(qtbot, first, "t3", "new", "natural", "6")
    qtbot.waitUntil(lambda: not first.autosaver.pending(), timeout=3000)
    type_into_cell(qtbot, second, "t2", "regulations", "made", "2")
    qtbot.waitUntil(lambda: not second.autosaver.pending(), timeout=3000)
    calls: list = []
    answer(monkeypatch, QMessageBox.StandardButton.Yes, calls)
    third = make_window()
    open_and_wait(qtbot, third, path)
    assert calls and "2 处修改" in calls[0][1]
    assert third.session.cell("t3", "new", "natural").value == 6
    assert third.session.cell("t2", "regulations", "made").value == 2
    for window in (first, second):
        window.undo_stack.setClean()
        window.close()
        window.deleteLater()
