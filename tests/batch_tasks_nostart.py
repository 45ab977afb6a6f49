"""A task module that cannot be imported in a worker process (as when a frozen build lacks
a module): the batch must fall back to checking in its own process."""

from __future__ import annotations

import multiprocessing

if multiprocessing.parent_process() is not None:
    raise ImportError("simulated: worker processes cannot start")

from core.check import check_file  # noqa: E402

__all__ = ["check_file"]
