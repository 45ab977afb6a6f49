"""Token stream → tables 二, 三 and 四 in template keys.

Rows are recognised by their labels (template.Row.match), never by position in the file,
with the group context the template declares ("3.其他" is a row only under （六）其他处理;
"总计" is a column header before the first row and a row after it). A label's values are
the numbers and blanks that follow it up to the next label (text reports) or the end of
its physical row (real tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from core.document import Location
from core.extract.fit import T3_ROW_SUM, T4_ROW_SUM, fit_row as _fit, merge_digit_notes
from core.extract.place import Sum
from core.model import CellValue, ExtractedTable, Finding
from core.normalize import label_key, leading_number
from core.template import (
    T2_2019,
    T2_2021,
    T3_COLUMNS,
    T4,
    TEMPLATE_2019,
    TEMPLATE_2021,
    VERSION_MARKERS,
    Row,
    TableSpec,
    cell_label,
)
from core.tokens import Token

# t3 with both versions' （六）rows, in print order: the version is decided by which rows
# carry numbers.
_T3_UNION: tuple[Row, ...] = tuple(
    r for r in TEMPLATE_2021.t3.rows if not r.key.startswith("other_")
)[:-2] + (TEMPLATE_2019.t3.row("other"),) + tuple(
    r for r in TEMPLATE_2021.t3.rows if r.key.startswith("other_")
) + TEMPLATE_2021.t3.rows[-2:]

_T2_UNION: tuple[Row, ...] = (
    T2_2021.row("regulations"), T2_2021.row("normative_docs"), T2_2021.row("licensing"),
    T2_2019.row("other_services"), T2_2021.row("punishment"), T2_2021.row("coercion"),
    T2_2021.row("fees"), T2_2019.row("procurement"),
)

# Group captions of table 三, by the key of their label.
_GROUPS: dict[str, str] = {}
for _row in TEMPLATE_2021.t3.rows:
    if len(_row.groups) == 2:
        _GROUPS[label_key(_row.groups[1])] = _row.groups[1]
_GROUP_ROWS: dict[str, list[str]] = {}
for _row in TEMPLATE_2021.t3.rows:
    if len(_row.groups) == 2:
        _GROUP_ROWS.setdefault(_row.groups[1], []).append(_row.key)
_OTHER_GROUP = TEMPLATE_2021.t3.row("other_1").groups[1]


@dataclass
class RowHit:
    key: str
    label: Token
    values: list[Token] = field(default_factory=list)  # number / blank / non-numeric text
    fuzzy: bool = False  # recognised by its item number in the group, not by its words
    more_label: list[Token] = field(default_factory=list)  # the rest of a label wrapped over lines
    # Label printed apart from its numbers (a converter's output): its wording is too
    # mangled by the conversion to judge it against the template.
    detached: bool = False

    @property
    def label_text(self) -> str:
        return self.label.text + "".join(t.text for t in self.more_label)

    @property
    def label_raw(self) -> str:
        return self.label.raw + "".join(t.raw for t in self.more_label)


@dataclass
class TableResult:
    table: ExtractedTable | None
    version: str | None
    notes: list[Finding] = field(default_factory=list)
    found_anchor: bool = False  # some label of the table was seen (the table is there but unreadable)


def _max_label_len(rows: Sequence[Row]) -> int:
    return max(len(label_key(r.label)) for r in rows)


_T3_MAX_LABEL = _max_label_len(_T3_UNION) + 12
_T2_MAX_LABEL = 30


def _match_row(key: str, rows: Sequence[Row], filled: set[str], group: str | None) -> Row | None:
    candidates: list[Row] = []
    for row in rows:
        if row.exact:
            if key in row.match:
                candidates.append(row)
        elif any(frag and frag in key for frag in row.match):
            candidates.append(row)
    # "其他" / "总计" exact rows belong to a group: 3.其他 only under （六）.
    candidates = [r for r in candidates if not (r.key == "other_3" and group != _OTHER_GROUP)]
    if not candidates:
        # Header words run into the label ("…现行有效件数规章"): the label ends the text.
        candidates = [r for r in rows if any(frag and key.endswith(frag) for frag in r.match)
                      and not (r.key == "other_3" and group != _OTHER_GROUP)]
    if not candidates:
        return None
    fresh = [r for r in candidates if r.key not in filled]
    pool = fresh or candidates
    # Prefer the most specific match (longest fragment found).
    return max(pool, key=lambda r: max((len(f) for f in r.match if f in key), default=0))


def _scan(tokens: Sequence[Token], rows: Sequence[Row], max_label: int, *, groups: bool, start_key: str | None) -> tuple[list[RowHit], list[Token], list[Token]]:
    """Walk the tokens and collect row hits. Returns (hits, header_tokens, extra labels with
    numbers)."""
    hits: list[RowHit] = []
    header: list[Token] = []
    extras: list[Token] = []
    filled: set[str] = set()
    current: RowHit | None = None
    orphan: Token | None = None  # an unmatched label, its numbers would make it an extra row
    orphan_has_values = False
    orphan_values: list[Token] = []
    extra_values: dict[int, list[Token]] = {}  # id(extra label) → its numbers
    # Unmatched label pieces since the last number, from one that starts with an item
    # number: a label wrapped two characters a line ("1.申" "请人" "无正" …) is known once
    # its pieces are joined again.
    pieces: list[Token] = []
    # Inside table 三's header printed again on a continuation page ("申请人情况 … 总计"):
    # its words are neither rows ("总计", "其他") nor the rest of a row's label.
    in_header = False
    group: str | None = None
    started = start_key is None
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        i += 1
        if tok.kind == "break":
            if current is not None and current.label.row_id is not None and current.label.row_id == tok.row_id:
                current = None
            continue
        if tok.kind == "text":
            if current is not None:
                current.values.append(tok)  # words in a value cell ("不适用")
            continue
        if tok.kind in ("number", "blank"):
            pieces = []
            in_header = False
            if current is not None:
                current.values.append(tok)
            elif orphan is not None:
                orphan_values.append(tok)
                orphan_has_values = orphan_has_values or tok.kind == "number"
            continue
        key = label_key(tok.text)
        if not key:
            continue
        if groups and started and any(w in key for w in _T3_HEADER_OPENERS):
            in_header = True
            continue
        if in_header:
            if key in _T3_HEADER_TEXT and not _ROW_NUMBERING.match(tok.text):
                continue
            in_header = False
        if len(key) > max_label:
            # Text run together ("…其他一、本年新收…数量"): the row label is the last
            # numbered segment, or the header words end with it ("…处理决定数量行政处罚").
            tail = _last_numbered_segment(tok.text)
            if tail is not None and len(label_key(tail)) <= max_label:
                key = label_key(tail)
            else:
                ending = next((f for r in rows if not r.exact for f in r.match if f and key.endswith(f)), None)
                if ending is not None:
                    key = ending
        # A label split over two cells/lines ("商业" / "企业", "2.其他法律行政法规" / "禁止公开").
        row = None
        joined_tok: Token | None = None
        if len(key) <= max_label:
            row = _match_row(key, rows, filled, group) if started or _is_start(key, rows, start_key) else None
            if row is None and i < n and tokens[i].kind == "label":
                next_key = label_key(tokens[i].text)
                joined = key + next_key
                # Join only when the next piece is not a row label of its own ("其他" header
                # word followed by "一、本年新收…" is two things).
                alone = _match_row(next_key, rows, filled, group) if len(next_key) <= max_label else None
                if alone is None and len(joined) <= max_label:
                    row2 = _match_row(joined, rows, filled, group) if started or _is_start(joined, rows, start_key) else None
                    if row2 is not None and (current is None or current.values or row2.key != current.key):
                        row = row2
                        joined_tok = tokens[i]
                        i += 1
        is_group = False
        if groups and started:
            for gkey, gname in _GROUPS.items():
                if key.startswith(gkey):
                    group, is_group = gname, True
        fuzzy = False
        # A garbled row label ("2.其他法律行政止公开") is still known by its item number
        # inside the current group; group captions ("（三）不予公开") are not rows.
        if (row is None and groups and started and group is not None and not is_group
                and len(key) <= max_label and re.match(r"^\s*\d+\s*[.、．]", tok.text)):
            number = leading_number(tok.text)
            members = _GROUP_ROWS.get(group, [])
            if number is not None and 1 <= number <= len(members) and members[number - 1] not in filled:
                row = next(r for r in rows if r.key == members[number - 1])
                fuzzy = True
        wrapped: list[Token] = []
        if row is None and groups and started and not is_group:
            if re.match(r"^\s*\d+\s*[.、．]", tok.text):
                pieces = [tok]
            elif pieces:
                pieces = pieces[-48:] if len(pieces) > 48 else pieces
                found = _wrapped_row(pieces, rows, filled)
                if found is not None:
                    row, wrapped = found
        if row is not None:
            pieces = []
        if is_group and current is not None and not current.values and current.key in _GROUP_ROWS.get(group or "", []):
            # The group caption printed between a row's wrapped label and its numbers (a
            # page break inside the row): part of the layout, not the 2019 row "（六）其他处理".
            continue
        if row is not None:
            if orphan is not None and orphan_has_values:
                extras.append(orphan)
                extra_values[id(orphan)] = orphan_values
            orphan, orphan_has_values, orphan_values = None, False, []
            started = True
            if groups and not fuzzy and len(row.groups) == 2 and not is_group:
                # A row recognised by its words puts us in its group, even when the group
                # caption was lost or abbreviated ("### (六) 其他"): "3.其他" after
                # "2.申请人逾期未按收费通知…" is （六）其他处理's third row.
                group = row.groups[1]
            if row.key in filled and current is not None and current.key == row.key and not current.values:
                continue  # the rest of a label split over several cells
            if wrapped:
                current = RowHit(row.key, wrapped[0], more_label=wrapped[1:])
                if orphan is wrapped[0]:
                    orphan, orphan_has_values, orphan_values = None, False, []
            else:
                current = RowHit(row.key, tok, fuzzy=fuzzy, more_label=[joined_tok] if joined_tok else [])
            hits.append(current)
            filled.add(row.key)
            continue
        if not started:
            header.append(tok)
            continue
        if current is not None and tok.row_id is not None and tok.row_id == current.label.row_id and current.values:
            current.values.append(tok)  # non-numeric text in a value cell ("详见附件")
            continue
        if current is not None and not current.values:
            current.more_label.append(tok)  # continuation of the current row's label
            continue
        if orphan is not None and orphan_has_values:
            extras.append(orphan)
            extra_values[id(orphan)] = orphan_values
        current = None
        orphan, orphan_has_values = (tok, False) if len(key) <= max_label else (None, False)
        orphan_values = []
    if orphan is not None and orphan_has_values:
        extras.append(orphan)
        extra_values[id(orphan)] = orphan_values
    if groups:
        _rejoin_split_labels(hits, extras, extra_values)
    return hits, header, extras


_T3_HEADER_OPENERS = tuple(label_key(w) for w in ("申请人情况", "本列数据的勾稽关系", "勾稽关系为"))
_ROW_NUMBERING = re.compile(r"^\s*(?:\d+\s*[.、．]|[（(][一二三四五六七][)）]|[一二三四]\s*、)")
# Every word of that header, run together: a piece of it ("社会", "项之和", "总计") is header.
_T3_HEADER_TEXT = label_key("申请人情况法人或其他组织自然人商业企业科研机构社会公益组织法律服务机构其他总计"
                            "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和")


def _wrapped_row(pieces: list[Token], rows: Sequence[Row], filled: set[str]) -> tuple[Row, list[Token]] | None:
    """The row a label wrapped into many short pieces spells, from its numbered first piece
    and the pieces that end at the current one. Between them may stand what is not the
    label: the header a page break repeats, and the characters of a vertical group caption
    ("（", "六", "）", "其" …) in reading order — so the tail that follows the first piece
    is found by trying each start, and one-character pieces are tried without. Only a row
    whose place in its group is the first piece's item number and whose label the joined
    pieces spell from its start (most of it) is taken."""
    head = pieces[0]
    options = [r for r in rows if r.key not in filled and _numbered_as(r, head)]
    if not options:
        return None
    for start in range(1, len(pieces)):
        tail = pieces[start:]
        for chosen in ([head, *tail], [head, *(p for p in tail if len(label_key(p.text)) > 1)]):
            joined = label_key("".join(p.text for p in chosen))
            for row in options:
                full = label_key(row.label)
                if full.startswith(joined) and len(joined) >= max(6, 0.6 * len(full)):
                    return row, chosen
    return None


def _numbered_as(row: Row, piece: Token) -> bool:
    """The piece's item number is the row's place in its group ("1.申" for （六）'s first row)."""
    if len(row.groups) != 2:
        return False
    members = _GROUP_ROWS.get(row.groups[1], [])
    number = leading_number(piece.text)
    return number is not None and 1 <= number <= len(members) and members[number - 1] == row.key


def _rejoin_split_labels(hits: list[RowHit], extras: list[Token], extra_values: dict[int, list[Token]]) -> None:
    """A page break inside a row whose label wraps over many lines (a borderless Word table,
    text at the top of its cells): the label's first line and the row's numbers stay on one
    page ("1.申请 0 25 17 …"), the rest of the label goes on the next, after the repeated
    header. The first piece is then an unknown label with numbers and the rest a row
    without any. They are one row when the piece carries the row's item number in its
    group, starts the row's words, and nothing with numbers lies between them."""
    valued = sorted(h.label.pos for h in hits if h.values)
    for hit in hits:
        if hit.values or len(TEMPLATE_2021.t3.row(hit.key).groups if TEMPLATE_2021.t3.has_row(hit.key) else ()) != 2:
            continue
        row = TEMPLATE_2021.t3.row(hit.key)
        before = [e for e in extras if e.pos < hit.label.pos and not any(e.pos < v < hit.label.pos for v in valued)]
        if not before:
            continue
        piece = before[-1]
        members = _GROUP_ROWS.get(row.groups[1], [])
        number = leading_number(piece.text)
        words = label_key(piece.text)
        if number is None or number > len(members) or members[number - 1] != hit.key or not words \
                or not label_key(row.label).startswith(words):
            continue
        hit.more_label = [hit.label, *hit.more_label]
        hit.label = piece
        hit.values = extra_values.get(id(piece), [])
        extras.remove(piece)


_NUMBERED = re.compile(r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|(?<!\d)\d[.、．](?=\D))")


def _last_numbered_segment(text: str) -> str | None:
    starts = [m.start() for m in _NUMBERED.finditer(text)]
    return text[starts[-1]:] if starts else None


def _is_start(key: str, rows: Sequence[Row], start_key: str | None) -> bool:
    if start_key is None:
        return True
    row = next(r for r in rows if r.key == start_key)
    return any(f in key for f in row.match)


def _row_label_note(table: str, spec: TableSpec, hit: RowHit, template_version: str) -> Finding | None:
    row = spec.row(hit.key) if spec.has_row(hit.key) else None
    if row is None or hit.detached:
        return None
    printed = label_key(hit.label_text)
    # A label cut short ("2.申请" at the foot of a page, the rest of it after the next
    # page's header) is a page break, not a typo.
    truncated = len(printed) >= 2 and label_key(row.label).startswith(printed)
    if not truncated and not any(f in printed for f in row.match):
        from core.template import template_for

        name = cell_label(template_for(template_version), table, hit.key, None)
        return Finding(
            "S-LABEL", "warning",
            f"{name}的行标签印为“{hit.label_raw}”，与模板文字“{row.label}”不一致（可能有错字或漏字），请按模板更正。",
            [(table, hit.key, None)],
            loc=hit.label.loc,
        )
    return None


def parse_t3(tokens: Sequence[Token]) -> TableResult:
    hits, header, extras = _scan(tokens, _T3_UNION, _T3_MAX_LABEL, groups=True, start_key="new")
    hits = [h for h in hits if h.values or h.key not in ("other",)]
    if not hits:
        return TableResult(None, None, found_anchor=bool(header))
    keys = {h.key for h in hits}
    has_2021 = any(k.startswith("other_") for k in keys)
    has_2019 = "other" in keys and any(h.key == "other" and h.values for h in hits)
    version = "2021" if has_2021 or not has_2019 else "2019"
    spec = TEMPLATE_2021.t3 if version == "2021" else TEMPLATE_2019.t3
    columns = _t3_columns(header)
    ncols = len(columns)
    sums: list[Sum] = [(tuple(range(ncols - 1)), ncols - 1)] if columns[-1] == "total" else []
    notes: list[Finding] = []
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
    for hit in _best_hits(hits, ncols):
        if hit.key in rows:
            continue
        if not hit.values and hit.key == "other":
            continue
        refs = [("t3", hit.key, None)]
        where = f"表三“{_short_label(spec, hit.key)}”行"
        options: list[list[int]] = []
        cells, row_notes = _fit(hit.values, ncols, sums, where, refs, options, sum_name=T3_ROW_SUM)
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
        f"{'、'.join(_short_label(TEMPLATE_2021.t3 if 'other_1' in order else TEMPLATE_2019.t3, k)[:8] for k in by_position[:3])}"
        f"{'等行' if len(by_position) > 3 else '行'}；请对照原件核对。",
        [("t3", key, None) for key in by_position],
    )
    return new_hits, note


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


def _short_label(spec: TableSpec, key: str) -> str:
    label = spec.row(key).label if spec.has_row(key) else key
    return label.split("（区分")[0][:24]


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


# Words that open table 三 (its header note, its first row): table 二 has ended there.
_T3_OPENING = tuple(label_key(w) for w in ("本年新收政府信息公开申请数量", "本列数据的勾稽关系", "申请人情况"))


def _until_next_table(tokens: Sequence[Token]) -> Sequence[Token]:
    """Table 二's tokens end where table 三 begins: a row of table 二 left blank must not take
    table 三's first numbers (a reader never takes a number across a table boundary)."""
    first = next((i for i, t in enumerate(tokens) if t.kind == "label"
                  and _match_row(label_key(t.text), _T2_UNION, set(), None) is not None), None)
    if first is None:
        return tokens
    for i in range(first + 1, len(tokens)):
        tok = tokens[i]
        if tok.kind == "label" and any(w in label_key(tok.text) for w in _T3_OPENING):
            return tokens[:i]
    return tokens


def parse_t2(tokens: Sequence[Token], fallback_version: str | None) -> TableResult:
    tokens = _until_next_table(tokens)
    hits, header, extras = _scan(tokens, _T2_UNION, _T2_MAX_LABEL, groups=False, start_key=None)
    # A row whose label is printed inside the table but whose cells could not be read is
    # there: it is a reading problem at that row, never "表二缺少1行". Outside the table's
    # span (a mention in the prose) a label alone is no row.
    valued = [h for h in hits if h.values]
    first_valued = min((h.label.pos for h in valued), default=None)
    with_values = {h.key for h in valued}
    hits = [h for h in hits if h.values or (first_valued is not None and h.label.pos > first_valued
                                            and h.key not in with_values)]
    text = "".join(label_key(t.text) for t in tokens if t.kind == "label")
    score = {v: sum(1 for m in VERSION_MARKERS[v] if m in text) for v in ("2019", "2021")}  # type: ignore[index]
    if not hits:
        return TableResult(None, None, found_anchor=score["2019"] + score["2021"] > 0)
    if score["2019"] != score["2021"]:
        version = "2019" if score["2019"] > score["2021"] else "2021"
    else:
        lic = next((h for h in hits if h.key == "licensing"), None)
        if lic is not None and len(lic.values) >= 2:
            version = "2019"
        elif any(h.key in ("other_services", "procurement") for h in hits):
            version = "2019"
        else:
            version = fallback_version or "2021"
    spec = T2_2021 if version == "2021" else T2_2019
    notes: list[Finding] = []
    rows: dict[str, list[CellValue]] = {}
    row_locs: dict[str, Location] = {}
    row_labels: dict[str, str] = {}
    # The template's own captions ("第二十条第（一）项") followed by a cell a conversion moved
    # are not extra rows.
    extra_rows = [t.raw for t in extras if not re.match(r"第二十条|信息内容", label_key(t.text))]
    for hit in hits:
        if hit.key in rows:
            continue
        if not spec.has_row(hit.key):
            extra_rows.append(hit.label.raw)
            continue
        ncols = len(spec.row(hit.key).columns)
        where = f"表二“{_short_label(spec, hit.key)}”行"
        if not hit.values:
            cells = [CellValue(None, "missing", None, hit.label.loc) for _ in range(ncols)]
            row_notes = [Finding("X-SHORT-ROW", "warning", f"{where}印有行标签，但未能读出其数值（原文：“{hit.label_raw[:40]}”），请对照原件核对。",
                                 [("t2", hit.key, None)], loc=hit.label.loc)]
        else:
            cells, row_notes = _fit(hit.values, ncols, [], where, [("t2", hit.key, None)])
            _count_units_as_text(cells, [c.decimal for c in spec.row(hit.key).columns])
        notes.extend(row_notes)
        rows[hit.key] = cells
        row_locs[hit.key] = hit.label.loc
        row_labels[hit.key] = hit.label_raw
    notes = merge_digit_notes(notes, "表二")
    table = ExtractedTable("t2", rows, hits[0].label.loc, row_locs, row_labels, extra_rows=extra_rows)
    return TableResult(table, version, notes, True)


def _count_units_as_text(cells: list[CellValue], decimal: Sequence[bool]) -> None:
    """"1.2万" is an amount in 万元 only in an amount column; in a count column it is not a
    number the template asks for, so it is reported at that cell (V-NUMERIC)."""
    for cell, is_amount in zip(cells, decimal):
        if cell.state == "ok" and cell.unit == "万" and not is_amount:
            cell.value, cell.state = None, "text"


_T4_HEADER_KEYS = tuple(label_key(s) for s in ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"))


def parse_t4(tokens: Sequence[Token]) -> TableResult:
    started = False
    values: list[Token] = []
    anchor: Token | None = None
    for tok in tokens:
        if tok.kind == "break":
            continue
        if tok.kind == "label":
            key = label_key(tok.text)
            if not key:
                continue
            hits = sum(1 for h in _T4_HEADER_KEYS if h in key)
            if hits and (len(key) <= 16 or hits >= 3):
                if anchor is None:
                    anchor = tok
                started = True
                continue
            if values and len(key) > 16:
                break  # prose after the table
            continue
        if started:
            values.append(tok)
    if anchor is None or not values:
        return TableResult(None, None, found_anchor=anchor is not None)
    ncols = 15
    sums: list[Sum] = [(tuple(range(b, b + 4)), b + 4) for b in (0, 5, 10)]
    refs = [("t4", None, None)]
    cells, notes = _fit(values, ncols, sums, "表四", refs, sum_name=T4_ROW_SUM)
    rows = {row.key: cells[i * 5:(i + 1) * 5] for i, row in enumerate(T4.rows)}
    table = ExtractedTable("t4", rows, anchor.loc, {r.key: anchor.loc for r in T4.rows})
    return TableResult(table, "2021", notes, True)
