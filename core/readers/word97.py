"""Word 97–2003 (.doc) and WPS 文字 (.wps) binary documents: the WordDocument stream of an OLE
compound file, read through its piece table.

Government bodies still publish reports as .doc, and WPS saves its .wps files in the same
binary format. The main text is found through the FIB → CLX → piece table (each piece is
either one-byte cp1252 text or UTF-16LE); paragraph marks (``\\r``) end paragraphs, the cell
mark ``\\x07`` ends a table cell and, on a paragraph flagged "table row end" (TTP), the row.
Which paragraph is a row end, which is inside a table, and each row's cell boundaries and
vertical merges come from the paragraph properties (PAPX pages and the ``sprmTDefTable`` of
the row end), so a table comes out on the same grid the DOCX reader uses: a cell spanning
columns sits at its first grid column, a vertically merged continuation is absent, empty
cells are kept.

Field instructions (``\\x13 … \\x14``) are dropped and their results kept; pictures and drawn
objects are not read (a note says so when a picture might be a table).

References: [MS-DOC] 2.5.1 (Fib), 2.9.38 (Clx), 2.9.177 (Pcd), 2.9.175 (PapxFkp),
2.6 (Sprm), 2.9.319 (TDefTableOperand), 2.9.330 (TC80).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

from core.document import Document, Location, Note, ReadError, TextBlock
from core.readers.cells import line_text
from core.readers.word97_blocks import CELL, Para, blocks_from

_WORD_IDENT = 0xA5EC
# FibRgFcLcb97 indexes (pairs of fc, lcb).
_FC_PLCF_BTE_PAPX = 13
_FC_CLX = 33

_SPRM_P_IN_TABLE = 0x2416
_SPRM_P_TTP = 0x2417
_SPRM_P_ITAP = 0x6649
_SPRM_P_INNER_TTP = 0x244C
_SPRM_P_INNER_CELL = 0x244B
_SPRM_T_DEF_TABLE = 0xD608
_SPRM_T_VERT_MERGE = 0xD62B
_SPRM_P_CHG_TABS = 0xC615
_SPRM_T_DEF_TABLE10 = 0xD606
# The paragraph's properties did not fit its page: they are in the Data stream.
_SPRM_P_HUGE_PAPX = 0x6646

# Characters that are not text: footnote reference, annotation, picture, drawn object,
# page/column breaks become paragraph ends below.
_DROP = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x08\x1f"), None)
_MAP = {0x1E: "-", 0xA0: " ", 0x0B: "\n", 0x0C: "\r", 0x0E: "\r"}

MAX_CHARS = 2_000_000


class _Corrupt(Exception):
    pass


def read_word97(path: Path, data: bytes) -> Document:
    import io

    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error) as exc:
        raise ReadError("这个旧版 Word 或 WPS 文字（.doc/.wps）文件已损坏，无法读取；请用 Word 或 WPS 打开后另存为 .docx 再检查。") from exc
    try:
        if not ole.exists("WordDocument"):
            raise ReadError("这是旧版 WPS 或其他办公软件的文件，无法读取；请用 WPS 或 Word 打开后另存为 .docx 或 PDF 再检查。")
        word = ole.openstream("WordDocument").read()
        fib = _Fib.parse(word)
        table_name = "1Table" if fib.which_table else "0Table"
        if not ole.exists(table_name):
            raise _Corrupt(table_name)
        table = ole.openstream(table_name).read()
        huge = ole.openstream("Data").read() if ole.exists("Data") else b""
        title = _title(ole)
    except _Corrupt as exc:
        raise ReadError("这个旧版 Word 或 WPS 文字（.doc/.wps）文件已损坏（缺少正文结构），无法读取；请用 Word 或 WPS 打开后另存为 .docx 再检查。") from exc
    finally:
        ole.close()
    try:
        paras = _paragraphs(word, table, fib, huge)
    except (_Corrupt, struct.error, IndexError) as exc:
        raise ReadError("这个旧版 Word 或 WPS 文字（.doc/.wps）文件已损坏（正文结构不完整），无法读取；请用 Word 或 WPS 打开后另存为 .docx 再检查。") from exc
    blocks = blocks_from(paras)
    notes: list[str] = []
    # Pictures in an old binary file are not read; said only where a table may be one of them
    # (fewer than the three tables a report prints), not for every seal and logo.
    if fib.has_pictures and sum(1 for b in blocks if not isinstance(b, TextBlock)) < 3:
        notes.append(Note("文件中有图片或图形，本程序不识别旧版 Word 文件中的图片；如果表格是以图片粘贴的，请另存为 .docx 再检查。",
                          "informative"))
    first = [b.text for b in blocks[:8] if isinstance(b, TextBlock)]
    if title and not any("年度报告" in text for text in first):
        blocks.insert(0, TextBlock(title, Location()))
    return Document(str(path), "doc", blocks, notes=notes)


@dataclass
class _Fib:
    which_table: bool
    ccp_text: int
    fc_clx: int
    lcb_clx: int
    fc_bte_papx: int
    lcb_bte_papx: int
    has_pictures: bool = False

    @classmethod
    def parse(cls, word: bytes) -> "_Fib":
        if len(word) < 64:
            raise _Corrupt("short FIB")
        ident, nfib = struct.unpack_from("<HH", word, 0)
        if ident != _WORD_IDENT:
            raise _Corrupt("ident")
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        if flags & 0x0100:  # fEncrypted
            raise ReadError("这个 Word 文档设置了打开密码，无法读取；请用 Word 或 WPS 输入密码打开，取消密码后另存一份再检查。")
        if nfib < 101:  # Word 6 / Word 95: no piece table of this kind
            raise ReadError("这是 Word 95 或更早版本的文件，无法读取；请用 Word 或 WPS 打开后另存为 .docx 或 PDF 再检查。")
        pos = 32
        csw = struct.unpack_from("<H", word, pos)[0]
        pos += 2 + csw * 2
        cslw = struct.unpack_from("<H", word, pos)[0]
        lw = pos + 2
        ccp_text = struct.unpack_from("<i", word, lw + 3 * 4)[0]
        pos = lw + cslw * 4
        cb_fc = struct.unpack_from("<H", word, pos)[0]
        rg = pos + 2
        if cb_fc <= _FC_CLX:
            raise _Corrupt("FibRgFcLcb")

        def pair(i: int) -> tuple[int, int]:
            return struct.unpack_from("<II", word, rg + 8 * i)

        fc_clx, lcb_clx = pair(_FC_CLX)
        fc_bte, lcb_bte = pair(_FC_PLCF_BTE_PAPX)
        return cls(bool(flags & 0x0200), max(0, ccp_text), fc_clx, lcb_clx, fc_bte, lcb_bte)


def _title(ole) -> str:  # type: ignore[no-untyped-def]
    try:
        meta = ole.get_metadata()
    except Exception:  # noqa: BLE001 — the title is a nicety, a broken property set is not the reader's problem
        return ""
    raw = meta.title
    if isinstance(raw, bytes):
        for codec in ("utf-8", "gb18030"):
            try:
                raw = raw.decode(codec)
                break
            except UnicodeDecodeError:
                continue
        else:
            return ""
    text = line_text(str(raw or "").strip("\x00"))
    return text if "年度报告" in text and len(text) <= 80 else ""


# ---------------------------------------------------------------------------------------
# Piece table → characters with their stream offsets

def _pieces(table: bytes, fib: _Fib) -> list[tuple[int, int, int, bool]]:
    """(cp start, cp end, fc of the first character, compressed) for each piece."""
    clx = table[fib.fc_clx:fib.fc_clx + fib.lcb_clx]
    if len(clx) < 5 or fib.lcb_clx == 0:
        raise _Corrupt("CLX")
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers of pieces
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise _Corrupt("Pcdt")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise _Corrupt("PlcPcd")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    out = []
    for i in range(n):
        fc_raw = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        compressed = bool(fc_raw & 0x40000000)
        fc = fc_raw & 0x3FFFFFFF
        out.append((cps[i], cps[i + 1], fc // 2 if compressed else fc, compressed))
    return out


def _main_text(word: bytes, table: bytes, fib: _Fib) -> tuple[str, list[int]]:
    """The main document's characters (cp 0 … ccpText) and each one's byte offset in the
    WordDocument stream (what the paragraph property pages are keyed on)."""
    chars: list[str] = []
    offsets: list[int] = []
    limit = fib.ccp_text
    for cp0, cp1, fc, compressed in _pieces(table, fib):
        if cp0 >= limit:
            break
        count = min(cp1, limit) - cp0
        if count <= 0:
            continue
        if count > MAX_CHARS or len(chars) > MAX_CHARS:
            raise ReadError("文件内容过大，超出可处理的范围；请确认文件正确，或拆分后再检查。")
        if compressed:
            raw = word[fc:fc + count]
            text = raw.decode("cp1252", errors="replace")
            step = 1
        else:
            raw = word[fc:fc + 2 * count]
            text = raw.decode("utf-16-le", errors="replace")
            step = 2
        if len(text) < count:
            raise _Corrupt("piece beyond the stream")
        chars.append(text)
        offsets.extend(range(fc, fc + step * count, step))
    return "".join(chars), offsets


# ---------------------------------------------------------------------------------------
# Paragraph properties: which marks are in a table, which end a row

@dataclass
class _Props:
    in_table: bool = False
    row_end: bool = False
    depth: int = 1
    inner_row_end: bool = False
    inner_cell: bool = False
    bounds: list[int] = field(default_factory=list)
    merges: list[int] = field(default_factory=list)


def _papx_runs(word: bytes, table: bytes, fib: _Fib, huge: bytes = b"") -> list[tuple[int, int, _Props]]:
    """(fc start, fc end, properties) of every paragraph run the PAPX pages describe."""
    plc = table[fib.fc_bte_papx:fib.fc_bte_papx + fib.lcb_bte_papx]
    n = (len(plc) - 4) // 8
    runs: list[tuple[int, int, _Props]] = []
    for i in range(max(0, n)):
        pn = struct.unpack_from("<I", plc, 4 * (n + 1) + 4 * i)[0] & 0x3FFFFF
        page = word[pn * 512:pn * 512 + 512]
        if len(page) < 512:
            continue
        crun = page[511]
        if not 0 < crun <= 101:
            continue
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        bx = 4 * (crun + 1)
        for j in range(crun):
            offset = page[bx + 13 * j] * 2
            props = _Props()
            if offset:
                cb = page[offset]
                if cb:
                    start, size = offset + 1, 2 * cb - 1
                else:
                    start, size = offset + 2, 2 * page[offset + 1]
                grpprl = page[start + 2:start + size]  # after the style index
                _apply_sprms(grpprl, props, huge)
            runs.append((fcs[j], fcs[j + 1], props))
    runs.sort(key=lambda r: r[0])
    return runs


def _sprm_size(sprm: int, data: bytes, pos: int) -> int:
    """Operand size of the sprm whose operand starts at ``pos``; -1 when unknown."""
    spra = sprm >> 13
    if spra in (0, 1):
        return 1
    if spra in (2, 4, 5):
        return 2
    if spra == 3:
        return 4
    if spra == 7:
        return 3
    if sprm in (_SPRM_T_DEF_TABLE, _SPRM_T_DEF_TABLE10):
        return 2 + struct.unpack_from("<H", data, pos)[0] - 1
    if sprm == _SPRM_P_CHG_TABS and data[pos] == 255:
        return -1
    return 1 + data[pos]


def _apply_sprms(grpprl: bytes, props: _Props, huge: bytes = b"") -> None:
    pos = 0
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        if pos >= len(grpprl):
            break
        size = _sprm_size(sprm, grpprl, pos)
        if size < 0:
            break
        operand = grpprl[pos:pos + size]
        if sprm == _SPRM_P_IN_TABLE:
            props.in_table = bool(operand[:1] and operand[0])
        elif sprm == _SPRM_P_TTP:
            props.row_end = bool(operand[:1] and operand[0])
        elif sprm == _SPRM_P_ITAP and len(operand) >= 4:
            props.depth = struct.unpack_from("<i", operand)[0]
            if props.depth > 0:
                props.in_table = True
        elif sprm == _SPRM_P_INNER_TTP:
            props.inner_row_end = bool(operand[:1] and operand[0])
        elif sprm == _SPRM_P_INNER_CELL:
            props.inner_cell = bool(operand[:1] and operand[0])
        elif sprm == _SPRM_T_DEF_TABLE:
            _def_table(operand, props)
        elif sprm == _SPRM_P_HUGE_PAPX and len(operand) >= 4:
            at = struct.unpack_from("<I", operand)[0]
            if at + 2 <= len(huge):
                size_huge = struct.unpack_from("<H", huge, at)[0]
                _apply_sprms(huge[at + 2:at + 2 + size_huge], props)
        elif sprm == _SPRM_T_VERT_MERGE and len(operand) >= 3:
            itc, code = operand[1], operand[2]
            if itc < len(props.merges):
                props.merges[itc] = 1 if code == 1 else 2 if code == 3 else 0
        pos += size


def _def_table(operand: bytes, props: _Props) -> None:
    if len(operand) < 3:
        return
    count = operand[2]
    need = 3 + 2 * (count + 1)
    if count == 0 or len(operand) < need:
        return
    props.bounds = list(struct.unpack_from(f"<{count + 1}h", operand, 3))
    merges = []
    for i in range(count):
        at = need + 20 * i
        flags = struct.unpack_from("<H", operand, at)[0] if at + 2 <= len(operand) else 0
        # TC80: fVertMerge 0x20, fVertRestart 0x40.
        merges.append(2 if flags & 0x40 else 1 if flags & 0x20 else 0)
    props.merges = merges


def _props_at(runs: list[tuple[int, int, _Props]], starts: list[int], fc: int) -> _Props:
    import bisect

    i = bisect.bisect_right(starts, fc) - 1
    if i >= 0 and runs[i][0] <= fc < runs[i][1]:
        return runs[i][2]
    return _Props()


def _paragraphs(word: bytes, table: bytes, fib: _Fib, huge: bytes = b"") -> list[Para]:
    text, offsets = _main_text(word, table, fib)
    fib.has_pictures = "\x01" in text or "\x08" in text
    runs = _papx_runs(word, table, fib, huge)
    starts = [r[0] for r in runs]
    paras: list[Para] = []
    buf: list[str] = []
    fields: list[bool] = []  # one per open field: True while in its instruction part
    for i, ch in enumerate(text):
        if ch == "\x13":
            fields.append(True)
            continue
        if ch == "\x14":
            if fields:
                fields[-1] = False
            continue
        if ch == "\x15":
            if fields:
                fields.pop()
            continue
        if fields and fields[-1]:
            continue
        if ch in ("\r", CELL, "\x0c", "\x0e"):
            paras.append(_paragraph(_clean("".join(buf)), ch, _props_at(runs, starts, offsets[i])))
            buf = []
            continue
        buf.append(ch)
    if buf:
        paras.append(Para(_clean("".join(buf))))
    return paras


def _paragraph(text: str, mark: str, props: _Props) -> _Para:
    if not props.in_table:
        return Para(text)
    if props.depth <= 1:
        if props.row_end:
            return Para(text, 1, row_end=True, bounds=props.bounds, merges=props.merges)
        return Para(text, 1, cell_end=mark == CELL)
    if props.depth > 2:
        # Tables nested deeper than one level are read as the text of their cell.
        return Para(text, 2)
    if props.inner_row_end:
        return Para(text, 2, row_end=True, bounds=props.bounds, merges=props.merges)
    return Para(text, 2, cell_end=props.inner_cell or mark == CELL)


def _clean(raw: str) -> str:
    out = raw.translate(_DROP)
    return "".join(_MAP.get(ord(c), c) for c in out)
