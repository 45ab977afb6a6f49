"""Render a realistic annual report as a PDF (reportlab, CJK CID font): title, introduction
with the statistics period, the six sections with prose, tables 二/三/四 in the official
layout of ``core.template.grid_layout`` (merged header cells, labels wrapped inside their
cells, the vertical group label, the table-三 note cell), ruled or borderless, page numbers
"- N -", a signature and a date.

With ``split_across_pages`` table 三 is cut by a page break inside a row whose label wraps
over three lines: the label's first line stays at the bottom of one page, the rest and the
row's numbers go to the top of the next, after the repeated header rows — the way WPS
prints a table whose rows may break across pages (column lines run to the break, no
bottom border drawn).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.template import SECTIONS, GridCell, grid_layout, template_for
from tests.render import fmt, title

Tables = dict[str, dict[str, list]]

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT = 72.0, 523.0
TOP, BOTTOM = 72.0, 770.0
BODY = 12.0
BODY_LEADING = 20.0
CELL = 9.0
CELL_LEADING = 11.0
PAD = 4.0

_COLUMN_WIDTHS = {
    "t2": [151.0, 100.0, 100.0, 100.0],
    "t3": [24.0, 60.0, 150.0] + [31.0] * 7,
    "t4": [451.0 / 15] * 15,
}


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (character by character, as CJK
    text wraps)."""
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and _width(current + ch, size) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    if current or not lines:
        lines.append(current)
    return lines


@dataclass
class _Strip:
    """A table drawn in its own coordinates (top = 0), to be cut into pages."""

    texts: list[tuple[float, float, str, float]] = field(default_factory=list)  # x, top, text, size
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, y0, x1, y1
    boundaries: list[float] = field(default_factory=list)  # row bottoms
    header_height: float = 0.0
    height: float = 0.0
    forced_cut: float | None = None


def _cell_text(table: str, tables: Tables, spec, cell: GridCell) -> str:  # type: ignore[no-untyped-def]
    if cell.kind != "value":
        return cell.text
    values = tables.get(table, {}).get(cell.row_key or "")
    if values is None:
        return ""
    keys = [c.key for c in spec.row(cell.row_key).columns]
    idx = keys.index(cell.col_key)
    return fmt(values[idx] if idx < len(values) else None)


def _strip(table: str, tables: Tables, version: str, ruled: bool, split_row: str | None,
           widths: list[float] | None = None, valign: str = "middle") -> _Strip:
    spec = template_for(version).table(table)
    layout = grid_layout(spec)
    widths = widths or _COLUMN_WIDTHS[table]
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    cells = [(c, _cell_text(table, tables, spec, c)) for c in layout.cells]
    wrapped: dict[int, list[str]] = {}
    for i, (c, text) in enumerate(cells):
        width = xs[c.col + c.colspan] - xs[c.col] - 2 * PAD
        wrapped[i] = wrap(text, width, CELL) if text else []
    heights = [CELL_LEADING + 2 * PAD] * layout.rows
    for i, (c, _) in enumerate(cells):
        if c.rowspan == 1:
            heights[c.row] = max(heights[c.row], len(wrapped[i]) * CELL_LEADING + 2 * PAD)
    for i, (c, _) in enumerate(cells):
        if c.rowspan > 1:
            need = len(wrapped[i]) * CELL_LEADING + 2 * PAD
            have = sum(heights[c.row:c.row + c.rowspan])
            if need > have:
                heights[c.row + c.rowspan - 1] += need - have
    ys = [0.0]
    for h in heights:
        ys.append(ys[-1] + h)
    strip = _Strip(boundaries=ys[1:], header_height=ys[layout.header_rows], height=ys[-1])
    for i, (c, text) in enumerate(cells):
        x0, x1 = xs[c.col], xs[c.col + c.colspan]
        y0, y1 = ys[c.row], ys[c.row + c.rowspan]
        if ruled:
            strip.lines += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
        lines = wrapped[i]
        block = len(lines) * CELL_LEADING
        # Word's default cell alignment is top; headers stay centred.
        # "labels-top": labels at the top, numbers centred (a clerk's usual formatting).
        at_top = valign == "top" or (valign == "labels-top" and c.kind != "value")
        top = y0 + PAD if at_top and c.row >= layout.header_rows else y0 + (y1 - y0 - block) / 2
        # Row labels sit at the left of their cell; group labels, headers and numbers centred.
        left_aligned = c.kind == "label" and c.rowspan == 1
        for k, line in enumerate(lines):
            w = _width(line, CELL)
            x = x0 + PAD if left_aligned else x0 + (x1 - x0 - w) / 2
            strip.texts.append((x, top + k * CELL_LEADING, line, CELL))
        if split_row is not None and c.kind == "label" and c.rowspan == 1 and c.row >= layout.header_rows \
                and spec.rows[c.row - layout.header_rows].key == split_row and len(lines) >= 2:
            strip.forced_cut = top + CELL_LEADING + 0.5
    if strip.forced_cut is not None:
        # What the cut would slice through (the row's centred numbers) moves below it.
        cut = strip.forced_cut
        strip.texts = [(x, cut + 0.5 if top < cut < top + size else top, text, size) for x, top, text, size in strip.texts]
    return strip


class _Writer:
    def __init__(self, path: Path, running_header: str | None) -> None:
        from reportlab.pdfgen import canvas

        _font()
        self.canvas = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
        self.page = 1
        self.y = TOP
        self.running_header = running_header
        self._furniture()

    def _furniture(self) -> None:
        c = self.canvas
        label = f"- {self.page} -"
        c.setFont(FONT, 10.5)
        c.drawString((PAGE_W - _width(label, 10.5)) / 2, PAGE_H - 800, label)
        if self.running_header and self.page > 1:
            c.setFont(FONT, 9)
            c.drawString((PAGE_W - _width(self.running_header, 9)) / 2, PAGE_H - 40, self.running_header)

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1
        self.y = TOP
        self._furniture()

    def text(self, x: float, top: float, text: str, size: float) -> None:
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, PAGE_H - (top + size * 0.88), text)

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.canvas.setLineWidth(0.5)
        self.canvas.line(x0, PAGE_H - y0, x1, PAGE_H - y1)

    def paragraph(self, text: str, *, size: float = BODY, indent: bool = True, align: str = "left", gap: float = 0.0) -> None:
        first_indent = 2 * size if indent else 0.0
        lines = wrap(text, RIGHT - LEFT - first_indent, size)
        if len(lines) > 1:
            rest = wrap(text[len(lines[0]):], RIGHT - LEFT, size)
            lines = [lines[0]] + rest
        self.y += gap
        for k, line in enumerate(lines):
            if self.y + BODY_LEADING > BOTTOM:
                self.new_page()
            if align == "center":
                x = (PAGE_W - _width(line, size)) / 2
            elif align == "right":
                x = RIGHT - _width(line, size)
            else:
                x = LEFT + (first_indent if k == 0 else 0.0)
            self.text(x, self.y, line, size)
            self.y += max(BODY_LEADING, size * 1.5)

    def table(self, strip: _Strip) -> None:
        pos = 0.0
        self.y += 4
        while pos < strip.height - 0.01:
            if pos > 0:
                # The header rows printed again on the continuation page.
                self._draw(strip, 0.0, strip.header_height, self.y)
                self.y += strip.header_height
            end = pos + (BOTTOM - self.y)
            if strip.forced_cut is not None and pos < strip.forced_cut <= end:
                cut = strip.forced_cut
            elif strip.height <= end:
                cut = strip.height
            else:
                # Header rows stay together with the first data row, as Word keeps them.
                fits = [b for b in strip.boundaries if pos < b <= end and b > strip.header_height + 0.01]
                if not fits:
                    self.new_page()
                    continue
                cut = max(fits)
            self._draw(strip, pos, cut, self.y)
            self.y += cut - pos
            pos = cut
            if pos < strip.height - 0.01:
                self.new_page()
        self.y += 8

    def _draw(self, strip: _Strip, a: float, b: float, at: float) -> None:
        for x, top, text, size in strip.texts:
            if a - 0.5 <= top and top + size <= b + 0.5:
                self.text(x, at + top - a, text, size)
        for x0, y0, x1, y1 in strip.lines:
            if y0 == y1:
                if a - 0.01 <= y0 <= b + 0.01:
                    self.line(x0, at + y0 - a, x1, at + y1 - a)
            else:
                lo, hi = max(y0, a), min(y1, b)
                if hi > lo:
                    self.line(x0, at + lo - a, x1, at + hi - a)

    def save(self) -> None:
        self.canvas.save()


def render_report_pdf(path: Path, agency: str, year: int, tables: Tables, *, ruled: bool = True, version: str = "2021",
                      split_across_pages: bool = False, prose: list[str] | None = None,
                      running_header: str | None = None, t3_label_widths: tuple[float, float, float] | None = None,
                      valign: str = "middle", split_row: str | None = None) -> Path:
    """Write the report to ``path``. ``tables`` uses the contract keys
    (``{"t2": {row_key: [values]}, "t3": …, "t4": …}``, ``None`` a blank cell);
    ``prose`` replaces the paragraphs of section 一.

    ``t3_label_widths`` narrows table 三's three label columns (a Word table without
    borders whose row labels wrap over three to six lines); ``valign="top"`` puts every
    body cell's text at the top of its cell, as Word does by default; ``split_row`` is
    the row a page break cuts through (with ``split_across_pages``)."""
    path = Path(path)
    w = _Writer(path, running_header)
    w.paragraph(title(agency, year), size=18, indent=False, align="center")
    w.y += 8
    w.paragraph(f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制，"
                "由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
                f"存在的主要问题及改进情况、其他需要报告的事项六部分组成。本报告所列数据的统计期限为{year}年1月1日至12月31日。")
    t3 = tables.get("t3", {})

    def total(key: str) -> str:
        row = t3.get(key)
        return fmt(row[-1]) if row else "0"

    default = {
        "一": prose or [
            f"{year}年，{agency}认真贯彻落实《条例》，围绕中心工作，扎实推进政务公开，不断提升政府信息公开的质量和实效，"
            "主动回应社会关切，依法保障人民群众的知情权、参与权、表达权和监督权。",
            f"（一）依申请公开。本年度共收到政府信息公开申请{total('new')}件，办结{total('total')}件，"
            f"结转下年度继续办理{total('carry_next')}件。",
        ],
        "二": ["本年度主动公开政府信息情况如下表。"],
        "三": ["本年度收到和处理政府信息公开申请情况如下表。"],
        "四": ["本年度政府信息公开行政复议、行政诉讼情况如下表。"],
        "五": ["存在的主要问题是公开内容还不够丰富，解读形式较为单一。下一步将加强业务培训，提升公开质量。"],
        "六": ["依据《政府信息公开信息处理费管理办法》规定，本年度未收取信息处理费。"],
    }
    table_for = {"二": "t2", "三": "t3", "四": "t4"}
    if split_across_pages and split_row is None:
        split_row = "other_1" if version == "2021" else "reject_5"
    elif not split_across_pages:
        split_row = None
    t3_widths = [*t3_label_widths] + [31.0] * 7 if t3_label_widths else None
    for section in SECTIONS:
        w.paragraph(section.heading, indent=True, gap=4)
        for text in default[section.number]:
            w.paragraph(text)
        key = table_for.get(section.number)
        if key and key in tables:
            w.table(_strip(key, tables, version, ruled, split_row if key == "t3" else None,
                           t3_widths if key == "t3" else None, valign))
    w.y += 16
    w.paragraph(agency, indent=False, align="right")
    w.paragraph(f"{year + 1}年1月20日", indent=False, align="right")
    w.save()
    return path
