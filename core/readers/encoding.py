"""Bytes → text for TXT and HTML. Reports arrive as UTF-8 (with or without BOM), UTF-16
from Windows Notepad, and GBK/GB2312/GB18030 from older sites and tools — and sometimes as
a mix, when a clerk pastes UTF-8 text into a GBK file (or the reverse)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from core.document import Note, ReadError

# GB18030 is a superset of GBK and GB2312: decoding with it never loses a character they
# can encode, so every Chinese legacy guess is widened to it.
_WIDEN = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "hz": "gb18030", "big5": "big5hkscs"}

MIXED_NOTE = Note("文件混用了 UTF-8 和 GBK 两种文字编码，已分段识别；如个别文字显示为乱码，请用记事本另存为 UTF-8 编码后再检查。", "informative")

GARBLED = "文件的文字编码无法识别（读出来大量是乱码）；请用记事本、WPS 或浏览器打开，另存为 UTF-8 编码的文本、网页或 PDF 后再检查。"

_NON_ASCII = re.compile(rb"[\x80-\xff]+")


def decode_bytes(data: bytes, declared: str | None = None, notes: list[str] | None = None,
                 refuse_garbled: bool = False) -> str:
    """Decode without raising: BOM, then strict UTF-8, then a UTF-8/GBK mix, then the
    declared charset (HTML meta), then GB18030, then charset-normalizer's guess, then
    GB18030 with replacement characters. A mix is reported in ``notes``. With
    ``refuse_garbled``, a guessed decoding that comes out as mojibake raises ``ReadError``
    (a BOM or valid UTF-8 is never a guess)."""
    text, guessed = decode_guess(data, declared, notes)
    if refuse_garbled and guessed and looks_garbled(text):
        raise ReadError(GARBLED)
    return text


def decode_guess(data: bytes, declared: str | None = None, notes: list[str] | None = None) -> tuple[str, bool]:
    """The text, and whether its encoding was a guess (no BOM, not valid UTF-8)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), False
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if not _looks_utf16(data):
        runs = _decode_runs(data)
        if runs.utf8 and runs.legacy:
            if notes is not None:
                notes.append(MIXED_NOTE)
            return runs.text, True
        # UTF-8 but for a few bytes (a download cut inside a character, stray bytes): those
        # bytes become U+FFFD rather than the whole file being decoded as GB18030 mojibake.
        # Long valid UTF-8 runs are the evidence; without them, only a byte or two.
        if runs.damaged and not runs.legacy and (runs.utf8 or runs.text.count("\ufffd") <= 2):
            return runs.text, True
    if declared:
        try:
            return data.decode(_WIDEN.get(declared.lower(), declared.lower())), True
        except (UnicodeDecodeError, LookupError):
            pass
    if _looks_utf16(data):
        return data.decode("utf-16-le", errors="replace"), True
    try:
        return data.decode("gb18030"), True
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        enc = _WIDEN.get(best.encoding.lower(), best.encoding)
        try:
            return data.decode(enc, errors="replace"), True
        except LookupError:
            pass
    return data.decode("gb18030", errors="replace"), True


def decode_mixed(data: bytes) -> str | None:
    """A file mixing UTF-8 and GBK, each run of non-ASCII bytes decoded on its own; None
    unless both kinds occur (a file in one legacy encoding keeps the whole-file decoding)."""
    runs = _decode_runs(data)
    return runs.text if runs.utf8 and runs.legacy else None


class _Runs:
    def __init__(self) -> None:
        self.text = ""
        self.utf8 = 0  # valid UTF-8 runs of four characters or more
        self.legacy = 0  # runs that decode cleanly as GB18030 into common characters
        self.damaged = 0  # runs that are UTF-8 but for a byte or two (a cut-off file, a stray byte)


def _decode_runs(data: bytes) -> _Runs:
    """Each run of non-ASCII bytes decoded on its own: UTF-8 where it is valid UTF-8 of
    CJK-range characters, GB18030 where that gives common characters, otherwise UTF-8 with
    the bad bytes replaced. A short GBK run can by chance be valid UTF-8, so only a UTF-8
    run of four characters or more counts as evidence of UTF-8."""
    out = _Runs()
    parts: list[str] = []
    last = 0
    for m in _NON_ASCII.finditer(data):
        parts.append(data[last:m.start()].decode("ascii"))
        run = m.group()
        text = _utf8_run(run)
        if text is not None:
            if len(run) >= 12:
                out.utf8 += 1
        else:
            text = _legacy_run(run)
            if text is not None:
                out.legacy += 1
            else:
                text = run.decode("utf-8", errors="replace")
                out.damaged += 1
        parts.append(text)
        last = m.end()
    parts.append(data[last:].decode("ascii"))
    out.text = "".join(parts)
    return out


def _legacy_run(run: bytes) -> str | None:
    try:
        text = run.decode("gb18030")
    except UnicodeDecodeError:
        return None
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if cjk:
        common = _common_chars()
        if sum(1 for ch in cjk if ch in common) < _MIN_COMMON * len(cjk):
            return None
    return text


def _utf8_run(run: bytes) -> str | None:
    try:
        text = run.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # A GBK pair can by chance be valid two-byte UTF-8 (Latin, Greek, Cyrillic letters);
    # Chinese text in UTF-8 is three-byte characters.
    if any(ord(ch) < 0x800 for ch in text):
        return None
    return text


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: every other byte of ASCII-heavy text is NUL."""
    sample = data[:4000]
    return len(sample) >= 8 and sample[1::2].count(0) > len(sample) // 4


# ---------------------------------------------------------------------------------------
# Mojibake: text decoded with the wrong encoding (or bytes that were never text) still comes
# out as Chinese characters under GB18030, but rare ones. In real reports, simplified or
# traditional, 99.9 % of the characters are among the most common few thousand; in
# mis-decoded text or random bytes, 30–55 %.

_MIN_CJK = 50
_MIN_COMMON = 0.8
_common: frozenset[str] | None = None


def _common_chars() -> frozenset[str]:
    """GB2312 level 1 (3,755 most used simplified characters) and Big5 level 1 (5,401 most
    used traditional ones)."""
    global _common
    if _common is None:
        gb = bytes(b for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) for b in (lead, trail))
        big5 = bytes(b for lead in range(0xA4, 0xC7) for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
                     if (lead << 8 | trail) <= 0xC67E for b in (lead, trail))
        chars = set(gb.decode("gb2312", errors="replace")) | set(big5.decode("big5", errors="replace"))
        _common = frozenset(ch for ch in chars if "\u3400" <= ch <= "\u9fff")
    return _common


def looks_garbled(text: str, sample: int = 20_000) -> bool:
    """True when the Chinese characters of ``text`` are mostly rare ones: the bytes were
    decoded with the wrong encoding, or were never text."""
    cjk = [ch for ch in text[:sample] if "\u3400" <= ch <= "\u9fff"]
    if len(cjk) < _MIN_CJK:
        return False
    common = _common_chars()
    return sum(1 for ch in cjk if ch in common) / len(cjk) < _MIN_COMMON


# ---------------------------------------------------------------------------------------
# Web pages

_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)""", re.I)
_XML_DECL = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-z0-9_\-:.]+)""", re.I)


def decode_html(data: bytes, declared: str | None = None, notes: list[str] | None = None,
                refuse_garbled: bool = False) -> str:
    """A BOM wins; then valid UTF-8 (browsers re-save pages as UTF-8 but often leave the old
    ``charset=gb2312`` in the page); then a UTF-8/GBK mix; then the declared charset; then
    detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, refuse_garbled=refuse_garbled)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return decode_bytes(data, _usable_charset(declared), notes, refuse_garbled)


def declared_charset(data: bytes) -> str | None:
    """The charset a page names in its first 8 KB (``<meta charset>``, an XML declaration)."""
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _usable_charset(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name
