"""Where log records go in the headless CLI and in batch workers.

Library warnings (pdfminer's "Refusing to execute circular reference", our own "batch
worker exited with -9 on …") are English for maintainers: without a handler Python's
last-resort handler prints them on stderr, in the middle of the clerk's Chinese progress
lines. They go to the log file named by NIANBAO_LOG when it is set, and nowhere otherwise;
everything a clerk needs is said in Chinese by the CLI itself.
"""

from __future__ import annotations

import logging
import os

LOG_ENV = "NIANBAO_LOG"


def quiet_logging() -> None:
    root = logging.getLogger()
    if getattr(root, "_nianbao_configured", False):
        return
    root._nianbao_configured = True  # type: ignore[attr-defined]
    target = os.environ.get(LOG_ENV)
    handler: logging.Handler = logging.NullHandler()
    if target:
        try:
            handler = logging.FileHandler(target, encoding="utf-8", delay=True)
            handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"))
        except (OSError, ValueError):
            handler = logging.NullHandler()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
