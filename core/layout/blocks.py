"""Pages → Document: the one table pipeline every producer feeds."""

from __future__ import annotations

from core.document import Document, Format, Location, RawTable, TableCell, TextBlock
from core.layout.across import merge_across_pages
from core.layout.flow import drop_furniture, layout_page, margins
from core.layout.page import Page, Para, Table


def document_from_pages(path: str, fmt: Format, pages: list[Page], notes: list) -> Document:  # type: ignore[type-arg]
    """Pages of positioned glyphs and found tables → Document. The one table pipeline: every
    producer (core/producers) builds these pages, from a text layer or from page images."""
    drop_furniture(pages)
    left, right = margins(pages)
    for page in pages:
        page.items = layout_page(page, left, right)
    items = merge_across_pages(pages, right, notes)
    return Document(path, fmt, _blocks(items), page_count=len(pages), notes=notes)


def _blocks(items: list[Para | Table]) -> list[TextBlock | RawTable]:
    blocks: list[TextBlock | RawTable] = []
    table_index = 0
    for item in items:
        if isinstance(item, Para):
            text = item.text()
            if text.strip():
                blocks.append(TextBlock(text, Location(page=item.page, bbox=_round(item.bbox()))))
            continue
        rows: list[list[TableCell]] = []
        for row in item.rows:
            kept = [c for c in row if c.text or (c.keep_empty and item.strict)]
            if not any(c.text for c in kept):
                continue
            r = len(rows)
            rows.append([
                TableCell(c.text, Location(page=c.page, bbox=_round(c.bbox), table=table_index, row=r, col=i))
                for i, c in enumerate(kept)
            ])
        if not rows:
            continue
        blocks.append(RawTable(rows, Location(page=item.page, bbox=_round(item.bbox), table=table_index), strict=item.strict))
        table_index += 1
    return blocks


def _round(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(b[0], 1), round(b[1], 1), round(b[2], 1), round(b[3], 1))
