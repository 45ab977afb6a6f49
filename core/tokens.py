"""Document → one stream of tokens (labels, numbers, blanks) and one simplified text.

Every format ends up here, so extraction is written once: a report scraped one cell per
line, a tab-separated DOCX dump, an HTML table and a PDF table all become
label, number, number, …, label, number … with a source location per token. Physical
rows of strict tables are separated by ``break`` tokens so a row's values cannot run into
the next row.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

from core.document import Document, Location, TextBlock
from core.normalize import simplify

TokenKind = Literal["label", "number", "blank", "text", "break"]
Number = int | float

BLANK_MARKS = {"", "—", "－", "-", "–", "——", "/", "／", "\\", "无", "空", "×", "--", "---", "—-"}

# A number as printed in a table cell: signed, thousands separators, decimals, an optional
# unit (only the money units: counts like 件/条 mark prose, not table cells).
_CELL_NUMBER = re.compile(
    r"^(?P<sign>[+\-－]|增|减)?\s*(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>万元|元|万)?"
    # A clerk's count word after the number ("239件") says nothing more than the column does.
    r"(?P<count>件|个|项)?$"
)
# Excel's display of a number too wide for its column ("1.334E+3"). Read only when the
# mantissa holds every digit of the integer; "1.2E+5" may be a rounded 123456.
_SCIENTIFIC = re.compile(r"^(?P<sign>[+\-－])?(?P<num>\d(?:\.\d+)?[eE]\+?\d{1,2})$")
# Chinese numerals written out ("一百一十七"): at least two characters with a place word, so
# a lone "三" (a character of a vertical group label) is never a number.
_CN_NUMBER = re.compile(r"^(?:(?=.*[十百千万零〇])[零〇一二两三四五六七八九十百千万]{2,12}|零)(?:件|个|项)?$")

# Numbers inside running text. Not a number: item numbering ("1.属于"), years and dates
# ("2023年", "2024-01-08"), counts with a unit ("34条"), bracketed numbering ("（1）").
_INLINE_NUMBER = re.compile(
    # 2019 table 二's 本年增/减 glued to the previous cell ("2648-1853"): a minus right after
    # digits starts a negative number, unless the pair looks like a date ("2024-01-08").
    r"(?:(?<![\d.,，\-(（第])|(?<=\d)(?<![\-－/.]\d)(?<![\-－/.]\d\d)(?=[\-－]\d{3}|[\-－]\d{1,2}(?![\d\-－/.])))"
    r"(?P<sign>[+\-－](?=\d))?"
    r"(?P<num>\d(?:\.\d+)?[eE]\+?\d{1,2}(?![\d.])|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    # 万 alone is an amount unit only where no count word follows ("0.0117万" in 表二, not
    # "536万人次").
    r"(?P<unit>万元|元|万(?![人次条余多个件家户名位篇份元]))?"
    # A PDF conversion may put a space before the unit ("2024 年", "393 件").
    r"(?![\d,]|\.\d|[eE]\+?\d|[.、．](?=\D)|[)）]|[ \u3000]?[年月日号时分秒件条个篇次项家人余多%％倍期届批类级章节款层楼户名位天周万亿]|-\d{1,2}[\-－/.]|/\d|:\d)"
)

# Sentence ends separate too: a scrape may run a paragraph, a heading and a table header
# together on one line.
_SEPARATORS = re.compile(r"\t|\||｜|[ \u3000\u00a0]{2,}|\n|(?<=[。；;])")


# PDF-to-markdown converters (and OCR services) wrap the report in markdown: heading marks
# ("### （一）予以公开"), bold marks, and a delimiter row under every table header. They are
# blanked out with spaces of the same length so every character keeps its source offset.
# The delimiter row must hold a pipe: a line of just "---" is a blank cell in a report
# scraped one cell per line.
_MD_DELIMITER_ROW = re.compile(r"^\s*(?=[^|]*\|)\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_MARKUP = re.compile(r"^\s*#{1,6}(?=\s)|\*\*|__(?=\S)|(?<=\S)__")
# Placeholder column names a converter invents for a header it could not read ("数据1",
# "列3", "Column 2"): words, not a label followed by a value.
_PLACEHOLDER_CELL = re.compile(r"^\s*(?:数据|数值|列|栏|字段|column|col)\s*\d{1,2}\s*$", re.IGNORECASE)


# A page number a conversion left in the text ("— 4 —", "- 12 -", "第 3 页 共 9 页"): inside a
# table it would read as a blank or a value.
_PAGE_FOOTER = re.compile(r"^\s*(?:[—\-－–]+\s*\d{1,3}\s*[—\-－–]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)\s*$")


def _blank_markdown(text: str) -> str:
    return _MD_MARKUP.sub(lambda m: " " * len(m.group()), text)


@dataclass
class Token:
    kind: TokenKind
    text: str  # simplified
    raw: str  # as printed
    loc: Location
    value: Number | None = None
    unit: str | None = None
    pos: int = 0  # offset of the token in TokenStream.text
    row_id: int | None = None  # physical row of a strict table
    line: int = -1  # line of TokenStream.text (a text block, or one table row)
    # A number that filled a cell of its own (a real table cell, or a piece between pipes or
    # tabs): never digits of neighbouring cells run together.
    cell: bool = False


@dataclass
class TokenStream:
    tokens: list[Token]
    text: str  # simplified text of the whole document, one block/row a line
    # (start offset in ``text``, location) per line, to locate sentences found in ``text``
    line_locs: list[tuple[int, Location]] = field(default_factory=list)

    def loc_at(self, pos: int) -> Location | None:
        """Location of the line containing text offset ``pos``."""
        lo, hi = 0, len(self.line_locs) - 1
        best = None
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.line_locs[mid][0] <= pos:
                best = self.line_locs[mid][1]
                lo = mid + 1
            else:
                hi = mid - 1
        return best


def parse_cell_number(text: str) -> tuple[Number | None, str | None] | None:
    """Parse a whole cell. Returns (value, unit), (None, None) for a blank mark, or None when
    the text is not a number."""
    t = simplify(text).strip().replace(" ", "")
    if t in BLANK_MARKS:
        return None, None
    m = _CELL_NUMBER.match(t) or _SCIENTIFIC.match(t)
    if not m:
        if _CN_NUMBER.match(t):
            spelled = chinese_number(t.rstrip("件个项"))
            return (spelled, None) if spelled is not None else None
        return None
    value = _to_number(m.group("num"))
    if value is None:
        return None
    sign = m.group("sign")
    if sign in ("-", "－", "减"):
        value = -value
    return value, m.groupdict().get("unit")


# More digits than any count or amount in a report (a national total has 9): such a run is
# not a number a clerk typed, and turning 1 MB of digits into an int takes a minute.
MAX_DIGITS = 15


# The longest run of digits a glued row can hold and still be split (core/extract/place.py).
_MAX_GLUED_DIGITS = 60


def _overlong_digits(text: str) -> bool:
    """A run of more digits than any count: printed in a value's place, it is text there
    (a reading problem at that cell, rule X-DIGITS), not the label of the next row."""
    t = text.strip().replace(",", "")
    return len(t) > MAX_DIGITS + 1 and t.replace(".", "", 1).isdigit()


def _to_number(num: str) -> Number | None:
    num = num.replace(",", "").replace("，", "")
    if len(num) > MAX_DIGITS + 1:  # + a decimal point
        return None
    try:
        d = Decimal(num)
    except InvalidOperation:
        return None
    if "e" in num.lower():
        # Scientific notation is read only when its mantissa shows every digit of an
        # integer ("1.334E+3" = 1334); "1.2E+5" may be a rounded 123456.
        mantissa, _, exp = num.lower().partition("e")
        decimals = len(mantissa.partition(".")[2])
        return int(d) if decimals == int(exp) else None
    if d == d.to_integral_value() and "." not in num:
        return int(d)
    return float(d)


_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_PLACE = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """"一百一十七" → 117, "两千零五" → 2005, "十二" → 12, "三万五千" → 35000. None when the
    characters do not form a well-made numeral ("百百", "三五")."""
    total, section, digit = 0, 0, None
    last_place = 10 ** 9
    for ch in text:
        if ch in "零〇" and digit is None and last_place < 10 ** 9:
            continue  # the zero of "一千零五" only holds a place
        if ch in _CN_DIGIT:
            if digit is not None:
                return None  # two digits in a row ("三五")
            digit = _CN_DIGIT[ch]
        elif ch in _CN_PLACE:
            place = _CN_PLACE[ch]
            if place >= last_place:
                return None
            section += (1 if digit is None else digit) * place
            digit, last_place = None, place
        elif ch == "万":
            if total:
                return None
            total = (section + (digit or 0)) * 10000
            section, digit, last_place = 0, None, 10 ** 9
        else:
            return None
    return total + section + (digit or 0)


def tokenize(doc: Document) -> TokenStream:
    tokens: list[Token] = []
    lines: list[str] = []
    line_locs: list[tuple[int, Location]] = []
    pos = 0
    row_id = 0

    def add_line(text: str, loc: Location) -> int:
        nonlocal pos
        start = pos
        lines.append(text)
        line_locs.append((start, loc))
        pos += len(text) + 1
        return start

    for block in doc.blocks:
        if isinstance(block, TextBlock):
            simple = _blank_markdown(simplify(block.text))
            if _MD_DELIMITER_ROW.match(simple) or _PAGE_FOOTER.match(simple):
                add_line("", block.loc)
                continue
            start = add_line(simple, block.loc)
            tokens.extend(_split_text(simple, block.text, block.loc, start))
            continue
        for row in block.rows:
            row_id += 1
            texts = [simplify(c.text).replace("\n", " ") for c in row]
            line = "\t".join(texts)
            row_loc = row[0].loc if row else block.loc
            start = add_line(line, row_loc)
            offset = start
            for cell, simple in zip(row, texts):
                if block.strict:
                    tok = _cell_token(simple, cell.text, cell.loc, offset)
                    if tok is not None:
                        tok.row_id = row_id
                        tokens.append(tok)
                else:
                    # A loose table cell may still hold several numbers ("0 0 0") or a
                    # label with its numbers; split it like running text.
                    for tok in _split_text(simple, cell.text, cell.loc, offset):
                        tokens.append(tok)
                offset += len(simple) + 1
            if block.strict:
                tokens.append(Token("break", "", "", row_loc, pos=offset, row_id=row_id))
    starts = [start for start, _ in line_locs]
    for tok in tokens:
        tok.line = bisect.bisect_right(starts, tok.pos) - 1
    return TokenStream(tokens, "\n".join(lines), line_locs)


def _cell_token(simple: str, raw: str, loc: Location, pos: int) -> Token | None:
    stripped = simple.strip()
    parsed = parse_cell_number(stripped)
    if parsed is not None:
        value, unit = parsed
        kind: TokenKind = "blank" if value is None else "number"
        return Token(kind, stripped, raw.strip(), loc, value, unit, pos, cell=True)
    if _NOT_A_NUMBER.match(stripped.replace(" ", "")) or _overlong_digits(stripped):
        return Token("text", stripped, raw.strip(), loc, pos=pos, cell=True)
    return Token("label", stripped, raw.strip(), loc, pos=pos)


def _sub_loc(loc: Location, raw_len: int, simple_len: int, start: int, end: int) -> Location:
    """Location of a slice of a block. Character spans are exact when simplification kept
    the length (the usual case); otherwise the whole block's span is used."""
    if loc.start is None or raw_len != simple_len:
        return loc
    return Location(**{**loc.__dict__, "start": loc.start + start, "end": loc.start + end})


def _split_text(simple: str, raw: str, loc: Location, line_pos: int) -> list[Token]:
    """Split running text into label and number tokens."""
    out: list[Token] = []
    n_raw, n_simple = len(raw), len(simple)
    prev = 0
    pieces: list[tuple[int, int, bool]] = []
    left_cell = False
    for m in _SEPARATORS.finditer(simple):
        right_cell = m.group() in ("\t", "|", "｜")
        pieces.append((prev, m.start(), left_cell or right_cell))
        left_cell = right_cell
        prev = m.end()
    pieces.append((prev, len(simple), left_cell))
    blanks = _empty_fields(simple, loc, n_raw, n_simple, line_pos)
    for a, b, delimited in pieces:
        piece = simple[a:b]
        if not piece.strip():
            continue
        if _PLACEHOLDER_CELL.match(piece):
            out.append(_label(piece, a, loc, n_raw, n_simple, line_pos))
            continue
        # A whole piece that is a number or a blank mark ("0", "—", "52.15万元").
        whole = parse_cell_number(piece)
        if whole is not None:
            value, unit = whole
            kind: TokenKind = "blank" if value is None else "number"
            sa = a + (len(piece) - len(piece.lstrip()))
            sb = b - (len(piece) - len(piece.rstrip()))
            out.append(Token(kind, piece.strip(), piece.strip(), _sub_loc(loc, n_raw, n_simple, sa, sb), value, unit,
                             line_pos + sa, cell=delimited))
            continue
        if (delimited and _NOT_A_NUMBER.match(piece.strip())) or _overlong_digits(piece):
            sa = a + (len(piece) - len(piece.lstrip()))
            t = piece.strip()
            out.append(Token("text", t, t, _sub_loc(loc, n_raw, n_simple, sa, sa + len(t)), pos=line_pos + sa, cell=True))
            continue
        out.extend(_split_piece(piece, a, loc, n_raw, n_simple, line_pos))
    if blanks:
        out = sorted(out + blanks, key=lambda t: t.pos)
    return out


# A cell of a tab- or pipe-separated row that holds words where a number belongs: never a
# row label, so it is the row's value, reported at its cell (V-NUMERIC).
_NOT_A_NUMBER = re.compile(r"^(?:[A-Za-z?？#]{1,12}|\d(?:\.\d+)?[eE]\+?\d{1,2}|不适用|暂无|不涉及|未统计|待统计|无数据|详见附件|见附件|见正文|略|未知)$")


# An empty field of a tab- or pipe-separated row ("规章\t\t116\t896", "| 规章 |  | 116 |",
# "行政许可\t"): a blank cell in its own column, not nothing — else the rest of the row
# shifts left. Only after the row's first field (its label). Markdown converters pad rows
# with empty cells up to the header's width ("| … | 34 |  |"), so in a pipe row only empty
# fields before a printed one count, or a row whose every field after the label is empty.
_EMPTY_FIELD = re.compile(r"(?<=[\t|｜])[ \u3000\u00a0]*(?=[\t|｜])|(?<=\t)[ \u3000\u00a0]*$")


_PRINTED = re.compile(r"[^\s|｜]")


def _empty_fields(simple: str, loc: Location, n_raw: int, n_simple: int, line_pos: int) -> list[Token]:
    if "\t" not in simple and "|" not in simple and "｜" not in simple:
        return []
    first = re.search(r"[^\s|｜]", simple)
    if first is None:
        return []
    out = []
    last = len(simple)
    if "\t" not in simple:
        printed = [m.start() for m in _PRINTED.finditer(simple, first.end())]
        # Past the label's own characters: the first separator after it.
        label_end = re.search(r"[|｜]", simple[first.end():])
        after_label = first.end() + (label_end.start() if label_end else 0)
        later = [p for p in printed if p > after_label]
        if later:
            last = later[-1]
    for m in _EMPTY_FIELD.finditer(simple, first.end()):
        if m.start() > last:
            break
        out.append(Token("blank", "", "", _sub_loc(loc, n_raw, n_simple, m.start(), m.start()), None, None,
                         line_pos + m.start(), cell=True))
    return out


# "…秘密00000002.其他…": a digit run glued to the next item's numbering. Item numbers in
# the tables are single digits, so the run's last digit starts the next label.
_GLUED_ITEM = re.compile(r"(?<=\d)(?=\d[.、．][^\d\s])")


# A count written out in Chinese glued between labels ("行政许可一百一十七第二十条…"): a digit,
# a place word, more numeral characters; not an ordinal ("第二十三条"), not a count with a
# unit of prose ("二十三个"), not a name ("二十大" has no third numeral character).
_CN_INLINE = re.compile(
    r"(?<![第\d零〇一二两三四五六七八九十百千万])[一二两三四五六七八九][十百千万][零〇一二两三四五六七八九十百千]+"
    r"(?![零〇一二两三四五六七八九十百千万亿届次年月日号个件项条名人岁期批类级章节款部余多天周倍元米分秒场家户篇份])"
)


def _split_piece(piece: str, base: int, loc: Location, n_raw: int, n_simple: int, line_pos: int) -> list[Token]:
    out: list[Token] = []
    cuts = [m.start() for m in _GLUED_ITEM.finditer(piece)]
    if cuts:
        bounds = [0, *cuts, len(piece)]
        for a, b in zip(bounds, bounds[1:]):
            out.extend(_split_piece(piece[a:b], base + a, loc, n_raw, n_simple, line_pos))
        return out
    spelled = [m for m in _CN_INLINE.finditer(piece) if chinese_number(m.group()) is not None]
    if spelled:
        # Iteratively, not recursively: a hostile line may hold a hundred thousand of them.
        start = 0
        for m in spelled:
            a, b = m.span()
            out.extend(_split_digits_and_words(piece[start:a], base + start, loc, n_raw, n_simple, line_pos))
            out.append(Token("number", m.group(), m.group(), _sub_loc(loc, n_raw, n_simple, base + a, base + b),
                             chinese_number(m.group()), None, line_pos + base + a))
            start = b
        out.extend(_split_digits_and_words(piece[start:], base + start, loc, n_raw, n_simple, line_pos))
        return out
    return _split_digits_and_words(piece, base, loc, n_raw, n_simple, line_pos)


def _split_digits_and_words(piece: str, base: int, loc: Location, n_raw: int, n_simple: int, line_pos: int) -> list[Token]:
    out: list[Token] = []
    cursor = 0
    for m in _INLINE_NUMBER.finditer(piece):
        num_text = m.group("num")
        start, end = m.start(), m.end()
        value = _to_number(num_text)
        if value is None and num_text.isdigit() and len(num_text) <= _MAX_GLUED_DIGITS:
            # A scrape's row with every cell run together ("10203120001200000" for table
            # 四's 15 cells): too long for one count, it is split into cells later.
            value = int(num_text)
        if value is None:
            continue  # "1.2E+5": not an exact count, left in the label text around it
        label = piece[cursor:start]
        if label.strip():
            out.append(_label(label, base + cursor, loc, n_raw, n_simple, line_pos))
        if m.group("sign") in ("-", "－"):
            value = -value
        out.append(Token("number", m.group(0), m.group(0), _sub_loc(loc, n_raw, n_simple, base + start, base + end),
                         value, m.group("unit"), line_pos + base + start))
        cursor = end
    rest = piece[cursor:]
    if rest.strip():
        out.append(_label(rest, base + cursor, loc, n_raw, n_simple, line_pos))
    return out


def _label(text: str, start: int, loc: Location, n_raw: int, n_simple: int, line_pos: int) -> Token:
    lead = len(text) - len(text.lstrip())
    t = text.strip()
    return Token("label", t, t, _sub_loc(loc, n_raw, n_simple, start + lead, start + lead + len(t)), pos=line_pos + start + lead)
