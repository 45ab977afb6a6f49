"""Row labels in pieces (table 三): labels a scrape ran together, split at their item numbers;
labels a narrow column wrapped over many lines, joined again from their numbered first piece.
A numbered item is known by its number and the template's order as much as by its words."""

from __future__ import annotations

import re
from typing import Sequence

from core.normalize import label_key, leading_number
from core.template import TEMPLATE_2021, Row
from core.tokens import Token

# Group captions of table 三 and the rows under each.
GROUPS: dict[str, str] = {}
GROUP_ROWS: dict[str, list[str]] = {}
for _row in TEMPLATE_2021.t3.rows:
    if len(_row.groups) == 2:
        GROUPS[label_key(_row.groups[1])] = _row.groups[1]
        GROUP_ROWS.setdefault(_row.groups[1], []).append(_row.key)
ITEM_NUMBERING = re.compile(r"^\s*(?:\d+\s*[.、．]|[（(][一二三四五六七][)）]|[一二三四]\s*、)")
_ROW_ITEM = re.compile(r"^\s*\d+\s*[.、．]")  # a row's own item number ("2."), not a caption's "（四）"
# The words of table 三's group captions, whose pieces a narrow column wraps beside a label.
_CAPTION_TEXT = label_key("本年度办理结果") + "".join(label_key(g) for g in GROUPS.values())


# Where a numbered label starts inside a run of labels: "2." / "（四）" / "四、" not after a digit.
_ITEM_START = re.compile(r"(?<![\d.．])\d{1,2}\s*[.、．](?=\D)|[（(][一二三四五六七][)）]|(?<![一二三四五六七八九十])[一二三四]、")


def split_glued_labels(tokens: Sequence[Token], rows: Sequence[Row]) -> list[Token]:
    """A scrape prints a row with no digits as its label alone, run into the next row's label
    ("7.属于行政执法案卷8.属于行政查询事项（四）无法提供1.本机关不掌握…1000001"): one label
    token naming several rows, read as the one with the longest words, the others "missing"
    and the digits in the wrong row. Split where each numbered item starts, when two or more
    of the pieces are row labels of the template; each piece is then a label of its own
    (a printed row without digits is a reading warning at that row, core/extract/fit.py)."""
    out: list[Token] = []
    for tok in tokens:
        if tok.kind != "label" or len(tok.text) < 8:
            out.append(tok)
            continue
        starts = sorted({0, *(m.start() for m in _ITEM_START.finditer(tok.text))})
        pieces = [tok.text[a:b] for a, b in zip(starts, [*starts[1:], len(tok.text)])]
        named = sum(1 for piece in pieces if _names_row(piece, rows))
        if len(pieces) < 2 or named < 2:
            out.append(tok)
            continue
        same_raw = len(tok.raw) == len(tok.text)
        for a, piece in zip(starts, pieces):
            lead = len(piece) - len(piece.lstrip())
            text = piece.strip()
            if not text:
                continue
            raw = tok.raw[a + lead: a + lead + len(text)] if same_raw else text
            out.append(Token("label", text, raw, tok.loc, pos=tok.pos + a + lead, row_id=tok.row_id, line=tok.line))
    return out


def _names_row(piece: str, rows: Sequence[Row]) -> bool:
    key = label_key(piece)
    if not key:
        return False
    for row in rows:
        if row.exact:
            if key in row.match and _ITEM_START.match(piece.strip()):
                return True
        elif any(frag and frag in key for frag in row.match):
            return True
    return False


MAX_PENDING = 16  # numbers kept for a wrapped label still being spelled


def template_label(key: str, rows: Sequence[Row]) -> str | None:
    row = next((r for r in rows if r.key == key), None)
    return label_key(row.label) if row is not None else None


def continues(full: str | None, printed: str, tok: Token) -> bool:
    """``tok`` spells on where the printed label stops short of the template's ``full``."""
    spelled = label_key(printed)
    words = label_key(tok.text)
    return bool(full and words and len(spelled) < len(full) and full.startswith(spelled + words))


def caption_piece(full: str | None, printed: str, tok: Token) -> bool:
    """A piece of a group caption ("无法提" of "（四）无法提供") between the pieces of a row
    label it does not continue, while the label printed so far is the template's."""
    spelled = label_key(printed)
    words = label_key(tok.text)
    return bool(full and words and full.startswith(spelled) and not full.startswith(spelled + words)
                and words in _CAPTION_TEXT and not _ROW_ITEM.match(tok.text))


def wrapped_row(pieces: list[Token], rows: Sequence[Row], filled: set[str]) -> tuple[Row, list[Token]] | None:
    """The row a label wrapped into many short pieces spells, from its numbered first piece
    and the pieces up to the current one. Between them may stand what is not the label: the
    header a page break repeats, and the pieces of a group caption wrapped beside it
    ("（六）" "其他处" "理" between "1.申请" "人无" "正当" …) in reading order. So the pieces
    that continue the label are taken in order and the others passed over. Only a row whose
    place in its group is the first piece's item number, whose label the taken pieces spell
    from its start (most of it), and whose spelling reaches the current piece is taken."""
    head = pieces[0]
    options = [r for r in rows if r.key not in filled and numbered_as(r, head)]
    for row in options:
        full = label_key(row.label)
        spelled = label_key(head.text)
        if not full.startswith(spelled):
            continue
        chosen = [head]
        for piece in pieces[1:]:
            words = label_key(piece.text)
            if words and full.startswith(spelled + words):
                spelled += words
                chosen.append(piece)
        if chosen[-1] is pieces[-1] and len(spelled) >= max(6, 0.6 * len(full)):
            return row, chosen
    return None


def numbered_as(row: Row, piece: Token) -> bool:
    """The piece's item number is the row's place in its group ("1.申" for （六）'s first row)."""
    if len(row.groups) != 2:
        return False
    members = GROUP_ROWS.get(row.groups[1], [])
    number = leading_number(piece.text)
    return number is not None and 1 <= number <= len(members) and members[number - 1] == row.key
