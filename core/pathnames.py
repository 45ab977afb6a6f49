"""File names as a clerk should see them.

A zip made on Chinese Windows and unpacked on Linux gives names in GBK bytes; Python holds
the bytes that are not UTF-8 as lone surrogates ("\\udcc4"), which no UTF-8 writer accepts
(stdout, an .xlsx, a .csv). For display the original bytes are decoded as GB18030, which is
what they almost always are; the JSON ``file`` key keeps the name as given (escaped).
"""

from __future__ import annotations

import os


def shown(name: str) -> str:
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = os.fsencode(name)
    except (UnicodeError, ValueError):
        return name.encode("utf-8", "replace").decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", "replace")
