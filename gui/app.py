"""Starting the window: application identity, font, translations, high-DPI."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from gui.settings import APPLICATION, DISPLAY_NAME, ORGANIZATION, ORGANIZATION_DOMAIN

# Fonts with the full Simplified Chinese repertoire, best first. Chinese Windows otherwise
# falls back to SimSun, which looks dated and renders digits poorly at small sizes.
_CJK_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
              "WenQuanYi Micro Hei", "Noto Sans SC")


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def pick_font() -> QFont:
    families = set(QFontDatabase.families())
    preferred = _CJK_FONTS if sys.platform == "win32" else _CJK_FONTS[2:] + _CJK_FONTS[:2]
    font = QFont(QGuiApplication.font())
    for family in preferred:
        if family in families:
            font.setFamilies([family])
            break
    if font.pointSizeF() < 9.5:
        font.setPointSizeF(9.5)
    return font


def install_translators(app: QCoreApplication) -> list[QTranslator]:
    """Qt's own Chinese (standard buttons: 保存/不保存/取消) and ours, if compiled.

    Our strings are written in Chinese in the source (tests/test_gui_strings.py keeps it so),
    so no nianbao .qm is built or shipped: the .ts is only lupdate's catalogue and compiles
    to an empty file. The lookup stays for a future second language."""
    installed: list[QTranslator] = []
    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    candidates = [
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("qtbase", str(resources_dir() / "translations")),  # frozen builds ship it here
        ("nianbao", str(resources_dir() / "translations")),
    ]
    loaded: set[str] = set()
    for name, folder in candidates:
        if name in loaded:
            continue
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
            loaded.add(name)
    return installed


def configure_application(app: QApplication) -> None:
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setFont(pick_font())
    icon = resources_dir() / "icons" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    # Keep the translators alive as long as the application.
    app.setProperty("nianbao_translators", len(install_translators(app)))


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        configure_application(existing)
        return existing
    # Fractional scaling (125 %, 150 % on Windows laptops) without rounding blur.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    configure_application(app)
    return app


# The installer (packaging/installer.nsi, INSTANCE_MUTEX) looks for this name before it replaces
# or removes the program: a running window holds _internal's DLLs open, and an update would
# leave a half-replaced bundle. "Local\\": per logon session, like the per-user install.
INSTANCE_MUTEX = "Local\\NianbaoJiaoyan.Running"
_instance_mutex: int | None = None


def hold_instance_mutex() -> None:
    """Windows only: create (or open) the named mutex for as long as this process lives."""
    global _instance_mutex
    if sys.platform != "win32" or _instance_mutex is not None:
        return
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateMutexW.restype = ctypes.c_void_p
    kernel32.CreateMutexW.argtypes = (ctypes.c_void_p, ctypes.c_int, ctypes.c_wchar_p)
    # Not owned: several windows may run at once; the handle itself is what the installer sees.
    _instance_mutex = kernel32.CreateMutexW(None, 0, INSTANCE_MUTEX) or None


def run_gui(args: list[str]) -> int:
    app = create_application()
    hold_instance_mutex()
    from PySide6.QtCore import QTimer

    from gui.main_window import MainWindow
    from gui.worker import preload_engine

    window = MainWindow()
    window.show()
    files = [a for a in args if not a.startswith("-")]
    if len(files) > 1 or (files and Path(files[0]).is_dir()):
        # Explorer's "用年报校验批量检查" on a folder (or several files): the batch view.
        window.opening.start_batch(files)
    elif files:
        window.open_file(files[0])
    else:
        # Readers imported while the user looks for a file, so the first drop is quick.
        QTimer.singleShot(300, preload_engine)
    return app.exec()
