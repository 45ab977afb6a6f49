"""Rows of tables 二 and 三 found in a token stream by their labels.

Rows are recognised by their labels (template.Row.match), never by position in the file,
with the group context the template declares ("3.其他" is a row only under （六）其他处理;
"总计" is a column header before the first row and a row after it). A label's values are
the numbers and blanks that follow it up to the next label (text reports) or the end of
its physical row (real tables). What the values mean is decided by each table's reader
(core/extract/table2.py, table3.py).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Sequence

from core.extract.label_pieces import GROUP_ROWS as _GROUP_ROWS
from core.extract.label_pieces import GROUPS as _GROUPS
from core.extract.label_pieces import ITEM_NUMBERING as _ROW_NUMBERING
from core.extract.label_pieces import MAX_PENDING, caption_piece, continues, split_glued_labels, template_label, wrapped_row
from core.normalize import label_key, leading_number
from core.template import T2_2019, T2_2021, TEMPLATE_2019, TEMPLATE_2021, Row, TableSpec
from core.tokens import Token

# t3 with both versions' （六）rows, in print order: the version is decided by which rows
# carry numbers.
T3_UNION: tuple[Row, ...] = tuple(
    r for r in TEMPLATE_2021.t3.rows if not r.key.startswith("other_")
)[:-2] + (TEMPLATE_2019.t3.row("other"),) + tuple(
    r for r in TEMPLATE_2021.t3.rows if r.key.startswith("other_")
) + TEMPLATE_2021.t3.rows[-2:]

T2_UNION: tuple[Row, ...] = (
    T2_2021.row("regulations"), T2_2021.row("normative_docs"), T2_2021.row("licensing"),
    T2_2019.row("other_services"), T2_2021.row("punishment"), T2_2021.row("coercion"),
    T2_2021.row("fees"), T2_2019.row("procurement"),
)

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


def _max_label_len(rows: Sequence[Row]) -> int:
    return max(len(label_key(r.label)) for r in rows)


T3_MAX_LABEL = _max_label_len(T3_UNION) + 12
T2_MAX_LABEL = 30


def match_row(key: str, rows: Sequence[Row], filled: set[str], group: str | None) -> Row | None:
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


def scan_rows(tokens: Sequence[Token], rows: Sequence[Row], max_label: int, *, groups: bool, start_key: str | None,
              extra_values_out: dict[int, list[Token]] | None = None) -> tuple[list[RowHit], list[Token], list[Token]]:
    """Walk the tokens and collect row hits. Returns (hits, header_tokens, extra labels with
    numbers); ``extra_values_out`` is given each extra label's numbers, by ``id`` of its token."""
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
    pending: list[Token] = []  # numbers met while ``pieces`` were being collected
    # Inside table 三's header printed again on a continuation page ("申请人情况 … 总计"):
    # its words are neither rows ("总计", "其他") nor the rest of a row's label.
    in_header = False
    group: str | None = None
    started = start_key is None
    if groups:
        tokens = split_glued_labels(tokens, rows)
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
        if tok.kind == "blank" and pieces and label_key(tok.text) == "无":
            # "无" on a line of its own inside a wrapped label ("1.申请" "人" "无" "正当" …) is
            # a character of the label, not a blank cell.
            tok = dataclasses.replace(tok, kind="label", value=None)
        if tok.kind in ("number", "blank"):
            if pieces and len(pending) < MAX_PENDING:
                # Numbers printed beside a label wrapped over many lines (centred in the row):
                # kept for the row the pieces will spell.
                pending.append(tok)
            else:
                pieces, pending = [], []
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
            row = match_row(key, rows, filled, group) if started or _is_start(key, rows, start_key) else None
            if row is None and i < n and tokens[i].kind == "label":
                next_key = label_key(tokens[i].text)
                joined = key + next_key
                # Join only when the next piece is not a row label of its own ("其他" header
                # word followed by "一、本年新收…" is two things).
                alone = match_row(next_key, rows, filled, group) if len(next_key) <= max_label else None
                if alone is None and len(joined) <= max_label:
                    row2 = match_row(joined, rows, filled, group) if started or _is_start(joined, rows, start_key) else None
                    if row2 is not None and (current is None or current.values or row2.key != current.key):
                        row = row2
                        joined_tok = tokens[i]
                        i += 1
        is_group = False
        if groups and started:
            for gkey, gname in _GROUPS.items():
                if key.startswith(gkey):
                    group, is_group = gname, True
            caption = _GARBLED_CAPTION.match(tok.text) if row is None and not is_group else None
            if caption is not None:
                # A caption whose words OCR garbled ("(p四)法提供" for （四）无法提供) still
                # names its group by its numeral: the items after it are that group's.
                group, is_group = _CAPTION_BY_NUMERAL[caption.group(1)], True
        fuzzy = False
        # A garbled row label ("2.其他法律行政止公开") is still known by its item number
        # inside the current group; group captions ("（三）不予公开") are not rows.
        if (row is None and groups and started and group is not None and not is_group
                and len(key) <= max_label and re.match(r"^\s*\d+\s*[.、．]", tok.text)):
            number = leading_number(tok.text)
            members = _GROUP_ROWS.get(group, [])
            # The template's order holds: item N comes before N+1. With a later item of the
            # group already read, "1.…" is the first row of a group whose caption was lost
            # (a garbled "（四）无法提供" on a fax), not this group's first row — taking it
            # would give the row the next group's numbers.
            if number is not None and 1 <= number <= len(members) and members[number - 1] not in filled \
                    and not any(m in filled for m in members[number:]):
                row = next(r for r in rows if r.key == members[number - 1])
                fuzzy = True
        wrapped: list[Token] = []
        if row is None and groups and started and not is_group:
            if re.match(r"^\s*\d+\s*[.、．]", tok.text):
                pieces, pending = [tok], []
            elif pieces:
                # The numbered first piece, then the latest pieces up to this one.
                pieces = [pieces[0], *pieces[1:][-47:], tok]
                found = wrapped_row(pieces, rows, filled)
                if found is not None:
                    row, wrapped = found
        if row is not None and not wrapped:
            pieces, pending = [], []
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
                current = RowHit(row.key, wrapped[0], list(pending), more_label=wrapped[1:])
                if orphan is not None and any(orphan is piece for piece in pieces):
                    orphan, orphan_has_values, orphan_values = None, False, []
                pieces, pending = [], []
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
            if groups and caption_piece(template_label(current.key, rows), current.label_text, tok):
                continue  # a piece of a group caption wrapped beside the label
            current.more_label.append(tok)  # continuation of the current row's label
            continue
        if groups and hits and hits[-1].values and continues(template_label(hits[-1].key, rows), hits[-1].label_text, tok):
            # The rest of a wrapped label after the numbers printed beside its first lines.
            hits[-1].more_label.append(tok)
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
    if extra_values_out is not None:
        extra_values_out.update(extra_values)
    return hits, header, extras


_T3_HEADER_OPENERS = tuple(label_key(w) for w in ("申请人情况", "本列数据的勾稽关系", "勾稽关系为"))
# Every word of that header, run together: a piece of it ("社会", "项之和", "总计") is header.
_T3_HEADER_TEXT = label_key("申请人情况法人或其他组织自然人商业企业科研机构社会公益组织法律服务机构其他总计"
                            "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和")


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


# A group caption of table 三 by its bracketed numeral, its words unreadable: "(p四)法提供".
_GARBLED_CAPTION = re.compile(r"^\s*[（(][^)）\d]{0,2}([三四五])[^)）\d]{0,2}[)）]")
_CAPTION_BY_NUMERAL = {g[1]: g for g in _GROUP_ROWS if g[1] in "三四五"}
_NUMBERED = re.compile(r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|(?<!\d)\d[.、．](?=\D))")


def _last_numbered_segment(text: str) -> str | None:
    starts = [m.start() for m in _NUMBERED.finditer(text)]
    return text[starts[-1]:] if starts else None


def _is_start(key: str, rows: Sequence[Row], start_key: str | None) -> bool:
    if start_key is None:
        return True
    row = next(r for r in rows if r.key == start_key)
    return any(f in key for f in row.match)


def short_label(spec: TableSpec, key: str) -> str:
    """A row's name in the tables' reading messages (表三“…”行): its label without the note."""
    label = spec.row(key).label if spec.has_row(key) else key
    return label.split("（区分")[0][:24]
