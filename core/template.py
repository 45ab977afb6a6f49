"""The official report format, declared once.

Both versions of 《中华人民共和国政府信息公开工作年度报告格式》 — the 2019 trial format
(国办公开办函〔2019〕60号) and the 2021 format (国办公开办函〔2021〕30号) — as data: tables,
rows, columns, the labels as printed, the fragments that recognise them in real reports,
the official header layout with its merged cells, and the arithmetic identities.
Readers, extraction, rules, the grid and the Excel export all read this module; none of
them spells a label or a row key of its own. Reference: ../shared/template.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Literal

from core.normalize import label_key

Version = Literal["2019", "2021"]
VERSIONS: tuple[Version, ...] = ("2021", "2019")
TABLE_KEYS = ("t2", "t3", "t4")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # as printed in the official header
    match: tuple[str, ...] = ()  # label_key fragments that identify it in a header
    decimal: bool = False  # 万元 amounts may be fractional
    signed: bool = False  # 2019 本年增/减 may be negative


@dataclass(frozen=True)
class Row:
    key: str
    label: str  # as printed in the template
    columns: tuple[Column, ...]
    match: tuple[str, ...]  # label_key fragments; any one identifies the row
    exact: bool = False  # the fragment must equal the whole key ("其他", "总计")
    # The merged label cells to the left of this row in the official layout, outermost
    # first, e.g. ("三、本年度办理结果", "（三）不予公开"). Consecutive rows that share a
    # prefix are drawn with one merged cell.
    groups: tuple[str, ...] = ()
    block: str = ""  # table 二: the caption row of the block ("第二十条第（一）项")
    values_header: str = "信息内容"  # table 二: the header cell above the row labels


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class TableSpec:
    key: str
    name: str  # 表二
    heading: str  # the section heading the table sits under
    heading_match: tuple[str, ...]  # label_key fragments of that heading (and its variants)
    rows: tuple[Row, ...]
    header: tuple[HeaderCell, ...] = ()  # official header (tables 三 and 四)
    label_cols: int = 1  # how many grid columns the row labels take
    single_row: bool = False  # table 四: all rows print side by side as one data row

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def has_row(self, key: str) -> bool:
        return any(row.key == key for row in self.rows)

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.rows)


@dataclass(frozen=True)
class Identity:
    """``sum(left) == sum(right)`` over cells (table, row, column)."""

    rule: str
    left: tuple[tuple[str, str, str], ...]
    right: tuple[tuple[str, str, str], ...]
    scope: str  # Chinese: which row/column the equation is about, for messages


@dataclass(frozen=True)
class Template:
    version: Version
    title: str
    t2: TableSpec
    t3: TableSpec
    t4: TableSpec
    identities: tuple[Identity, ...] = field(default=())

    def table(self, key: str) -> TableSpec:
        return {"t2": self.t2, "t3": self.t3, "t4": self.t4}[key]

    @property
    def tables(self) -> tuple[TableSpec, TableSpec, TableSpec]:
        return (self.t2, self.t3, self.t4)


# ---------------------------------------------------------------------------------------
# Section headings (both versions use the same six).

@dataclass(frozen=True)
class Section:
    number: str  # "一" … "六"
    heading: str
    match: tuple[str, ...]  # label_key fragments of the heading text after the numeral


SECTIONS: tuple[Section, ...] = (
    Section("一", "一、总体情况", ("总体情况",)),
    Section("二", "二、主动公开政府信息情况", ("主动公开政府信息情况", "主动公开政府信息")),
    Section("三", "三、收到和处理政府信息公开申请情况", ("收到和处理政府信息公开申请", "收到和处理政府信息公开")),
    Section(
        "四",
        "四、政府信息公开行政复议、行政诉讼情况",
        ("政府信息公开行政复议", "行政复议行政诉讼情况", "行政复议和行政诉讼", "行政复议提起行政诉讼", "行政复议和提起行政诉讼"),
    ),
    Section("五", "五、存在的主要问题及改进情况", ("存在的主要问题", "主要问题及改进", "存在问题及改进")),
    Section("六", "六、其他需要报告的事项", ("其他需要报告的事项", "其他需要报告")),
)


# ---------------------------------------------------------------------------------------
# Table 三 (identical in both versions apart from （六）其他处理).

def _c(key: str, label: str, *match: str, decimal: bool = False, signed: bool = False) -> Column:
    return Column(key, label, tuple(label_key(m) for m in (match or (label,))), decimal, signed)


T3_COLUMNS: tuple[Column, ...] = (
    # "然人" alone still names it when 自 is misread ("白然人" on a bilevel 300-dpi scan).
    _c("natural", "自然人", "自然人", "然人"),
    _c("commercial", "商业企业"),
    _c("research", "科研机构"),
    # "社会公益" alone still names it when 组织, on a line of its own, is lost or misread
    # (a seal's star over "组" read "粗织" in a scanned huaian-2024).
    _c("social", "社会公益组织", "社会公益组织", "公益组织", "社会公益"),
    _c("legal", "法律服务机构"),
    _c("other", "其他", "其他", "其它"),
    _c("total", "总计"),
)
T3_APPLICANT_COLS = tuple(c.key for c in T3_COLUMNS[:-1])

_RESULT = "三、本年度办理结果"
_DENY = "（三）不予公开"
_UNABLE = "（四）无法提供"
_REJECT = "（五）不予处理"
_OTHER = "（六）其他处理"


def _t3(key: str, label: str, *match: str, groups: tuple[str, ...] = (), exact: bool = False) -> Row:
    return Row(key, label, T3_COLUMNS, tuple(label_key(m) for m in match), exact, groups)


_T3_HEAD = (
    _t3("new", "一、本年新收政府信息公开申请数量", "本年新收", "新收政府信息公开申请"),
    _t3("carried", "二、上年结转政府信息公开申请数量", "上年结转", "上一年结转"),
    _t3("granted", "（一）予以公开", "予以公开", groups=(_RESULT,)),
    _t3("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开", groups=(_RESULT,)),
    _t3("deny_1", "1.属于国家秘密", "属于国家秘密", "国家秘密", groups=(_RESULT, _DENY)),
    _t3("deny_2", "2.其他法律行政法规禁止公开", "其他法律行政法规禁止公开", "法律行政法规禁止", "行政法规禁止公开", groups=(_RESULT, _DENY)),
    _t3("deny_3", "3.危及“三安全一稳定”", "三安全一稳定", "危及三安全", groups=(_RESULT, _DENY)),
    _t3("deny_4", "4.保护第三方合法权益", "保护第三方合法权益", "第三方合法权益", groups=(_RESULT, _DENY)),
    _t3("deny_5", "5.属于三类内部事务信息", "三类内部事务", "内部事务信息", groups=(_RESULT, _DENY)),
    _t3("deny_6", "6.属于四类过程性信息", "四类过程性", "过程性信息", groups=(_RESULT, _DENY)),
    _t3("deny_7", "7.属于行政执法案卷", "行政执法案卷", groups=(_RESULT, _DENY)),
    _t3("deny_8", "8.属于行政查询事项", "行政查询事项", groups=(_RESULT, _DENY)),
    _t3("unable_1", "1.本机关不掌握相关政府信息", "不掌握相关政府信息", "本机关不掌握", groups=(_RESULT, _UNABLE)),
    _t3("unable_2", "2.没有现成信息需要另行制作", "没有现成信息", "需要另行制作", groups=(_RESULT, _UNABLE)),
    _t3("unable_3", "3.补正后申请内容仍不明确", "补正后申请内容仍不明确", "仍不明确", groups=(_RESULT, _UNABLE)),
    _t3("reject_1", "1.信访举报投诉类申请", "信访举报投诉", groups=(_RESULT, _REJECT)),
    _t3("reject_2", "2.重复申请", "重复申请", groups=(_RESULT, _REJECT)),
    _t3("reject_3", "3.要求提供公开出版物", "公开出版物", groups=(_RESULT, _REJECT)),
    _t3("reject_4", "4.无正当理由大量反复申请", "大量反复申请", "无正当理由大量", groups=(_RESULT, _REJECT)),
    _t3("reject_5", "5.要求行政机关确认或重新出具已获取信息", "确认或重新出具", "重新出具已获取", groups=(_RESULT, _REJECT)),
)
_T3_TAIL = (
    _t3("total", "（七）总计", "总计", groups=(_RESULT,), exact=True),
    _t3("carry_next", "四、结转下年度继续办理", "结转下年度", "结转下一年度", "结转下年"),
)
_T3_OTHER_2019 = (_t3("other", "（六）其他处理", "其他处理", groups=(_RESULT,)),)
_T3_OTHER_2021 = (
    _t3("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "逾期不补正", "无正当理由逾期", groups=(_RESULT, _OTHER)),
    _t3("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "收费通知", "逾期未缴费", "缴纳费用", groups=(_RESULT, _OTHER)),
    _t3("other_3", "3.其他", "其他", "其它", groups=(_RESULT, _OTHER), exact=True),
)

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# The official header: 3 label columns × 3 header rows (the note cell), then 7 data columns.
_T3_HEADER = (
    HeaderCell(T3_NOTE, 0, 0, rowspan=3, colspan=3),
    HeaderCell("申请人情况", 0, 3, colspan=7),
    HeaderCell("自然人", 1, 3, rowspan=2),
    HeaderCell("法人或其他组织", 1, 4, colspan=5),
    HeaderCell("总计", 1, 9, rowspan=2),
    HeaderCell("商业企业", 2, 4),
    HeaderCell("科研机构", 2, 5),
    HeaderCell("社会公益组织", 2, 6),
    HeaderCell("法律服务机构", 2, 7),
    HeaderCell("其他", 2, 8),
)

_T3_MATCH = ("收到和处理政府信息公开申请", "收到和处理政府信息公开")


def _t3_spec(other_rows: tuple[Row, ...]) -> TableSpec:
    return TableSpec(
        "t3", "表三", SECTIONS[2].heading, _T3_MATCH, _T3_HEAD + other_rows + _T3_TAIL,
        header=_T3_HEADER, label_cols=3,
    )


# ---------------------------------------------------------------------------------------
# Table 四 (identical in both versions): three blocks of five, printed as one data row.

T4_COLUMNS: tuple[Column, ...] = (
    _c("upheld", "结果维持", "结果维持", "维持"),
    _c("corrected", "结果纠正", "结果纠正", "纠正"),
    _c("other", "其他结果", "其他结果"),
    _c("pending", "尚未审结", "尚未审结", "审结"),
    _c("total", "总计"),
)
T4_PARTS = tuple(c.key for c in T4_COLUMNS[:-1])


def _t4_header() -> tuple[HeaderCell, ...]:
    cells = [
        HeaderCell("行政复议", 0, 0, colspan=5),
        HeaderCell("行政诉讼", 0, 5, colspan=10),
    ]
    for i, col in enumerate(T4_COLUMNS):
        cells.append(HeaderCell(col.label, 1, i, rowspan=2))
    cells.append(HeaderCell("未经复议直接起诉", 1, 5, colspan=5))
    cells.append(HeaderCell("复议后起诉", 1, 10, colspan=5))
    for block in (5, 10):
        for i, col in enumerate(T4_COLUMNS):
            cells.append(HeaderCell(col.label, 2, block + i))
    return tuple(cells)


T4 = TableSpec(
    "t4", "表四", SECTIONS[3].heading, SECTIONS[3].match,
    (
        Row("review", "行政复议", T4_COLUMNS, (label_key("行政复议"),)),
        Row("litigation_direct", "行政诉讼·未经复议直接起诉", T4_COLUMNS, (label_key("未经复议直接起诉"),)),
        Row("litigation_after_review", "行政诉讼·复议后起诉", T4_COLUMNS, (label_key("复议后起诉"),)),
    ),
    header=_t4_header(), label_cols=0, single_row=True,
)


# ---------------------------------------------------------------------------------------
# Table 二: blocks under captions 第二十条第（N）项, different columns per version.

_B1, _B5, _B6, _B8, _B9 = (f"第二十条第（{n}）项" for n in ("一", "五", "六", "八", "九"))

# 2021
_MADE = (_c("made", "本年制发件数", "本年制发", "制发件数"), _c("repealed", "本年废止件数", "本年废止", "废止件数"),
         _c("in_force", "现行有效件数", "现行有效"))
_DECISIONS = (_c("decisions", "本年处理决定数量", "处理决定数量", "处理决定"),)
_AMOUNT = (_c("amount_wan", "本年收费金额（单位：万元）", "本年收费金额", "收费金额", decimal=True),)

T2_2021 = TableSpec(
    "t2", "表二", SECTIONS[1].heading, SECTIONS[1].match,
    (
        Row("regulations", "规章", _MADE, (label_key("规章"),), exact=True, block=_B1),
        Row("normative_docs", "行政规范性文件", _MADE, (label_key("规范性文件"), label_key("规范性档案")), block=_B1),
        Row("licensing", "行政许可", _DECISIONS, (label_key("行政许可"),), block=_B5),
        Row("punishment", "行政处罚", _DECISIONS, (label_key("行政处罚"),), block=_B6),
        Row("coercion", "行政强制", _DECISIONS, (label_key("行政强制"),), block=_B6),
        Row("fees", "行政事业性收费", _AMOUNT, (label_key("行政事业性收费"), label_key("事业性收费")), block=_B8),
    ),
    label_cols=1,
)

# 2019
_PUB = (_c("new_made", "本年新制作数量", "本年新制作", "新制作数量"), _c("new_pub", "本年新公开数量", "本年新公开", "新公开数量"),
        _c("total_pub", "对外公开总数量", "对外公开总数", "公开总数量"))
_ITEMS = (_c("prev", "上一年项目数量", "上一年项目数量", "上一年项目"), _c("delta", "本年增/减", "本年增减", "增减", signed=True),
          _c("decisions", "处理决定数量", "处理决定"))
_FEE_ITEMS = (_ITEMS[0], _ITEMS[1])
_PROCUREMENT = (_c("count", "采购项目数量", "采购项目数量", "采购项目"), _c("amount", "采购总金额", "采购总金额", decimal=True))

T2_2019 = TableSpec(
    "t2", "表二", SECTIONS[1].heading, SECTIONS[1].match,
    (
        Row("regulations", "规章", _PUB, (label_key("规章"),), exact=True, block=_B1),
        Row("normative_docs", "规范性文件", _PUB, (label_key("规范性文件"), label_key("规范性档案")), block=_B1),
        Row("licensing", "行政许可", _ITEMS, (label_key("行政许可"),), block=_B5),
        Row("other_services", "其他对外管理服务事项", _ITEMS, (label_key("其他对外管理服务事项"), label_key("对外管理服务")), block=_B5),
        Row("punishment", "行政处罚", _ITEMS, (label_key("行政处罚"),), block=_B6),
        Row("coercion", "行政强制", _ITEMS, (label_key("行政强制"),), block=_B6),
        Row("fees", "行政事业性收费", _FEE_ITEMS, (label_key("行政事业性收费"), label_key("事业性收费")), block=_B8),
        Row("procurement", "政府集中采购", _PROCUREMENT, (label_key("政府集中采购"), label_key("集中采购")), block=_B9),
    ),
    label_cols=1,
)

T2_WIDTH = 3  # value columns in the grid of table 二 (the widest block has three)


# ---------------------------------------------------------------------------------------
# Identities (template.md §6.1).

def _identities(t3: TableSpec) -> tuple[Identity, ...]:
    result: list[Identity] = []
    outcome_rows = [r.key for r in t3.rows if r.key not in ("new", "carried", "total", "carry_next")]
    for col in T3_COLUMNS:
        c = col.key
        result.append(Identity(
            "T3-BAL",
            (("t3", "new", c), ("t3", "carried", c)),
            (("t3", "total", c), ("t3", "carry_next", c)),
            f"“{col.label}”列",
        ))
    for col in T3_COLUMNS:
        c = col.key
        result.append(Identity(
            "T3-DONE",
            (("t3", "total", c),),
            tuple(("t3", r, c) for r in outcome_rows),
            f"“{col.label}”列",
        ))
    for row in t3.rows:
        result.append(Identity(
            "T3-ROW",
            (("t3", row.key, "total"),),
            tuple(("t3", row.key, c) for c in T3_APPLICANT_COLS),
            f"“{row.label}”行",
        ))
    for rule, row in (("T4-REV", T4.rows[0]), ("T4-DIR", T4.rows[1]), ("T4-AFT", T4.rows[2])):
        result.append(Identity(
            rule,
            (("t4", row.key, "total"),),
            tuple(("t4", row.key, c) for c in T4_PARTS),
            f"表四“{row.label}”",
        ))
    return tuple(result)


def _template(version: Version, t2: TableSpec, t3: TableSpec) -> Template:
    return Template(version, "中华人民共和国政府信息公开工作年度报告格式", t2, t3, T4, _identities(t3))


TEMPLATE_2021 = _template("2021", T2_2021, _t3_spec(_T3_OTHER_2021))
TEMPLATE_2019 = _template("2019", T2_2019, _t3_spec(_T3_OTHER_2019))
TEMPLATES: dict[str, Template] = {"2021": TEMPLATE_2021, "2019": TEMPLATE_2019}


def template_for(version: str | None) -> Template:
    return TEMPLATES.get(version or "2021", TEMPLATE_2021)


def expected_version(year: int | None) -> Version | None:
    """The layout a report for ``year`` must use: ≤2020 the 2019 trial format, ≥2021 the
    2021 format (it did not exist before 2021-09)."""
    if year is None:
        return None
    return "2019" if year <= 2020 else "2021"


# Fingerprints (template.md §3.2, §4.2, E1): header words only one version prints.
VERSION_MARKERS: dict[Version, tuple[str, ...]] = {
    "2019": tuple(label_key(s) for s in (
        "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减",
        "其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额",
    )),
    "2021": tuple(label_key(s) for s in (
        "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
    )),
}


# ---------------------------------------------------------------------------------------
# Grid layout for the window and the Excel export: every cell of the official table with
# its position and spans, derived from the declarations above.

CellKind = Literal["caption", "header", "label", "value"]


@dataclass(frozen=True)
class GridCell:
    kind: CellKind
    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    row_key: str | None = None  # value cells: the template row key
    col_key: str | None = None  # value cells: the template column key


@dataclass(frozen=True)
class GridLayout:
    table: str
    rows: int
    cols: int
    cells: tuple[GridCell, ...]
    header_rows: int  # the first rows that are header (frozen when scrolling)

    def value_cells(self) -> Iterator[GridCell]:
        return (c for c in self.cells if c.kind == "value")

    def position(self, row_key: str, col_key: str) -> tuple[int, int] | None:
        for cell in self.cells:
            if cell.kind == "value" and cell.row_key == row_key and cell.col_key == col_key:
                return cell.row, cell.col
        return None


def grid_layout(spec: TableSpec) -> GridLayout:
    if spec.key == "t2":
        return _t2_layout(spec)
    if spec.single_row:
        return _single_row_layout(spec)
    return _rows_layout(spec)


def _t2_layout(spec: TableSpec) -> GridLayout:
    cells: list[GridCell] = []
    width = 1 + T2_WIDTH
    r = 0
    block = None
    for row in spec.rows:
        if row.block != block:
            block = row.block
            cells.append(GridCell("caption", r, 0, block, colspan=width))
            r += 1
            cells.append(GridCell("header", r, 0, row.values_header))
            for c, span, col in _spread(row.columns):
                cells.append(GridCell("header", r, c, col.label, colspan=span))
            r += 1
        cells.append(GridCell("label", r, 0, row.label))
        for c, span, col in _spread(row.columns):
            cells.append(GridCell("value", r, c, colspan=span, row_key=row.key, col_key=col.key))
        r += 1
    return GridLayout("t2", r, width, tuple(cells), header_rows=0)


def _spread(columns: tuple[Column, ...]) -> list[tuple[int, int, Column]]:
    """Place a block's value columns in the three grid columns: one column spans all three,
    two take one and two, three take one each (as the official table draws them)."""
    n = len(columns)
    spans = {1: [T2_WIDTH], 2: [1, T2_WIDTH - 1]}.get(n, [1] * n)
    result, c = [], 1
    for col, span in zip(columns, spans):
        result.append((c, span, col))
        c += span
    return result


def _rows_layout(spec: TableSpec) -> GridLayout:
    header_rows = max(h.row + h.rowspan for h in spec.header)
    cells: list[GridCell] = [GridCell("header", h.row, h.col, h.text, h.rowspan, h.colspan) for h in spec.header]
    ncols = spec.label_cols + len(spec.rows[0].columns)
    rows = spec.rows
    for i, row in enumerate(rows):
        r = header_rows + i
        # A group cell is drawn on the first row of its run of rows sharing that prefix.
        for depth, group in enumerate(row.groups):
            prefix = row.groups[: depth + 1]
            if i > 0 and rows[i - 1].groups[: depth + 1] == prefix:
                continue
            span = 1
            while i + span < len(rows) and rows[i + span].groups[: depth + 1] == prefix:
                span += 1
            cells.append(GridCell("label", r, depth, group, rowspan=span))
        depth = len(row.groups)
        cells.append(GridCell("label", r, depth, row.label, colspan=spec.label_cols - depth))
        for j, col in enumerate(row.columns):
            cells.append(GridCell("value", r, spec.label_cols + j, row_key=row.key, col_key=col.key))
    return GridLayout(spec.key, header_rows + len(rows), ncols, tuple(cells), header_rows)


def _single_row_layout(spec: TableSpec) -> GridLayout:
    header_rows = max(h.row + h.rowspan for h in spec.header)
    cells: list[GridCell] = [GridCell("header", h.row, h.col, h.text, h.rowspan, h.colspan) for h in spec.header]
    c = 0
    for row in spec.rows:
        for col in row.columns:
            cells.append(GridCell("value", header_rows, c, row_key=row.key, col_key=col.key))
            c += 1
    return GridLayout(spec.key, header_rows + 1, c, tuple(cells), header_rows)


def column(spec: TableSpec, row_key: str, col_key: str) -> Column:
    for col in spec.row(row_key).columns:
        if col.key == col_key:
            return col
    raise KeyError((row_key, col_key))


def cell_label(template: Template, table: str, row_key: str | None, col_key: str | None) -> str:
    """Human name of a cell for messages: 表三“自然人/本年新收…”."""
    spec = template.table(table)
    if row_key is None:
        return spec.name
    try:
        row = spec.row(row_key)
    except KeyError:
        return f"{spec.name}“{row_key}”"
    row_name = _short(row.label)
    if table == "t4":
        row_name = row.label
    if col_key is None:
        return f"{spec.name}“{row_name}”行"
    col = next((c for c in row.columns if c.key == col_key), None)
    col_name = col.label if col else col_key
    return f"{spec.name}“{row_name}/{col_name}”"


def _short(label: str) -> str:
    """Row label without the bracketed explanation, for messages."""
    head = label.split("（区分处理")[0]
    return head if len(head) <= 24 else head[:22] + "…"


# ---------------------------------------------------------------------------------------
# Last year's report read into this year's layout (core/draft: a new report started from
# last year's). A 2021-format report maps onto itself. A 2019-format one (report year 2020,
# started into 2021) maps row by row where both layouts print the same row with the same
# columns; every other 2021 row has no counterpart and is named to the clerk, never guessed:
# 2019's 对外公开总数量 is not 现行有效件数, and its 收费 项目数量 is not an amount in 万元.
# Pairs of (2019 row, 2021 row) per table; columns match by key.
ROWS_2019_TO_2021: dict[str, tuple[tuple[str, str], ...]] = {
    "t2": (("licensing", "licensing"), ("punishment", "punishment"), ("coercion", "coercion")),
    "t3": tuple((row.key, row.key) for row in _T3_HEAD + _T3_TAIL),
    "t4": tuple((row.key, row.key) for row in T4.rows),
}
