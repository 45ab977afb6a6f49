"""Tables of a saved web page that are pictures beside it ("网页，全部"): the browser writes
``报告.html`` and a folder ``报告_files`` (IE, Edge, Chrome; some Chinese browsers and Word
write ``报告.files``) holding the images, and a county office's page often publishes its
tables as scans. Each ``<img>`` whose ``src`` is a relative path to a file inside the page's
own folder is looked at; one large enough to hold a table is read by OCR
(core/producers/ocr/pictures.py) and its tables take the picture's place among the blocks, as for a
DOCX.

Nothing is ever fetched: a ``src`` with a scheme (``http:``, ``https:``, ``file:``, ``data:``),
a network or absolute path (``//host``, ``/x``, ``\\\\host``, ``C:\\``) or one that leaves the
page's folder (``..``, a symbolic link pointing out) is not followed. Inline ``data:`` images
(a site's editor that stored a pasted screenshot as base64) are taken out of the markup
before it is parsed (``keep_inline``: megabytes the parser need not see), and the few large
enough to hold a table are read like a picture file.
"""

from __future__ import annotations

import binascii
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from core.producers.ocr.pictures import MAX_PICTURES, read_pictures, worth_reading
from core.readers.mhtml import parts

if TYPE_CHECKING:
    from core.document import Block
    from core.limits import Progress
    from core.ocr_record import OcrInfo

# A picture file larger than this is not a table screenshot (a table scan at 300 dpi is ~1 MB).
MAX_PICTURE_BYTES = 20 * 1024 * 1024
# Pictures looked at (header read) in one page: a photo gallery page stops here.
MAX_LOOKED_AT = 200
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _unquote(src: str) -> str:
    """%E6%8A%A5 → 报 (a page saved with its links percent-encoded). Not urllib: the program
    imports no network module at all (tests/test_network.py)."""
    return _ESCAPES.sub(lambda m: bytes.fromhex(m.group().replace("%", "")).decode("utf-8", "replace"), src)


class LocalPictures:
    """Collects the table-sized local pictures of one page while it is walked."""

    def __init__(self, page: Path) -> None:
        self.page = page
        try:
            self.folder: Path | None = page.parent.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            self.folder = None
        self.found: list[tuple[int, bytes]] = []  # (block index, picture) in document order
        self._looked_at = 0
        self._seen: set[Path] = set()
        self._inline: dict[str, bytes] = {}
        self._archived: dict[str, bytes] = {}
        self._archived_used: set[int] = set()
        self._inline_bytes = 0

    def keep_archived(self, data: bytes) -> None:
        """The table-sized images of a web archive (MHTML), by their Content-Location and
        Content-ID: the page's ``<img src>`` names them by their web address (or ``cid:``),
        which is looked up among the archive's own parts, never fetched."""
        import email

        for head, body, stop in parts(data):
            if len({id(p) for p in self._archived.values()}) >= MAX_PICTURES:
                return
            headers = email.message_from_bytes(data[head:body])
            if headers.get_content_maintype() != "image" or stop - body > MAX_PICTURE_BYTES * 4 // 3:
                continue
            encoding = (headers.get("Content-Transfer-Encoding") or "").strip().lower()
            raw = data[body:stop]
            try:
                picture = (binascii.a2b_base64(re.sub(rb"\s+", b"", raw)) if encoding == "base64"
                           else binascii.a2b_qp(raw) if encoding == "quoted-printable" else raw.rstrip(b"\r\n"))
            except (binascii.Error, ValueError):
                continue
            if not worth_reading(picture):
                continue
            names = [(headers.get("Content-Location") or "").strip(), (headers.get("Content-ID") or "").strip()]
            if names[1]:
                names[1] = "cid:" + names[1].strip("<>")
            for name in filter(None, names):
                self._archived[name] = picture

    def _from_archive(self, src: str) -> bytes | None:
        """An archived picture: by its full address, or a relative ``src`` by the end of one
        (IE keeps the page's own relative links)."""
        if src in self._archived:
            return self._archived[src]
        tail = src.lstrip("./")
        if not tail or _SCHEME.match(src):
            return None
        return next((p for name, p in self._archived.items() if name.endswith("/" + tail)), None)

    def keep_inline(self, match: "re.Match[bytes]") -> bytes:
        """``re.sub`` callback for a base64 ``data:`` URI of the raw page: a table-sized
        image is kept and its URI becomes a short key; everything else becomes ``data:,``."""
        uri = match.group()
        head, _, payload = uri.partition(b";base64,")
        if (not head.lower().startswith(b"data:image/") or len(self._inline) >= MAX_PICTURES
                or self._inline_bytes + len(payload) > 4 * MAX_PICTURE_BYTES or len(payload) > MAX_PICTURE_BYTES * 4 // 3):
            return b"data:,"
        try:
            data = binascii.a2b_base64(re.sub(rb"\s+", b"", payload))
        except (binascii.Error, ValueError):
            return b"data:,"
        if not worth_reading(data):
            return b"data:,"
        key = f"data:,inline-picture-{len(self._inline)}"
        self._inline[key] = data
        self._inline_bytes += len(payload)
        return key.encode("ascii")

    def offer(self, src: str | None) -> bytes | None:
        """The picture ``src`` names when it is a local file of this page worth reading."""
        if len(self.found) >= MAX_PICTURES:
            return None
        if src is not None and src.strip() in self._inline:
            return self._inline.pop(src.strip())  # read once, like a file
        if src is not None and self._archived:
            picture = self._from_archive(src.strip())
            if picture is not None and id(picture) not in self._archived_used:
                self._archived_used.add(id(picture))
                return picture
        if self.folder is None or self._looked_at >= MAX_LOOKED_AT:
            return None
        target = self._resolve(src or "")
        if target is None or target in self._seen:
            return None
        self._seen.add(target)
        self._looked_at += 1
        data = _read_small(target)
        return data if data is not None and worth_reading(data) else None

    def _resolve(self, src: str) -> Path | None:
        src = src.strip()
        if not src or _SCHEME.match(src) or src.startswith(("/", "\\")):
            return None
        src = _unquote(src.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
        if not src or "\x00" in src or _SCHEME.match(src) or src.startswith("/"):
            return None
        assert self.folder is not None
        try:
            target = (self.folder / src).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        return target if target.is_relative_to(self.folder) and target != self.folder else None

    def place(self, blocks: list[Block], progress: Progress | None) -> OcrInfo | None:
        """Read the pictures found and put their tables where each stood."""
        if not self.found:
            return None
        tables, info = read_pictures(str(self.page), [data for _, data in self.found], progress,
                                     [at for at, _ in self.found])
        for (at, _), found in sorted(zip(self.found, tables), key=lambda x: -x[0][0]):
            blocks[at:at] = found
        return info if info.pages else None


def _read_small(path: Path) -> bytes | None:
    """A regular file's bytes, opened without blocking (a FIFO named image001.png must not
    hang the read), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_PICTURE_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            return f.read(MAX_PICTURE_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
