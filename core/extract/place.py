"""Putting a row's values into the template's columns when the row came out wrong.

Two real failure shapes: a scrape that dropped cells (seed 000: 4–6 numbers where 7 are
printed), and a conversion that ran the digits of a row together ("640020470" for
64, 0, 0, 2, 0, 4, 70). The template's own sums (总计 = the parts) often decide the only
possible reading; where they do not, the cell is reported as unreadable rather than
guessed.
"""

from __future__ import annotations

from itertools import combinations
from typing import Sequence

# (indices of the parts, index of their total) within one row of values
Sum = tuple[tuple[int, ...], int]

# Upper bound on the search for a digit split: beyond it the row is "unreadable".
_MAX_NODES = 300_000


def place_short_row(values: Sequence[int | float | None], ncols: int, sums: Sequence[Sum]) -> list[tuple[str, int | float] | None]:
    """Given fewer values than columns (order kept, some columns lost), decide each column.

    A placement chooses which columns are missing; it is consistent when every sum can
    still hold with non-negative missing parts, and then it may force the missing values
    (one missing part = total − the others; nothing left over = all missing parts 0).
    A column is decided when every consistent placement gives it the same reading:
    ``("printed", index into values)``, or ``("inferred", value)`` when the sums force a
    value but which printed cell it was cannot be told (all-zero rows). Otherwise None."""
    n = len(values)
    if n >= ncols:
        return [("printed", i) for i in range(ncols)]
    readings: list[set[tuple[str, int | float] | None]] = [set() for _ in range(ncols)]
    values_at: list[set[int | float | None]] = [set() for _ in range(ncols)]
    any_ok = False
    for missing in combinations(range(ncols), ncols - n):
        present = [c for c in range(ncols) if c not in missing]
        col_value: dict[int, int | float | None] = {c: values[i] for i, c in enumerate(present)}
        forced = _forced(col_value, set(missing), sums)
        if forced is None:
            continue
        any_ok = True
        for c in range(ncols):
            if c in col_value:
                readings[c].add(("printed", present.index(c)))
                values_at[c].add(col_value[c])
            else:
                readings[c].add(None)
                values_at[c].add(forced.get(c))
    if not any_ok:
        return [None] * ncols
    out: list[tuple[str, int | float] | None] = []
    for c in range(ncols):
        if len(readings[c]) == 1 and None not in readings[c]:
            out.append(next(iter(readings[c])))
        elif len(values_at[c]) == 1 and None not in values_at[c]:
            out.append(("inferred", next(iter(values_at[c]))))  # type: ignore[arg-type]
        else:
            out.append(None)
    return out


def _forced(col_value: dict[int, int | float | None], missing: set[int], sums: Sequence[Sum]) -> dict[int, int | float] | None:
    """Values the sums force on missing columns; None when the placement is impossible."""
    forced: dict[int, int | float] = {}
    for parts, total in sums:
        known = sum((col_value[p] or 0) for p in parts if p in col_value)
        unknown = [p for p in parts if p in missing]
        if total in missing:
            if not unknown:
                forced[total] = known
            continue
        rest = (col_value[total] or 0) - known
        if rest < 0:
            return None
        if len(unknown) == 1:
            forced[unknown[0]] = rest
        elif unknown and rest == 0:
            for p in unknown:
                forced[p] = 0
        # A fully printed sum that does not hold is an arithmetic error for the rules to
        # report, not evidence about which cells were lost.
    return forced


def split_digits(runs: Sequence[str], ncols: int, sums: Sequence[Sum], limit: int = 2) -> list[list[int]]:
    """All ways (at most ``limit`` are returned) to read the glued digit ``runs`` as ``ncols``
    integers, cutting only inside runs, without leading zeros, such that every sum holds.
    Run boundaries are always cuts."""
    total_len = sum(len(r) for r in runs)
    if total_len < ncols or total_len > 60 or not all(r.isdigit() for r in runs):
        return []
    digits = "".join(runs)
    forced = set()
    acc = 0
    for r in runs[:-1]:
        acc += len(r)
        forced.add(acc)
    solutions: list[list[int]] = []
    nodes = 0
    # For each column: the sums that can be checked once that column is known.
    check_at: dict[int, list[Sum]] = {}
    for s in sums:
        check_at.setdefault(max(max(s[0]), s[1]), []).append(s)

    def dfs(pos: int, parts: list[int]) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > _MAX_NODES or len(solutions) >= limit:
            return
        col = len(parts)
        if col == ncols:
            if pos == len(digits):
                solutions.append(list(parts))
            return
        remaining_cols = ncols - col
        max_len = len(digits) - pos - (remaining_cols - 1)
        for length in range(1, max_len + 1):
            end = pos + length
            # A run boundary strictly inside this part is not allowed.
            if any(pos < f < end for f in forced):
                break
            piece = digits[pos:end]
            if len(piece) > 1 and piece[0] == "0":
                break
            parts.append(int(piece))
            if all(sum(parts[p] for p in ps) == parts[t] for ps, t in check_at.get(col, [])):
                dfs(end, parts)
            parts.pop()
            if len(solutions) >= limit:
                return

    dfs(0, [])
    if nodes > _MAX_NODES:
        return []
    return solutions
