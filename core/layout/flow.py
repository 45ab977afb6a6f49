"""Each page in reading order: page furniture (page numbers, running headers and footers)
dropped, the text between ruled tables split into loose tables and paragraphs, wrapped lines
joined into their paragraph."""

from __future__ import annotations

import re
from collections import Counter

from core.layout.loose import LooseTable, split_regions
from core.layout.page import Page, Para, Table, from_loose
from core.layout.text import Line, starts_item

# Page furniture zones, as fractions of the page height.
_TOP_ZONE = 0.085
_BOTTOM_ZONE = 0.9
_PAGE_NUMBER = re.compile(
    r"^[-—–－─_~·\s]*\d{1,4}[-—–－─_~·\s]*$"
    r"|^第\s*\d{1,4}\s*页\s*[,，/]?\s*(?:共\s*\d{1,4}\s*页)?$"
    r"|^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$"
    r"|^(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
)
_DIGITS = re.compile(r"\d+")


# ---------------------------------------------------------------------------------------
# Furniture

def drop_furniture(pages: list[Page]) -> None:
    def zone(page: Page, line: Line) -> str | None:
        if line.bottom <= page.height * _TOP_ZONE:
            return "top"
        if line.top >= page.height * _BOTTOM_ZONE:
            return "bottom"
        return None

    repeated: Counter[tuple[str, str]] = Counter()
    for page in pages:
        keys = {(z, _DIGITS.sub("#", ln.text.replace(" ", ""))) for ln in page.lines if (z := zone(page, ln))}
        repeated.update(keys)
    need = max(2, (len(pages) + 1) // 2)
    for page in pages:
        tops = [t.bbox[1] for t in page.tables]
        bottoms = [t.bbox[3] for t in page.tables]
        first = min([ln.top for ln in page.lines] + tops, default=0.0)
        last = max([ln.bottom for ln in page.lines] + bottoms, default=0.0)
        kept: list[Line] = []
        for ln in page.lines:
            z = zone(page, ln)
            if z is not None:
                text = ln.text.replace("\t", " ").strip()
                extreme = ln.top <= first + 0.5 or ln.bottom >= last - 0.5
                if _PAGE_NUMBER.match(text) and (extreme or z == "bottom"):
                    continue
                if len(pages) >= 2 and repeated[(z, _DIGITS.sub("#", ln.text.replace(" ", "")))] >= need:
                    continue
            kept.append(ln)
        page.lines = kept


# ---------------------------------------------------------------------------------------
# Page layout: text-laid-out tables, paragraphs, reading order

def margins(pages: list[Page]) -> tuple[float, float]:
    """The body text's left and right edges (most common among long lines)."""
    lefts: Counter[int] = Counter()
    rights: Counter[int] = Counter()
    for page in pages:
        for ln in page.lines:
            if len(ln.glyphs) >= 10 and len(ln.runs) == 1:
                lefts[round(ln.x0 / 2)] += 1
                rights[round(ln.x1 / 2)] += 1
    left = lefts.most_common(1)[0][0] * 2 if lefts else 0.0
    right = rights.most_common(1)[0][0] * 2 if rights else 1e9
    return float(left), float(right)


def layout_page(page: Page, left: float, right: float) -> list[Para | Table]:
    # Text-laid-out tables are looked for between the ruled tables: a ruled table ends
    # any region.
    items: list[Para | Table] = list(page.tables)
    lines = sorted(page.lines, key=lambda ln: ln.top)
    cuts = sorted(t.bbox[1] for t in page.tables)
    chunks: list[list[Line]] = [[]]
    ci = 0
    for ln in lines:
        while ci < len(cuts) and ln.top >= cuts[ci]:
            chunks.append([])
            ci += 1
        chunks[-1].append(ln)
    first_table = min(cuts, default=1e9)
    for chunk in chunks:
        if not chunk:
            continue
        para: Para | None = None
        # Lines above everything else on the page may be the rest of a label cut by the
        # page break.
        at_top = chunk is chunks[0] and chunk[0].top < first_table
        for obj in split_regions(chunk, at_top):
            if isinstance(obj, LooseTable):
                items.append(from_loose(obj, page.number))
                para = None
                continue
            if para is not None and _continues(para.lines[-1], obj, left, right):
                para.lines.append(obj)
                continue
            para = Para([obj], page.number)
            items.append(para)
    items.sort(key=lambda it: it.top if isinstance(it, Para) else it.bbox[1])
    return items


def _continues(prev: Line, line: Line, left: float, right: float) -> bool:
    """True when ``line`` is the wrapped rest of the paragraph ending with ``prev``: the
    previous line runs to the right margin, this one starts at the left margin (no
    first-line indent) and does not start a numbered item."""
    size = max(prev.size, line.size)
    if len(prev.runs) != 1 or len(line.runs) != 1:
        return False
    if abs(prev.size - line.size) > 1.5:
        return False
    if line.top - prev.bottom > 1.2 * size:
        return False
    if prev.x1 < right - 1.5 * size or line.x0 > left + 0.6 * size:
        return False
    return not starts_item(line.text)
