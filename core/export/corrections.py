"""What goes back into the clerk's own file, decided before any file is touched: one
``Correction`` per root cause the clerk can choose to write back.

- a table cell: a value the clerk edited, or a finding's suggested value (a typo the sums
  pin to one cell) not yet applied in the grid;
- a text edit: a prose number that contradicts the table (TX-*), a year in the title or the
  statistics period (M-YEAR, M-PERIOD), a row label back to the template's words (S-LABEL);
- a note: a finding without a definite correction (an empty 第五部分, a missing section),
  written as a comment at the nearest place, never as invented text.

Each correction names the findings it resolves (``findings``, by ``finding_key``) and is
chosen by its ``key``. What to type where in the report's words (prose numbers, years,
labels) is planned in ``core.export.prose_corrections``.

Pure functions of a Report, an edited Extraction and the current findings; the Word and
Excel writers only carry out what is planned here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from core.check import check_extraction
from core.dismissals import finding_key
from core.document import Location
from core.export.content import Change, cell_names, display, find_changes
from core.export.correction_types import AMBIGUOUS, NOT_FOUND, Correction, Kind, TextEdit, find_in_text, fold
from core.export.prose_corrections import in_line, text_correction, year_corrections
from core.model import Extraction, Finding, Report, in_review_order
from core.normalize import simplify

__all__ = ["AMBIGUOUS", "NOT_FOUND", "Correction", "Kind", "TextEdit", "change_comment", "correction_for",
           "count_corrections", "default_choice", "find_in_text", "fold", "plan_corrections"]


def plan_corrections(report: Report, edited: Extraction | None, findings: list[Finding] | None = None) -> list[Correction]:
    """Every correction offered for the report: the clerk's edits first, then the findings'
    corrections in review order, then the notes."""
    original = report.extraction
    if original is None:
        return []
    ext = edited if edited is not None else original
    current = list(findings) if findings is not None else (check_extraction(ext) if edited is not None else list(report.findings))
    out: list[Correction] = []
    taken: set[str] = set()
    edits = find_changes(original, ext, report.findings) if edited is not None else []
    for change in edits:
        key = f"edit|{change.table}|{change.row}|{change.col}"
        out.append(Correction(key, "cell", cell_names(ext, [(change.table, change.row, change.col)]),
                              change_comment(ext, change), [], change, severity="error"))
    edited_cells = {(c.table, c.row, c.col) for c in edits}
    fixes, fixed = _cell_fixes(original, ext, current, edited_cells, taken)
    out.extend(fixes)
    # Text is corrected against the tables as the offered fixes leave them: a prose figure
    # that agrees with the corrected total is not "wrong" because of the typo, and one that
    # disagrees is corrected to the right total, not to the typo.
    shown = {finding_key(f) for f in current}
    after = current if fixed is ext else [f for f in check_extraction(fixed) if finding_key(f) in shown - taken]
    for made in year_corrections(fixed, after):
        if all(_placeable(e.loc, report.format) for e in made.edits):
            taken.update(made.findings)
            out.append(made)
    for f in in_review_order(after):
        key = finding_key(f)
        if key in taken:
            continue
        made = text_correction(fixed, f, key)
        if made is not None and all(_placeable(e.loc, report.format) for e in made.edits):
            taken.add(key)
            out.append(made)
    for f in in_review_order(current):
        key = finding_key(f)
        if key in taken:
            continue
        loc = _nearest_place(ext, f)
        if loc is not None and report.format != "xlsx" and _placeable(loc, report.format):
            taken.add(key)
            out.append(Correction(key, "note", cell_names(ext, f.cells) or "原文", _note_comment(f), [key], loc=loc,
                                  severity=f.severity))
    lines = _lines(report)
    for c in out:
        c.edits = [in_line(e, lines) for e in c.edits]
    return out


def _placeable(loc: Location, fmt: str | None) -> bool:
    """Whether the writer of the source's format can find the place again."""
    if fmt == "docx":
        return loc.docx_paragraph is not None or loc.docx_cell is not None
    if fmt == "xlsx":
        return loc.sheet is not None and loc.cell is not None
    return False


def _lines(report: Report) -> dict[tuple[int | None, int | None], str]:
    """Each text line of the source, simplified as sentences are, by its span."""
    from core.document import TextBlock

    doc = report.document
    if doc is None:
        return {}
    return {(b.loc.start, b.loc.end): simplify(b.text) for b in doc.blocks if isinstance(b, TextBlock) and b.loc.start is not None}


def default_choice(plan: Iterable[Correction]) -> set[str]:
    return {c.key for c in plan if c.default}


def count_corrections(plan: Iterable[Correction], chosen: Collection[str] | None = None) -> tuple[int, int]:
    """(changes, comments only) that writing ``chosen`` (default: the default choice) puts in."""
    plan = list(plan)
    keys = default_choice(plan) if chosen is None else set(chosen)
    picked = [c for c in plan if c.key in keys]
    return sum(1 for c in picked if c.kind != "note"), sum(1 for c in picked if c.kind == "note")


def correction_for(plan: Iterable[Correction], key: str) -> Correction | None:
    """The correction that resolves the finding ``key`` (a finding_key), if any."""
    for c in plan:
        if c.key == key or key in c.findings:
            return c
    return None


# ----------------------------------------------------------------------------- cells

def change_comment(ext: Extraction, change: Change) -> str:
    """The comment of a cell change: the cell, the value printed, the value written, why."""
    name = cell_names(ext, [(change.table, change.row, change.col)])
    return f"{name}：原为 {display(change.original)}，改为 {display(change.corrected)}。\n{change.reason}"


def _cell_fixes(original: Extraction, ext: Extraction, findings: list[Finding], edited: set[tuple[str, str, str]],
                taken: set[str]) -> tuple[list[Correction], Extraction]:
    """A finding's suggested values, one finding at a time in review order: one typo often
    breaks three identities whose findings name the same fix; once it is applied the other
    findings are gone, and only what is still found afterwards is offered next."""
    out: list[Correction] = []
    working = ext
    # Only what the rules find can be resolved by a fix (not a comparison with last year's
    # report, which the rules alone never find).
    ruled = {finding_key(g) for g in check_extraction(ext)}
    still = {finding_key(f) for f in findings} & ruled
    by_cell: dict[tuple[str, str, str], Correction] = {}
    for f in in_review_order(findings):
        key = finding_key(f)
        fixes = f.cell_fixes()
        if not fixes or key not in still:
            continue
        if any((t, r, c) in edited for (t, r, c), _ in fixes):
            continue
        changes: list[Change] = []
        for (table, row, col), value in fixes:
            assert row is not None and col is not None
            cols = [c.key for c in working.spec(table).row(row).columns]
            if col not in cols:
                continue
            index = cols.index(col)
            old = original.value(table, row, index)
            working = working.with_value(table, row, index, value)
            changes.append(Change(table, row, col, old, working.tables[table].rows[row][index],
                                  f"{f.rule}：{f.message}", f.rule))
        if not changes:
            continue
        after = {finding_key(g) for g in check_extraction(working)}
        resolved = [k for k in still if k not in after]
        still &= after
        for n, change in enumerate(changes):
            cell = (change.table, change.row, change.col)
            if cell in by_cell:
                continue
            c = Correction(key if n == 0 else f"{key}#{n}", "cell", cell_names(ext, [cell]), change_comment(ext, change),
                           [key, *(k for k in resolved if k != key)] if n == 0 else [], change, severity=f.severity)
            by_cell[cell] = c
            out.append(c)
        taken.update(resolved)
        taken.add(key)
    return out, working


# ----------------------------------------------------------------------------- notes

def _note_comment(f: Finding) -> str:
    return f"{f.rule}：{f.message}"


def _nearest_place(ext: Extraction, f: Finding) -> Location | None:
    """Where a comment for ``f`` goes: its own location, a cell it names, the heading of
    the part it is about (or the part before a missing one), else the title."""
    if f.loc is not None:
        return f.loc
    for table, row, col in f.cells:
        if table in ext.tables and row is not None:
            t = ext.tables[table]
            cells = t.rows.get(row, [])
            if col is not None:
                cols = [c.key for c in ext.spec(table).row(row).columns]
                if col in cols and cols.index(col) < len(cells):
                    loc = cells[cols.index(col)].loc
                    if loc is not None:
                        return loc
            if row in t.row_locs:
                return t.row_locs[row]
        if table in ext.tables and ext.tables[table].loc is not None:
            return ext.tables[table].loc
    sections = ext.meta.sections
    for table, row, _ in f.cells:
        if table == "text" and row is not None:
            order = "一二三四五六"
            at = order.find(row)
            for number in reversed(order[: at + 1] if at >= 0 else ""):
                if number in sections and sections[number][1] is not None:
                    return sections[number][1]
    return ext.meta.title_loc
