"""The corrected workbook's look, shared by its sheets: fonts, fills, text widths in Excel
units, merged cells and page setup."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

FONT = "宋体"
GREEN = "#C6EFCE"  # a cell the user corrected
RED = "#FFC7CE"  # a total that disagrees with its parts, a cell a remaining error points at
YELLOW = "#FFEB9C"  # a cell the source lost, or one inferred from the sums
HEADER_BG = "#F2F2F2"

GRID_TOP = 2  # title row, caption row, then the official grid
LINE_PT = 15.0  # height of one text line at 11 pt


@dataclass
class Formats:
    title: Format
    caption_row: Format
    header: Format
    caption: Format
    label: Format
    group: Format
    value: dict[str, Format]  # by fill: "", "green", "red", "yellow"
    note: Format
    text: Format
    heading: Format
    head_row: Format
    error_text: Format


def formats(wb: Workbook) -> Formats:
    base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
    grid = {**base, "border": 1, "text_wrap": True}

    def f(*parts: dict[str, object], **kw: object) -> Format:
        props: dict[str, object] = {}
        for part in parts:
            props.update(part)
        props.update(kw)
        return wb.add_format(props)

    value = {"": f(grid, align="center")}
    for name, color in (("green", GREEN), ("red", RED), ("yellow", YELLOW)):
        value[name] = f(grid, align="center", bg_color=color)
    return Formats(
        title=f(base, bold=True, font_size=16, align="center"),
        caption_row=f(base, bold=True, font_size=12, align="center"),
        header=f(grid, bold=True, align="center", bg_color=HEADER_BG),
        caption=f(grid, bold=True, align="left", bg_color=HEADER_BG),
        label=f(grid, align="left"),
        group=f(grid, align="center"),
        value=value,
        note=f(base, font_size=9, text_wrap=True, align="left", valign="top"),
        text=f(base, text_wrap=True, align="left", valign="top"),
        heading=f(base, bold=True, text_wrap=True, align="left", valign="top"),
        head_row=f(grid, bold=True, align="center", bg_color=HEADER_BG),
        error_text=f(grid, align="center", font_color="#9C0006"),
    )


def text_units(text: str) -> float:
    """Width of text in Excel column units: a CJK character takes about two."""
    return sum(2.0 if ord(ch) >= 0x2E80 else 1.1 for ch in text)


def merged(ws: Worksheet, r1: int, c1: int, r2: int, c2: int, text: str, style: Format) -> None:
    if r1 == r2 and c1 == c2:
        ws.write_string(r1, c1, text, style)
    else:
        ws.merge_range(r1, c1, r2, c2, "", style)
        ws.write_string(r1, c1, text, style)


def print_setup(ws: Worksheet, last_row: int, ncols: int, header_end: int | None) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.print_area(0, 0, last_row, ncols - 1)
    if header_end is not None:
        ws.repeat_rows(GRID_TOP, header_end)
    ws.set_footer("&C第 &P 页，共 &N 页")
