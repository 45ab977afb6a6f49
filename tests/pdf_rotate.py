"""Turn a PDF's page content and compensate with /Rotate, so it renders exactly like the
original (as WPS and some printers write landscape and rotated pages): an incremental update
that wraps each page's content in a rotating ``cm`` and sets /Rotate on the page, or on the
page tree for a viewer to inherit."""

from __future__ import annotations

import re

# Content turned by ``degrees`` counter-clockwise → the matrix, given the page's width and
# height; /Rotate turns the shown page clockwise by the same amount.
_MATRIX = {
    90: "0 1 -1 0 {h:g} 0",
    180: "-1 0 0 -1 {w:g} {h:g}",
    270: "0 -1 1 0 0 {w:g}",
}


def rotated_pdf(data: bytes, degrees: int, *, inherited: bool = False, flag: bool = True) -> bytes:
    """``flag=False``: the content turned but no /Rotate set — pages simply sideways, as a
    badly made PDF shows them."""
    out = bytearray(data)
    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.findall(rb"/Size\s+(\d+)", data)[-1])
    root = re.findall(rb"/Root\s+(\d+ \d+ R)", data)[-1]
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", data)
    assert kids is not None
    page_ids = [int(n) for n in re.findall(rb"(\d+) 0 R", kids.group(1))]
    new: dict[int, bytes] = {}
    next_id = size
    for pid in page_ids:
        body = re.search(rb"(?<![0-9])%d 0 obj(.*?)endobj" % pid, data, re.S)
        assert body is not None
        page = body.group(1).strip()
        box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", page).group(1).split()]  # type: ignore[union-attr]
        w, h = box[2] - box[0], box[3] - box[1]
        turn = ("q " + _MATRIX[degrees].format(w=w, h=h) + " cm\n").encode()
        new[next_id] = b"<< /Length %d >>\nstream\n" % len(turn) + turn + b"\nendstream"
        new[next_id + 1] = b"<< /Length 2 >>\nstream\nQ\n\nendstream"
        page = re.sub(rb"/Contents\s+(\d+ 0 R)", lambda m: b"/Contents [%d 0 R %s %d 0 R]" % (next_id, m.group(1), next_id + 1), page)
        if degrees in (90, 270):
            page = re.sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox [0 0 %g %g]" % (h, w), page)
        page = re.sub(rb"/Rotate\s+\d+", b"", page)
        if flag and not inherited:
            page = page[:-2] + b"/Rotate %d>>" % degrees
        new[pid] = page
        next_id += 2
    if flag and inherited:
        parent = int(re.search(rb"/Parent\s+(\d+) 0 R", new[page_ids[0]]).group(1))  # type: ignore[union-attr]
        body = re.search(rb"(?<![0-9])%d 0 obj(.*?)endobj" % parent, data, re.S)
        assert body is not None
        pages = body.group(1).strip()
        new[parent] = pages[:-2] + b"/Rotate %d>>" % degrees
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for number in sorted(new):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + new[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for number in sorted(new):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    out += b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (next_id, root, startxref, xref)
    return bytes(out)
