"""年报校验 entry point.

    python main.py                      open the window
    python main.py FILE                 open the window on FILE ("打开方式" on Windows)
    python main.py check [--json] [--summary OUT.xlsx|OUT.csv] [--workers N] FILE|DIR...
    python main.py export FILE -o OUT.xlsx
    python main.py new [--from LAST_YEAR] [--year N] [-o DRAFT.nbdraft] [--docx OUT.docx] [--xlsx OUT.xlsx]
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    # The windowed Windows exe has no console: stdout/stderr are None there.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("check", "export", "new"):
        from core.cli import run_cli

        return run_cli(args)
    if args and args[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    from gui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    # Batch checks run in "spawn" worker processes (core/batch/runner.py). In a PyInstaller build
    # a worker is this same exe started with multiprocessing's arguments: freeze_support
    # turns it into the worker instead of a second window or CLI run. No-op otherwise.
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
