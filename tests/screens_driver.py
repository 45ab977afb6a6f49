"""The real window in a child process on a simulated laptop screen (the screen and the scale
factor are fixed when the application starts, so each screen needs its own process):

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json [QT_SCALE_FACTOR=1.5] \
        python -m tests.screens_driver REPORT OUT_PREFIX SETTINGS_DIR [REPORT_WITH_MANY_FINDINGS]

It checks the first window fits the available screen, opens REPORT in a window the size of
a maximised one (the available screen less a Windows title bar and taskbar), saves
OUT_PREFIX_t3.png / _t4.png and prints one line ``RESULT <json>`` with what it measured.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QElapsedTimer, QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox

# A maximised window on Windows loses the taskbar (40 px at 100 %) and its own title bar
# (about 30 px) to the client area the offscreen platform would otherwise give it whole.
WINDOWS_CHROME = 70


def main() -> int:
    report, prefix, settings_dir = sys.argv[1:4]
    QStandardPaths.setTestModeEnabled(True)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, settings_dir)
    from gui.app import create_application
    from gui.autosave import AutosaveStore
    from gui.main_window import MainWindow

    app = create_application(["nianbao"])
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)  # type: ignore[method-assign]
    from pathlib import Path

    window = MainWindow(autosave=AutosaveStore(Path(settings_dir) / "autosave"))
    available = window.screen().availableGeometry()
    first = window.frameGeometry()
    fits = available.contains(first)
    window.show()
    app.processEvents()
    window.resize(available.width(), available.height() - WINDOWS_CHROME)
    window.open_file(report)
    timer = QElapsedTimer()
    timer.start()
    while window.loading or (window.source.is_pdf and (window.source.pdf.page_count() == 0 or window.source.pdf.rendered_pages() < window.source.pdf.page_count())):
        app.processEvents()
        if timer.elapsed() > 60000:
            raise TimeoutError("timed out")
    for _ in range(5):
        app.processEvents()
    out: dict[str, object] = {"available": [available.width(), available.height()],
                              "first": [first.width(), first.height()], "fits": fits,
                              "dpr": window.devicePixelRatioF()}
    for key in ("t3", "t4"):
        view = window.tables.show_table(key)
        app.processEvents()
        used = sum(view.rowHeight(r) for r in range(view.model().rowCount()))
        out[key] = {"hscroll": view.horizontalScrollBar().maximum(),
                    "viewport": [view.viewport().width(), view.viewport().height()],
                    "used_height": used,
                    "frozen": view.frozen_width() if hasattr(view, "frozen_width") else 0}
        window.grab().save(f"{prefix}_{key}.png")
    table = window.findings.table
    out["findings_rows"] = table.viewport().height() // max(1, table.verticalHeader().defaultSectionSize())
    out["findings"] = window.findings.proxy.rowCount()
    if len(sys.argv) > 4:  # a report with many findings: the list keeps room for five
        window.open_file(sys.argv[4])
        while window.loading:
            app.processEvents()
        for _ in range(5):
            app.processEvents()
        out["many_findings"] = window.findings.proxy.rowCount()
        out["many_rows"] = table.viewport().height() // max(1, table.verticalHeader().defaultSectionSize())
        window.grab().save(f"{prefix}_many.png")
    print("RESULT " + json.dumps(out), flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
