"""A row's value tokens → the template's columns.

Read what is printed. Digits run together ("2100001" for seven cells) are read one digit a
cell whenever their count fixes the split, whether or not the row adds up — the rules then
report the broken sum. The template's sums choose among splits only where the digit count
leaves a choice, and the reading note says which sum chose. A row printed a cell short
keeps what it printed; the lost cell stays missing, or is ``inferred`` where the sums
force its value.
"""

from __future__ import annotations

from typing import Sequence

from core.extract.bands import Bands, columns_of
from core.extract.place import Sum, _forced, place_short_row, split_digits
from core.model import CellValue, Finding
from core.tokens import Token

# How the reading notes name the identity that chose a split.
T3_ROW_SUM = "本行“总计”等于各类申请人之和"
T4_ROW_SUM = "各“总计”等于其四项结果之和"


def cells_of(tokens: Sequence[Token]) -> list[CellValue]:
    out = []
    for t in tokens:
        # A digit run too long to be a count has no value (core.tokens): text at its cell.
        if t.kind == "number" and t.value is not None:
            out.append(CellValue(t.value, "ok", t.raw, t.loc, t.unit))
        elif t.kind == "blank":
            out.append(CellValue(None, "blank", t.raw, t.loc))
        else:
            out.append(CellValue(None, "text", t.raw, t.loc))
    return out


def _run(tok: Token) -> str:
    """The digits of a number token as printed, without its unit ("00元" → "00")."""
    raw = tok.raw.replace(",", "")
    if tok.unit and raw.endswith(tok.unit):
        raw = raw[: -len(tok.unit)]
    return raw.strip()


def _glued(values: Sequence[Token]) -> list[str] | None:
    """The digit runs of a row whose numbers may be digits of several cells run together:
    plain non-negative integers, not all of them real cells, one of them several digits."""
    if not values or all(v.cell for v in values):
        return None
    if not all(v.kind == "number" and isinstance(v.value, int) and v.value >= 0 for v in values):
        return None
    runs = [_run(v) for v in values]
    if not all(r.isdigit() for r in runs) or not any(len(r) > 1 for r in runs):
        return None
    return runs


def _digit_tokens(values: Sequence[Token], runs: Sequence[str]) -> list[Token]:
    out = []
    for tok, run in zip(values, runs):
        for d in run:
            out.append(Token("number", d, d, tok.loc, int(d), None, tok.pos, tok.row_id, tok.line, cell=True))
    return out


def _window_by_sums(values: Sequence[Token], ncols: int, sums: Sequence[Sum]) -> int:
    """Where a row with values left over starts. The first ``ncols`` unless they break the
    row's sums and exactly one other run of ``ncols`` keeps them all: a stray number before
    the row's own ("2.1其他法律…" — an item number OCR read with a stroke as "2.1") slid every
    value one column right, and the row's total then stood under the template's last part."""
    def holds(start: int) -> bool:
        window = values[start:start + ncols]
        if not all(v.kind == "number" and v.value is not None for v in window):
            return False
        return all(abs(sum(window[p].value for p in parts) - window[total].value) < 1e-9  # type: ignore[misc]
                   for parts, total in sums)

    if not sums or holds(0):
        return 0
    fitting = [s for s in range(1, len(values) - ncols + 1) if holds(s)]
    return fitting[0] if len(fitting) == 1 else 0


def fit_row(hit_values: list[Token], ncols: int, sums: Sequence[Sum], where: str, refs: list[tuple[str, str | None, str | None]],
            ambiguous: list[list[int]] | None = None, *, sum_name: str = "",
            bands: Bands | None = None) -> tuple[list[CellValue], list[Finding]]:
    """Fit a row's value tokens to ``ncols`` columns. Glued digits that several readings fit,
    even under the row's sums, go to ``ambiguous`` for the table-level identities to decide.
    ``bands``: the table's column centres per page (core/extract/bands.py), which put the
    values of a short row into the columns they stand in."""
    notes: list[Finding] = []
    values = list(hit_values)
    if len(values) > ncols:
        # Strict tables: empty cells under a wide label area come first, and a one-value row
        # typed into a grid of several columns (行政许可 | 1268 | | ) leaves empty cells after.
        while len(values) > ncols and values[0].kind == "blank":
            values.pop(0)
        while len(values) > ncols and values[-1].kind == "blank":
            values.pop()
        if len(values) > ncols:
            extra = len(values) - ncols
            start = _window_by_sums(values, ncols, sums)
            taken = f"已取前{ncols}个" if start == 0 else f"按{sum_name or '表内合计关系'}只有第{start + 1}至第{start + ncols}个成立，已取这{ncols}个"
            notes.append(Finding(
                "X-EXTRA-VALUES", "warning",
                f"{where}识别出{len(hit_values)}个数，比模板多{extra}个；{taken}，请核对原文。",
                refs,
            ))
            values = values[start:start + ncols]
    # Where the page shows its columns, a value standing in a column band is a cell of its
    # own, in that column: not digits of several cells run together, and not to be placed
    # by the sums. A value standing in no band (or in one another value of the row holds)
    # cannot be placed surely: its cell is left unread rather than guessed.
    columns = columns_of(values, bands) if bands and values else None
    if columns is not None:
        placed = [(c, v) for c, v in zip(columns, values) if c is not None]
        ordered = all(b[0] > a[0] for a, b in zip(placed, placed[1:]))
        if len(values) == ncols and all(c is None or c == i for i, c in enumerate(columns)):
            return cells_of(values), notes
        if placed and ordered:
            return _place_by_columns(values, columns, ncols, sums, where, refs, notes)
        if placed:
            notes.append(Finding("X-SHORT-ROW", "warning", f"{where}识别出的数在页面上不按列的顺序排列，无法确定各数所在的列，已标为缺失，请对照原件填写。", refs))
            return [CellValue(None, "missing", None, None) for _ in range(ncols)], notes
    if len(values) == ncols:
        return cells_of(values), notes
    runs = _glued(values)
    if runs is not None:
        printed = "".join(runs)
        digits = len(printed)
        if digits == ncols:
            notes.append(Finding(
                "X-GLUED", "info",
                f"{where}的数字连在一起（“{printed}”），共 {digits} 位、正好每格一位，已按原样读取：{'、'.join(printed)}，请核对原文。",
                refs,
            ))
            return cells_of(_digit_tokens(values, runs)), notes
        if digits < ncols:
            # Fewer digits than cells: each digit is a cell of its own, and cells were lost.
            values = _digit_tokens(values, runs)
        else:
            return _split(values, runs, ncols, sums, where, refs, ambiguous, sum_name, notes)
    return _place_short(values, ncols, sums, where, refs, notes)


def _split(values: list[Token], runs: list[str], ncols: int, sums: Sequence[Sum], where: str,
           refs: list[tuple[str, str | None, str | None]], ambiguous: list[list[int]] | None, sum_name: str,
           notes: list[Finding]) -> tuple[list[CellValue], list[Finding]]:
    printed = "".join(runs)
    loc = values[0].loc

    def read(solution: list[int], how: str) -> tuple[list[CellValue], list[Finding]]:
        notes.append(Finding("X-GLUED", "info", f"{where}的数字连在一起（“{printed}”），{how}：{'、'.join(map(str, solution))}，请核对原文。", refs))
        return [CellValue(v, "ok", str(v), loc) for v in solution], notes

    free = split_digits(runs, ncols, [], limit=2)
    if len(free) == 1:
        return read(free[0], "只有一种拆分方式，已按原样读取")
    solutions = split_digits(runs, ncols, sums, limit=64) if sums and free else []
    if len(solutions) == 1:
        return read(solutions[0], f"有多种拆分方式，按{sum_name or '表内合计关系'}只有一种读法")
    if len(solutions) > 1 and ambiguous is not None and len(solutions) < 64:
        ambiguous.extend(solutions)
    why = "有多种拆分方式，无法确定各列数值"
    if sums and free and not solutions:
        why = f"有多种拆分方式，且没有一种能使{sum_name or '表内合计关系'}成立，无法确定各列数值"
    notes.append(Finding("X-GLUED", "warning", f"{where}的数字连在一起（“{printed}”），{why}，请对照原件填写。", refs))
    return [CellValue(None, "missing", None, loc) for _ in range(ncols)], notes


def _place_by_columns(values: list[Token], columns: list[int | None], ncols: int, sums: Sequence[Sum], where: str,
                      refs: list[tuple[str, str | None, str | None]], notes: list[Finding]) -> tuple[list[CellValue], list[Finding]]:
    """A row whose values stand in the page's column bands: each in its column; a value in
    no band is left out, and the row's other cells are then ``uncertain``; a column nothing
    stands in is lost — or ``inferred`` where the row's sums force it (only when every value
    was placed)."""
    at = {c: v for c, v in zip(columns, values) if c is not None}
    unplaced = len(values) - len(at)
    # A number the bands cannot place (between two columns, or where another of the row's
    # values stands) may be a value of this row or of another: the row's reading is in doubt.
    # Text run over two columns ("0[6") is only its own cells' loss.
    doubt = any(c is None and v.kind == "number" for c, v in zip(columns, values))
    col_value = {c: (v.value if v.kind == "number" else None) for c, v in at.items()}
    lost = {c for c in range(ncols) if c not in at}
    forced = (_forced(col_value, lost, sums) or {}) if not unplaced else {}
    cells = []
    for c in range(ncols):
        if c in at:
            cell = cells_of([at[c]])[0]
            if doubt and cell.state in ("ok", "blank"):
                # A row holding a value the columns cannot place was not read as it stands
                # (a line of the next row taken into it, a number glued to stray marks): what
                # stands in the columns is in the same doubt.
                cell.state = "uncertain"
                cell.candidates = (cell.value,) if cell.value is not None else ()
            cells.append(cell)
        elif c in forced:
            cells.append(CellValue(forced[c], "inferred", None, values[0].loc))
        else:
            cells.append(CellValue(None, "missing", None, None))
    missing = sum(1 for c in cells if c.state == "missing")
    head = f"{where}只识别出{len(values)}个数，模板应有{ncols}个；" if len(values) < ncols else f"{where}有数不在任何一列的位置上；"
    if doubt:
        tail = f"{unplaced}个数不在任何一列的位置上、未采用，其余各数按在页面上所在的列放入、标为识别不确定，{missing}格未能读出，请对照原件核对。"
    elif unplaced:
        tail = f"{unplaced}处文字不在任何一列的位置上、未采用，各数按在页面上所在的列放入，{missing}格未能读出，请对照原件补全。"
    elif missing:
        tail = f"已按各数在页面上所在的列放入对应列，其余{missing}格未能读出，请对照原件补全。"
    else:
        tail = "已按各数在页面上所在的列放入对应列，缺的数按合计关系补上（标为“推定”），请对照原件核实。"
    notes.append(Finding("X-SHORT-ROW", "warning", head + tail, refs))
    return cells, notes


def _place_short(values: list[Token], ncols: int, sums: Sequence[Sum], where: str,
                 refs: list[tuple[str, str | None, str | None]], notes: list[Finding]) -> tuple[list[CellValue], list[Finding]]:
    placement = place_short_row([v.value for v in values], ncols, sums)
    cells = []
    for reading in placement:
        if reading is None:
            cells.append(CellValue(None, "missing", None, None))
        elif reading[0] == "printed":
            cells.append(cells_of([values[int(reading[1])]])[0])
        else:
            cells.append(CellValue(reading[1], "inferred", None, values[0].loc if values else None))
    if not values:
        # A label printed with no digits after it (a scrape's blank row, or digits lost): the
        # row is there, its cells unread — a reading warning at the row, never "missing".
        notes.append(Finding("X-SHORT-ROW", "warning", f"{where}没有读到数字（原文该行可能空白）；请对照原件填写（没有数据填 0）。", refs))
        return cells, notes
    lost = sum(1 for c in cells if c.state == "missing")
    inferred = sum(1 for c in cells if c.state == "inferred")
    if lost:
        tail = f"其中{lost}格无法确定对应哪一列，已标为缺失，请对照原件补全。"
    elif inferred:
        tail = "按合计关系，缺的数只能是表中所示数值（已补上，标为“推定”），请对照原件核实。"
    else:
        tail = "已按合计关系确定各数所在列。"
    notes.append(Finding(
        "X-SHORT-ROW", "warning",
        f"{where}只识别出{len(values)}个数，模板应有{ncols}个；" + tail,
        refs,
    ))
    return cells, notes


_ONE_DIGIT = "正好每格一位"


def merge_digit_notes(notes: list[Finding], table_name: str) -> list[Finding]:
    """Rows read one digit a cell share one cause (the page lost its cell borders): one
    note for the table, naming the rows, instead of one per row."""
    same = [f for f in notes if f.rule == "X-GLUED" and f.severity == "info" and _ONE_DIGIT in f.message]
    if len(same) < 2:
        return notes
    first = same[0].message.split("的数字连在一起")[0]
    merged = Finding(
        "X-GLUED", "info",
        f"{table_name}有 {len(same)} 行的数字连在一起，每行的位数正好每格一位，已按原样逐位读取（如{first}）；请核对原文。",
        [c for f in same for c in f.cells],
    )
    out = [f for f in notes if f not in same]
    out.insert(notes.index(same[0]) if same[0] in notes else 0, merged)
    return out
