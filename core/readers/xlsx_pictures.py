"""Tables pasted into a workbook as pictures: a screenshot of table 三 dropped on a sheet
(Excel keeps it as ``xl/media/imageN`` referenced by the sheet's drawing part). Each picture
large enough to hold a table is read by OCR (core/producers/ocr/pictures.py); its tables stand among
the sheet's own cell blocks at the row the picture is anchored in (after the heading above
it, before the text below it), pictures in the order of their anchors (top to bottom, then
left to right). A picture linked from outside the file (``TargetMode="External"``) is never
fetched."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from lxml import etree

from core.document import RawTable
from core.producers.ocr.pictures import worth_reading

if TYPE_CHECKING:
    from core.document import Block
    from core.readers.ooxml import Package

_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_ANCHORS = (_XDR + "twoCellAnchor", _XDR + "oneCellAnchor", _XDR + "absoluteAnchor")


def _rels(package: "Package", part: str, names: set[str]) -> dict[str, str]:
    """Relationship id → the part it names, for the internal relationships of ``part``."""
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels")
    if name not in names:
        return {}
    out: dict[str, str] = {}
    for rel in package.parse(name).iter(_PKG_REL):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        out[rel.get("Id") or ""] = (target.lstrip("/") if target.startswith("/")
                                    else posixpath.normpath(posixpath.join(folder, target)))
    return out


def sheet_pictures(package: "Package", sheet_part: str) -> list[tuple[int, bytes]]:
    """The table-sized pictures drawn on one sheet with the 1-based row their top-left
    corner is anchored in, in the order of their anchors."""
    names = set(package.names())
    sheet_rels = _rels(package, sheet_part, names)
    if not sheet_rels:
        return []
    sheet = package.parse(sheet_part)
    drawings = [sheet_rels.get(el.get(_R + "id") or "") for el in sheet.iter("{*}drawing")]
    found: list[tuple[tuple[int, int], bytes]] = []
    for drawing in drawings:
        if not drawing or drawing not in names:
            continue
        media = _rels(package, drawing, names)
        for anchor in package.parse(drawing):
            if anchor.tag not in _ANCHORS:
                continue
            for blip in anchor.iter(_A + "blip"):
                target = media.get(blip.get(_R + "embed") or "")
                if target and target in names:
                    found.append((_anchor_cell(anchor), package.read(target)))
    if not found:
        return []
    found.sort(key=lambda x: x[0])
    return [(cell[0] + 1, data) for cell, data in found if worth_reading(data)]


def picture_slot(blocks: "list[Block]", row: int) -> int:
    """Where a picture anchored in ``row`` stands among its sheet's blocks: after every
    block that starts above or beside it (a heading in the row of its top edge)."""
    at = 0
    for i, block in enumerate(blocks):
        first = _first_row(block)
        if first is not None and first > row:
            break
        at = i + 1
    return at


def _first_row(block: "Block") -> int | None:
    cell = block.loc.cell
    if cell is None and isinstance(block, RawTable):
        cell = next((c.loc.cell for r in block.rows for c in r if c.loc.cell), None)
    digits = "".join(ch for ch in cell or "" if ch.isdigit())
    return int(digits) if digits else None


def _anchor_cell(anchor: etree._Element) -> tuple[int, int]:
    start = anchor.find(_XDR + "from")
    if start is None:
        return (0, 0)

    def number(tag: str) -> int:
        el = start.find(_XDR + tag)
        try:
            return int((el.text or "0").strip()) if el is not None else 0
        except ValueError:
            return 0

    return (number("row"), number("col"))
