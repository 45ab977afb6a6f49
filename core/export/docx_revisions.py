"""Word tracked changes and comments, written into the XML of a .docx.

A corrected cell becomes what Word itself writes when a clerk retypes a number with 修订 on:
the old runs wrapped in ``w:del`` (their ``w:t`` turned into ``w:delText``), then one run in
``w:ins`` carrying a copy of the first old run's ``w:rPr`` — font, size, bold, colour stay as
printed; alignment belongs to the paragraph, which is not touched. Word and WPS then show each
change for the clerk to accept or reject. A comment, optional, is anchored around the change
(``commentRangeStart``/``End`` and a reference run) and lives in the comments part.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W_NS + "}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
P, R, T, RPR, PPR, DEL, INS, DEL_TEXT, TBL = (_W + t for t in ("p", "r", "t", "rPr", "pPr", "del", "ins", "delText", "tbl"))
ID, AUTHOR, DATE, INITIALS = (_W + t for t in ("id", "author", "date", "initials"))
# Text that is already gone (a deletion someone tracked before us) or only a drawing's legacy
# copy: never deleted again, never copied.
_DEAD = frozenset(_W + t for t in ("del", "moveFrom")) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
# Revision marks inside run properties belong to the old run, not to the new one.
_RPR_MARKS = frozenset(_W + t for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange"))

AUTHOR_NAME = "年报校验"
AUTHOR_INITIALS = "JY"

COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


class Ids:
    """Annotation ids (``w:id`` of insertions, deletions, comments) not yet used anywhere
    in the document or its comments."""

    def __init__(self, *roots: etree._Element) -> None:
        used = 0
        for root in roots:
            for el in root.iter():
                value = el.get(ID) if isinstance(el.tag, str) else None
                if value is not None and value.lstrip("-").isdigit():
                    used = max(used, int(value))
        self._next = used + 1

    def take(self) -> str:
        value = self._next
        self._next += 1
        return str(value)


@dataclass(frozen=True)
class Stamp:
    """Who made the change and when, as Word records it."""

    date: str  # ISO 8601, e.g. 2026-12-01T10:58:00Z
    author: str = AUTHOR_NAME


def live_text(tc: etree._Element) -> str:
    """The cell's text as it reads with all tracked changes accepted."""
    parts: list[str] = []
    for run in live_runs(tc):
        parts.extend(t.text or "" for t in run.iter(T))
    return "".join(parts)


def live_runs(tc: etree._Element) -> list[etree._Element]:
    """The runs of the cell that carry text and are not already deleted, in order."""
    out: list[etree._Element] = []
    for run in tc.iter(R):
        if run.find(T) is None or _is_dead(run, tc):
            continue
        out.append(run)
    return out


def _is_dead(el: etree._Element, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _DEAD:
            return True
        parent = parent.getparent()
    return False


def delete_runs(runs: list[etree._Element], ids: Ids, stamp: Stamp) -> list[etree._Element]:
    """Wrap each run in its own ``w:del`` where it stands (its ``w:t`` become ``w:delText``);
    the deletions, in order."""
    dels: list[etree._Element] = []
    for run in runs:
        deletion = mark(DEL, ids, stamp)
        run.addprevious(deletion)
        deletion.append(run)  # moves the run inside the deletion
        for t in run.findall(T):
            t.tag = DEL_TEXT
            t.set(XML_SPACE, "preserve")
        dels.append(deletion)
    return dels


def inserted_run(new_text: str, props: etree._Element | None, ids: Ids, stamp: Stamp) -> etree._Element:
    """A ``w:ins`` holding one run of ``new_text`` with ``props`` (a copied ``w:rPr``), not
    yet placed in the document."""
    insertion = mark(INS, ids, stamp)
    run = etree.SubElement(insertion, R)
    if props is not None:
        run.append(props)
    text = etree.SubElement(run, T)
    text.text = new_text
    text.set(XML_SPACE, "preserve")
    return insertion


def track_replace(tc: etree._Element, new_text: str, ids: Ids, stamp: Stamp,
                  comment_id: str | None = None) -> bool:
    """Replace the text of cell ``tc`` by ``new_text`` as tracked changes. Returns False
    (and changes nothing) when the cell has no paragraph to write into."""
    runs = live_runs(tc)
    paragraph = _first_paragraph(tc) if not runs else None
    if not runs and paragraph is None:
        return False
    dels = delete_runs(runs, ids, stamp)
    props = run_props(runs[0]) if runs else _paragraph_mark_props(paragraph)
    insertion = None
    if new_text:
        insertion = inserted_run(new_text, props, ids, stamp)
        if dels:
            dels[-1].addnext(insertion)
        else:
            assert paragraph is not None
            paragraph.append(insertion)
    first = dels[0] if dels else insertion
    last = insertion if insertion is not None else dels[-1]
    if comment_id is not None and first is not None and last is not None:
        first.addprevious(w_el("commentRangeStart", comment_id))
        end = w_el("commentRangeEnd", comment_id)
        last.addnext(end)
        reference = etree.Element(R)
        reference.append(w_el("commentReference", comment_id))
        end.addnext(reference)
    return True


def w_el(tag: str, comment_id: str) -> etree._Element:
    el = etree.Element(_W + tag)
    el.set(ID, comment_id)
    return el


def mark(tag: str, ids: Ids, stamp: Stamp) -> etree._Element:
    el = etree.Element(tag)
    el.set(ID, ids.take())
    el.set(AUTHOR, stamp.author)
    el.set(DATE, stamp.date)
    return el


def _first_paragraph(tc: etree._Element) -> etree._Element | None:
    for p in tc.iter(P):
        if not _is_dead(p, tc):
            return p
    return None


def run_props(run: etree._Element) -> etree._Element | None:
    props = run.find(RPR)
    if props is None:
        return None
    out = copy.deepcopy(props)
    for child in list(out):
        if child.tag in _RPR_MARKS:
            out.remove(child)
    return out


def _paragraph_mark_props(paragraph: etree._Element | None) -> etree._Element | None:
    """An empty cell has no run to copy: its paragraph mark's run properties are what Word
    gives the text typed there."""
    if paragraph is None:
        return None
    ppr = paragraph.find(PPR)
    props = ppr.find(RPR) if ppr is not None else None
    if props is None:
        return None
    out = etree.Element(RPR)
    for child in props:
        if child.tag not in _RPR_MARKS:
            out.append(copy.deepcopy(child))
    return out


# ----------------------------------------------------------------------------- comments

def new_comments_part() -> etree._Element:
    return etree.Element(_W + "comments", nsmap={"w": W_NS})


def add_comment(comments: etree._Element, comment_id: str, text: str, stamp: Stamp) -> None:
    """One comment, one paragraph per line of ``text``."""
    comment = etree.SubElement(comments, _W + "comment")
    comment.set(ID, comment_id)
    comment.set(AUTHOR, stamp.author)
    comment.set(DATE, stamp.date)
    comment.set(INITIALS, AUTHOR_INITIALS)
    for line in text.split("\n"):
        p = etree.SubElement(comment, P)
        r = etree.SubElement(p, R)
        t = etree.SubElement(r, T)
        t.text = line
        t.set(XML_SPACE, "preserve")


_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def comments_target(rels: etree._Element) -> str | None:
    """The comments part the document already links to (a path relative to word/)."""
    for rel in rels:
        if rel.get("Type") == COMMENTS_TYPE and rel.get("TargetMode") != "External":
            return rel.get("Target")
    return None


def link_comments(rels: etree._Element, target: str) -> None:
    used = {rel.get("Id") for rel in rels}
    n = len(used) + 1
    while f"rId{n}" in used:
        n += 1
    rel = etree.SubElement(rels, "{%s}Relationship" % _REL_NS)
    rel.set("Id", f"rId{n}")
    rel.set("Type", COMMENTS_TYPE)
    rel.set("Target", target)


def declare_comments(types: etree._Element, part_name: str) -> None:
    """The content type override of the comments part, unless it is declared already."""
    for el in types:
        if el.tag == "{%s}Override" % _CT_NS and (el.get("PartName") or "").lower() == part_name.lower():
            return
    override = etree.SubElement(types, "{%s}Override" % _CT_NS)
    override.set("PartName", part_name)
    override.set("ContentType", COMMENTS_CONTENT_TYPE)


def new_rels() -> etree._Element:
    return etree.Element("{%s}Relationships" % _REL_NS, nsmap={None: _REL_NS})
