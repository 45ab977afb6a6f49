"""Bytes → text for TXT and HTML. Reports arrive as UTF-8 (with or without BOM), UTF-16
from Windows Notepad, and GBK/GB2312/GB18030 from older sites and tools."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# GB18030 is a superset of GBK and GB2312: decoding with it never loses a character they
# can encode, so every Chinese legacy guess is widened to it.
_WIDEN = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "hz": "gb18030", "big5": "big5hkscs"}


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode without ever raising: BOM, then the declared charset (HTML meta), then strict
    UTF-8, then charset-normalizer's guess, then GB18030 with replacement characters."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    candidates: list[str] = []
    if declared:
        candidates.append(_WIDEN.get(declared.lower(), declared.lower()))
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    if _looks_utf16(data):
        return data.decode("utf-16-le", errors="replace")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        enc = _WIDEN.get(best.encoding.lower(), best.encoding)
        try:
            return data.decode(enc, errors="replace")
        except LookupError:
            pass
    return data.decode("gb18030", errors="replace")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: every other byte of ASCII-heavy text is NUL."""
    sample = data[:4000]
    return len(sample) >= 8 and sample[1::2].count(0) > len(sample) // 4
