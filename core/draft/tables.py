"""The draft's tables as the checker's Extraction, and back: the rules, the grid and the
exports all work on an Extraction, so the draft is checked by exactly the rules a report is."""

from __future__ import annotations

from core.draft_file import Draft, Ref
from core.model import CellValue, ExtractedTable, Extraction, Meta
from core.template import TEMPLATE_2021


def draft_tables(draft: Draft, empty_state: str = "blank") -> Extraction:
    """An Extraction holding the draft's values in the 2021 layout. Cells the clerk has not
    filled get ``empty_state``: "blank" for checking (arithmetic counts them 0 and says so),
    "missing" for writing (left empty in the output rather than printed as a blank mark)."""
    tables: dict[str, ExtractedTable] = {}
    for spec in TEMPLATE_2021.tables:
        rows = {}
        for row in spec.rows:
            cells = []
            for col in row.columns:
                value = draft.value((spec.key, row.key, col.key))
                cells.append(CellValue(value, "ok") if value is not None else CellValue(None, empty_state))  # type: ignore[arg-type]
            rows[row.key] = cells
        tables[spec.key] = ExtractedTable(spec.key, rows)
    meta = Meta(title=draft.title, agency=draft.agency, year=draft.year)
    return Extraction("2021", tables, meta, {k: "2021" for k in tables})


def cell_of(ext: Extraction, ref: Ref) -> CellValue | None:
    table, row, col = ref
    t = ext.tables.get(table)
    if t is None or row not in t.rows:
        return None
    keys = [c.key for c in ext.spec(table).row(row).columns]
    if col not in keys or keys.index(col) >= len(t.rows[row]):
        return None
    return t.rows[row][keys.index(col)]


def sync_from(draft: Draft, ext: Extraction) -> list[Ref]:
    """Take the grid's values (an edited Extraction in the 2021 layout) into the draft.
    A value that differs from the draft's becomes typed, unless it is the total the rules
    suggest (the caller marks those). Returns the cells that changed."""
    changed: list[Ref] = []
    for spec in TEMPLATE_2021.tables:
        for row in spec.rows:
            for col in row.columns:
                ref = (spec.key, row.key, col.key)
                cell = cell_of(ext, ref)
                value = cell.value if cell is not None and cell.state in ("ok", "inferred") else None
                if value != draft.value(ref):
                    draft.set(ref, value, "typed")
                    changed.append(ref)
    return changed
