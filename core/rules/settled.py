"""Reading notes a person has settled: a note the reader made on cells (a row read without its
numbers, digits glued together, an OCR cell in doubt) says "please check against the
original"; once every cell it names has been typed or confirmed in the window
(``CellValue.confirmed``), it has been, and the note goes. Only the notes made while reading
are dropped: the rules re-check every value, confirmed or not."""

from __future__ import annotations

from core.model import CellRef, Extraction, Finding


def _confirmed(ext: Extraction, ref: CellRef) -> bool:
    table, row, col = ref
    t = ext.tables.get(table)
    if t is None or row is None:
        return False
    cells = t.rows.get(row)
    if not cells:
        return False
    if col is None:
        return all(c.confirmed for c in cells)
    spec = ext.spec(table)
    if not spec.has_row(row):
        return False
    keys = [c.key for c in spec.row(row).columns]
    if col not in keys:
        return False
    index = keys.index(col)
    return index < len(cells) and cells[index].confirmed


def open_notes(ext: Extraction) -> list[Finding]:
    """The reader's notes, less those whose cells are all confirmed."""
    out = []
    for note in ext.notes:
        cells = [ref for ref in note.cells if ref[0] in ("t2", "t3", "t4")]
        if cells and all(_confirmed(ext, ref) for ref in cells):
            continue
        out.append(note)
    return out
