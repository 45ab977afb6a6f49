"""The parts of a web archive (MHTML, "网页，单个文件"), found by their boundary without
parsing the whole message: the images beside the page can be tens of MB, which the email
parser would copy several times over."""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from email.message import Message

from core.document import ReadError
from core.readers.encoding import declared_charset

HEADER_END = re.compile(rb"\r?\n\r?\n")


def parts(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(where the part's headers start, where its body starts, where it stops) for each part
    of a flat multipart archive; nothing when the archive is not shaped that way."""
    end = HEADER_END.search(data, 0, 65536)
    if end is None:
        return
    boundary = email.message_from_bytes(data[:end.end()]).get_boundary()
    if not boundary:
        return
    delimiter = b"--" + boundary.encode("ascii", "replace")
    pos = data.find(delimiter, end.end())
    while pos != -1:
        start = pos + len(delimiter)
        if data[start:start + 2] == b"--":
            return
        following = data.find(delimiter, start)
        stop = following if following != -1 else len(data)
        head_end = HEADER_END.search(data, start, min(stop, start + 16384))
        if head_end is not None:
            head = start
            while data[head:head + 1] in (b"\r", b"\n"):
                head += 1
            yield head, head_end.end(), stop
        pos = following


def looks_mhtml(data: bytes) -> bool:
    head = data[:4096].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def html_part(data: bytes) -> tuple[bytes, str | None]:
    """The page inside a web archive. The parts are found by their boundary and only the
    HTML part is parsed as a message: the images beside it can be tens of MB, which the
    email parser would otherwise copy several times over."""
    part = _html_part_bytes(data)
    message = email.message_from_bytes(part if part is not None else data)
    for sub in message.walk():
        if isinstance(sub, Message) and sub.get_content_type() == "text/html":
            payload = sub.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, sub.get_content_charset() or declared_charset(payload)
    raise ReadError("这个网页存档（MHTML）里没有网页正文；请在浏览器中打开原网页，另存为“网页，仅 HTML”后再检查。")


def _html_part_bytes(data: bytes) -> bytes | None:
    """The first text/html part of a flat multipart archive, headers included; None when
    the archive is not shaped that way (the caller then parses the whole message)."""
    for head, body, stop in parts(data):
        if b"text/html" in data[head:body].lower():
            return data[head:stop]
    return None
