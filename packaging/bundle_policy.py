"""What goes into the frozen bundle and what is left out.

Kept apart from the spec so the decisions are plain data that tests can read, and so the
spec (which PyInstaller executes with its own globals) stays short. Nothing here imports
PyInstaller or Qt.

The app uses Qt Widgets only. PyInstaller's PySide6 hooks, left alone, bring in every
plugin family QtGui might load (image formats, platform integrations, input contexts,
themes), Qt's translations in ~40 languages, and any Qt library those plugins link. We
keep what a widgets app on Windows 10/11 (and, for CI, Linux) needs and drop the rest.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

# Qt modules the app always needs; more are added when the GUI sources import them
# (see qt_modules_used) so a new `from PySide6.QtSvg import …` in gui/ is never cut.
QT_MODULES_BASE = ("QtCore", "QtGui", "QtWidgets")

# PySide6 binding modules that exist in PySide6-Essentials; everything not used is
# passed to Analysis(excludes=…), so PyInstaller neither imports nor bundles it.
QT_MODULES_ALL = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtCore", "QtDBus",
    "QtDataVisualization", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtGui", "QtHelp",
    "QtHttpServer", "QtLabsStyleKit", "QtLocation", "QtMultimedia", "QtMultimediaWidgets",
    "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf",
    "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml", "QtQmlFeatures", "QtQuick",
    "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
    "QtStateMachine", "QtSvg", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml",
)

# Python packages that are installed in the development venv but never used at run time
# (tests, build tools), or standard-library parts the app does not touch.
PYTHON_EXCLUDES = (
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data",
    "pytest", "_pytest", "pytestqt", "pytest_timeout", "hypothesis", "pluggy", "iniconfig",
    "pygments", "setuptools", "pkg_resources", "pip", "distutils", "PyInstaller",
    "pandas", "matplotlib", "IPython", "sqlite3",
    # OpenCV is a test dependency only (the reference of core/producers/ocr/imageops.py):
    # installed in the build's environment, it must not ride along (151 MiB on Linux).
    "cv2",
    # numpy and Pillow are kept: the OCR of scans and pictures (core/ocr, issue 11) needs
    # them (Pillow decodes the image files, numpy carries the pages to onnxruntime).
    # lxml's objectify and schematron layers: python-docx, openpyxl and the HTML reader use etree/html.
    "lxml.objectify", "lxml.isoschematron",
)

# Qt plugin families (folder names under Qt/plugins) a widgets-only desktop app loads.
# platforms: the windowing integration (qwindows.dll; qxcb and qoffscreen for Linux/CI).
# styles: qmodernwindowsstyle gives the native Windows 10/11 look.
# imageformats: only ico (the window icon); PNG is built into QtGui.
# platforminputcontexts: ibus/compose so Chinese input methods work on Linux desktops;
# Windows IMEs go through the platform plugin and need nothing here.
QT_PLUGIN_KEEP = {
    "platforms": {"qwindows", "qxcb", "qoffscreen", "qminimal", "qcocoa"},
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle"},
    "imageformats": {"qico"},
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "xcbglintegrations": {"qxcb-glx-integration", "qxcb-egl-integration"},
    # Linux printing: without the CUPS plugin QPrintDialog offers only 打印到 PDF, no printer
    # (the .deb depends on libcups2). Windows prints through QtPrintSupport itself.
    "printsupport": {"cupsprintersupport"},
}

# Qt libraries that only dropped plugins or unused modules pull in.
QT_LIB_DROP = re.compile(
    r"Qt6(Qml|Quick|Pdf|Svg|Network|OpenGLWidgets|Designer|Help|Labs|Lottie|Test|UiTools|Sql|Xml"
    r"|Wayland|Wl|EglFS|EglFs|VirtualKeyboard|Multimedia|WebEngine|WebChannel|WebSockets|3D|Charts"
    r"|DataVisualization|Graphs|Positioning|Location|Bluetooth|Nfc|Sensors|Serial|RemoteObjects"
    r"|Scxml|StateMachine|TextToSpeech|SpatialAudio|HttpServer|Concurrent)",
)

# Collected by PyInstaller's Qt hooks on Windows for OpenGL/ANGLE: a software OpenGL renderer
# (≈20 MB) and the Direct3D shader compiler. Widgets paint with the raster engine; only
# QOpenGLWidget or Qt Quick would load them.
WINDOWS_GL_DROP = re.compile(r"^(opengl32sw\.dll|d3dcompiler_\d+\.dll|libEGL\.dll|libGLESv2\.dll)$", re.I)

# Qt's own translations: Chinese for the clerks (standard dialog buttons, context menus)
# and English as the neutral fallback.
QT_TRANSLATION_KEEP = re.compile(r"^qt(base)?_(zh_CN|en)\.qm$")

# OpenCC: only the traditional→simplified configuration core/normalize.py loads, and its
# dictionaries. The wheel also ships command-line tools, headers and static libraries.
OPENCC_KEEP_DATA = {
    "t2s.json", "CJK_Compatibility_Ideographs.ocd2", "TSPhrases.ocd2",
    "TSCharactersExt.ocd2", "TSCharacters.ocd2",
}


# The OCR stack (issue 11) as its wheels ship it, less what reading a page image never
# loads (OpenCV, whose FFmpeg plugin was dropped here, is no longer bundled — issue 23):
# - onnxruntime.dll and the shared-provider stub: the C API for other programs and the
#   CUDA/TensorRT plugin interface — the Python module links the CPU runtime itself
#   (its import table names neither; the frozen self-test runs the recogniser on a scan);
# - Pillow's AVIF/WebP codecs (7.7 MB; report scans are JPEG/PNG/TIFF/BMP, and Pillow
#   treats a missing codec as an unsupported format), its FreeType text drawing and Tk glue.
OCR_DROP = re.compile(
    r"^(onnxruntime\.dll|onnxruntime_providers_shared\.dll"
    r"|_avif\..*(pyd|so)|_webp\..*(pyd|so)|_imagingft\..*(pyd|so)|_imagingtk\..*(pyd|so))$",
    re.I,
)


def qt_modules_used(gui_dir: Path) -> set[str]:
    """The Qt modules the GUI sources import, plus the base set."""
    used = set(QT_MODULES_BASE)
    pattern = re.compile(r"PySide6\.(Qt\w+)|from\s+PySide6\s+import\s+([\w\s,()]+)")
    for path in sorted(gui_dir.rglob("*.py")) if gui_dir.is_dir() else []:
        text = path.read_text(encoding="utf-8", errors="replace")
        for dotted, listed in pattern.findall(text):
            if dotted:
                used.add(dotted)
            for name in re.findall(r"Qt\w+", listed):
                used.add(name)
    return used & set(QT_MODULES_ALL) | set(QT_MODULES_BASE)


def qt_module_excludes(used: set[str]) -> list[str]:
    return [f"PySide6.{m}" for m in QT_MODULES_ALL if m not in used]


def _parts(dest: str) -> tuple[str, ...]:
    return PurePosixPath(dest.replace("\\", "/")).parts


def keep_entry(dest: str, used_qt: set[str]) -> bool:
    """Decide for one bundle entry (its destination path inside the bundle) whether to keep it."""
    parts = _parts(dest)
    name = parts[-1]
    lower = [p.lower() for p in parts]
    if "pyside6" in lower:
        i = lower.index("pyside6")
        rest = lower[i + 1:]
        # Qt/plugins/<family>/<file>  (wheels on Windows put "plugins" directly under PySide6)
        if "plugins" in rest:
            j = rest.index("plugins")
            if len(rest) >= j + 3:
                family = rest[j + 1]
                stem = _plugin_stem(name)
                return stem in QT_PLUGIN_KEEP.get(family, set())
            return True
        if "translations" in rest:
            return bool(QT_TRANSLATION_KEEP.match(name))
        if "qml" in rest or "metatypes" in rest or "libexec" in rest or "include" in rest or "typesystems" in rest:
            return False
        # Helper executables the wheel ships for developers (designer, linguist, qmlls …).
        if name.lower().endswith(".exe") or name in {"assistant", "designer", "linguist", "lrelease", "lupdate", "qmlformat", "qmllint", "qmlls", "svgtoqml"}:
            return False
    if WINDOWS_GL_DROP.match(name):
        return False
    if OCR_DROP.match(name) and ("onnxruntime" in lower or "pil" in lower):
        return False
    if lower[0] == "resources" and name.endswith(".ts"):
        return False  # Qt Linguist sources; the program loads compiled .qm files only
    if re.search(r"Qt6", name) and QT_LIB_DROP.search(name):
        module = _qt_module_of_lib(name)
        return module in used_qt
    if "opencc" in lower:
        i = lower.index("opencc")
        rest = lower[i + 1:]
        if any(p in ("bin", "include", "lib", "lib64", "cmake", "pkgconfig") for p in rest[:-1]) and not _is_loadable_lib(name):
            return False
        if name.endswith((".ocd2", ".json", ".txt")) and "share" in rest:
            return name in OPENCC_KEEP_DATA
        if name.endswith((".a", ".lib", ".h", ".hpp", ".cmake")):
            return False
    return True


def _plugin_stem(filename: str) -> str:
    stem = filename.split(".")[0]
    if stem.startswith("lib"):
        stem = stem[3:]
    return stem.lower()


def _qt_module_of_lib(filename: str) -> str:
    m = re.search(r"Qt6(\w+?)(?:\.|$)", filename)
    return f"Qt{m.group(1)}" if m else ""


def _is_loadable_lib(name: str) -> bool:
    return name.endswith((".dll", ".pyd")) or ".so" in name


def filter_toc(toc: list[tuple], used_qt: set[str]) -> tuple[list[tuple], list[str]]:
    """Split a PyInstaller TOC (dest, src, typecode) into kept entries and dropped names."""
    kept, dropped = [], []
    for entry in toc:
        if keep_entry(entry[0], used_qt):
            kept.append(entry)
        else:
            dropped.append(entry[0])
    return kept, dropped
