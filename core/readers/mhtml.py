"""The parts of a web archive (MHTML, "网页，单个文件"), found by their boundary without
parsing the whole message: the images beside the page can be tens of MB, which the email
parser would copy several times over."""

from __future__ import annotations

import email
import re
from collections.abc import Iterator

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
