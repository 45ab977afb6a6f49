"""Cell comments (批注) added to a sheet of an existing workbook, as Excel stores them: a
comments part with the text, and the legacy VML drawing that shows each note, both linked
from the sheet. A sheet that already has a legacy drawing (its own comments, form controls)
gets none: merging into someone else's VML risks the file; the values are still written and
the caller tells the clerk."""

from __future__ import annotations

import posixpath
from xml.sax.saxutils import escape

from lxml import etree
from openpyxl.utils.cell import coordinate_to_tuple

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_COMMENTS = R_NS + "/comments"
_VML = R_NS + "/vmlDrawing"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
_VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
# Elements that follow legacyDrawing in a worksheet (the schema fixes the order).
_AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                 "tableParts", "extLst")
AUTHOR = "年报校验"


def add_comments(sheet: etree._Element, part: str, rels_name: str, read: dict[str, bytes], names: set[str],
                 types: etree._Element, notes: list[tuple[str, str]], parts: dict[str, bytes]) -> bool:
    """Attach ``notes`` ((cell ref, text)) to ``sheet``; new and changed parts go to ``parts``.
    False when the sheet cannot take them."""
    if sheet.find(M + "legacyDrawing") is not None:
        return False
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    rels = etree.fromstring(read[rels_name], parser) if rels_name in read else etree.Element(
        "{%s}Relationships" % _PKG_NS, nsmap={None: _PKG_NS})
    if any(r.get("Type") in (_COMMENTS, _VML) for r in rels):
        return False
    n = 1
    while any(f"xl/{name}" in names or f"xl/{name}" in parts for name in (f"comments{n}.xml", f"drawings/vmlDrawing{n}.vml")):
        n += 1
    comments_part, vml_part = f"xl/comments{n}.xml", f"xl/drawings/vmlDrawing{n}.vml"
    folder = posixpath.dirname(part)
    ids = {r.get("Id") for r in rels}
    rel_ids = []
    for kind, target in ((_COMMENTS, comments_part), (_VML, vml_part)):
        k = len(ids) + 1
        while f"rId{k}" in ids:
            k += 1
        ids.add(f"rId{k}")
        rel_ids.append(f"rId{k}")
        rel = etree.SubElement(rels, "{%s}Relationship" % _PKG_NS)
        rel.set("Id", f"rId{k}")
        rel.set("Type", kind)
        rel.set("Target", posixpath.relpath(target, folder))
    legacy = etree.Element(M + "legacyDrawing")
    legacy.set("{%s}id" % R_NS, rel_ids[1])
    follower = next((sheet.find(M + tag) for tag in _AFTER_LEGACY if sheet.find(M + tag) is not None), None)
    if follower is not None:
        follower.addprevious(legacy)
    else:
        sheet.append(legacy)
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts[comments_part] = _comments_xml(notes).encode("utf-8")
    parts[vml_part] = _vml(notes, n).encode("utf-8")
    if not any(d.get("Extension", "").lower() == "vml" for d in types.iter(_CT + "Default")):
        default = etree.Element(_CT + "Default")
        default.set("Extension", "vml")
        default.set("ContentType", _VML_TYPE)
        types.insert(0, default)
    override = etree.SubElement(types, _CT + "Override")
    override.set("PartName", "/" + comments_part)
    override.set("ContentType", _COMMENTS_TYPE)
    return True


def _comments_xml(notes: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<comment ref="{ref}" authorId="0"><text><r><rPr><b/><sz val="9"/></rPr><t>{AUTHOR}:</t></r>'
        f'<r><rPr><sz val="9"/></rPr><t xml:space="preserve">\n{escape(text)}</t></r></text></comment>'
        for ref, text in notes)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<authors><author>{AUTHOR}</author></authors><commentList>{items}</commentList></comments>")


def _vml(notes: list[tuple[str, str]], n: int) -> str:
    shapes = []
    for i, (ref, _) in enumerate(notes):
        row, col = coordinate_to_tuple(ref)
        r0, c0 = row - 1, col - 1
        shapes.append(
            f'<v:shape id="_x0000_s{n * 1024 + i + 1}" type="#_x0000_t202" '
            'style="position:absolute;margin-left:80pt;margin-top:2pt;width:180pt;height:80pt;z-index:1;visibility:hidden" '
            'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{c0 + 1}, 15, {max(r0 - 1, 0)}, 10, {c0 + 4}, 15, {r0 + 4}, 4</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{r0}</x:Row><x:Column>{c0}</x:Column></x:ClientData></v:shape>")
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{n}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            + "".join(shapes) + "</xml>")
