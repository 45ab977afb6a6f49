"""Render a report from data into every format the checker reads, the way real reports look:
title, introduction with the statistics period, the six sections with prose, tables 二/三/四
in the official layout with real merged cells, the information-fee sentence, signature and
date. Used to build fixtures and by property tests (random consistent tables → file → the
checker must read the same numbers back).

``tables`` uses the contract keys: ``{"t2": {row_key: [values]}, "t3": {...}, "t4": {...}}``;
``None`` is a blank cell. Labels and layout come from ``core.template``; nothing here spells
a row label of its own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Union

from core.template import SECTIONS, T3_APPLICANT_COLS, T4_PARTS, GridLayout, grid_layout, template_for

Tables = dict[str, dict[str, list]]
Prose = dict[str, list[str]]


# ---------------------------------------------------------------------------------------
# Random consistent data

def consistent_tables(rng_or_seed: Union[random.Random, int, None] = None, version: str = "2021") -> Tables:
    """Random tables, mostly non-zero, that satisfy every identity of ``core.template``
    (T3-BAL, T3-DONE, T3-ROW, T4-*)."""
    rng = rng_or_seed if isinstance(rng_or_seed, random.Random) else random.Random(rng_or_seed)
    template = template_for(version)
    t3_spec = template.t3
    outcome_rows = [r.key for r in t3_spec.rows if r.key not in ("new", "carried", "total", "carry_next")]
    n = len(T3_APPLICANT_COLS)
    cols: dict[str, list[int]] = {k: [0] * n for k in t3_spec.row_keys}
    for j in range(n):
        for key in outcome_rows:
            cols[key][j] = rng.randint(0, 30) if rng.random() < 0.8 else 0
        done = sum(cols[key][j] for key in outcome_rows)
        cols["total"][j] = done
        carried = rng.randint(0, 9)
        carry_next = rng.randint(0, 9)
        new = done + carry_next - carried
        if new < 0:
            carry_next -= new
            new = 0
        cols["carried"][j], cols["carry_next"][j], cols["new"][j] = carried, carry_next, new
    t3 = {key: values + [sum(values)] for key, values in cols.items()}

    t4 = {}
    for row in template.t4.rows:
        parts = [rng.randint(0, 12) for _ in T4_PARTS]
        t4[row.key] = parts + [sum(parts)]

    # Table 二 has no identities, only plausibility rules: in force ≥ made this year,
    # published in total ≥ published this year, last year's items + change ≥ 0.
    t2: dict[str, list] = {}
    for row in template.t2.rows:
        values: dict[str, object] = {}
        for col in row.columns:
            if col.decimal:
                values[col.key] = round(rng.randint(1, 99999) / 100, 2)
            elif col.signed:
                values[col.key] = rng.randint(-int(values.get("prev", 0)), 40)  # type: ignore[call-overload]
            elif col.key in ("in_force", "total_pub"):
                base = values.get("made", values.get("new_pub", 0))
                values[col.key] = int(base) + rng.randint(0, 500)  # type: ignore[call-overload]
            else:
                values[col.key] = rng.randint(0, 500)
        t2[row.key] = [values[c.key] for c in row.columns]
    return {"t2": t2, "t3": t3, "t4": t4}


# ---------------------------------------------------------------------------------------
# The report as a sequence of items every renderer writes

@dataclass
class _Para:
    text: str
    heading: bool = False


@dataclass
class _Table:
    layout: GridLayout
    values: dict[str, list]  # row key → values
    columns: dict[str, list[str]]  # row key → column keys

    def text(self, cell) -> str:  # type: ignore[no-untyped-def]
        if cell.kind != "value":
            return cell.text
        value = self.values.get(cell.row_key)
        if value is None:
            return ""
        idx = self.columns[cell.row_key].index(cell.col_key)
        return fmt(value[idx] if idx < len(value) else None)


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def _items(agency: str, year: int, tables: Tables, version: str, prose: Prose | None) -> list[_Para | _Table]:
    template = template_for(version)
    prose = prose or {}
    t3 = tables.get("t3", {})
    t4 = tables.get("t4", {})
    t2 = tables.get("t2", {})

    def total(table: dict, key: str) -> object:
        row = table.get(key)
        return row[-1] if row else None

    items: list[_Para | _Table] = [
        _Para(title(agency, year), heading=True),
        _Para("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制，"
              "由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
              f"存在的主要问题及改进情况、其他需要报告的事项六部分组成。本报告所列数据的统计期限为{year}年1月1日至12月31日。"),
    ]
    default: Prose = {
        "一": [f"{year}年，{agency}认真贯彻落实《条例》，围绕中心工作，扎实推进政务公开。",
              f"（一）依申请公开。本年度共收到政府信息公开申请{fmt(total(t3, 'new'))}件，"
              f"办结{fmt(total(t3, 'total'))}件，结转下年度继续办理{fmt(total(t3, 'carry_next'))}件。"],
        "二": ["本年度主动公开政府信息情况如下表。"],
        "三": ["本年度收到和处理政府信息公开申请情况如下表。"],
        "四": ["本年度政府信息公开行政复议、行政诉讼情况如下表。"],
        "五": ["存在的主要问题是公开内容还不够丰富。下一步将加强培训，提升公开质量。"],
        "六": ["本年度未收取信息处理费。"],
    }
    if t4:
        rev = total(t4, "review")
        lit = (total(t4, "litigation_direct") or 0) + (total(t4, "litigation_after_review") or 0)
        default["四"].insert(0, f"本年度因政府信息公开被申请行政复议{fmt(rev)}件，被提起行政诉讼{fmt(lit)}件。")
    table_for = {"二": "t2", "三": "t3", "四": "t4"}
    for section in SECTIONS:
        items.append(_Para(section.heading, heading=True))
        for text in prose.get(section.number, default[section.number]):
            items.append(_Para(text))
        key = table_for.get(section.number)
        if key and key in tables:
            spec = template.table(key)
            columns = {row.key: [c.key for c in row.columns] for row in spec.rows}
            items.append(_Table(grid_layout(spec), tables[key], columns))
    items.append(_Para(agency))
    items.append(_Para(f"{year + 1}年1月20日"))
    return items


# ---------------------------------------------------------------------------------------
# HTML

def render_html(path: Path, agency: str, year: int, tables: Tables, *, version: str = "2021", encoding: str = "utf-8",
                prose: Prose | None = None, meta_charset: bool = True, chrome: bool = True) -> Path:
    """A government-site page: navigation and scripts around the article, the article's
    paragraphs, and the tables with rowspan/colspan."""
    out: list[str] = ["<!DOCTYPE html>", "<html><head>"]
    if meta_charset:
        out.append(f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">')
    out.append(f"<title>{title(agency, year)}_{agency}门户网站</title>")
    out.append("<style>td{border:1px solid #000}</style><script>var nav='一、总体情况';</script></head><body>")
    if chrome:
        out.append('<nav><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 二、主动公开政府信息情况</nav>')
    out.append('<div class="article">')
    for item in _items(agency, year, tables, version, prose):
        if isinstance(item, _Para):
            tag = "h3" if item.heading else "p"
            out.append(f"<{tag}>&nbsp;&nbsp;{_esc(item.text)}</{tag}>")
        else:
            out.append(_html_table(item))
    out.append("</div>")
    if chrome:
        out.append('<div class="footer" style="display:none">版权所有 三、收到和处理政府信息公开申请情况</div>')
    out.append("</body></html>")
    path.write_bytes("\n".join(out).encode(encoding))
    return path


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_table(table: _Table) -> str:
    by_row: dict[int, list] = {}
    for cell in table.layout.cells:
        by_row.setdefault(cell.row, []).append(cell)
    rows = []
    for r in range(table.layout.rows):
        tds = []
        for cell in sorted(by_row.get(r, []), key=lambda c: c.col):
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            text = table.text(cell)
            tds.append(f"<td{attrs}><p>{_esc(text) if text else '&nbsp;'}</p></td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return '<table border="1" cellspacing="0"><tbody>' + "".join(rows) + "</tbody></table>"


# ---------------------------------------------------------------------------------------
# DOCX

def render_docx(path: Path, agency: str, year: int, tables: Tables, *, version: str = "2021", prose: Prose | None = None,
                nest: str | None = None) -> Path:
    """A Word report with merged cells (gridSpan / vMerge). ``nest="t3"`` puts that table
    inside a one-cell layout table, as some offices do to draw a frame."""
    import docx

    document = docx.Document()
    for item in _items(agency, year, tables, version, prose):
        if isinstance(item, _Para):
            if item.heading:
                document.add_heading(item.text, level=2)
            else:
                document.add_paragraph(item.text)
            continue
        if nest == item.layout.table:
            frame = document.add_table(rows=1, cols=1)
            holder = frame.cell(0, 0)
            holder.paragraphs[0].text = "（表格见下）"
            _docx_table(holder.add_table(rows=item.layout.rows, cols=item.layout.cols), item)
        else:
            _docx_table(document.add_table(rows=item.layout.rows, cols=item.layout.cols), item)
    document.save(str(path))
    return path


def _docx_table(table, item: _Table) -> None:  # type: ignore[no-untyped-def]
    """Merges written as Word writes them (gridSpan on the first cell of a horizontal run,
    vMerge restart/continue down a column), directly on the XML: python-docx's
    ``Cell.merge`` recomputes the grid on every call and takes most of a second here."""
    from docx.table import _Cell

    table.style = "Table Grid"
    tcs = [list(row._tr.tc_lst) for row in table.rows]
    drop = []
    for cell in item.layout.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            tc = tcs[r][cell.col]
            if cell.colspan > 1:
                tc.grid_span = cell.colspan
                drop.extend(tcs[r][cell.col + 1: cell.col + cell.colspan])
            if cell.rowspan > 1:
                tc.vMerge = "restart" if r == cell.row else "continue"
        _Cell(tcs[cell.row][cell.col], table).text = item.text(cell)
    for tc in drop:
        tc.getparent().remove(tc)


# ---------------------------------------------------------------------------------------
# XLSX

def render_xlsx(path: Path, agency: str, year: int, tables: Tables, *, version: str = "2021", prose: Prose | None = None,
                numbers_as_text: bool = False, float_numbers: bool = False, sheet: str = "年度报告") -> Path:
    """One sheet holding the whole report: prose one paragraph a row in column A, the
    tables on the grid with merged ranges. ``numbers_as_text`` stores numbers as strings
    (as pasted from a web page); ``float_numbers`` stores counts as 3.0 (as some tools do)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    r = 1
    for item in _items(agency, year, tables, version, prose):
        if isinstance(item, _Para):
            ws.cell(r, 1, item.text)
            r += 2 if item.heading else 1
            continue
        for cell in item.layout.cells:
            text = item.text(cell)
            value: object = text
            if cell.kind == "value" and text:
                number = _number(text)
                if numbers_as_text or number is None:
                    value = text
                elif float_numbers:
                    value = float(number)
                else:
                    value = number
            ws.cell(r + cell.row, 1 + cell.col, value if value != "" else None)
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=r + cell.row, start_column=1 + cell.col,
                               end_row=r + cell.row + cell.rowspan - 1, end_column=cell.col + cell.colspan)
        r += item.layout.rows + 1
    wb.save(str(path))
    return path


def _number(text: str) -> int | float | None:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None


# ---------------------------------------------------------------------------------------
# TXT

Shape = Literal["tab", "pipe", "cell_per_line"]


def render_txt(path: Path, agency: str, year: int, tables: Tables, *, version: str = "2021", prose: Prose | None = None,
               shape: Shape = "tab", encoding: str = "utf-8") -> Path:
    """Text as copied out of a page or a Word file: table rows with tab or pipe separated
    cells (a merged cell once, in its first row), or one cell per line as scrapers write."""
    lines: list[str] = []
    for item in _items(agency, year, tables, version, prose):
        if isinstance(item, _Para):
            lines.append(item.text)
            lines.append("")
            continue
        by_row: dict[int, list] = {}
        for cell in item.layout.cells:
            by_row.setdefault(cell.row, []).append(cell)
        for r in range(item.layout.rows):
            texts = [item.text(c) for c in sorted(by_row.get(r, []), key=lambda c: c.col)]
            if shape == "tab":
                lines.append("\t".join(texts))
            elif shape == "pipe":
                lines.append("| " + " | ".join(texts) + " |")
            else:
                for text in texts:
                    lines.append(text or "—")
                    lines.append("")
        lines.append("")
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


# ---------------------------------------------------------------------------------------
# Looking into a read Document (for reader tests)

def table_rows(doc) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Every table row of the document as its cell texts, in order."""
    from core.document import RawTable

    return [[c.text for c in row] for b in doc.blocks if isinstance(b, RawTable) for row in b.rows]


def row_of(doc, label: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The cells of the first table row whose first cell starts with ``label``; a row that
    starts under a group label has the group label as its first cell only in its first row."""
    for row in table_rows(doc):
        for i, text in enumerate(row):
            if text.startswith(label):
                return row[i:]
    raise AssertionError(f"no table row labelled {label!r}")


def expected_row(tables: Tables, table: str, key: str) -> list[str]:
    return [fmt(v) for v in tables[table][key]]


def cell_count(doc, text: str) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for row in table_rows(doc) for cell in row if cell == text)


def text_blocks(doc) -> list[str]:  # type: ignore[no-untyped-def]
    from core.document import TextBlock

    return [b.text for b in doc.blocks if isinstance(b, TextBlock)]


def block_kinds(doc) -> str:  # type: ignore[no-untyped-def]
    """"P" per text block, "T" per table: the shape of the document in order."""
    from core.document import TextBlock

    return "".join("P" if isinstance(b, TextBlock) else "T" for b in doc.blocks)


# ---------------------------------------------------------------------------------------
# Property checks shared by the reader tests: random consistent tables → file → checker

AGENCIES = ("滕州市科学技术局", "平凉市崆峒区人民政府办公室", "上海市科学技术委员会", "某县农业农村局", "䶮山县自然资源局")


def render_format(fmt: str, path: Path, agency: str, year: int, tables: Tables, version: str) -> Path:
    if fmt == "html":
        return render_html(path, agency, year, tables, version=version, encoding="gbk" if year % 2 and "䶮" not in agency else "utf-8")
    if fmt == "docx":
        return render_docx(path, agency, year, tables, version=version, nest="t3" if year % 3 == 0 else None)
    if fmt == "xlsx":
        return render_xlsx(path, agency, year, tables, version=version, numbers_as_text=year % 2 == 0)
    return render_txt(path, agency, year, tables, version=version)


def _scenario(seed: int, version: str) -> tuple[random.Random, str, int, Tables]:
    rng = random.Random(seed)
    year = rng.choice((2019, 2020)) if version == "2019" else rng.randint(2021, 2025)
    return rng, rng.choice(AGENCIES), year, consistent_tables(rng, version)


def assert_reads_back(fmt: str, directory: Path, seed: int, version: str) -> None:
    from core.check import check_file

    _, agency, year, tables = _scenario(seed, version)
    report = check_file(render_format(fmt, directory / f"r.{fmt}", agency, year, tables, version))
    data = report.to_json()
    assert data["status"] == "ok", [f["message"] for f in data["findings"]]
    assert data["template"] == version
    assert (data["agency"], data["year"]) == (agency, year)
    assert data["tables"] == tables
    assert not [f for f in data["findings"] if f["severity"] == "error"]


def assert_change_reported(fmt: str, directory: Path, seed: int, version: str) -> None:
    """Change one cell of table 三 or 四 and the checker must point at it."""
    from core.check import check_file

    rng, agency, year, tables = _scenario(seed, version)
    table = rng.choice(("t3", "t3", "t4"))
    row = rng.choice(sorted(tables[table]))
    col = rng.randrange(len(tables[table][row]))
    tables[table][row][col] += rng.randint(1, 9)
    spec = template_for(version).table(table)
    col_key = spec.row(row).columns[col].key
    report = check_file(render_format(fmt, directory / f"c.{fmt}", agency, year, tables, version))
    data = report.to_json()
    assert data["tables"][table][row][col] == tables[table][row][col]
    hits = [f for f in data["findings"] if f["severity"] == "error" and [table, row, col_key] in f["cells"]]
    assert hits, (table, row, col_key, [f["rule"] for f in data["findings"]])


# ---------------------------------------------------------------------------------------
# Committed fixtures: ``python -m tests.render`` rewrites them.

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures"
FIXTURES = (
    # (path under fixtures/, format, agency, year, version, seed)
    ("html/report_2021_gbk.html", "html", "滕州市科学技术局", 2023, "2021", 101),
    ("html/report_2019.html", "html", "平凉市崆峒区人民政府办公室", 2020, "2019", 102),
    ("docx/report_2021_nested.docx", "docx", "上海市科学技术委员会", 2024, "2021", 103),
    ("docx/report_2019.docx", "docx", "某县农业农村局", 2019, "2019", 104),
    ("xlsx/report_2021_text_numbers.xlsx", "xlsx", "滕州市科学技术局", 2022, "2021", 105),
    ("xlsx/report_2019.xlsx", "xlsx", "某县农业农村局", 2020, "2019", 106),
)


def write_fixtures() -> list[Path]:
    out = []
    for name, fmt, agency, year, version, seed in FIXTURES:
        path = FIXTURE_DIR / name
        tables = consistent_tables(seed, version)
        if fmt == "html":
            render_html(path, agency, year, tables, version=version, encoding="gbk" if "gbk" in name else "utf-8")
        elif fmt == "docx":
            render_docx(path, agency, year, tables, version=version, nest="t3" if "nested" in name else None)
        else:
            render_xlsx(path, agency, year, tables, version=version, numbers_as_text="text" in name)
        out.append(path)
    return out


if __name__ == "__main__":
    for written in write_fixtures():
        print(written)
