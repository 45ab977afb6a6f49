"""Which cells a failing identity puts in doubt (the trust pass's last step, core/trust.py).

An identity that fails on what OCR read says that one of its cells was misread or misplaced
— not which. Doubting every cell of every failing identity is safe but blind: one column
the layout lost, or one row read into the wrong place, fails every column sum of 表三, and
the whole table (130 cells read right) went to the clerk as "uncertain".

A cell of a failing identity is *cleared* when another identity through it holds on what
was read: its row adds up while its column does not, so the column's failure lies
elsewhere. What no holding identity clears is doubted. An identity that holds only on
blanks clears nothing (a row the layout lost entirely is blank all along, and 0 = 0). And
the doubt must be able to explain the failure: when the doubted cells of a failing identity
cannot carry its difference (each would have to be negative, or none is doubted — two
values swapped inside a row keep the row's sum), every cell of that identity is doubted, as
before. The sums decide which cells to look at, never what they hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from core.model import CellValue, Extraction
from core.rules.identities import cell_at, eq
from core.template import Identity

Ref = tuple[str, str, str]
# States whose value the arithmetic may use: a doubted cell by its likeliest reading.
_VALUED = ("ok", "blank", "inferred", "uncertain")
_CONFIDENT = ("ok", "blank")


def _value(cell: CellValue | None) -> float | None:
    if cell is None or cell.state not in _VALUED:
        return None
    return float(cell.number)


def _sums(ext: Extraction, ident: Identity) -> tuple[float, float] | None:
    """Both sides on the values read (uncertain cells by their likeliest reading); None
    when a cell is missing or not a number."""
    sides = []
    for refs in (ident.left, ident.right):
        total = 0.0
        for ref in refs:
            v = _value(cell_at(ext, ref))
            if v is None:
                return None
            total += v
        sides.append(total)
    return sides[0], sides[1]


def _substantive(ext: Extraction, ident: Identity, firm: bool) -> bool:
    """An identity holding on numbers read: all blanks prove nothing. ``firm``: nor does a
    sum that holds on one of a doubted cell's readings (read "1", then "7"): it would have
    the sum choose the reading. A doubted cell read one way only, weakly, still counts."""
    cells = [cell_at(ext, ref) for ref in ident.left + ident.right]
    if any(c is None or (c.state == "uncertain" and (c.value is None or (firm and set(c.candidates) - {c.value})))
           for c in cells):
        return False
    return any(c is not None and c.value is not None and c.state != "blank" for c in cells)


def cells_to_doubt(ext: Extraction, identities: Iterable[Identity], ocr: set[Ref], doubtful_tables: set[str]) -> set[Ref]:
    """The confident OCR cells (refs in ``ocr``) the failing identities put in doubt.

    In a table whose layout is in doubt, two tiers of clearing: a cell cleared by no holding
    identity at all is the first suspect; when those (and the cells already in doubt) cannot
    carry the failure, the cells cleared only by a sum that holds on one of several readings
    are suspects too; and when even they cannot, every cell of the identity.

    In a table read cleanly, its firm cells are as sure as those a failing identity there
    reports an error on (hongze-2023's 表四 总计 printed 0): an identity failing with a doubted
    cell in it doubts only the firm cells where two failing sums cross and no holding one
    clears them — a "0" read "11" at 100 dpi, its row and its column both off by 11."""
    idents = list(identities)
    evaluated = [(ident, _sums(ext, ident)) for ident in idents]
    cleared: set[Ref] = set()  # by a holding identity, on any reading of its doubted cells
    firmly: set[Ref] = set()  # by one holding on firm readings (or doubted cells read one way)
    for ident, sums in evaluated:
        if sums is not None and eq(*sums):
            if _substantive(ext, ident, firm=False):
                cleared.update(ident.left + ident.right)
            if _substantive(ext, ident, firm=True):
                firmly.update(ident.left + ident.right)
    failing = [(ident, sums) for ident, sums in evaluated if sums is not None and not eq(*sums)]
    crossings = Counter(ref for ident, _ in failing for ref in ident.left + ident.right)
    doubt: set[Ref] = set()
    for ident, sums in failing:
        refs = ident.left + ident.right
        cells = {ref: cell_at(ext, ref) for ref in refs}
        uncertain = {ref for ref, c in cells.items() if c is not None and c.state == "uncertain"}
        confident = [ref for ref in refs if ref in ocr and (c := cells[ref]) is not None and c.state in _CONFIDENT]
        if any(ref[0] in doubtful_tables for ref in refs):
            for suspects in ([r for r in confident if r not in cleared], [r for r in confident if r not in firmly], confident):
                if _explains(ext, ident, sums, uncertain | set(suspects)):
                    break
            doubt.update(suspects)
        elif uncertain:
            doubt.update(r for r in confident if r not in cleared and crossings[r] >= 2)
    return doubt


def _explains(ext: Extraction, ident: Identity, sums: tuple[float, float], free: set[Ref]) -> bool:
    """Whether the cells in ``free`` can carry the identity's difference with values ≥ 0."""
    left, right = sums
    on_left = [ref for ref in ident.left if ref in free]
    on_right = [ref for ref in ident.right if ref in free]
    if on_left and on_right:
        return True
    if on_left:  # the left side's free cells must sum to their value plus (right - left)
        return sum(_value(cell_at(ext, r)) or 0.0 for r in on_left) + (right - left) >= -1e-9
    if on_right:
        return sum(_value(cell_at(ext, r)) or 0.0 for r in on_right) + (left - right) >= -1e-9
    return False


# Reading notes that say a row's values were not one to a column: values left over (the
# first ones taken) or too few (placed by the sums).
_ROW_NOTES = ("X-EXTRA-VALUES", "X-SHORT-ROW")


def misfitted_rows(ext: Extraction, identities: Iterable[Identity], ocr: set[Ref]) -> set[Ref]:
    """The confident OCR cells of rows whose reading left values over or short. Which value
    was the stray one the row cannot tell: a column the layout lost shifts the rest of the
    row one to the left (huaian-2024 faxed: 33 cells of 表三 read firmly into their
    neighbours' columns). A cell stands when a sum through it holds on firm readings: the
    row's own, or one reaching a row read one to a column (a row shifted alone breaks its
    columns' sums; every row shifted together keeps them, so a sum over misfitted rows only
    clears nothing)."""
    rows = {(ref[0], ref[1]) for n in ext.notes if n.rule in _ROW_NOTES for ref in n.cells if ref[1] is not None}
    if not rows:
        return set()
    cleared: set[Ref] = set()
    for ident in identities:
        refs = ident.left + ident.right
        lines = {(ref[0], ref[1]) for ref in refs}
        if not lines & rows or not (len(lines) == 1 or lines - rows):
            continue
        sums = _sums(ext, ident)
        if sums is not None and eq(*sums) and _substantive(ext, ident, firm=True) and \
                all((c := cell_at(ext, ref)) is not None and c.state in _CONFIDENT for ref in refs):
            cleared.update(refs)
    return {ref for ref in ocr if (ref[0], ref[1]) in rows and ref not in cleared
            and (c := cell_at(ext, ref)) is not None and c.state in _CONFIDENT}


def failing_through(ext: Extraction, identities: Iterable[Identity], refs: set[Ref]) -> set[Ref]:
    """The cells of ``refs`` that an identity failing on the values read passes through."""
    out: set[Ref] = set()
    for ident in identities:
        cells = set(ident.left + ident.right) & refs
        if cells and (sums := _sums(ext, ident)) is not None and not eq(*sums):
            out |= cells
    return out
