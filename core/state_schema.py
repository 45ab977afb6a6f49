"""The window's state files are input too: autosaved edits, dismissals, recent files.

They live in the user's profile, where a sync tool, a half-restored backup, another version
of the app or a curious clerk can leave anything. Each file is read through here: its size
capped before it is parsed, and every entry checked against what
the app itself writes (a cell of the template, a number the cell can hold). What fails is
dropped with a note in the log, never a crash, a hang or a value no clerk typed.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.template import TEMPLATES

log = logging.getLogger(__name__)

# A report has about 230 cells: every one of them edited is ~20 KB of autosave. Anything
# much larger was not written by us.
MAX_STATE_BYTES = 256 * 1024
MAX_DISMISSALS = 1000
MAX_TEXT = 2000  # a dismissal's key or reason, characters
MAX_PATH = 4096  # a remembered path, characters
MAX_DIGITS = 12  # as the cell editor (gui/cell_input.py)

Cell = tuple[str, str, str]
Number = int | float


def read_state(path: Path, what: str, formats: tuple[int, ...] = (1,)) -> dict[str, Any] | None:
    """The JSON object of a state file, or None (missing, too large, not JSON, another
    format) with a log note saying which and why."""
    try:
        size = path.stat().st_size
        if size > MAX_STATE_BYTES:
            log.warning("%s %s: %d bytes, more than %d: ignored", what, path, size, MAX_STATE_BYTES)
            return None
        payload = json.loads(path.read_text(encoding="utf-8"))  # NaN/Infinity parse; the checks drop them
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("%s %s unreadable: %s", what, path, exc)
        return None
    if not isinstance(payload, dict) or payload.get("format") not in formats:
        log.warning("%s %s: not a state file of this version: ignored", what, path)
        return None
    return payload


def _columns() -> dict[Cell, tuple[bool, bool]]:
    """Every cell of either template → (may be fractional, may be negative)."""
    out: dict[Cell, tuple[bool, bool]] = {}
    for template in TEMPLATES.values():
        for spec in template.tables:
            for row in spec.rows:
                for col in row.columns:
                    was = out.get((spec.key, row.key, col.key), (False, False))
                    out[(spec.key, row.key, col.key)] = (was[0] or col.decimal, was[1] or col.signed)
    return out


_CELLS = _columns()


def cell_value(cell: Cell, value: object) -> tuple[bool, Number | None]:
    """(True, value) when ``value`` is something the clerk could have typed into ``cell``."""
    kind = _CELLS.get(cell)
    if kind is None:
        return False, None
    if value is None:
        return True, None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False, None
    if isinstance(value, float) and not math.isfinite(value):
        return False, None
    if abs(value) >= 10 ** MAX_DIGITS:
        return False, None
    decimal, signed = kind
    if value < 0 and not signed:
        return False, None
    if isinstance(value, float) and not value.is_integer() and not decimal:
        return False, None
    return True, value


def edits(items: object, where: str) -> dict[Cell, Number | None]:
    """The valid edits of an autosave's ``edits`` list, one per cell (the last wins)."""
    if not isinstance(items, list):
        log.warning("%s: edits are not a list: ignored", where)
        return {}
    out: dict[Cell, Number | None] = {}
    dropped = 0
    for item in items:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("table", "row", "col")):
            dropped += 1
            continue
        cell = (item["table"], item["row"], item["col"])
        ok, value = cell_value(cell, item.get("value"))
        if not ok or "value" not in item:
            dropped += 1
            continue
        out.pop(cell, None)  # keep the order of the last edit of each cell
        out[cell] = value
    if dropped:
        log.warning("%s: %d edits that no cell could hold were dropped", where, dropped)
    return out


def dismissals(items: object, where: str) -> list[tuple[str, str]]:
    """(key, reason) of the valid entries of a dismissals file."""
    if not isinstance(items, list):
        log.warning("%s: dismissals are not a list: ignored", where)
        return []
    out: list[tuple[str, str]] = []
    for item in items[:MAX_DISMISSALS]:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str) or len(item["key"]) > MAX_TEXT:
            continue
        reason = item.get("reason")
        out.append((item["key"], reason[:MAX_TEXT] if isinstance(reason, str) else ""))
    if len(out) < len(items):
        log.warning("%s: %d dismissals dropped", where, len(items) - len(out))
    return out


def paths(values: Iterable[object], limit: int) -> list[str]:
    """At most ``limit`` remembered file paths, each a plausible path."""
    out: list[str] = []
    for value in values:
        if len(out) >= limit:
            break
        if isinstance(value, str) and value and len(value) <= MAX_PATH and "\x00" not in value and os.path.isabs(value):
            out.append(value)
    return out
