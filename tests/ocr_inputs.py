"""Reports whose tables are pictures inside another format, made at test time from the real
hongze-2023.pdf: its text layer gives the prose and the tables; the table to be "pasted as a
picture" is cut from the rendered pages (one picture per page it spans) and scanned
(tests/ocr_scan.py), as a county office publishes a web page or a workbook."""

from __future__ import annotations

import html
from pathlib import Path

from PIL import Image

from tests.ocr_scan import render_pages, scan

DPI = 170
SOURCE = "hongze-2023.pdf"


def _source():  # type: ignore[no-untyped-def]
    from core.readers import read_document
    from tests.shared_data import REAL_PDF

    return read_document(REAL_PDF / SOURCE)


def table_pictures(block: int, seed: int = 5) -> list[Image.Image]:
    """The scanned pictures of the text layer's block ``block`` (a RawTable), one per page
    it spans: the cells' boxes plus a margin that takes in the table's outer rules."""
    from core.document import RawTable
    from tests.shared_data import REAL_PDF

    doc = _source()
    table = doc.blocks[block]
    assert isinstance(table, RawTable)
    pages = render_pages(REAL_PDF / SOURCE, DPI)
    f = DPI / 72
    out = []
    for number in sorted({c.loc.page for row in table.rows for c in row if c.loc.page}):
        boxes = [c.loc.bbox for row in table.rows for c in row if c.loc.page == number and c.loc.bbox]
        page = pages[number - 1]
        x0 = min(b[0] for b in boxes) - 14
        top = min(b[1] for b in boxes) - 10
        x1 = max(b[2] for b in boxes) + 14
        bottom = max(b[3] for b in boxes) + 10
        crop = page.crop((int(x0 * f), int(top * f), int(x1 * f), int(bottom * f)))
        out.append(scan(crop, angle=0.6, seed=seed + number, stamp=False, quality=80))
    return out


def _html_table(table) -> str:  # type: ignore[no-untyped-def]
    width = max((c.loc.col or 0) + 1 for row in table.rows for c in row)
    rows = []
    for row in table.rows:
        by_col = {c.loc.col: c.text for c in row}
        tds = "".join(f"<td>{html.escape(by_col.get(k, '')) or '&nbsp;'}</td>" for k in range(width))
        rows.append(f"<tr>{tds}</tr>")
    return '<table border="1" cellspacing="0"><tbody>' + "".join(rows) + "</tbody></table>"


def saved_page(folder: Path, block: int, pictures: list[Image.Image], name: str = "报告",
               files_suffix: str = "_files", extra: str = "", in_cell: bool = False) -> Path:
    """``NAME.html`` + ``NAME_files/`` as a browser's "网页，全部" writes them: the report's
    prose and tables as markup, block ``block`` replaced by ``<img>`` of ``pictures``, the
    site's logo (too small to be a table) beside the title. ``extra`` goes after the title;
    ``in_cell`` puts each picture in a one-cell table, as site editors centre a picture."""
    from core.document import RawTable, TextBlock

    doc = _source()
    files = folder / f"{name}{files_suffix}"
    files.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 40), (200, 30, 30)).save(files / "logo.png")
    out = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8">',
           f'<title>{html.escape(doc.blocks[0].text)}</title>',  # type: ignore[union-attr]
           f'<link rel="stylesheet" href="./{name}{files_suffix}/main.css"></head><body>',
           f'<div class="header"><img src="./{name}{files_suffix}/logo.png" alt="logo"></div><div class="article">']
    for i, b in enumerate(doc.blocks):
        if i == block:
            for k, picture in enumerate(pictures, start=1):
                picture.save(files / f"image{k:03d}.jpg", "JPEG", quality=85)
                img = f'<img src="{name}{files_suffix}/image{k:03d}.jpg" width="600">'
                out.append(f'<table align="center"><tr><td>{img}</td></tr></table>' if in_cell
                           else f'<p style="text-align:center">{img}</p>')
        elif isinstance(b, TextBlock):
            out.append(f"<p>{html.escape(b.text)}</p>")
            if i == 0 and extra:
                out.append(extra)
        else:
            assert isinstance(b, RawTable)
            out.append(_html_table(b))
    out.append("</div></body></html>")
    path = folder / f"{name}.html"
    path.write_text("\n".join(out), encoding="utf-8")
    return path
