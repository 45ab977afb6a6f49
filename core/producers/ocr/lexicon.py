"""A weakly read line of the template's own words, read as those words.

The labels, headers and headings of tables 二, 三 and 四 and the six section headings are a
closed vocabulary (core/template.py). On a poor scan (100 dpi, a fax, a phone photo) the
recogniser reads their small type character by character and gets some characters wrong:
"2.其他法律行政法规禁止公开" comes out "2.1他法律行改法规禁止公开", "（四）无法提供"
"(R)无社提供". The extraction matches labels by their words, so such a row is lost, or taken
for a row the template does not have; on a scanned report_2019 at 100 dpi 14 rows of
table 三 were.

Like a lexicon-constrained OCR, a run the recogniser was unsure of is compared with every
stretch of the vocabulary (a wrapped label's line is a stretch of its label), and read as
the one stretch it is close to — when it is clearly closer to that one than to any other.
What the recogniser read surely is never changed: a report's own wording (a label variant,
a typo the clerk should hear about) is printed, not misread. Numbers are not words: a run
of digits is never touched, and no value is ever read from the vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from core.ocr_record import Box, OcrRun
from core.template import SECTIONS, TEMPLATES

# A run read with a character less sure than this may be a misreading of the vocabulary.
WEAK = 0.8
# At least this many Chinese characters: shorter pieces ("其他", "总计", "商业") are words of
# many labels, and the extraction knows them exactly.
_MIN_CJK = 4
# Edits allowed per character of the run, and the margin by which the best stretch must beat
# a different one. A third: "2.1他法律行改法规禁止公开" (2 of 14) is one stretch; "结果闰E"
# (2 of 4 from "结果纠正") is no reading at all.
_EDITS = 1 / 3
_MARGIN = 2
_FOLD = str.maketrans({"（": "(", "）": ")", "．": ".", "，": ",", "：": ":", "“": '"', "”": '"'})
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A count in words ("95件", "2024年"): prose about the tables, whose numbers the rules compare
# with them — never read as a label's words.
_COUNT = re.compile(r"\d\s*[件个项条次人名家户元万亿年月日号天周期批类]")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_FOLD).replace(" ", "")


@lru_cache(maxsize=1)
def vocabulary() -> tuple[str, ...]:
    """Every printed phrase of the template, folded: row labels, group captions, column and
    header words, block captions, section headings."""
    words: set[str] = {s.heading for s in SECTIONS}
    for template in TEMPLATES.values():
        for spec in template.tables:
            words.update(cell.text for cell in spec.header)
            for row in spec.rows:
                words.add(row.label)
                words.update(row.groups)
                words.update(c.label for c in row.columns)
                if row.block:
                    words.add(row.block)
                words.add(row.values_header)
    return tuple(sorted(_fold(w) for w in words if w))


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev, row = row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j - 1] + (a[i - 1] != b[j - 1]), prev[j] + 1, row[j - 1] + 1)
    return row[-1]


def _whole(run: str, phrase: str, budget: int, edits: int, a: int, b: int) -> tuple[int, int, int]:
    """The stretch taken out to its phrase's ends where the run reaches them: from the start
    when that costs no more (a run read "3补正后…" is "3.补正后…", its item number kept, not
    ".补正后…"), to the end when one printed character more costs one edit at most (the
    last character not read: "1.美于国家室" is the whole "1.属于国家秘密")."""
    if a > 0:
        cost = _distance(run, phrase[:b])
        if cost <= edits:
            edits, a = cost, 0
    if b == len(phrase) - 1:
        cost = _distance(run, phrase[a:])
        if cost <= min(edits + 1, budget):
            edits, b = cost, len(phrase)
    return edits, a, b


def _within(run: str, phrase: str) -> tuple[int, int, int]:
    """The least edits that make ``run`` a stretch of ``phrase`` (free to start and end
    anywhere in it), and that stretch's start and end."""
    m = len(run)
    # cost[j], start[j]: best alignment of run[:i] ending at phrase[:j].
    cost = [0] * (len(phrase) + 1)
    start = list(range(len(phrase) + 1))
    for i in range(1, m + 1):
        prev_cost, prev_start = cost, start
        cost = [i] + [0] * len(phrase)
        start = [0] + [0] * len(phrase)
        for j in range(1, len(phrase) + 1):
            sub = prev_cost[j - 1] + (run[i - 1] != phrase[j - 1])
            dele = prev_cost[j] + 1  # a character read that is not printed
            ins = cost[j - 1] + 1  # a printed character not read
            best = min(sub, dele, ins)
            cost[j] = best
            start[j] = prev_start[j - 1] if best == sub else prev_start[j] if best == dele else start[j - 1]
    end = min(range(len(phrase) + 1), key=lambda j: (cost[j], -j))
    return cost[end], start[end], end


def corrected(text: str, weakest: float) -> str | None:
    """The vocabulary's stretch a weakly read run is, or None to keep what was read."""
    if weakest >= WEAK or len(_CJK.findall(text)) < _MIN_CJK or _COUNT.search(text):
        return None
    run = _fold(text)
    chars = set(run)
    budget = int(len(run) * _EDITS)
    found: dict[str, int] = {}
    for phrase in vocabulary():
        # Cheap first: a phrase sharing too few characters cannot be within the budget.
        if len(run) - sum(1 for c in chars if c in phrase) > budget:
            continue
        edits, a, b = _whole(run, phrase, budget, *_within(run, phrase))
        if edits <= budget:
            stretch = phrase[a:b]
            found[stretch] = min(edits, found.get(stretch, edits))
    if not found:
        return None
    ranked = sorted(found.items(), key=lambda kv: kv[1])
    best, edits = ranked[0]
    if edits == 0 or (len(ranked) > 1 and ranked[1][1] - edits < _MARGIN):
        return None
    return best


def as_words(runs: list[OcrRun], walls: list[tuple[float, float, float]], em: float) -> list[OcrRun]:
    """The page's runs with the pieces of weakly read template words joined. A label often
    reaches the OCR in pieces (a faint character dropped as dust leaves a gap wider than the
    runs' join: "1.8" "访旱" "报投诉类申证"), and no piece alone is a stretch of it; so the
    runs of words standing next to each other on one line, with no border between them, are
    taken together, and become one run when together they are the template's words. Each
    run alone was read as words already, where it was read (``corrected`` in
    core/producers/ocr/page.py ``read_page``, before a weak run is dropped as a fragment).
    ``walls``: the page's upright borders as (x, y0, y1) in pixels. The runs keep their
    order (the layout builds words from the glyphs in it); a joined run takes its first
    piece's place."""
    out: list[OcrRun] = []
    for group in _neighbours(runs, walls, em):
        out.extend(_read_group([runs[i] for i in group]))
    return out


def _wordy(run: OcrRun) -> bool:
    """A piece of a label: two characters or more, not a number (a lone character is as
    likely a vertical caption's, in the column beside)."""
    text = run.text.replace(" ", "")
    return len(text) >= 2 and not text.replace(".", "").replace(",", "").isdigit()


def _beside(a: OcrRun, b: OcrRun, walls: list[tuple[float, float, float]], em: float) -> bool:
    """``b`` continues ``a``'s line: just right of it, level with it, of its height, and no
    border between them."""
    ha, hb = a.box.y1 - a.box.y0, b.box.y1 - b.box.y0
    mid_a, mid_b = (a.box.y0 + a.box.y1) / 2, (b.box.y0 + b.box.y1) / 2
    mid = (mid_a + mid_b) / 2
    return (-0.2 * em <= b.box.x0 - a.box.x1 <= 2.0 * em and abs(mid_a - mid_b) <= 0.3 * em
            and max(ha, hb) <= 1.5 * max(1, min(ha, hb))
            and not any(a.box.x1 - 1 <= x <= b.box.x0 + 1 and y0 <= mid <= y1 for x, y0, y1 in walls))


def _neighbours(runs: list[OcrRun], walls: list[tuple[float, float, float]], em: float) -> list[list[int]]:
    """The runs' indices grouped, in the runs' order: each group one run, or runs of words
    side by side on one line."""
    taken: set[int] = set()
    groups: list[list[int]] = []
    for i in range(len(runs)):
        if i in taken:
            continue
        taken.add(i)
        group = [i]
        while _wordy(runs[group[-1]]):
            last = runs[group[-1]]
            nxt = [j for j in range(len(runs)) if j not in taken and _wordy(runs[j]) and _beside(last, runs[j], walls, em)]
            if not nxt:
                break
            j = min(nxt, key=lambda k: runs[k].box.x0)
            taken.add(j)
            group.append(j)
        groups.append(group)
    return groups


def _read_group(group: list[OcrRun]) -> list[OcrRun]:
    if len(group) > 1:
        weakest = min(r.weakest for r in group)
        words = corrected("".join(r.text for r in group), weakest)
        if words is not None:
            box = Box(min(r.box.x0 for r in group), min(r.box.y0 for r in group),
                      max(r.box.x1 for r in group), max(r.box.y1 for r in group))
            bbox = (min(r.bbox[0] for r in group), min(r.bbox[1] for r in group),
                    max(r.bbox[2] for r in group), max(r.bbox[3] for r in group))
            return [OcrRun(box, bbox, words, min(r.score for r in group), "", 0.0, weakest)]
    return group
