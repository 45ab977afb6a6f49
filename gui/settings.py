"""Everything the window remembers between runs, read and written here only."""

from __future__ import annotations

import os

from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter

from core import state_schema

ORGANIZATION = "NianbaoJiaoyan"
ORGANIZATION_DOMAIN = "nianbao-jiaoyan.local"
APPLICATION = "nianbao-jiaoyan"
DISPLAY_NAME = "年报校验"
MAX_RECENT = 10


class Settings:
    def __init__(self) -> None:
        self._s = QSettings()

    # -- window --------------------------------------------------------------------------

    def restore_window(self, window: QMainWindow, splitters: dict[str, QSplitter], split_fit: Any = None) -> bool:
        """Geometry, maximised state and splitters as last closed; False when nothing was
        remembered. ``split_fit`` (``gui.window_layout.SplitFit``) keeps fitting the
        tables/findings split unless the clerk had moved it."""
        self._s.beginGroup("window")
        try:
            geometry = self._s.value("geometry", QByteArray(), QByteArray)
            restored = bool(geometry) and window.restoreGeometry(geometry)
            state = self._s.value("state", QByteArray(), QByteArray)
            if state:
                window.restoreState(state)
            if restored and self._s.value("maximized", False, bool):
                window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
            auto = self._s.value("split_auto", True, bool)
            if split_fit is not None:
                split_fit.auto = auto
            for name, splitter in splitters.items():
                if name == "main" and split_fit is not None and auto:
                    continue
                sizes = self._s.value(f"splitter/{name}", QByteArray(), QByteArray)
                if sizes:
                    splitter.restoreState(sizes)
            return restored
        finally:
            self._s.endGroup()

    def save_window(self, window: QMainWindow, splitters: dict[str, QSplitter], split_fit: Any = None) -> None:
        self._s.beginGroup("window")
        self._s.setValue("geometry", window.saveGeometry())
        self._s.setValue("state", window.saveState())
        self._s.setValue("maximized", window.isMaximized())
        if split_fit is not None:
            self._s.setValue("split_auto", bool(split_fit.auto))
        for name, splitter in splitters.items():
            self._s.setValue(f"splitter/{name}", splitter.saveState())
        self._s.endGroup()
        self._s.sync()

    # -- files ---------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self._s.value("files/recent", [])
        if isinstance(value, str):  # QSettings returns a lone string for one-element lists
            value = [value]
        if not isinstance(value, list):
            return []
        recent = state_schema.paths(value, MAX_RECENT)
        if len(value) > MAX_RECENT:  # a settings file we did not write: keep only what we would
            self._s.setValue("files/recent", recent)
        return recent

    def add_recent(self, path: str) -> list[str]:
        path = os.path.abspath(path)
        recent = [p for p in self.recent_files() if os.path.normcase(p) != os.path.normcase(path)]
        recent.insert(0, path)
        recent = recent[:MAX_RECENT]
        self._s.setValue("files/recent", recent)
        return recent

    def remove_recent(self, path: str) -> list[str]:
        recent = [p for p in self.recent_files() if p != path]
        self._s.setValue("files/recent", recent)
        return recent

    def clear_recent(self) -> None:
        self._s.setValue("files/recent", [])

    def last_folder(self) -> str:
        folder = str(self._s.value("files/last_folder", "", str) or "")
        return folder if folder and os.path.isdir(folder) else os.path.expanduser("~")

    def set_last_folder(self, folder: str) -> None:
        self._s.setValue("files/last_folder", folder)
