"""Table 三 (收到和处理政府信息公开申请情况): its rows read from the tokens, its applicant
columns from the header, and the template version from which （六）其他处理 rows carry
numbers. Rows whose labels a converter printed apart from their numbers are aligned by
template order, and a glued row with several readings is decided by the column identities
only when exactly one reading satisfies them."""

from __future__ import annotations

from typing import Sequence

from core.document import Location
from core.extract.bands import column_bands
from core.extract.fit import T3_ROW_SUM, fit_row as _fit, merge_digit_notes
from core.extract.place import Sum
from core.extract.rows import T3_MAX_LABEL, T3_UNION, RowHit, scan_rows, short_label
from core.extract.table_result import TableResult
from core.model import CellValue, ExtractedTable, Finding
from core.normalize import label_key, leading_number
from core.template import T3_COLUMNS, TEMPLATE_2019, TEMPLATE_2021, TableSpec, cell_label, template_for
from core.tokens import Token


def _row_label_note(table: str, spec: TableSpec, hit: RowHit, template_version: str) -> Finding | None:
    row = spec.row(hit.key) if spec.has_row(hit.key) else None
    if row is None or hit.detached:
        return None
    printed = label_key(hit.label_text)
    # A label cut short ("2.申请" at the foot of a page, the rest of it after the next
    # page's header) is a page break, not a typo.
    truncated = len(printed) >= 2 and label_key(row.label).startswith(printed)
    if not truncated and not any(f in printed for f in row.match):
        name = cell_label(template_for(template_version), table, hit.key, None)
        return Finding(
            "S-LABEL", "warning",
            f"{name}的行标签印为“{hit.label_raw}”，与模板文字“{row.label}”不一致（可能有错字或漏字），请按模板更正。",
            [(table, hit.key, None)],
            loc=hit.label.loc,
        )
    return None


def parse_t3(tokens: Sequence[Token]) -> TableResult:
    values_of: dict[int, list[Token]] = {}
    hits, header, extras = scan_rows(tokens, T3_UNION, T3_MAX_LABEL, groups=True, start_key="new", extra_values_out=values_of)
    hits = [h for h in hits if h.values or h.key not in ("other",)]
    if not hits:
        return TableResult(None, None, found_anchor=bool(header))
    keys = {h.key for h in hits}
    has_2021 = any(k.startswith("other_") for k in keys)
    has_2019 = "other" in keys and any(h.key == "other" and h.values for h in hits)
    version = "2021" if has_2021 or not has_2019 else "2019"
    spec = TEMPLATE_2021.t3 if version == "2021" else TEMPLATE_2019.t3
    columns = _t3_columns(header)
    if len(columns) < len(T3_COLUMNS) and _rows_print_every_column(hits):
        # The rows print a value under every applicant column: a header word the page lost or
        # OCR garbled ("社公公益织") is not a column the report left out — taking it for one
        # slid every row's values a column left of their own.
        lost = [c.label for c in T3_COLUMNS if c.key not in columns]
        columns = [c.key for c in T3_COLUMNS]
        header_note: Finding | None = Finding(
            "X-READ", "info",
            f"表三表头中未认出“{'、'.join(lost)}”列，但各行都印有{len(columns)}个数，已按模板的{len(columns)}列读取；请对照原件核对表头。",
            [("t3", None, None)],
        )
    else:
        header_note = None
    ncols = len(columns)
    sums: list[Sum] = [(tuple(range(ncols - 1)), ncols - 1)] if columns[-1] == "total" else []
    notes: list[Finding] = [header_note] if header_note is not None else []
    if ncols < len(T3_COLUMNS):
        missing = [c.label for c in T3_COLUMNS if c.key not in columns]
        notes.append(Finding(
            "S-ROWS", "error",
            f"表三缺少“{'、'.join(missing)}”列，请按模板补齐申请人类别。",
            [("t3", None, c.key) for c in T3_COLUMNS if c.key not in columns],
        ))
    rows: dict[str, list[CellValue]] = {}
    row_locs: dict[str, Location] = {}
    row_labels: dict[str, str] = {}
    ambiguous: dict[str, tuple[list[list[int]], Finding]] = {}
    aligned = _align_detached_rows(hits, tokens, [r.key for r in spec.rows], ncols)
    if aligned is not None:
        hits, note = aligned
        notes.append(note)
    else:
        placed = _place_unread_rows(hits, extras, values_of, spec, ncols)
        if placed is not None:
            hits, extras, note = placed
            notes.append(note)
    best = _best_hits(hits, ncols)
    bands = column_bands([h.values for h in best], ncols)
    for hit in best:
        if hit.key in rows:
            continue
        if not hit.values and hit.key == "other":
            continue
        refs = [("t3", hit.key, None)]
        where = f"表三“{short_label(spec, hit.key)}”行"
        options: list[list[int]] = []
        cells, row_notes = _fit(hit.values, ncols, sums, where, refs, options, sum_name=T3_ROW_SUM, bands=bands)
        if options:
            ambiguous[hit.key] = (options, row_notes[-1])
        notes.extend(row_notes)
        full = {c: CellValue(None, "missing") for c in (c.key for c in T3_COLUMNS)}
        for col, cell in zip(columns, cells):
            full[col] = cell
        rows[hit.key] = [full[c.key] for c in T3_COLUMNS]
        row_locs[hit.key] = hit.label.loc
        row_labels[hit.key] = hit.label_raw
        note = _row_label_note("t3", spec, hit, version)
        if note:
            notes.append(note)
    if ambiguous and len(columns) == len(T3_COLUMNS):
        _resolve_by_columns(rows, ambiguous, spec, notes)
    notes = merge_digit_notes(notes, "表三")
    table = ExtractedTable("t3", rows, hits[0].label.loc, row_locs, row_labels,
                           extra_rows=[t.raw for t in extras],
                           missing_columns=[c.key for c in T3_COLUMNS if c.key not in columns])
    return TableResult(table, version, notes, True)


def _align_detached_rows(hits: list[RowHit], tokens: Sequence[Token], order: list[str],
                         ncols: int) -> tuple[list[RowHit], Finding] | None:
    """PDF-to-markdown converters may print a row's label on one line and its numbers as an
    unlabelled row elsewhere ("（二）部分公开…" above, "| 0 | 0 | … |" below the next row).
    Scanning then gives some labels two rows of numbers and others none. Rows printed with
    their label on the same line are anchors in template order; the unlabelled rows between
    two anchors belong, in order, to the template rows between them — used only where their
    count equals the number of template rows in that gap, so nothing is guessed.

    Returns new hits (one per row, values from their own line) and a note, or None when the
    table does not have this shape."""
    if not hits or not any(len([v for v in h.values if v.kind != "label"]) > ncols for h in hits):
        return None
    first = min(h.label.pos for h in hits)
    last = max([h.label.pos for h in hits] + [v.pos for h in hits for v in h.values])
    label_lines: dict[int, RowHit] = {}
    for hit in hits:
        label_lines.setdefault(hit.label.line, hit)
    lines: dict[int, list[Token]] = {}
    for tok in tokens:
        if first <= tok.pos <= last and tok.kind in ("number", "blank"):
            lines.setdefault(tok.line, []).append(tok)
    rank = {key: i for i, key in enumerate(order)}
    # Rows of numbers in line order: (template index, its labelled hit) for a row printed
    # with its label, (None, None) for an unlabelled one.
    chunks: list[tuple[int | None, RowHit | None, list[Token]]] = []
    for line in sorted(lines):
        values = lines[line]
        hit = label_lines.get(line)
        if hit is not None and hit.key in rank:
            chunks.append((rank[hit.key], hit, values))
        elif hit is None and len(values) % ncols == 0:
            for k in range(0, len(values), ncols):
                chunks.append((None, None, values[k:k + ncols]))
        # Anything else (a lone page number inside the table) is not a row.
    if all(idx is not None for idx, _, _ in chunks):
        return None
    # Anchors must follow template order; one out of order is not trusted as an anchor.
    anchors: list[tuple[int, int, RowHit, list[Token]]] = []  # (chunk number, template index, hit, values)
    last_idx = -1
    for n, (idx, hit, values) in enumerate(chunks):
        if idx is not None and hit is not None and idx > last_idx:
            anchors.append((n, idx, hit, values))
            last_idx = idx
    anchored = {hit.key for _, _, hit, _ in anchors}
    assigned: dict[str, list[Token]] = {hit.key: values for _, _, hit, values in anchors}
    bounds = [(-1, -1)] + [(n, idx) for n, idx, _, _ in anchors] + [(len(chunks), len(order))]
    for (n0, i0), (n1, i1) in zip(bounds, bounds[1:]):
        loose = [values for idx, _, values in chunks[n0 + 1:n1] if idx is None]
        slots = order[i0 + 1:i1]
        if loose and len(loose) == len(slots):
            assigned.update(zip(slots, loose))
    if set(assigned) == anchored:
        return None
    by_key = {h.key: h for h in hits}
    new_hits: list[RowHit] = []
    for key in order:
        old = by_key.get(key)
        if key not in assigned:
            if old is not None:
                new_hits.append(RowHit(key, old.label, [], old.fuzzy, old.more_label, detached=True))
            continue
        values = assigned[key]
        if old is not None:
            new_hits.append(RowHit(key, old.label, values, old.fuzzy, old.more_label, detached=key not in anchored))
        else:
            # The row's label was lost altogether; the template names it.
            label = Token("label", key, "", values[0].loc, pos=values[0].pos, line=values[0].line)
            new_hits.append(RowHit(key, label, values, fuzzy=True, detached=True))
    by_position = [key for key in order if key in assigned and key not in anchored]
    note = Finding(
        "X-DETACHED", "info",
        f"表三有 {len(by_position)} 行的行标签与数字在原文中被分开（常见于 PDF 转换），已按模板行序把数字对应到"
        f"{'、'.join(short_label(TEMPLATE_2021.t3 if 'other_1' in order else TEMPLATE_2019.t3, k)[:8] for k in by_position[:3])}"
        f"{'等行' if len(by_position) > 3 else '行'}；请对照原件核对。",
        [("t3", key, None) for key in by_position],
    )
    return new_hits, note


def _place_unread_rows(hits: list[RowHit], extras: list[Token], values_of: dict[int, list[Token]],
                       spec: TableSpec, ncols: int) -> tuple[list[RowHit], list[Token], Finding] | None:
    """Rows whose labels could not be read (a scan's small type read as "382安全0定*", a
    label mistyped past knowing) stand between rows that were: when the unknown labels with
    numbers between two known rows are exactly as many as the template rows missing between
    them, they are those rows, in order — the template fixes the order of table 三's rows.
    An item number that was read must agree; any known row inside the gap, or a count that
    differs, and nothing is placed there.

    Returns the hits with the placed rows, the extras left over, and a note naming them."""
    order = [r.key for r in spec.rows]
    rank = {key: i for i, key in enumerate(order)}
    chain: list[RowHit] = []
    for hit in sorted((h for h in hits if h.values and h.key in rank), key=lambda h: h.label.pos):
        if not chain or rank[hit.key] > rank[chain[-1].key]:
            chain.append(hit)
    known = {h.key for h in hits}
    loose = [e for e in extras if any(v.kind == "number" for v in values_of.get(id(e), []))
             and sum(1 for v in values_of[id(e)] if v.kind in ("number", "blank")) == ncols]
    placed: list[tuple[str, Token]] = []
    for a, b in zip(chain, chain[1:]):
        slots = [k for k in order[rank[a.key] + 1:rank[b.key]] if k not in known]
        between = [e for e in loose if a.label.pos < e.pos < b.label.pos]
        if not slots or len(between) != len(slots):
            continue
        if any(a.label.pos < h.label.pos < b.label.pos for h in hits):
            continue
        if all(_same_item(e, spec, k) for e, k in zip(between, slots)):
            placed.extend(zip(slots, between))
    if not placed:
        return None
    used = {id(e) for _, e in placed}
    new_hits = sorted(hits + [RowHit(k, e, values_of[id(e)], fuzzy=True) for k, e in placed], key=lambda h: h.label.pos)
    keys = [k for k, _ in placed]
    note = Finding(
        "X-DETACHED", "info",
        f"表三有 {len(keys)} 行的行标签未能认出（印刷或扫描不清），已按模板行序对应到"
        f"{'、'.join('“' + short_label(spec, k)[:12] + '”' for k in keys[:3])}{'等行' if len(keys) > 3 else '行'}；请对照原件核对。",
        [("t3", key, None) for key in keys],
    )
    return new_hits, [e for e in extras if id(e) not in used], note


def _same_item(label: Token, spec: TableSpec, key: str) -> bool:
    """The label's item number, when one was read, is the template row's."""
    read = leading_number(label.text)
    return read is None or read == leading_number(spec.row(key).label)


def _best_hits(hits: list[RowHit], ncols: int) -> list[RowHit]:
    """One hit per row key. A label printed twice (a converter's heading above a one-row
    table that repeats it, a stray header line listing row names) keeps the occurrence that
    carries the row's values: exactly ``ncols`` numbers first, then the most numbers, then
    the first."""
    def score(hit: RowHit) -> tuple[int, int]:
        numbers = sum(1 for v in hit.values if v.kind in ("number", "blank"))
        return (numbers == ncols, numbers)

    best: dict[str, RowHit] = {}
    for hit in hits:
        kept = best.get(hit.key)
        if kept is None or score(hit) > score(kept):
            best[hit.key] = hit
    chosen = {id(h) for h in best.values()}
    return [h for h in hits if id(h) in chosen]


def _resolve_by_columns(rows: dict[str, list[CellValue]], ambiguous: dict[str, tuple[list[list[int]], Finding]],
                        spec: TableSpec, notes: list[Finding]) -> None:
    """Glued rows with several readings: keep the combination under which the column
    identities (T3-BAL, T3-DONE) hold in every column. Decided only when exactly one does."""
    keys = list(ambiguous)
    sizes = [len(ambiguous[k][0]) for k in keys]
    total = 1
    for n in sizes:
        total *= n
    if total > 200_000:
        return
    outcome = [r.key for r in spec.rows if r.key not in ("new", "carried", "total", "carry_next")]

    def column_ok(values: dict[str, list[int | float]]) -> bool:
        for c in range(len(T3_COLUMNS)):
            def v(row: str) -> int | float | None:
                if row in values:
                    return values[row][c]
                cells = rows.get(row)
                if cells is None or not cells[c].known:
                    return None
                return cells[c].number
            bal = [v(r) for r in ("new", "carried", "total", "carry_next")]
            if None not in bal and bal[0] + bal[1] != bal[2] + bal[3]:  # type: ignore[operator]
                return False
            done = [v(r) for r in outcome]
            if bal[2] is not None and None not in done and sum(done) != bal[2]:  # type: ignore[arg-type]
                return False
        return True

    found: list[dict[str, list[int]]] = []
    from itertools import product

    for combo in product(*(ambiguous[k][0] for k in keys)):
        values = dict(zip(keys, combo))
        if column_ok(values):
            found.append(values)
            if len(found) > 1:
                return
    if len(found) != 1:
        return
    for key, values in found[0].items():
        loc = next((c.loc for c in rows[key] if c.loc is not None), None)
        rows[key] = [CellValue(v, "ok", str(v), loc) for v in values]
        note = ambiguous[key][1]
        note.severity = "info"
        note.message = note.message.split("有多种拆分方式")[0] + (f"行内有多种拆分方式，按表三各列的勾稽关系（第一项加第二项之和等于第三项加第四项之和、"
                                                           f"（七）总计等于各项办理结果之和）唯一确定为 {'、'.join(map(str, values))}，请核对原文。")


def _rows_print_every_column(hits: Sequence[RowHit]) -> bool:
    """Most rows carry exactly one value per template column."""
    counts = [sum(1 for v in h.values if v.kind in ("number", "blank")) for h in hits if h.values]
    return len(counts) >= 3 and 2 * sum(1 for n in counts if n == len(T3_COLUMNS)) > len(counts)


def _t3_columns(header: Sequence[Token]) -> list[str]:
    """Which applicant columns the header prints, in template order. An unreadable header
    (lost in a scrape) means the standard seven."""
    text = "".join(label_key(t.text) for t in header)
    text_wo_group = text.replace(label_key("法人或其他组织"), "")
    found = []
    for col in T3_COLUMNS:
        hay = text_wo_group if col.key == "other" else text
        if any(f in hay for f in col.match):
            found.append(col.key)
    if len(found) >= 4 and len(found) < len(T3_COLUMNS) and "total" in found:
        return found
    return [c.key for c in T3_COLUMNS]
