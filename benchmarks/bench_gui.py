"""Window speed, printed (not asserted): launch to a visible window, a dropped real PDF shown
with its highlights, an edit re-checked and repainted, and a dropped folder of 20 files
listed in the batch view.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui.py [--runs 5] [PDF]

Each figure is the median of ``--runs`` runs. "Launch" starts a fresh interpreter per run
(imports included) and stops at the first paint of the window; "drop" goes from the drop
event to the grid painted with the findings (and, separately, to the last page image of
the PDF); "edit" goes from typing a value to the grid repainted with the new findings;
"batch" goes from dropping a folder of 20 real files (worker processes started on the drop)
to the first row filled in, and to all 20 rows shown with their verdicts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO / "tests" / "data"

_LAUNCH_CHILD = r"""
import sys, time
start = float(sys.argv[1])
sys.path.insert(0, sys.argv[2])
from PySide6.QtCore import QTimer
from gui.app import create_application
app = create_application()
from gui.main_window import MainWindow
window = MainWindow()
window.show()
def painted():
    window.repaint()
    print(time.time() - start)
    app.quit()
QTimer.singleShot(0, painted)
app.exec()
"""


def bench_launch(runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home, XDG_DATA_HOME=home)
        for _ in range(runs):
            start = time.time()
            out = subprocess.run([sys.executable, "-c", _LAUNCH_CHILD, repr(start), str(REPO)], env=env,
                                 capture_output=True, text=True, check=True)
            times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def bench_window(pdf: Path, runs: int) -> tuple[list[float], list[float], list[float], list[float]]:
    from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, QSettings, QStandardPaths, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from gui.app import create_application

    QStandardPaths.setTestModeEnabled(True)
    scratch = tempfile.mkdtemp(prefix="bench-gui-")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, scratch)
    app = create_application()
    from gui.autosave import AutosaveStore
    from gui.main_window import MainWindow
    from gui.worker import preload_engine

    preload_engine()  # as run_gui does while the window waits for the first file
    drop_times, page_times, edit_times, check_times = [], [], [], []
    for _ in range(runs):
        window = MainWindow(autosave=AutosaveStore(Path(scratch) / "autosave"))
        window.resize(1500, 950)
        window.show()
        app.processEvents()
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(pdf))])
        enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
        start = time.perf_counter()
        QApplication.sendEvent(window, enter)  # a real drag enters before it drops
        QApplication.sendEvent(window, drop)
        if not drop.isAccepted():
            raise RuntimeError("the window refused the drop")
        while window.session is None:
            app.processEvents()
        window.repaint()  # the grid and findings, highlighted
        drop_times.append(time.perf_counter() - start)
        pdf_view = window.source.pdf
        deadline = time.perf_counter() + 60
        while (pdf_view.page_count() == 0 or pdf_view.rendered_pages() < pdf_view.page_count()) and time.perf_counter() < deadline:
            app.processEvents()
        window.repaint()
        page_times.append(time.perf_counter() - start)

        model = window.tables.models["t3"]
        view = window.tables.show_table("t3")
        app.processEvents()
        index = model.index_of("new", "natural")
        for value in ("7", "8", "9", "10", "11", "12", "13", "14"):
            start = time.perf_counter()
            model.setData(index, value)  # what the delegate's setModelData does
            view.viewport().repaint()
            window.findings.repaint()
            edit_times.append(time.perf_counter() - start)
            check_times.append(window.session.last_check_ms / 1000)
        window.undo_stack.setClean()
        window.close()
        window.deleteLater()
        QCoreApplication.processEvents()
    return drop_times, page_times, edit_times, check_times


def batch_files(folder: Path) -> list[Path]:
    """20 real files in every format: the sample, the seeds, the rendered fixtures, the real
    PDFs and four scraped 平潭 reports (three years in a row, so cross-year checks run)."""
    sources = [REPO / "resources" / "sample" / "示例年报.txt", *sorted((SHARED / "seeds").glob("*.txt")),
               *sorted(p for p in (REPO / "tests" / "fixtures").rglob("*") if p.is_file()),
               *sorted((SHARED / "real-pdf").glob("*.pdf")),
               *(SHARED / "real-text" / f"{n}.txt" for n in ("011", "012", "013", "014"))]
    out = []
    for i, source in enumerate(sources[:20]):
        target = folder / f"{i:02d}_{source.name}"
        shutil.copy2(source, target)
        out.append(target)
    return out


def bench_batch_view(runs: int) -> tuple[list[float], list[float], int]:
    """A folder of 20 files dropped on the window: time to the first row filled in, and to
    all 20 rows listed with their verdicts (cross-year findings included, progress hidden)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from gui.app import create_application

    app = create_application()
    from gui.autosave import AutosaveStore
    from gui.main_window import MainWindow

    scratch = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    folder = scratch / "20份年报"
    folder.mkdir()
    count = len(batch_files(folder))
    first_times, all_times = [], []
    for _ in range(runs):
        window = MainWindow(autosave=AutosaveStore(scratch / "autosave"))
        window.resize(1500, 950)
        window.show()
        app.processEvents()
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(folder))])
        enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
        model = window.batch.model
        # Wait in an event loop, not a processEvents() spin: a spinning UI thread would take
        # one of the two cores from the worker processes and double the time.
        loop = QEventLoop()
        marks: list[float] = []

        def row_filled(*_args: object) -> None:
            if model.done_count() and not marks:
                window.repaint()
                marks.append(time.perf_counter() - start)

        def running(on: bool) -> None:
            if not on:
                loop.quit()

        model.dataChanged.connect(row_filled)
        window.batch.running_changed.connect(running)
        QTimer.singleShot(300_000, loop.quit)
        start = time.perf_counter()
        QApplication.sendEvent(window, enter)
        QApplication.sendEvent(window, drop)
        loop.exec()
        window.repaint()
        all_times.append(time.perf_counter() - start)
        first_times.append(marks[0] if marks else float("nan"))
        if model.done_count() < count:
            raise RuntimeError(f"only {model.done_count()} of {count} files were checked")
        window.close()
        window.deleteLater()
        QCoreApplication.processEvents()
    shutil.rmtree(scratch, ignore_errors=True)
    return first_times, all_times, count


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}, n={len(values)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("pdf", nargs="?", default=str(SHARED / "real-pdf" / "hongze-2023.pdf"))
    args = parser.parse_args()
    pdf = Path(args.pdf)
    launch = bench_launch(args.runs)
    drop, pages, edit, check = bench_window(pdf, args.runs)
    batch_first, batch_all, count = bench_batch_view(args.runs)
    print(f"launch → window painted            {_ms(launch)}")
    print(f"drop {pdf.name} → tables + findings {_ms(drop)}")
    print(f"drop → every PDF page rendered     {_ms(pages)}")
    print(f"edit → re-checked and repainted    {_ms(edit)}")
    print(f"   of which check_extraction       {_ms(check)}")
    print(f"drop folder of {count} → first row         {_ms(batch_first)}")
    print(f"drop folder of {count} → all rows listed   {_ms(batch_all)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
