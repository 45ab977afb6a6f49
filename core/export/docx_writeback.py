"""导出修正后的 Word: a copy of the clerk's own .docx with the corrected table cells written as
Word tracked changes (author 年报校验), optionally each with a comment giving the reason.

Every part of the package is copied unchanged except ``word/document.xml`` (only the corrected
cells differ) and, with comments, the comments part with its relationship and content type.
The changes are those of the one change model (``core.export.content.find_changes``), so the
Word copy, the Excel workbook and the review letter agree on what changed and why.

A change is written only where it is safe: the cell's value was confirmed by the clerk (a cell
the sums inferred or the reader doubted is never written on its own), the cell is one Word cell
holding that one number, and the cell still reads what was checked. Anything else is returned
as skipped, with the reason, for the window to tell the clerk.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from lxml import etree

from core.document import ReadError
from core.export.content import Change, cell_content, cell_names, display, find_changes, number_text
from core.export.docx_macros import DROP, same_number, strict_message, without_macros
from core.export.docx_revisions import (
    Ids, Stamp, add_comment, comments_target, declare_comments, link_comments, live_text, new_comments_part,
    new_rels, track_replace)
from core.export.files import ExportError, check_target, write_atomically
from core.model import Extraction, Report
from core.readers.docx import cell_element, table_elements
from core.readers.ooxml import Package, refuse_doctype

_MAIN = "word/document.xml"
_MAIN_RELS = "word/_rels/document.xml.rels"
_TYPES = "[Content_Types].xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_BODY = _W + "body"

# Our own parser for the parts we rewrite: as safe as the reader's, but it keeps XML comments
# and whitespace so everything we do not change is written back as it was.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=False, remove_blank_text=False)

SKIP_UNCONFIRMED = "该数值是推断或存疑的读数，未经确认，未写入；请在表格中核实并修改该单元格后再导出"
SKIP_NOT_FOUND = "原文中找不到这个单元格（可能是原文缺失的单元格），未写入；请在 Word 中手工填写"
SKIP_SHARED = "原文的这个 Word 单元格里有不止一个数字，未写入；请在 Word 中手工修改"
SKIP_FIELD = "原文的这个单元格是 Word 公式（域），未写入；请在 Word 中改正其引用的数字后右键“更新域”"
SKIP_CHANGED = "原文件中该单元格的内容与检查时不同（文件可能在检查后被改过），未写入；请重新检查原文件后再导出"


@dataclass
class WriteBack:
    """What the Word copy got: the changes written as tracked changes, and those left out
    with the reason (Chinese, for the window)."""

    path: Path
    written: list[Change] = field(default_factory=list)
    skipped: list[tuple[Change, str]] = field(default_factory=list)


def write_corrected_docx(report: Report, target: str | os.PathLike[str], edited: Extraction | None,
                         *, comments: bool = True, now: datetime | None = None) -> WriteBack:
    """Write a copy of the report's .docx with the edits of ``edited`` as tracked changes to
    ``target`` (.docx); the source is only read. Raises ExportError only."""
    original = report.extraction
    if original is None:
        raise ExportError("该文件未能读取，没有可写回的表格；请先解决读取问题再导出。")
    if report.format != "docx":
        raise ExportError("只有 Word（.docx）原文才能导出修正后的 Word；其他格式请用“导出表格 (Word)”。")
    path = check_target(report.file, target, ".docx")
    changes = find_changes(original, edited, report.findings) if edited is not None else []
    if not changes:
        raise ExportError("表格中没有修改过的数值，无需写回；请先在表格中修改数值或采纳建议值后再导出。")
    stamp = Stamp((now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    try:
        source = Path(report.file).read_bytes()
    except OSError as exc:
        raise ExportError(f"无法读取原文件“{Path(report.file).name}”（{exc.strerror or exc}）；请确认它仍在原位置后再导出。") from exc
    try:
        parts, result = _rewrite(source, original, changes, report, stamp, comments)
    except ReadError as exc:
        raise ExportError(exc.message) from exc
    except (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError) as exc:
        raise ExportError("原 Word 文件的内容已损坏，无法写回；请用 Word 或 WPS 重新保存原文件后再试。") from exc
    result.path = write_atomically(path, lambda tmp: _write_zip(source, parts, tmp), "Word 文件")
    return result


def change_comment(ext: Extraction, change: Change) -> str:
    """The comment text of one change: the cell, the value printed, the value written, why."""
    name = cell_names(ext, [(change.table, change.row, change.col)])
    return f"{name}：原为 {display(change.original)}，改为 {display(change.corrected)}。\n{change.reason}"


def _rewrite(source: bytes, original: Extraction, changes: list[Change], report: Report, stamp: Stamp,
             comments: bool) -> tuple[dict[str, bytes], WriteBack]:
    """The parts that change (name → bytes) and what was written."""
    result = WriteBack(Path())
    with Package(Path(report.file), "Word 文档", source) as package:
        names = set(package.names())
        if _MAIN not in names:
            raise ReadError("原文件不是有效的 Word 文档（缺少正文部分），无法写回；请用 Word 或 WPS 另存为 .docx 后再检查。")
        root = _parse(package.read(_MAIN))
        rels = _parse(package.read(_MAIN_RELS)) if _MAIN_RELS in names else new_rels()
        target = comments_target(rels) if comments else None
        comments_name = str(PurePosixPath("word") / target) if target else "word/comments.xml"
        comments_root = _parse(package.read(comments_name)) if comments and target and comments_name in names else None
    body = root.find(_W_BODY)
    if body is None:
        raise ReadError(strict_message(root) or "原 Word 文档没有正文，无法写回；请确认选对了文件。")
    tables = table_elements(body)
    shared = Counter(c.loc.docx_cell for t in original.tables.values() for cells in t.rows.values()
                     for c in cells if c.loc is not None and c.loc.docx_cell is not None)
    ids = Ids(root, *([comments_root] if comments_root is not None else []))
    notes: list[tuple[str, str]] = []
    for change in changes:
        why = _why_not(change, shared)
        tc = None
        if why is None:
            assert change.original is not None and change.original.loc is not None
            tc = cell_element(body, change.original.loc.docx_cell, tables)  # type: ignore[arg-type]
            if tc is None:
                why = SKIP_NOT_FOUND
            elif not same_number(change.original.raw or "", live_text(tc)):
                why = SKIP_CHANGED
            elif tc.find(".//" + _W + "instrText") is not None or tc.find(".//" + _W + "fldSimple") is not None:
                # A revision inside a field result is overwritten the next time Word updates it.
                why = SKIP_FIELD
        if why is not None or tc is None:
            result.skipped.append((change, why or SKIP_NOT_FOUND))
            continue
        comment_id = ids.take() if comments else None
        if not track_replace(tc, _new_text(change), ids, stamp, comment_id):
            result.skipped.append((change, SKIP_NOT_FOUND))
            continue
        if comment_id is not None:
            notes.append((comment_id, change_comment(original, change)))
        result.written.append(change)
    if not result.written:
        raise ExportError(result.skipped[0][1] + "。")
    parts = {_MAIN: _serialize(root)}
    if notes:
        if comments_root is None:
            comments_root = new_comments_part()
            comments_name = _free_name(names, "word/comments.xml")
            link_comments(rels, PurePosixPath(comments_name).name)
            parts[_MAIN_RELS] = _serialize(rels)
            types = _parse(source_part(source, _TYPES))
            declare_comments(types, "/" + comments_name)
            parts[_TYPES] = _serialize(types)
        for comment_id, text in notes:
            add_comment(comments_root, comment_id, text, stamp)
        parts[comments_name] = _serialize(comments_root)
    without_macros(source, parts)  # a .docm source: the copy is a real .docx
    return parts, result


def _why_not(change: Change, shared: Counter) -> str | None:  # type: ignore[type-arg]
    new = change.corrected
    if new.state not in ("ok", "blank"):
        return SKIP_UNCONFIRMED
    old = change.original
    if old is None or old.loc is None or old.loc.docx_cell is None or old.state == "missing":
        return SKIP_NOT_FOUND
    if old.state not in ("ok", "blank", "text"):
        # An inferred cell was not printed; an uncertain reading is not what the cell says.
        return SKIP_UNCONFIRMED if old.state != "inferred" else SKIP_NOT_FOUND
    if shared[old.loc.docx_cell] > 1:
        return SKIP_SHARED
    return None


def _new_text(change: Change) -> str:
    """What the cell reads after the change: the number as typed; a cell made blank is
    left empty, as a Word table shows a blank."""
    content = cell_content(change.corrected)
    if change.corrected.state == "blank" or content is None:
        return ""
    return number_text(content) if isinstance(content, (int, float)) else str(content)


def source_part(source: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(source)) as z:
        return z.read(name)


def _parse(data: bytes) -> etree._Element:
    refuse_doctype(data, "Word 文档")
    return etree.fromstring(data, _PARSER)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _free_name(names: set[str], wanted: str) -> str:
    if wanted not in names:
        return wanted
    stem, n = wanted[: -len(".xml")], 2
    while f"{stem}{n}.xml" in names:
        n += 1
    return f"{stem}{n}.xml"


def _write_zip(source: bytes, parts: dict[str, bytes], path: str) -> None:
    """The source package entry by entry, in its order and with its names, with ``parts``
    replacing or adding entries."""
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        seen: set[str] = set()
        for info in zin.infolist():
            data = parts.get(info.filename)
            if data is DROP:
                continue
            zout.writestr(info, data if data is not None else zin.read(info.filename))
            seen.add(info.filename)
        for name, data in parts.items():
            if name not in seen and data is not DROP:
                zout.writestr(zipfile.ZipInfo(name, date_time=datetime.now().timetuple()[:6]), data,
                              compress_type=zipfile.ZIP_DEFLATED)
