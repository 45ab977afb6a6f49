"""Every readable format in the window: a report rendered as HTML, DOCX, XLSX and TXT with
one planted error opens, the grid shows the numbers as printed, the planted cell is the
marked culprit with the right fix, and selecting it highlights it in the source text."""

from __future__ import annotations

import pytest

from core.template import TABLE_KEYS
from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import open_and_wait

pytestmark = pytest.mark.gui

render = pytest.importorskip("tests.render")


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "txt"])
def test_rendered_report_in_every_format(qtbot, make_window, tmp_path, fmt) -> None:  # type: ignore[no-untyped-def]
    from gui.roles import CulpritRole, FixRole, SeverityRole

    tables = render.consistent_tables(7)
    right = tables["t3"]["granted"][-1]
    tables["t3"]["granted"][-1] = right + 2  # （一）予以公开/总计 off by two
    writer = getattr(render, f"render_{fmt}")
    path = writer(tmp_path / f"报告.{fmt}", "测试市测试局", 2023, tables)
    window = make_window()
    open_and_wait(qtbot, window, path)
    assert window.session is not None, window.drop_zone.error.text()
    for key in TABLE_KEYS:
        model = window.tables.models[key]
        spec = window.session.spec(key)
        for row_key, values in tables[key].items():
            for col, value in zip(spec.row(row_key).columns, values):
                shown = model.index_of(row_key, col.key).data()
                assert shown == render.fmt(value), (fmt, key, row_key, col.key)
    culprit = window.tables.models["t3"].index_of("granted", "total")
    assert culprit.data(SeverityRole) == "error"
    assert culprit.data(CulpritRole) is True
    assert culprit.data(FixRole) == right
    window.navigation.select_cell("t3", "granted", "total")
    start, end = window.source.text.highlighted
    assert window.session.document.source_text[start:end].strip() == str(right + 2)
