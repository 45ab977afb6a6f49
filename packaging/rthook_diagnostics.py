# PyInstaller runtime hook (packaging/nianbao.spec): runs first in the frozen app.
#
# With NIANBAO_FROZEN_DIAG=<file> set, writes what the frozen interpreter sees — UTF-8 mode,
# the ANSI code page, the encodings of stdout/stderr and file names, the user's folders — to
# that file as JSON, so packaging/selftest.py and packaging/installed_checks.py can assert it
# from outside (a frozen app ignores PYTHONUTF8; only the spec's "X utf8" option turns UTF-8
# mode on). Without the variable it does nothing.
import os


def _write_diagnostics() -> None:
    target = os.environ.get("NIANBAO_FROZEN_DIAG")
    if not target:
        return
    import json
    import locale
    import sys

    info = {
        "utf8_mode": sys.flags.utf8_mode,
        "stdout": getattr(sys.stdout, "encoding", None),
        "stderr": getattr(sys.stderr, "encoding", None),
        "filesystem": sys.getfilesystemencoding(),
        "preferred": locale.getpreferredencoding(False),
        "locale_encoding": locale.getencoding(),  # the ANSI code page on Windows, even in UTF-8 mode
        "executable": sys.executable,
        "frozen": bool(getattr(sys, "frozen", False)),
    }
    if os.name == "nt":
        import ctypes

        info["acp"] = ctypes.windll.kernel32.GetACP()
        info["oemcp"] = ctypes.windll.kernel32.GetOEMCP()
        info["userprofile"] = os.environ.get("USERPROFILE")
        info["appdata"] = os.environ.get("APPDATA")
    try:
        with open(target, "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False)
    except OSError:
        pass  # a diagnostic must never stop the app


_write_diagnostics()
del _write_diagnostics
