"""One page image → the same page of positioned glyphs and border lines the PDF reader
producer builds from a text layer (core/layout/page.py ``page_from_glyphs``), so scans go through the
one table pipeline: ruled tables by pdfplumber's finder on the found lines, tables without
borders by the positional builder on the runs' gaps.

Per page: grey by the brightest channel (the red seal drops out), deskew, turn upright if
scanned upside down, find ruling lines and text runs, recognise every run (one batched
pass). Each run becomes glyphs spread over its box; its reading and confidence are kept in
an OcrPage for the trust pass and the window.
"""

from __future__ import annotations

import re
import time
import unicodedata
from typing import TYPE_CHECKING

from core.layout.page import Canvas, Page, page_from_glyphs
from core.layout.ruled import closers
from core.layout.text import Glyph
from core.ocr_record import Box, OcrPage, OcrRun
from core.producers.ocr import grid, image, lexicon, specks
from core.producers.ocr.engine import FULL_HEIGHT, PROSE_HEIGHT, engine
from core.producers.ocr.number_runs import NUMBER as _NUMBER
from core.producers.ocr.number_runs import without_dust
from core.producers.ocr.paper import even_light
from core.producers.ocr.runs import missed_rules

if TYPE_CHECKING:
    import numpy as np

# Working resolution: a page is brought to about this many pixels across (200 dpi A4). The
# recogniser scales every run to 48 px high anyway; more pixels only slow the morphology,
# fewer lose the thin strokes of small table digits.
_WORK_WIDTH = 1650
_A4 = (595.3, 841.9)
# A run of Chinese text with a character less sure than this is read again (_second_look).
_WEAK_LABEL = 0.8
# A run this many characters long, outside a ruled table, is prose (_is_prose); a table's
# rows are at most this many character heights apart.
_PROSE_EMS = 8
# A prose line read at the prose height is read again at full height only when a character
# is this unsure: above it the two heights gave the same text on every weak line of the
# scanned real PDFs (17 lines), so the re-read bought nothing.
_WEAK_PROSE = 0.3
_TABLE_ROW_EMS = 6
# A label's item number "1." read "1:" (a speck over its dot): no label of the template has
# a colon after a leading number, and read so the "1" is taken for the row's first value.
_ITEM_COLON = re.compile(r"^(\d{1,2})[:：;；](?=[\u4e00-\u9fff])")
# A cell printed as a dash is a blank the report drew, not an unreadable number.
_DASHES = re.compile(r"[-—－–_/]+")
# Digit-high marks a table prints besides digits: a label's brackets, and a border's
# residue the ruling missed ("|"). Read so, digit-high ink is what it reads.
_PRINTED_TALL = re.compile(r"[()（）\[\]【】|｜]")
# Grey above this is paper or a seal's tint, never a character's stroke or its edge.
_PAPER = 185
# What a character-sized unreadable mark is given as text (see read_page).
UNREADABLE = "×"
# Share of sampled lines the classifier must find upside down to turn the page.
_FLIP_SHARE = 0.6
# What the recogniser gives for a printed character it confuses with a rarer one: the
# enumeration comma of "四、政府信息公开行政复议、行政诉讼情况" comes out as the radical
# "丶", which no report prints (and the section headings are then not found).
_CONFUSED = str.maketrans({"丶": "、"})
# An item number's digit is set this many line heights apart from the label after it by
# its mark ("3." "3、": half an em and more); a digit inside the words touches them (0.1).
_ITEM_GAP = 0.3
# A digit before one of these is a count, not an item number: Word sets a quarter em between
# a digit and the Chinese after it ("3 件"), which a blurred scan may show as wide as a mark.
_UNITS = set("件个项条次人名家户元万亿年月日号天周期批类")



def page_size(img: "np.ndarray") -> tuple[float, float]:
    """An image without a page around it is taken as A4 (portrait or landscape) in points."""
    h, w = img.shape[:2]
    if w <= h:
        return _A4[0], _A4[0] * h / w
    return _A4[1], _A4[1] * h / w


def deskewed(img: "np.ndarray") -> tuple["np.ndarray", "np.ndarray", float]:
    """The page in grey at the working resolution, turned level: (grey, its ink mask, the
    angle turned by)."""
    from core.producers.ocr import imageops as cv

    grey = image.to_grey(img)
    if grey.shape[1] > _WORK_WIDTH * 1.15:
        f = _WORK_WIDTH / grey.shape[1]
        grey = cv.resize(grey, None, fx=f, fy=f, interpolation=cv.INTER_AREA)
    elif grey.shape[1] < _WORK_WIDTH * 0.7 and grey.shape[0] > grey.shape[1]:
        # A page image scanned at 100–120 dpi is brought up to the working resolution, as a
        # PDF's page is rendered at it whatever its pictures hold: the morphology's sizes
        # (a border's least length, a speck, a stroke's gap) are set for it. Read as they
        # came, 100-dpi TIFFs lost whole tables (dev seeds 31, 154: 12 of 398 cells exact;
        # brought up, 119). Only a whole portrait page: a small picture of one table is not.
        f = _WORK_WIDTH / grey.shape[1]
        grey = cv.resize(grey, None, fx=f, fy=f, interpolation=cv.INTER_CUBIC)
    grey = even_light(grey)
    mask = image.ink(grey)
    angle = image.skew_angle(mask)
    if angle:
        grey = image.rotate(grey, angle)
        mask = image.ink(grey)
    return grey, mask, angle


def _ruling(mask: "np.ndarray") -> tuple[list[image.Segment], "np.ndarray"]:
    """The page's ruling, and the upright borders it left out that the text runs find (a
    border broken into dashes or cut through a header: core/producers/ocr/runs.py
    ``missed_rules``) — borders, not text."""
    segments, lines_mask = image.ruling(mask)
    return segments + [image.Segment(*r) for r in missed_rules(mask, lines_mask)], lines_mask


def _layout(mask: "np.ndarray") -> tuple[list[image.Segment], "np.ndarray", list[Box], float]:
    """The page's borders, their pixels, its text runs — cut at every side found, so two
    cells are never glued into one run — and its character height."""
    segments, lines_mask = _ruling(mask)
    boxes, em = image.text_runs(mask, lines_mask)
    return segments, lines_mask, grid.split_runs(boxes, segments, mask, lines_mask, em), em


def read_page(img: "np.ndarray", number: int, size: tuple[float, float] | None = None) -> tuple[Page, OcrPage]:
    from core.producers.ocr import imageops as cv


    start = time.perf_counter()
    grey, mask, angle = deskewed(img)
    segments, lines_mask, boxes, em = _layout(mask)
    clean = _clean(grey, mask, lines_mask)
    if _upside_down(clean, boxes):
        grey = cv.rotate(grey, cv.ROTATE_180)
        mask = image.ink(grey)
        segments, lines_mask, boxes, em = _layout(mask)
        clean = _clean(grey, mask, lines_mask)
        angle += 180
    width, height = size or page_size(grey)
    scale = width / grey.shape[1]
    prose = {i for i, b in enumerate(boxes) if _is_prose(b, segments, em)}
    readings = _second_look(clean, boxes, _recognise(clean, boxes, prose), em, prose)
    digit_h = specks.digit_height(boxes, readings, em)
    boxes, readings, numbers = without_dust(clean, cv.bitwise_and(mask, cv.bitwise_not(lines_mask)), boxes, readings, em,
                                             digit_h)
    readings = _count_digits(clean, boxes, readings)
    runs: list[OcrRun] = []
    glyphs: list[Glyph] = []
    for k, (box, r) in enumerate(zip(boxes, readings)):
        text = unicodedata.normalize("NFKC", r.text).translate(_CONFUSED).strip() if r.text else ""
        text = _ITEM_COLON.sub(r"\1.", text)
        if k in numbers and text and not _NUMBER.fullmatch(text) and not _DASHES.fullmatch(text) \
                and not _PRINTED_TALL.search(text):
            # Digit-high marks and nothing else, read as a mark ("。" or "θ" for a dusty "0"):
            # it is a number the recogniser could not read. Its digits reading stands, in
            # doubt, or the unreadable placeholder — never a mark that drops the cell from its
            # row. Brackets and "|" are printed that tall and are left as read: a label's
            # broken "(一)" read "(" and ")", made numbers, was a cell "1" of its own that
            # shifted its row (dev seed 11), and report_2019's "|2" (a border's residue
            # beside a "2") a "12" that shifted table 四's row.
            text = r.digits if _NUMBER.fullmatch(r.digits) else UNREADABLE
            r = type(r)(text, r.score, r.digits, r.digits_score, min(r.weakest, 0.1))
        text = _item_number(text, clean, box)
        words = lexicon.corrected(text, r.weakest)
        if words is not None:
            text = words  # the template's words, read weakly (core/producers/ocr/lexicon.py)
        elif (not text or r.score < 0.5) and r.digits and box.width < 4 * box.height:
            # Unreadable over the whole alphabet but digit-like (a smudged or blotted number):
            # keep the digits reading, weak, so the cell is not lost — the trust pass doubts it.
            text = r.digits
        elif (not text or r.score < 0.3) and 0.6 * em <= box.height <= 2.2 * em and box.width <= 2 * box.height:
            # A character-sized mark nothing can read (a blot over a digit): a placeholder
            # keeps its cell from vanishing, so the row keeps its columns. "×" reads as a
            # blank mark to the table pipeline; its weak score makes the trust pass re-read
            # the cell and, when nothing firm comes of it, mark it uncertain (never 0).
            text = UNREADABLE
            r = type(r)(text, r.score, r.digits, r.digits_score, min(r.weakest, 0.1))
        elif not text or r.score < 0.3:
            continue  # a speck or a fragment of the seal
        bbox = (box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale)
        runs.append(OcrRun(box, bbox, text, r.score, r.digits, r.digits_score, r.weakest))
    walls = [(s.x0, s.y0, s.y1) for s in segments if not s.horizontal]
    runs = lexicon.as_words(runs, walls, em)
    for run in runs:
        glyphs.extend(_glyphs(run.text, run.bbox, max(run.box.height, 0.75 * em) * scale))
    borders = [_line(s, scale, height) for s in segments]
    if borders:
        borders.extend(closers(borders, height))
    page = page_from_glyphs(Canvas(width, height), number, width, height, glyphs, borders)
    ocr = OcrPage(number, clean, scale, width, height, runs, angle=angle, view=grey, seconds=time.perf_counter() - start,
                  digit_height=digit_h)
    return page, ocr


def _recognise(clean: "np.ndarray", boxes: list[Box], prose: set[int]) -> list:  # type: ignore[type-arg]
    """Every run read once: lines of prose at the engine's prose height (most of a page's
    pixels, a third of the cost), table cells and labels at full height. A prose line read
    very weakly there is read again at full height and the surer reading stands."""
    lines = sorted(prose)
    rest = [i for i in range(len(boxes)) if i not in prose]
    out: list = [None] * len(boxes)  # type: ignore[type-arg]
    for i, r in zip(rest, engine().read([image.crop(clean, boxes[i]) for i in rest])):
        out[i] = r
    for i, r in zip(lines, engine().read([image.crop(clean, boxes[i]) for i in lines], height=PROSE_HEIGHT)):
        out[i] = r
    weak = [i for i in lines if out[i].weakest < _WEAK_PROSE]
    for i, r in zip(weak, engine().read([image.crop(clean, boxes[i]) for i in weak])):
        if r.score > out[i].score:
            out[i] = r
    return out


def _is_prose(box: Box, segments: list[image.Segment], em: float) -> bool:
    """A line of running text: long, and not between two borders of a table (a ruled
    table's labels and the headings squeezed between two tables count as table text — the
    safe side, read at full height)."""
    if em <= 0 or box.width < _PROSE_EMS * em:
        return False
    cx = (box.x0 + box.x1) / 2
    reach = _TABLE_ROW_EMS * em
    above = any(s.horizontal and s.x0 <= cx <= s.x1 and 0 <= box.y0 - s.y0 <= reach for s in segments)
    below = any(s.horizontal and s.x0 <= cx <= s.x1 and 0 <= s.y0 - box.y1 <= reach for s in segments)
    return not (above and below)


def _second_look(clean: "np.ndarray", boxes: list[Box], readings: list, em: float, prose: set[int]) -> list:  # type: ignore[type-arg]
    """Runs of a cell's size read weakly (a label such as "上年结转…申请数量" read "结共…市请")
    are read again with a tighter and a looser margin; the surest of the three readings
    stands. A line of prose is read again with the tighter margin only, at the prose height:
    on the scanned real PDFs the looser one never bettered it on a prose line ("目常" →
    "日常", "子以" → "予以", "奥论" → "舆论" all came from the tighter), and the prose height
    gave the full height's text on all 21 weak lines of two scans of each (a dense page's
    second looks: 0.20 s → 0.08 s). Numbers get their own second look in the trust pass,
    against the identities."""
    weak = [i for i, (b, r) in enumerate(zip(boxes, readings))
            if r.text and r.weakest < _WEAK_LABEL and b.width < 24 * max(em, 1) and any(ord(c) >= 0x2E80 for c in r.text)]
    if not weak:
        return readings
    out = list(readings)
    lines = [i for i in weak if i in prose]
    cells = [i for i in weak if i not in prose]
    for again_of, pad, height in ((lines, 0.1, PROSE_HEIGHT), (cells, 0.1, FULL_HEIGHT), (cells, 0.45, FULL_HEIGHT)):
        crops = [image.crop(clean, boxes[i], pad=pad) for i in again_of]
        for i, r in zip(again_of, engine().read(crops, height=height)):
            if r.score > out[i].score:
                out[i] = r
    return out


def _count_digits(clean: "np.ndarray", boxes: list[Box], readings: list) -> list:  # type: ignore[type-arg]
    """A number read with fewer digits than it prints apart ("66" read "6": CTC merges two
    equal characters without a frame between them) is read again with its digits spaced
    out. The spaced reading stands when it reads one digit per piece, firmly; otherwise the
    run is marked weak, so the trust pass doubts its cell (never a confident short number)."""
    out = list(readings)
    short = [i for i, (b, r) in enumerate(zip(boxes, readings))
             if r.text.isdigit() and len(image.pieces(clean, b)) > len(r.text)]
    if not short:
        return out
    again = engine().read([image.spaced(clean, boxes[i]) for i in short], min_ratio=2.5)
    for i, r in zip(short, again):
        if r.text.isdigit() and len(r.text) == len(image.pieces(clean, boxes[i])) and r.weakest >= 0.9:
            out[i] = r
        else:
            old = out[i]
            out[i] = type(old)(old.text, old.score, old.digits, old.digits_score, min(old.weakest, 0.1))
    return out


def _item_number(text: str, clean: "np.ndarray", box: Box) -> str:
    """A label's item number whose dot the recogniser lost ("3.危及…" read "3危及…"): the
    digit stands apart from the words after it by the width of the printed mark, where a
    digit that is part of the words ("1月") touches them. Without the mark the digit reads as
    the row's first value and every value moves a column (dev seed 20: 16 cells read
    confidently in the wrong column); with it the label starts an item as printed."""
    if len(text) < 3 or not "1" <= text[0] <= "9" or ord(text[1]) < 0x2E80 or text[1] in _UNITS:
        return text
    found = image.pieces(clean, box)
    if len(found) < 2:
        return text
    (a0, a1), (b0, _) = found[0], found[1]
    if a1 - a0 <= 0.7 * box.height and b0 - a1 >= _ITEM_GAP * box.height:
        return text[0] + "." + text[1:]
    return text


def _clean(grey: "np.ndarray", mask: "np.ndarray", lines_mask: "np.ndarray") -> "np.ndarray":
    """The page as the recogniser should see it: ink kept in its grey (anti-aliased edges
    help), everything else white — the seal's tint, paper tone, and the borders, so a crop
    never shows a border as a "1" or a seal's star as a stroke."""
    from core.producers.ocr import imageops as cv

    # Whitening everything outside the ink mask cut the anti-aliased edges the recogniser
    # relies on ("上年结转…申请" read "结共…中请" at 0.31, 0.997 with the edges kept): only
    # light pixels go — paper tone, the seal's tint after the brightest-channel grey.
    import numpy as np

    near = cv.dilate(mask, np.ones((5, 5), np.uint8)) > 0
    clean = grey.copy()
    clean[(grey > _PAPER) & ~near] = 255
    clean[grey > 225] = 255
    clean[lines_mask > 0] = 255
    return clean


def _upside_down(clean: "np.ndarray", boxes: list[Box]) -> bool:
    """Ask the line classifier about the widest runs (long lines say it most surely)."""
    wide = sorted((b for b in boxes if b.width > 3 * b.height), key=lambda b: -b.width)[:12]
    if len(wide) < 3:
        return False
    return engine().upside_down([image.crop(clean, b) for b in wide]) >= _FLIP_SHARE


def _weight(ch: str) -> float:
    return 0.55 if ord(ch) < 0x2E80 else 1.0


def _glyphs(text: str, bbox: tuple[float, float, float, float], ink_height: float) -> list[Glyph]:
    """Glyphs spread over the run's box by character width (a Chinese character is about
    twice a digit). Their size is the font size a printed line of this ink height has: ink
    of Chinese characters fills about 0.88 of the em, digits about 0.7. A run of flat ink
    ("一", "…") is given the page's character height, or it would not line up with its line."""
    x0, top, x1, bottom = bbox
    cjk = any(ord(c) >= 0x2E80 for c in text)
    size = ink_height / (0.88 if cjk else 0.7)
    mid = (top + bottom) / 2
    chars = list(text)
    total = sum(_weight(c) for c in chars) or 1.0
    step = (x1 - x0) / total
    out: list[Glyph] = []
    x = x0
    for c in chars:
        w = _weight(c) * step
        if not c.isspace():
            out.append(Glyph(x, mid - size / 2, x + w, mid + size / 2, c, size))
        x += w
    return out


def _line(s: image.Segment, scale: float, page_height: float) -> dict:
    x0, x1 = s.x0 * scale, s.x1 * scale
    top, bottom = s.y0 * scale, s.y1 * scale
    return {
        "object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
        "width": x1 - x0, "height": bottom - top, "doctop": top,
        "y0": page_height - bottom, "y1": page_height - top,
    }
