"""Scanned versions of the test PDFs, made at test time: each page rendered by pdfium,
turned a little, grey noise added, a red seal stamped over the table or the signature, and
saved as JPEG — what a county office's scanner or a phone's "scan to PDF" publishes."""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter


def render_pages(pdf: Path, dpi: int = 170) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def seal(img: Image.Image, centre: tuple[int, int], radius: int, alpha: int = 150) -> Image.Image:
    """A translucent red ring with a star and text-like strokes, as a 公章 printed over ink;
    ``alpha`` is how much ink the stamp left (90 a faint one, 190 a fresh one)."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    x, y = centre
    red = (220, 30, 40, alpha)
    d.ellipse((x - radius, y - radius, x + radius, y + radius), outline=red, width=max(3, radius // 14))
    pts = []
    for k in range(10):
        r = radius * (0.32 if k % 2 == 0 else 0.13)
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((x + r * math.cos(a), y + r * math.sin(a)))
    d.polygon(pts, fill=red)
    for k in range(12):  # the agency's name around the ring
        a = math.pi * (0.85 + k * 1.3 / 11)
        cx, cy = x + radius * 0.72 * math.cos(a), y + radius * 0.72 * math.sin(a)
        d.rectangle((cx - radius * 0.07, cy - radius * 0.07, cx + radius * 0.07, cy + radius * 0.07), fill=red)
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def scan(img: Image.Image, angle: float = 1.2, seed: int = 0, stamp: bool = True, quality: int = 70,
         upside_down: bool = False) -> Image.Image:
    rnd = random.Random(seed)
    if stamp:
        w, h = img.size
        img = seal(img, (int(w * rnd.uniform(0.55, 0.75)), int(h * rnd.uniform(0.3, 0.7))), int(w * 0.09))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(250, 250, 248))
    if upside_down:
        img = img.rotate(180)
    # Paper tone and sensor noise, then a mild blur as a scanner's optics give.
    # Seeded: PIL's effect_noise draws from the C library's rand(), whose state depends on
    # whatever ran before in the process — the same scan came out different from one test
    # order to the next, and so did its reading.
    import numpy as np

    grain = np.random.default_rng(seed).normal(128, 18, (img.size[1], img.size[0])).clip(0, 255).astype(np.uint8)
    noise = Image.fromarray(grain).convert("RGB")
    img = Image.blend(img, noise, 0.06).filter(ImageFilter.GaussianBlur(0.5))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def scanned_pdf(src: Path, dst: Path, dpi: int = 170, **kw: object) -> Path:
    """An image-only PDF: one JPEG per page, page size as the original."""
    pages = [scan(p, seed=i, **kw) for i, p in enumerate(render_pages(src, dpi))]  # type: ignore[arg-type]
    pages[0].save(dst, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return dst


def mixed_pdf(src: Path, dst: Path, scanned: list[int], dpi: int = 170, seed: int = 0, **kw: object) -> Path:
    """A copy of ``src`` whose given 1-based pages are replaced by scans of themselves (no
    text layer), the others keeping their text: prose typed, tables scanned and pasted in."""
    images = render_pages(src, dpi)
    jpegs = {}
    for number in scanned:
        buf = io.BytesIO()
        scan(images[number - 1], seed=seed + number - 1, **kw).save(buf, "JPEG", quality=80)  # type: ignore[arg-type]
        jpegs[number - 1] = buf.getvalue()
    return with_jpeg_pages(src, jpegs, dst)


def with_jpeg_pages(src: Path, jpegs: dict[int, bytes], dst: Path) -> Path:
    """``src`` with the given 0-based pages replaced by these JPEG pictures of them, each
    filling its page; the other pages keep their text layer."""
    import pypdfium2 as pdfium

    src_doc = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    try:
        for i in range(len(src_doc)):
            if i not in jpegs:
                out.import_pages(src_doc, [i], index=i)
                continue
            w, h = src_doc[i].get_size()
            page = out.new_page(w, h, index=i)
            img = pdfium.PdfImage.new(out)
            img.load_jpeg(io.BytesIO(jpegs[i]), inline=True)
            img.set_matrix(pdfium.PdfMatrix().scale(w, h))
            page.insert_obj(img)
            page.gen_content()
        out.save(str(dst))
    finally:
        out.close()
        src_doc.close()
    return dst


def table_pages(pdf: Path) -> list[int]:
    """The pages a text-layer reading finds table cells on."""
    from core.document import RawTable
    from core.readers import read_document

    doc = read_document(pdf)
    pages = {c.loc.page for b in doc.blocks if isinstance(b, RawTable) for row in b.rows for c in row}
    return sorted(p for p in pages if p is not None)


def t4_crop(dpi: int = 170) -> Image.Image:
    """Table 四 of hongze-2023 (its heading, header and the one data row: 10 1 0 0 0 | 0×5 |
    5 0 0 0 0), cut from page 4 — a small picture a clerk pastes or photographs."""
    from tests.shared_data import REAL_PDF

    page = render_pages(REAL_PDF / "hongze-2023.pdf", dpi)[3]
    f = dpi / 72
    return page.crop((int(40 * f), int(290 * f), int(page.width - 40 * f), int(478 * f)))
