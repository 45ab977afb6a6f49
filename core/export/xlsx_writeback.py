"""导出修正后的 Excel for a workbook source: a copy of the clerk's own .xlsx with the corrected
cells changed in place and a comment on each giving the value printed and the reason.

Why not openpyxl: loading and saving a workbook with it drops what it does not model — shapes
and text boxes, form controls, slicers, sparklines and other extensions, and rewrites every
part. The copy is made here part by part instead: only the sheets with corrections (their
``<c>`` elements: the value, the style index ``s`` kept), their relationships, the comment
parts and the content types change; images, charts, styles, defined names, everything else
are the source's bytes. A formula in a corrected cell gives way to the value, and the cached
calculation chain is dropped then, as Excel itself rebuilds it; the workbook is marked for a
full recalculation on open so totals computed by formulas follow the corrected cells.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from openpyxl.utils.cell import coordinate_to_tuple

from core.document import ReadError
from core.export.content import Change, cell_content, number_text
from core.export.corrections import Correction, TextEdit, change_comment, find_in_text, plan_corrections
from core.export.files import ExportError, check_target, write_atomically
from core.export.xlsx_comments import add_comments
from core.model import Extraction, Finding, Report
from core.readers.ooxml import Package, refuse_doctype

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CALC_CHAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=False)

SKIP_UNCONFIRMED = "该数值是推断或存疑的读数，未经确认，未写入；请在表格中核实并修改该单元格后再导出"
SKIP_NOT_FOUND = "原文中找不到这个单元格，未写入；请在 Excel 中手工填写"
SKIP_TEXT = "原单元格中找不到要修改的文字，未写入；请在 Excel 中手工修改"
NOTHING_CHOSEN = "没有选中要写回的更正；请在问题列表中勾选“写回”后再导出。"
NOTHING_TO_WRITE = "没有需要写回的更正：表格中没有修改，问题列表中也没有可写回原文件的更正。"


@dataclass
class XlsxWriteBack:
    path: Path
    written: list[Change] = field(default_factory=list)
    skipped: list[tuple[Change, str]] = field(default_factory=list)
    comments: bool = True  # False when a sheet could not take our comments (see xlsx_comments)
    applied: list[Correction] = field(default_factory=list)
    left: list[tuple[Correction, str]] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.applied)


def write_corrected_xlsx(report: Report, target: str | os.PathLike[str], edited: Extraction | None,
                         *, chosen: Collection[str] | None = None, findings: list[Finding] | None = None,
                         plan: list[Correction] | None = None) -> XlsxWriteBack:
    """Write a copy of the report's .xlsx with the corrections ``chosen`` (keys of
    ``plan_corrections``; None: the edits of ``edited`` only) to ``target``. Cells only: a
    number, a row label, a year in a title or period cell; a note (no definite correction)
    is not written. Raises ExportError only."""
    original = report.extraction
    if original is None:
        raise ExportError("该文件未能读取，没有可写回的表格；请先解决读取问题再导出。")
    if report.format != "xlsx":
        raise ExportError("只有 Excel（.xlsx）原文才能写回修正后的 Excel。")
    path = check_target(report.file, target, Path(report.file).suffix.lower() if report.file.lower().endswith(".xlsm") else ".xlsx")
    if plan is None:
        plan = plan_corrections(report, edited, findings)
    picked = [c for c in plan if c.kind != "note" and (c.key in chosen if chosen is not None else c.key.startswith("edit|"))]
    if not picked:
        if chosen is None:
            raise ExportError("表格中没有修改过的数值，无需写回；请先在表格中修改数值或采纳建议值后再导出。")
        raise ExportError(NOTHING_CHOSEN if any(c.kind != "note" for c in plan) else NOTHING_TO_WRITE)
    try:
        source = Path(report.file).read_bytes()
    except OSError as exc:
        raise ExportError(f"无法读取原文件“{Path(report.file).name}”（{exc.strerror or exc}）；请确认它仍在原位置后再导出。") from exc
    result = XlsxWriteBack(path)
    try:
        parts, drop = _rewrite(source, report, original, picked, result)
    except ReadError as exc:
        raise ExportError(exc.message) from exc
    except (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExportError("原 Excel 文件的内容已损坏，无法写回；请用 Excel 或 WPS 重新保存原文件后再试。") from exc
    if not result.applied:
        raise ExportError(result.left[0][1] + "。")
    result.path = write_atomically(path, lambda tmp: _write_zip(source, parts, drop, tmp), "Excel 文件")
    return result


def _rewrite(source: bytes, report: Report, original: Extraction, picked: list[Correction],
             result: XlsxWriteBack) -> tuple[dict[str, bytes], set[str]]:
    with Package(Path(report.file), "Excel 表格", source) as package:
        names = set(package.names())
        read = {name: package.read(name) for name in names if name.endswith((".xml", ".rels", ".vml"))}
    sheets = _sheet_parts(read)
    trees: dict[str, etree._Element] = {}
    notes: dict[str, list[tuple[str, str]]] = {}
    formulas_removed = False
    shared = _shared_strings(read)

    def tree(part: str) -> etree._Element:
        if part not in trees:
            trees[part] = _parse(read[part])
        return trees[part]

    for correction in picked:
        if correction.kind == "text":
            why = _text_cells(correction, sheets, tree, shared, notes)
            if why is None:
                result.applied.append(correction)
            else:
                result.left.append((correction, why))
            continue
        change = correction.change
        assert change is not None
        old, new = change.original, change.corrected
        if new.state not in ("ok", "blank"):
            result.skipped.append((change, SKIP_UNCONFIRMED))
            result.left.append((correction, SKIP_UNCONFIRMED))
            continue
        loc = old.loc if old is not None else None
        part = sheets.get(loc.sheet) if loc is not None and loc.sheet else None
        if old is None or loc is None or loc.cell is None or part is None or old.state in ("missing", "inferred"):
            result.skipped.append((change, SKIP_NOT_FOUND))
            result.left.append((correction, SKIP_NOT_FOUND))
            continue
        formulas_removed |= _set_cell(tree(part), loc.cell, change)
        notes.setdefault(part, []).append((loc.cell, change_comment(original, change)))
        result.written.append(change)
        result.applied.append(correction)
    parts: dict[str, bytes] = {}
    drop: set[str] = set()
    types = _parse(read["[Content_Types].xml"])
    for part, root in trees.items():
        rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
        if not add_comments(root, part, rels_name, read, names, types, notes[part], parts):
            result.comments = False
        parts[part] = _serialize(root)
    workbook = _parse(read["xl/workbook.xml"])
    _full_calc_on_load(workbook)
    parts["xl/workbook.xml"] = _serialize(workbook)
    if formulas_removed:
        drop |= _drop_calc_chain(read, parts, types)
    parts["[Content_Types].xml"] = _serialize(types)
    return parts, drop


def _sheet_parts(read: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → its part in the package."""
    workbook = _parse(read["xl/workbook.xml"])
    rels = _parse(read.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"))
    targets = {r.get("Id"): r.get("Target") or "" for r in rels}
    out: dict[str, str] = {}
    for sheet in workbook.iter(M + "sheet"):
        target = targets.get(sheet.get(_R + "id"))
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part in read:
            out[sheet.get("name") or ""] = part
    return out


def _set_cell(root: etree._Element, ref: str, change: Change) -> bool:
    """Write the corrected value into cell ``ref``, keeping its style. True when a formula
    was replaced."""
    data = root.find(M + "sheetData")
    if data is None:
        data = etree.SubElement(root, M + "sheetData")
    row_no, col_no = coordinate_to_tuple(ref)
    row = _child_in_order(data, M + "row", row_no, lambda el: int(el.get("r") or 0), lambda: _new(M + "row", r=str(row_no)))
    cell = _child_in_order(row, M + "c", col_no, lambda el: coordinate_to_tuple(el.get("r") or "A1")[1],
                           lambda: _new(M + "c", r=ref))
    formula = cell.find(M + "f")
    had_formula = formula is not None
    if formula is not None and formula.get("t") == "shared" and formula.get("ref") and formula.text:
        _unshare(data, ref, formula)
    for child in list(cell):
        if child.tag in (M + "v", M + "f", M + "is"):
            cell.remove(child)
    cell.attrib.pop("t", None)
    content = cell_content(change.corrected)
    if change.corrected.state == "blank" or content is None:
        return had_formula  # an empty cell reads blank; its style stays
    if isinstance(content, (int, float)):
        etree.SubElement(cell, M + "v").text = number_text(content)
    else:
        cell.set("t", "inlineStr")
        text = etree.SubElement(etree.SubElement(cell, M + "is"), M + "t")
        text.text = content
    return had_formula


def _unshare(data: etree._Element, master_ref: str, master: etree._Element) -> None:
    """Give each follower of the shared formula whose master cell ``master_ref`` is about
    to be overwritten its own formula: a follower holds only the group's id, and without
    its master Excel and LibreOffice read it as empty (the totals filled down from it would
    all vanish)."""
    from openpyxl.formula.translate import Translator

    group = master.get("si")
    translator = Translator("=" + (master.text or ""), origin=master_ref)
    for f in data.iter(M + "f"):
        if f is master or f.get("t") != "shared" or f.get("si") != group:
            continue
        cell = f.getparent()
        f.text = translator.translate_formula(cell.get("r") or "")[1:]
        for name in ("t", "si", "ref"):
            f.attrib.pop(name, None)


def _shared_strings(read: dict[str, bytes]) -> list[str]:
    data = read.get("xl/sharedStrings.xml")
    if data is None:
        return []
    root = _parse(data)
    # A string's text is its runs' text; phonetic hints (rPh) are not part of it.
    return ["".join(t.text or "" for t in si.iter(M + "t") if t.getparent().tag != M + "rPh") for si in root.findall(M + "si")]


def _cell_string(root: etree._Element, ref: str, shared: list[str]) -> str | None:
    for cell in root.iter(M + "c"):
        if cell.get("r") != ref:
            continue
        kind = cell.get("t")
        if kind == "s":
            v = cell.find(M + "v")
            index = int(v.text) if v is not None and (v.text or "").isdigit() else -1
            return shared[index] if 0 <= index < len(shared) else None
        if kind == "inlineStr":
            return "".join(t.text or "" for t in cell.iter(M + "t"))
        if kind == "str":
            v = cell.find(M + "v")
            return v.text or "" if v is not None else None
        return None
    return None


def _text_cells(correction: Correction, sheets: dict[str, str], tree, shared: list[str],  # type: ignore[no-untyped-def]
                notes: dict[str, list[tuple[str, str]]]) -> str | None:
    """Every edit of a text correction in its cell, or none."""
    planned: list[tuple[str, str, str]] = []
    for edit in correction.edits:
        part = sheets.get(edit.loc.sheet) if edit.loc.sheet else None
        if part is None or edit.loc.cell is None:
            return SKIP_NOT_FOUND
        text = _cell_string(tree(part), edit.loc.cell, shared)
        new = _replace(text, edit) if text is not None else None
        if new is None:
            return SKIP_TEXT
        planned.append((part, edit.loc.cell, new))
    for n, (part, ref, new) in enumerate(planned):
        _set_text(tree(part), ref, new)
        if n == 0:
            notes.setdefault(part, []).append((ref, correction.comment))
    return None


def _replace(text: str, edit: TextEdit) -> str | None:
    """``text`` with the one occurrence of ``edit.old`` after its context replaced."""
    spot = find_in_text(text, edit.old, edit.before)
    if isinstance(spot, str):
        return None
    return text[: spot[0]] + edit.new + text[spot[1]:]


def _set_text(root: etree._Element, ref: str, text: str) -> None:
    """The cell's value as an inline string; its style stays."""
    data = root.find(M + "sheetData")
    assert data is not None
    row_no, col_no = coordinate_to_tuple(ref)
    row = _child_in_order(data, M + "row", row_no, lambda el: int(el.get("r") or 0), lambda: _new(M + "row", r=str(row_no)))
    cell = _child_in_order(row, M + "c", col_no, lambda el: coordinate_to_tuple(el.get("r") or "A1")[1],
                           lambda: _new(M + "c", r=ref))
    for child in list(cell):
        if child.tag in (M + "v", M + "f", M + "is"):
            cell.remove(child)
    cell.set("t", "inlineStr")
    t = etree.SubElement(etree.SubElement(cell, M + "is"), M + "t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _child_in_order(parent: etree._Element, tag: str, number: int, key, make) -> etree._Element:  # type: ignore[no-untyped-def]
    """The child numbered ``number`` (a row by r, a cell by column), inserted in order when
    the source has none (a cell the report left empty and unformatted)."""
    for child in parent.findall(tag):
        n = key(child)
        if n == number:
            return child
        if n > number:
            new = make()
            child.addprevious(new)
            return new
    new = make()
    parent.append(new)
    return new


def _new(tag: str, **attrs: str) -> etree._Element:
    el = etree.Element(tag)
    for k, v in attrs.items():
        el.set(k, v)
    return el


def _full_calc_on_load(workbook: etree._Element) -> None:
    calc = workbook.find(M + "calcPr")
    if calc is None:
        calc = etree.SubElement(workbook, M + "calcPr")
        # calcPr sits before these in the schema's sequence.
        for tag in ("oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                    "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"):
            follower = workbook.find(M + tag)
            if follower is not None:
                follower.addprevious(calc)
                break
    calc.set("fullCalcOnLoad", "1")


def _drop_calc_chain(read: dict[str, bytes], parts: dict[str, bytes], types: etree._Element) -> set[str]:
    rels_name = "xl/_rels/workbook.xml.rels"
    if rels_name not in read:
        return set()
    rels = _parse(read[rels_name])
    drop: set[str] = set()
    for rel in list(rels):
        if rel.get("Type") == _CALC_CHAIN:
            drop.add(posixpath.normpath(posixpath.join("xl", rel.get("Target") or "")))
            rels.remove(rel)
    for override in list(types):
        if (override.get("PartName") or "").lstrip("/") in drop:
            types.remove(override)
    parts[rels_name] = _serialize(rels)
    return drop


def _parse(data: bytes) -> etree._Element:
    refuse_doctype(data, "Excel 表格")
    return etree.fromstring(data, _PARSER)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _write_zip(source: bytes, parts: dict[str, bytes], drop: set[str], path: str) -> None:
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        seen: set[str] = set()
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = parts.get(info.filename)
            zout.writestr(info, data if data is not None else zin.read(info.filename))
            seen.add(info.filename)
        for name, data in parts.items():
            if name not in seen:
                zout.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)

