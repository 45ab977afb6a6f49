"""The README's test command stays under five minutes on a 2-core machine: tests marked
``heavy`` (whole scans, picture and memory bombs, keyboard runs through a scanned report —
20–40 s each) run only with NIANBAO_HEAVY=1, which .ci/run's second step sets, so CI runs
every test on every submission."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("NIANBAO_HEAVY") == "1":
        return
    skip = pytest.mark.skip(reason="heavy: run by .ci/run's second step (NIANBAO_HEAVY=1)")
    for item in items:
        if item.get_closest_marker("heavy") is not None:
            item.add_marker(skip)
