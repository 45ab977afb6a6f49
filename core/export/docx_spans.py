"""Tracked changes inside running text: a few characters of a paragraph replaced, as Word
writes it when a clerk retypes a word with 修订 on, and a comment anchored on a whole
paragraph.

A paragraph's text is spread over runs, and Word splits runs wherever it likes ("4" "0件"
after a retype, a run per spell-check pass). The characters to change are found in the
paragraph's live text (all runs not already deleted, joined), the runs at both ends are
split so the change starts and ends on run boundaries, the runs inside are wrapped in
``w:del`` and one run in ``w:ins`` follows, carrying the first deleted run's properties.
The runs around keep their properties and every other child; nothing else is touched.
"""

from __future__ import annotations

import copy

from lxml import etree

from core.export.docx_revisions import (
    P, R, RPR, T, XML_SPACE, Ids, Stamp, delete_runs, inserted_run, live_runs, run_props, w_el)
from core.export.correction_types import find_in_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FLD_CHAR, INSTR, FLD_SIMPLE, FLD_TYPE = _W + "fldChar", _W + "instrText", _W + "fldSimple", _W + "fldCharType"

IN_FIELD = "要修改的文字在 Word 域（如公式、目录）中，写入后会在更新域时被覆盖"


def live_text(p: etree._Element) -> str:
    return "".join(t.text or "" for run in live_runs(p) for t in run.findall(T))


def find_span(p: etree._Element, old: str, before: str) -> tuple[int, int] | str:
    """(start, end) of ``old`` in the paragraph's live text, the one after ``before``; or
    the reason it cannot be told."""
    return find_in_text(live_text(p), old, before)


def in_field(p: etree._Element, start: int, end: int) -> bool:
    """True when characters [start, end) lie in a field's result (a formula, a date, a TOC)."""
    depth, pos = 0, 0
    live = set(live_runs(p))
    for el in p.iter(R, FLD_SIMPLE):
        if el.tag == FLD_SIMPLE:
            continue
        chars = el.find(FLD_CHAR)
        if chars is not None:
            kind = chars.get(FLD_TYPE)
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if el in live:
            n = sum(len(t.text or "") for t in el.findall(T))
            inside_fld = depth > 0 or _ancestor(el, FLD_SIMPLE, p)
            if inside_fld and pos < end and pos + n > start:
                return True
            pos += n
    return False


def _ancestor(el: etree._Element, tag: str, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _pieces(p: etree._Element) -> list[tuple[etree._Element, int, int]]:
    """(run, start, end) of every live run that carries text, in order."""
    out: list[tuple[etree._Element, int, int]] = []
    pos = 0
    for run in live_runs(p):
        n = sum(len(t.text or "") for t in run.findall(T))
        out.append((run, pos, pos + n))
        pos += n
    return out


def _split(p: etree._Element, at: int) -> None:
    """Make ``at`` a run boundary: the run holding it is cut in two."""
    for run, start, end in _pieces(p):
        if start < at < end:
            _split_run(run, at - start)
            return


def _split_run(run: etree._Element, k: int) -> None:
    """Move the run's first ``k`` characters (with the children before them) into a new run
    placed before it, with the same properties and attributes."""
    left = etree.Element(R, dict(run.attrib))
    props = run.find(RPR)
    if props is not None:
        left.append(copy.deepcopy(props))
    count = 0
    for child in list(run):
        if child.tag == RPR:
            continue
        if count >= k:
            break
        if child.tag == T:
            text = child.text or ""
            if count + len(text) <= k:
                left.append(child)
                count += len(text)
            else:
                cut = k - count
                piece = etree.SubElement(left, T)
                piece.text = text[:cut]
                piece.set(XML_SPACE, "preserve")
                child.text = text[cut:]
                child.set(XML_SPACE, "preserve")
                count = k
        else:
            left.append(child)
    run.addprevious(left)


def track_span(p: etree._Element, start: int, end: int, new_text: str, ids: Ids, stamp: Stamp,
               comment_id: str | None = None) -> bool:
    """Replace characters [start, end) of the paragraph's live text by ``new_text`` as
    tracked changes. False (nothing changed) when the paragraph has no run there."""
    _split(p, end)
    _split(p, start)
    pieces = _pieces(p)
    inside = [run for run, s, e in pieces if start <= s and e <= end and e > s]
    after = next((run for run, s, e in pieces if s >= end and e > s), None)
    before = next((run for run, s, e in reversed(pieces) if e <= start and e > s), None)
    if not inside and after is None and before is None:
        return False
    dels = delete_runs(inside, ids, stamp)
    model = inside[0] if inside else (before if before is not None else after)
    insertion = None
    if new_text:
        insertion = inserted_run(new_text, run_props(model) if model is not None else None, ids, stamp)
        if dels:
            dels[-1].addnext(insertion)
        elif before is not None:
            before.addnext(insertion)
        else:
            assert after is not None
            after.addprevious(insertion)
    first = dels[0] if dels else insertion
    last = insertion if insertion is not None else (dels[-1] if dels else None)
    if comment_id is not None and first is not None and last is not None:
        _anchor(first, last, comment_id)
    return True


def note_paragraph(p: etree._Element, comment_id: str) -> None:
    """A comment anchored on the whole paragraph (its text runs), or at its end when it
    has none."""
    runs = [r for r in p if r.tag == R] or live_runs(p)
    if runs:
        _anchor(runs[0], runs[-1], comment_id)
        return
    start = w_el("commentRangeStart", comment_id)
    ppr = p.find(_W + "pPr")
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    _anchor_end(start, comment_id)


def _anchor(first: etree._Element, last: etree._Element, comment_id: str) -> None:
    first.addprevious(w_el("commentRangeStart", comment_id))
    end = last
    _anchor_end(end, comment_id)


def _anchor_end(after: etree._Element, comment_id: str) -> None:
    end = w_el("commentRangeEnd", comment_id)
    after.addnext(end)
    reference = etree.Element(R)
    reference.append(w_el("commentReference", comment_id))
    end.addnext(reference)


def paragraphs_of(el: etree._Element) -> list[etree._Element]:
    """The paragraphs of a cell (or the paragraph itself), in order."""
    return [el] if el.tag == P else list(el.iter(P))
