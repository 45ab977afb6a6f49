"""What the Word write-back must not copy as it is, and how it tells a cell is unchanged.

A macro-enabled document (.docm, or a .docm renamed .docx) copied part by part into a .docx
still declares a macro-enabled main part and carries its VBA project, and Word refuses to
open it ("the file is corrupt" / "macros cannot be stored in a .docx"). Word's own "save as
.docx" drops the macro parts; the write-back does the same. A Strict Open XML document
(ISO/IEC 29500 Strict) is read by the reader, but its copy cannot take our transitional
revision markup, so the clerk is told how to save it as an ordinary .docx.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

from core.readers.cells import cell_text

# The value a write-back part map holds for a part to leave out of the copy.
DROP = b"\x00dropped\x00"

_TYPES = "[Content_Types].xml"
_MAIN_RELS = "word/_rels/document.xml.rels"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MACRO_MAINS = ("application/vnd.ms-word.document.macroEnabled.main+xml",
                "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
# Relationships from the body to the VBA project and to what only macros use (key bindings
# and toolbars that call macros); Word's save as .docx drops them all.
_MACRO_RELS = ("/vbaProject", "/keyMapCustomizations", "/attachedToolbars")
_MACRO_TYPES = ("application/vnd.ms-office.vbaProject", "application/vnd.ms-word.vbaData+xml",
                "application/vnd.ms-word.keyMapCustomizations+xml", "application/vnd.ms-word.attachedToolbars")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=False)
_STRICT = "http://purl.oclc.org/ooxml/"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def same_number(checked: str, live: str) -> bool:
    """Whether a cell still reads what was checked: the same text, or the same numbers in
    it (a unit typed beside the number is not a change) — never one number inside another
    (64 checked, 164 retyped since)."""
    a, b = cell_text(checked), cell_text(live)
    if a == b:
        return True
    numbers = _NUMBER.findall(a.replace(",", "").replace("，", ""))
    return bool(numbers) and numbers == _NUMBER.findall(b.replace(",", "").replace("，", ""))


def strict_message(root: etree._Element) -> str | None:
    """The refusal for a Strict Open XML body, None for anything else."""
    if not str(root.tag).startswith("{" + _STRICT):
        return None
    return ("原文是“Strict Open XML 文档”格式，无法在其中写入修订；请用 Word 打开原文件，“另存为”时保存类型选"
            "“Word 文档 (*.docx)”，再检查并导出。")


def without_macros(source: bytes, parts: dict[str, bytes]) -> None:
    """Turn the copy of a macro-enabled document into a plain .docx: the main part's
    content type, the macro parts, their relationships and content types. ``parts`` (name
    → new bytes) gains the rewritten parts and DROP for each part left out."""
    with zipfile.ZipFile(io.BytesIO(source)) as z:
        names = set(z.namelist())
        types_xml = parts.get(_TYPES) or z.read(_TYPES)
        if not any(t.encode() in types_xml for t in (*_MACRO_MAINS, *_MACRO_TYPES)):
            return
        rels_xml = parts.get(_MAIN_RELS) or (z.read(_MAIN_RELS) if _MAIN_RELS in names else None)
        dropped: set[str] = set()
        if rels_xml is not None:
            rels = etree.fromstring(rels_xml, _PARSER)
            for rel in list(rels):
                if (rel.get("Type") or "").endswith(_MACRO_RELS) and rel.get("TargetMode") != "External":
                    dropped.add(posixpath.normpath(posixpath.join("word", rel.get("Target") or "")).lstrip("/"))
                    rels.remove(rel)
            parts[_MAIN_RELS] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
        for name in list(dropped):  # a macro part's own relationships (vbaProject.bin → vbaData.xml)
            own = posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels")
            if own in names:
                dropped.add(own)
                for rel in etree.fromstring(z.read(own), _PARSER):
                    dropped.add(posixpath.normpath(posixpath.join(posixpath.dirname(name), rel.get("Target") or "")))
    types = etree.fromstring(types_xml, _PARSER)
    for entry in list(types):
        kind = entry.get("ContentType") or ""
        if kind in _MACRO_MAINS:
            entry.set("ContentType", _DOCX_MAIN)
        elif kind in _MACRO_TYPES or (entry.get("PartName") or "").lstrip("/") in dropped:
            types.remove(entry)
    parts[_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    for name in dropped & names:
        parts[name] = DROP
