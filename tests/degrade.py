"""A seeded scanning-condition generator for the scan differential test (issue 23).

One ``random.Random(seed)`` draw gives a dict of conditions (:func:`draw`); the dict is
printed with every result, so a failure names its seed and replays exactly. The draw first
picks the *device* and then only conditions that device produces, so combinations are the
ones a county office meets, not every extreme at once:

- ``scanner``: a flatbed or feeder in colour or grey, 100–300 dpi, JPEG 30–95 (or LZW TIFF),
  light blur, sensor grain, dust on the glass, a skew up to ±3°;
- ``copier``: a multifunction printer's black-and-white mode, 200 or 300 dpi, thresholded to
  one bit and stored as CCITT G4 or JBIG2 in a PDF (or a G4 TIFF);
- ``fax``: 200 dpi across and 98 ("standard") or 196 ("fine") lines down, thresholded, G4 —
  low resolution, stair-stepped strokes, specks;
- ``phone``: a photo of the page — colour, 120–250 effective dpi, slight perspective, uneven
  light, JPEG 60–95, some focus blur.

Any of them may carry a red seal (公章) stamped over a table's digits, and may be a PDF of
every page, a PDF whose table pages alone are scans (the prose keeps its text layer), or a
single image file (PNG, JPEG or TIFF) of one table page.

JBIG2: no JBIG2 *encoder* is reachable from PyPI or Debian here (jbig2enc is in neither; the
Debian packages are the jbig2dec decoder). The JBIG2 pages are therefore written by
:func:`jbig2_generic_mmr` — a real ITU T.88 stream (page information + immediate lossless
generic region, MMR-coded, which is T.6 coding inside JBIG2 framing). It exercises the PDF
reader's JBIG2 decoder; it does not reproduce jbig2enc's lossy symbol matching, whose
substituted glyphs no reader can undo.

Seed ranges: :data:`DEV_SEEDS` (0–199) is for measuring while developing; :data:`HELD_OUT_SEEDS`
(100000–100199) is for the final figure only — nobody looks at its draws while tuning.
"""

from __future__ import annotations

import functools
import io
import math
import random
import struct
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageFilter, ImageOps

from tests.ocr_scan import render_pages, seal, with_jpeg_pages

DEV_SEEDS = range(0, 200)
HELD_OUT_SEEDS = range(100000, 100200)  # the final figure only; never run while developing

Conditions = dict[str, Any]

_DEVICES = (("scanner", 0.45), ("copier", 0.15), ("fax", 0.15), ("phone", 0.25))


def _pick(rnd: random.Random, weighted: tuple[tuple[Any, float], ...]) -> Any:
    return rnd.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def draw(seed: int) -> Conditions:
    """The scanning conditions of one draw (plain JSON values, in a fixed key order)."""
    rnd = random.Random(seed)
    device = _pick(rnd, _DEVICES)
    skew = round(rnd.triangular(-3.0, 3.0, 0.0), 2)
    dust = round(rnd.uniform(0.0, 0.005), 4) if rnd.random() < 0.5 else 0.0
    c: Conditions = {"seed": seed, "device": device, "dpi": 0, "lines": None, "mode": "colour", "storage": "jpeg",
                     "quality": None, "threshold": None, "blur": 0.0, "grain": 0.0, "dust": dust, "skew": skew,
                     "perspective": 0.0, "light": 0.0, "seal": False, "seal_alpha": 0,
                     "container": "pdf", "pages": "all", "pick": round(rnd.random(), 3)}
    if device == "scanner":
        c.update(dpi=rnd.choice([100, 150, 200, 240, 300]), mode=rnd.choice(["colour", "grey"]),
                 blur=round(rnd.uniform(0.0, 1.2), 2), grain=round(rnd.uniform(0.0, 0.08), 3))
        c["container"] = _pick(rnd, (("pdf", 0.8), ("jpeg", 0.1), ("tiff", 0.1)))
        c["storage"] = "lzw" if c["container"] == "tiff" else "jpeg"
        if c["storage"] == "jpeg":
            c["quality"] = rnd.randint(30, 95)
    elif device == "copier":
        c.update(dpi=rnd.choice([200, 300]), mode="bilevel", threshold=rnd.randint(125, 190),
                 blur=round(rnd.uniform(0.0, 0.8), 2))
        c["container"] = _pick(rnd, (("pdf", 0.85), ("tiff", 0.15)))
        c["storage"] = rnd.choice(["g4", "jbig2"]) if c["container"] == "pdf" else "g4"
    elif device == "fax":
        c.update(dpi=200, lines=rnd.choice([98, 196]), mode="bilevel", threshold=rnd.randint(125, 190),
                 blur=round(rnd.uniform(0.3, 1.0), 2), storage="g4")
        c["container"] = _pick(rnd, (("pdf", 0.8), ("tiff", 0.2)))
        c["skew"] = round(c["skew"] * 0.7, 2)  # a fax feeder pulls the sheet straighter
    else:  # phone
        c.update(dpi=rnd.randint(120, 250), quality=rnd.randint(60, 95), blur=round(rnd.uniform(0.3, 1.5), 2),
                 grain=round(rnd.uniform(0.02, 0.1), 3), perspective=round(rnd.uniform(0.003, 0.02), 4),
                 light=round(rnd.uniform(0.1, 0.4), 3), dust=round(c["dust"] * 0.2, 4))
        c["container"] = _pick(rnd, (("pdf", 0.6), ("jpeg", 0.3), ("png", 0.1)))
    if rnd.random() < 0.5:
        c.update(seal=True, seal_alpha=rnd.randint(90, 190))
    if c["container"] == "pdf" and c["storage"] == "jpeg" and rnd.random() < 0.25:
        c["pages"] = "tables"  # tables scanned and pasted in, the prose typed
    if c["container"] in ("jpeg", "png"):
        c["pages"] = "one"  # one table page photographed or scanned to a picture
    if c["container"] == "png":
        c.update(quality=None, storage="png")
    return c


def describe(c: Conditions) -> str:
    """One line a person can read: the seed and what was done."""
    parts = [f"seed {c['seed']}", c["device"], f"{c['dpi']} dpi" + (f"×{c['lines']}" if c["lines"] else ""), c["mode"],
             c["storage"] + (f" q{c['quality']}" if c["quality"] else ""), f"skew {c['skew']}°"]
    if c["blur"]:
        parts.append(f"blur {c['blur']}")
    if c["dust"]:
        parts.append(f"dust {c['dust'] * 100:.2f}%")
    if c["perspective"]:
        parts.append(f"persp {c['perspective']} light {c['light']}")
    if c["seal"]:
        parts.append(f"seal α{c['seal_alpha']}")
    parts.append(f"{c['container']}/{c['pages']}")
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------
# One page image

@functools.lru_cache(maxsize=64)
def _digit_boxes(pdf: Path, page: int) -> list[tuple[float, float, float, float]]:
    """Where the text layer prints a number on a page (points: x0, top, x1, bottom)."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        words = doc.pages[page].extract_words()
    return [(w["x0"], w["top"], w["x1"], w["bottom"]) for w in words if w["text"].strip().isdigit()]


def degrade_page(img: Image.Image, c: Conditions, rnd: random.Random,
                 digits: list[tuple[float, float, float, float]] = ()) -> Image.Image:  # type: ignore[assignment]
    """One rendered page (RGB, at ``c["dpi"]``) as the device would have captured it: RGB for
    colour, L for grey, 1 for bilevel."""
    import numpy as np

    w, h = img.size
    scale = c["dpi"] / 72
    if c["seal"] and digits:
        x0, top, x1, bottom = rnd.choice(digits)
        img = seal(img, (int((x0 + x1) / 2 * scale), int((top + bottom) / 2 * scale)), int(w * rnd.uniform(0.08, 0.1)),
                   alpha=c["seal_alpha"])
    if c["light"]:
        # Uneven light: a lamp to one side and the phone's own shadow — a smooth field, made
        # small and enlarged (a full-size float field costs seconds a page).
        sw, sh = max(8, w // 16), max(8, h // 16)
        yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
        a = rnd.uniform(0, 2 * math.pi)
        ramp = ((xx / sw - 0.5) * math.cos(a) + (yy / sh - 0.5) * math.sin(a)) + 0.5
        cx, cy = rnd.uniform(0.2, 0.8) * sw, rnd.uniform(0.2, 0.8) * sh
        blob = np.exp(-(((xx - cx) / (0.5 * sw)) ** 2 + ((yy - cy) / (0.5 * sh)) ** 2))
        field = (255 * (1.0 - c["light"] * (0.7 * ramp + 0.3 * (1 - blob)))).clip(0, 255).astype(np.uint8)
        shade = Image.fromarray(field).resize((w, h), Image.BILINEAR)
        img = ImageChops.multiply(img, Image.merge("RGB", [shade] * 3))
    if c["skew"] or c["perspective"]:
        # Skew and perspective in one resampling: each output corner maps to the page turned
        # by the skew, then moved a little on its own (a phone held not quite flat).
        fill = (205, 200, 190) if c["perspective"] else (250, 250, 248)
        t = math.radians(c["skew"])
        p = c["perspective"]
        src = []
        for x, y in ((0, 0), (w, 0), (w, h), (0, h)):
            dx, dy = x - w / 2, y - h / 2
            src.append((w / 2 + dx * math.cos(t) - dy * math.sin(t) + rnd.uniform(-p, p) * w,
                        h / 2 + dx * math.sin(t) + dy * math.cos(t) + rnd.uniform(-p, p) * h))
        img = img.transform((w, h), Image.PERSPECTIVE, _perspective_coeffs([(0, 0), (w, 0), (w, h), (0, h)], src),
                            resample=Image.BILINEAR, fillcolor=fill)
    if c["blur"]:
        img = img.filter(ImageFilter.GaussianBlur(c["blur"]))
    if c["grain"]:
        grain = np.random.default_rng(rnd.randrange(2**32)).normal(0, 255 * c["grain"], (h, w)).astype(np.int16)
        arr = np.asarray(img, dtype=np.int16)
        img = Image.fromarray((arr + (grain[..., None] if arr.ndim == 3 else grain)).clip(0, 255).astype(np.uint8))
    if c["mode"] != "colour":
        img = img.convert("L")
    if c["mode"] == "bilevel":
        if c["lines"] and c["lines"] < 150:  # standard fax: every other line
            img = img.resize((w, h // 2), Image.BOX)
        img = img.point(lambda v: 255 if v >= c["threshold"] else 0).convert("1")
        if c["lines"] and c["lines"] < 150:
            img = img.resize((w, h), Image.NEAREST)
    if c["dust"]:
        img = _dust(img, c["dust"], rnd)
    return img


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """PIL's eight perspective coefficients mapping output corners ``dst`` to input ``src``."""
    import numpy as np

    rows = []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    rhs = [coord for point in src for coord in point]
    return list(np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float)))


def _dust(img: Image.Image, fraction: float, rnd: random.Random) -> Image.Image:
    """Salt and pepper: ``fraction`` of the pixels turned, in specks of 1–3 px — mostly dark
    (dust, toner), some light (holes in strokes)."""
    import numpy as np

    mode = img.mode
    arr = np.array(img.convert("L") if mode == "1" else img)
    h, w = arr.shape[:2]
    gen = np.random.default_rng(rnd.randrange(2**32))
    sizes = gen.integers(1, 4, size=max(1, int(fraction * w * h / 4.7)))
    xs, ys = gen.integers(0, w - 3, size=sizes.size), gen.integers(0, h - 3, size=sizes.size)
    dark = gen.random(sizes.size) < 0.7
    for x, y, s, d in zip(xs, ys, sizes, dark):
        arr[y:y + s, x:x + s] = gen.integers(0, 60) if d else 255
    out = Image.fromarray(arr)
    return out.convert("1") if mode == "1" else out


# ---------------------------------------------------------------------------------------
# Storage: image files and image-only PDFs

def _g4(img: Image.Image) -> bytes:
    """CCITT G4 (T.6) data of a bilevel image, paper coded as white runs, in one strip."""
    inverted = ImageOps.invert(img.convert("L")).convert("1")  # libtiff codes 0-bits as white runs
    buf = io.BytesIO()
    inverted.save(buf, "TIFF", compression="group4", strip_size=math.ceil(img.width / 8) * img.height)
    tiff = Image.open(io.BytesIO(buf.getvalue()))
    offsets, counts = tiff.tag_v2[273], tiff.tag_v2[279]
    assert len(offsets) == 1, "G4 data in more than one strip"
    return buf.getvalue()[offsets[0]:offsets[0] + counts[0]]


def jbig2_generic_mmr(img: Image.Image, dpi: int) -> bytes:
    """A JBIG2 stream as PDF's JBIG2Decode takes it (embedded organisation, no file header):
    a page information segment and one immediate lossless generic region, MMR-coded."""
    w, h = img.size
    dpm = round(dpi / 0.0254)

    def segment(number: int, kind: int, data: bytes) -> bytes:
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page = struct.pack(">IIIIBH", w, h, dpm, dpm, 0x01, 0)
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + bytes([0x01]) + _g4(img)
    return segment(0, 48, page) + segment(1, 38, region) + segment(2, 49, b"")


def encode_page(img: Image.Image, c: Conditions) -> tuple[bytes, dict[str, str]]:
    """The image as one PDF image stream: its bytes and the dictionary entries saying how."""
    w, h = img.size
    if c["storage"] == "g4":
        return _g4(img), {"Filter": "/CCITTFaxDecode", "BitsPerComponent": "1", "ColorSpace": "/DeviceGray",
                          "DecodeParms": f"<< /K -1 /Columns {w} /Rows {h} >>"}
    if c["storage"] == "jbig2":
        return jbig2_generic_mmr(img, c["dpi"]), {"Filter": "/JBIG2Decode", "BitsPerComponent": "1",
                                                 "ColorSpace": "/DeviceGray"}
    buf = io.BytesIO()
    img.convert("RGB" if img.mode == "RGB" else "L").save(buf, "JPEG", quality=c["quality"] or 85)
    space = "/DeviceRGB" if img.mode == "RGB" else "/DeviceGray"
    return buf.getvalue(), {"Filter": "/DCTDecode", "BitsPerComponent": "8", "ColorSpace": space}


def image_pdf(pages: list[tuple[bytes, dict[str, str], int, int, float, float]], dst: Path) -> Path:
    """An image-only PDF written by hand — Pillow and pdfium re-encode what we want stored
    as it is (G4, JBIG2). ``pages``: (stream, image entries, pixel w, h, page w, h in pt)."""
    objects: list[bytes] = []
    kids = []
    for stream, entries, w, h, pw, ph in pages:
        image_no = len(objects) + 3
        extra = "".join(f" /{k} {v}" for k, v in entries.items())
        objects.append(f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h}{extra} /Length {len(stream)} >>\nstream\n"
                       .encode() + stream + b"\nendstream")
        content = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        objects.append(f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream")
        kids.append(len(objects) + 3)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] /Contents {image_no + 1} 0 R "
                       f"/Resources << /XObject << /Im0 {image_no} 0 R >> >> >>".encode())
    head = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()]
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(head + objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    dst.write_bytes(out.getvalue())
    return dst


def one_page_pdf(src: Path, page: int, dst: Path) -> Path:
    """Page ``page`` (0-based) of ``src`` alone, text layer kept: the reference a one-page
    image is compared with."""
    import pypdfium2 as pdfium

    src_doc = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    try:
        out.import_pages(src_doc, [page])
        out.save(str(dst))
    finally:
        out.close()
        src_doc.close()
    return dst


def scan_document(src: Path, c: Conditions, folder: Path, table_pages: list[int]) -> tuple[Path, Path, int]:
    """Scan ``src`` under conditions ``c`` into ``folder``: (the scan, the text PDF it is to
    be compared with, the number of page images in the scan). ``table_pages`` are the
    0-based pages holding a statistics table (a one-page image is of one of them)."""
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{src.stem}-{c['seed']}"
    n_pages = len(pdfium.PdfDocument(str(src)))
    if c["pages"] == "one":
        chosen = [table_pages[min(int(c["pick"] * len(table_pages)), len(table_pages) - 1)]] if table_pages else [0]
    elif c["pages"] == "tables":
        chosen = table_pages or list(range(n_pages))
    else:
        chosen = list(range(n_pages))
    rendered = render_pages(src, c["dpi"])
    images = {}
    for i in chosen:
        rnd = random.Random(c["seed"] * 1009 + i)
        images[i] = degrade_page(rendered[i], c, rnd, _digit_boxes(src, i) if c["seal"] else [])
    if c["pages"] == "one":
        ref = one_page_pdf(src, chosen[0], folder / f"{stem}-text.pdf")
        img = images[chosen[0]]
        dst = folder / f"{stem}.{ {'jpeg': 'jpg', 'png': 'png', 'tiff': 'tif'}[c['container']] }"
        if c["container"] == "jpeg":
            img.convert("RGB" if img.mode == "RGB" else "L").save(dst, "JPEG", quality=c["quality"] or 85, dpi=(c["dpi"],) * 2)
        else:
            img.save(dst, "PNG", dpi=(c["dpi"],) * 2)
        return dst, ref, 1
    if c["container"] == "tiff":
        frames = [images[i] for i in chosen]
        dst = folder / f"{stem}.tif"
        compression = "group4" if c["storage"] == "g4" else "tiff_lzw"
        frames[0].save(dst, "TIFF", save_all=True, append_images=frames[1:], compression=compression,
                       dpi=(c["dpi"], c["dpi"]))
        return dst, src, len(frames)
    dst = folder / f"{stem}.pdf"
    if c["pages"] == "tables":
        return with_jpeg_pages(src, {i: encode_page(img, c)[0] for i, img in images.items()}, dst), src, len(images)
    doc = pdfium.PdfDocument(str(src))
    sizes = [doc[i].get_size() for i in range(len(doc))]
    doc.close()
    pages = []
    for i in chosen:
        stream, entries = encode_page(images[i], c)
        pages.append((stream, entries, images[i].width, images[i].height, *sizes[i]))
    return image_pdf(pages, dst), src, len(pages)
