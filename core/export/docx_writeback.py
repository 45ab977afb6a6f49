"""导出修正后的 Word: a copy of the clerk's own .docx with the corrections written as Word
tracked changes (author 年报校验), each with a comment giving the reason.

What is written is a choice among the corrections ``core.export.corrections`` plans: table
cells (the clerk's edits and the findings' suggested values), text (a prose number that
contradicts the table, a year in the title or the statistics period, a row label back to the
template's words) and notes (a comment where a finding has no definite correction). Without
a choice, only the clerk's edits are written, as before the plan existed.

Every part of the package is copied unchanged except ``word/document.xml`` (only the corrected
places differ) and, with comments, the comments part with its relationship and content type.

A cell is written only where it is safe: the cell's value was confirmed by the clerk (a cell
the sums inferred or the reader doubted is never written on its own), the cell is one Word cell
holding that one number, and the cell still reads what was checked. Text is changed only where
the words read are found again, once, outside a field. Anything else is returned with the
reason, for the window to tell the clerk.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timezone
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath

from lxml import etree

from core.document import Location, ReadError
from core.export.content import Change, cell_content, number_text
from core.export.corrections import Correction, TextEdit, plan_corrections
from core.export.docx_macros import DROP, same_number, strict_message, without_macros
from core.export.docx_revisions import (
    Ids, Stamp, add_comment, comments_target, declare_comments, link_comments, live_text, new_comments_part,
    new_rels, track_replace)
from core.export.docx_spans import IN_FIELD, find_span, in_field, note_paragraph, paragraphs_of, track_span
from core.export.files import ExportError, check_target, write_atomically
from core.model import Extraction, Finding, Report
from core.readers.docx import cell_element, paragraph_elements, table_elements
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
SKIP_NO_PLACE = "找不到它在原 Word 文件中的位置，未写入；请在 Word 中手工修改"
NOTHING_CHOSEN = "没有选中要写回的更正；请在问题列表中勾选“写回”后再导出。"
NOTHING_TO_WRITE = "没有需要写回的更正：表格中没有修改，问题列表中也没有可写回原文件的更正。"


@dataclass
class WriteBack:
    """What the Word copy got: the table changes written as tracked changes, those left out
    with the reason (Chinese, for the window), and every correction of the plan that went in
    (cells, text, notes) or did not."""

    path: Path
    written: list[Change] = field(default_factory=list)
    skipped: list[tuple[Change, str]] = field(default_factory=list)
    applied: list[Correction] = field(default_factory=list)
    left: list[tuple[Correction, str]] = field(default_factory=list)

    @property
    def changes(self) -> int:
        """Tracked changes written (a note is only a comment)."""
        return sum(1 for c in self.applied if c.kind != "note")

    @property
    def notes(self) -> int:
        return sum(1 for c in self.applied if c.kind == "note")


def write_corrected_docx(report: Report, target: str | os.PathLike[str], edited: Extraction | None,
                         *, chosen: Collection[str] | None = None, findings: list[Finding] | None = None,
                         plan: list[Correction] | None = None, comments: bool = True,
                         now: datetime | None = None) -> WriteBack:
    """Write a copy of the report's .docx with the corrections ``chosen`` (keys of
    ``plan_corrections(report, edited, findings)``; None: the edits of ``edited`` only) as
    tracked changes to ``target`` (.docx); the source is only read. Raises ExportError only."""
    original = report.extraction
    if original is None:
        raise ExportError("该文件未能读取，没有可写回的表格；请先解决读取问题再导出。")
    if report.format != "docx":
        raise ExportError("只有 Word（.docx）原文才能导出修正后的 Word；其他格式请用“导出表格 (Word)”。")
    path = check_target(report.file, target, ".docx")
    if plan is None:
        plan = plan_corrections(report, edited, findings)
    picked = [c for c in plan if (c.key in chosen if chosen is not None else c.key.startswith("edit|"))]
    if not picked:
        if chosen is None:
            raise ExportError("表格中没有修改过的数值，无需写回；请先在表格中修改数值或采纳建议值后再导出。")
        raise ExportError(NOTHING_CHOSEN if plan else NOTHING_TO_WRITE)
    stamp = Stamp((now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    try:
        source = Path(report.file).read_bytes()
    except OSError as exc:
        raise ExportError(f"无法读取原文件“{Path(report.file).name}”（{exc.strerror or exc}）；请确认它仍在原位置后再导出。") from exc
    try:
        parts, result = _rewrite(source, original, picked, report, stamp, comments)
    except ReadError as exc:
        raise ExportError(exc.message) from exc
    except (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError) as exc:
        raise ExportError("原 Word 文件的内容已损坏，无法写回；请用 Word 或 WPS 重新保存原文件后再试。") from exc
    result.path = write_atomically(path, lambda tmp: _write_zip(source, parts, tmp), "Word 文件")
    return result


def _rewrite(source: bytes, original: Extraction, picked: list[Correction], report: Report, stamp: Stamp,
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
    places = _Places(body)
    shared = Counter(c.loc.docx_cell for t in original.tables.values() for cells in t.rows.values()
                     for c in cells if c.loc is not None and c.loc.docx_cell is not None)
    ids = Ids(root, *([comments_root] if comments_root is not None else []))
    notes: list[tuple[str, str]] = []
    for correction in picked:
        if correction.kind == "note" and not comments:
            result.left.append((correction, "未开启批注，未写入"))
            continue
        comment_id = ids.take() if comments else None
        if correction.kind == "cell":
            why = _write_cell(correction, places, shared, ids, stamp, comment_id, result)
        elif correction.kind == "text":
            why = _write_text(correction, places, ids, stamp, comment_id)
        else:
            why = _write_note(correction, places, comment_id)  # type: ignore[arg-type]
        if why is not None:
            result.left.append((correction, why))
            continue
        result.applied.append(correction)
        if comment_id is not None:
            notes.append((comment_id, correction.comment))
    if not result.applied:
        reasons = [why for _, why in result.left]
        raise ExportError(reasons[0] + "。")
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


class _Places:
    """The body's tables and paragraphs, numbered as the reader numbered them."""

    def __init__(self, body: etree._Element) -> None:
        self.body = body
        self.tables = table_elements(body)
        self.paragraphs = paragraph_elements(body)

    def cell(self, loc: Location | None) -> etree._Element | None:
        if loc is None or loc.docx_cell is None:
            return None
        return cell_element(self.body, loc.docx_cell, self.tables)

    def paragraphs_at(self, loc: Location | None) -> list[etree._Element]:
        """The paragraph a location names, else the paragraphs of its cell."""
        if loc is not None and loc.docx_paragraph is not None and 0 <= loc.docx_paragraph < len(self.paragraphs):
            return [self.paragraphs[loc.docx_paragraph]]
        tc = self.cell(loc)
        return paragraphs_of(tc) if tc is not None else []


def _write_cell(correction: Correction, places: _Places, shared: Counter, ids: Ids, stamp: Stamp,  # type: ignore[type-arg]
                comment_id: str | None, result: WriteBack) -> str | None:
    change = correction.change
    assert change is not None
    why = _why_not(change, shared)
    tc = None
    if why is None:
        assert change.original is not None and change.original.loc is not None
        tc = places.cell(change.original.loc)
        if tc is None:
            why = SKIP_NOT_FOUND
        elif not same_number(change.original.raw or "", live_text(tc)):
            why = SKIP_CHANGED
        elif tc.find(".//" + _W + "instrText") is not None or tc.find(".//" + _W + "fldSimple") is not None:
            # A revision inside a field result is overwritten the next time Word updates it.
            why = SKIP_FIELD
    if why is None and tc is not None and not track_replace(tc, _new_text(change), ids, stamp, comment_id):
        why = SKIP_NOT_FOUND
    if why is not None:
        result.skipped.append((change, why))
        return why
    result.written.append(change)
    return None


def _write_text(correction: Correction, places: _Places, ids: Ids, stamp: Stamp, comment_id: str | None) -> str | None:
    """Every edit of the correction, or none: each is found first, then written."""
    found: list[tuple[TextEdit, etree._Element]] = []
    for edit in correction.edits:
        spot = _find(edit, places)
        if isinstance(spot, str):
            return f"{spot}，未写入；请在 Word 中手工修改"
        found.append((edit, spot[0]))
    for n, (edit, p) in enumerate(found):
        spot = find_span(p, edit.old, edit.before)
        if isinstance(spot, str):
            return f"{spot}，未写入；请在 Word 中手工修改"
        start, end = spot
        anchor = comment_id if n == 0 else None
        if edit.fine:
            _track_differences(p, start, edit.old, edit.new, ids, stamp, anchor)
        else:
            track_span(p, start, end, _as_printed(edit.new, live_text(p)[start:end]), ids, stamp, anchor)
    return None


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _as_printed(new: str, old: str) -> str:
    """A number typed as the report types its numbers: full-width digits ("４０件") where the
    text replaced had them."""
    return new.translate(_FULL_WIDTH) if any("０" <= ch <= "９" for ch in old) else new


def _find(edit: TextEdit, places: _Places) -> tuple[etree._Element, int, int] | str:
    paragraphs = places.paragraphs_at(edit.loc)
    if not paragraphs:
        return SKIP_NO_PLACE.split("，")[0]
    reasons: list[str] = []
    hits: list[tuple[etree._Element, int, int]] = []
    for p in paragraphs:
        spot = find_span(p, edit.old, edit.before)
        if isinstance(spot, str):
            reasons.append(spot)
        else:
            hits.append((p, *spot))
    if len(hits) != 1:
        return reasons[0] if reasons and not hits else "原文同一处有多处相同的文字，无法确定改哪一处"
    p, start, end = hits[0]
    if in_field(p, start, end):
        return IN_FIELD
    return hits[0]


def _track_differences(p: etree._Element, start: int, old: str, new: str, ids: Ids, stamp: Stamp,
                       comment_id: str | None) -> None:
    """Only the characters that differ, as a clerk fixing a typo would: "其他法律行政止公开"
    gains "法规禁", the rest stays. From the end backwards, so earlier offsets hold."""
    ops = [op for op in SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(ops) > 3:
        ops = [("replace", 0, len(old), 0, len(new))]
    for n, (_, i1, i2, j1, j2) in enumerate(reversed(ops)):
        track_span(p, start + i1, start + i2, new[j1:j2], ids, stamp, comment_id if n == len(ops) - 1 else None)


def _write_note(correction: Correction, places: _Places, comment_id: str) -> str | None:
    paragraphs = places.paragraphs_at(correction.loc)
    if not paragraphs:
        return SKIP_NO_PLACE
    note_paragraph(paragraphs[0], comment_id)
    return None


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
