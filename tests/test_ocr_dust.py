"""Dust is not a digit (issue 23): a scan's specks neither become cells nor take cells away.

Each page is drawn by tests/render_pdf.py (a table without borders, lone "0"s in white
space), rendered at 150 dpi — a county office's scanner — with seeded dust specks, grain, a
seal and JPEG 55. The text layer of the same PDF says where every printed number is; the
OCR producer's runs (core/producers/ocr/page.py) must give each printed number a run of its
own and make no run of dust."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.producers.ocr.page import UNREADABLE, read_page
from tests.ocr_scan import render_pages, scan

pytestmark = pytest.mark.slow

DPI = 150


def dusty(img: Image.Image, seed: int, share: float = 0.0015) -> Image.Image:
    """Dark specks a pixel or two across (at 150 dpi), over ``share`` of the page."""
    rnd = random.Random(seed)
    img = img.copy()
    d = ImageDraw.Draw(img)
    w, h = img.size
    for _ in range(int(w * h * share / 4)):
        x, y = rnd.randrange(w), rnd.randrange(h)
        r = rnd.choice([0.5, 1.0, 1.0, 1.5, 2.0])
        g = rnd.randrange(0, 90)
        d.ellipse((x - r, y - r, x + r, y + r), fill=(g, g, g))
    return img


def _numbers(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(x, y) centre in points and text of every number the text layer prints on the page."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        words = doc.pages[page - 1].extract_words()
    # The page number at the foot ("- 2 -": its dashes are printed, a "-2" reading is right) is left out.
    return [((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2, w["text"]) for w in words
            if w["text"].isdigit() and w["bottom"] < 770]


def _table_page(tmp_path: Path, tables: dict) -> tuple[Path, int]:  # type: ignore[type-arg]
    from tests.render_pdf import render_report_pdf

    pdf = render_report_pdf(tmp_path / "borderless.pdf", "某县某局", 2025, tables, ruled=False)
    # Table 三 (the page with the most printed numbers).
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        counts = [sum(1 for w in p.extract_words() if w["text"].isdigit()) for p in doc.pages]
    return pdf, counts.index(max(counts)) + 1


def _read(pdf: Path, page: int, seed: int):  # type: ignore[no-untyped-def]
    img = scan(dusty(render_pages(pdf, DPI)[page - 1], seed), angle=0.4, seed=seed, quality=55)
    return read_page(np.array(img), page)


@pytest.mark.parametrize("seed", [1, 2])
def test_every_lone_zero_of_a_dusty_borderless_page_keeps_its_run(tmp_path: Path, seed: int) -> None:
    from tests.test_read_as_printed import small_tables

    pdf, page = _table_page(tmp_path, small_tables())
    printed = _numbers(pdf, page)
    assert sum(1 for *_, t in printed if t == "0") > 100  # the page is mostly lone "0"s
    _, ocr = _read(pdf, page, seed)
    runs = [((r.bbox[0] + r.bbox[2]) / 2, (r.bbox[1] + r.bbox[3]) / 2, r) for r in ocr.runs]
    lost, wrong = [], []
    for x, y, text in printed:
        near = [r for rx, ry, r in runs if abs(rx - x) < 6 and abs(ry - y) < 5]
        if len(near) != 1:
            lost.append((x, y, text, [r.text for r in near]))
        elif not (near[0].text.isdigit() or near[0].text == UNREADABLE):
            wrong.append((x, y, text, near[0].text))  # a number read as a mark: its cell drops out
        elif near[0].text.isdigit() and near[0].text != text and near[0].weakest >= 0.9:
            wrong.append((x, y, text, near[0].text, "confident"))
    assert not lost, lost
    assert not wrong, wrong


@pytest.mark.parametrize("seed", [1, 2])
def test_dust_in_the_white_of_a_borderless_table_makes_no_run(tmp_path: Path, seed: int) -> None:
    """Every run lies on something printed: no "." "。" "×" of dust between the columns (each
    split a row of a borderless table into pieces)."""
    import pdfplumber

    from tests.test_read_as_printed import small_tables

    pdf, page = _table_page(tmp_path, small_tables())
    with pdfplumber.open(pdf) as doc:
        chars = [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in doc.pages[page - 1].chars if c["text"].strip()]
    _, ocr = _read(pdf, page, seed)
    stray = []
    for r in ocr.runs:
        x0, y0, x1, y1 = r.bbox
        if not any(c[0] - 3 < x1 and x0 < c[2] + 3 and c[1] - 3 < y1 and y0 < c[3] + 3 for c in chars):
            stray.append((r.text, [round(v) for v in r.bbox]))
    assert not stray, stray


def test_digits_apart_are_read_apart_and_digits_together_as_one_number(tmp_path: Path) -> None:
    """A run the layout joined across three cells ("8", "26", "66" a digit's width or so
    apart, no border between) is three numbers where the crop shows the gaps — never "266"
    to be split by the rules; "266" printed together stays one number."""
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "gaps.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(595, 842))
    c.setFont("Helvetica", 9)
    for k in range(6):  # the page's other numbers (the digit height is measured on them)
        c.drawString(100 + 40 * k, 700, str(k + 1))
    c.drawString(100, 650, "8")
    c.drawString(112, 650, "26")
    c.drawString(130, 650, "66")
    c.drawString(100, 600, "266")
    c.drawString(100, 550, "-23")  # the 2019 template's 增减 column: the minus is no speck
    c.save()
    img = scan(dusty(render_pages(pdf, DPI)[0], 5), angle=0.0, seed=5, stamp=False, quality=55)
    _, ocr = read_page(np.array(img), 1)
    # reportlab's y runs up from the page's foot; the runs' boxes run down from its head.
    row = sorted((r for r in ocr.runs if 180 < (r.bbox[1] + r.bbox[3]) / 2 < 200), key=lambda r: r.bbox[0])
    together = [r for r in ocr.runs if 230 < (r.bbox[1] + r.bbox[3]) / 2 < 250]
    # Three runs, one per number; a lone digit the recogniser cannot read firmly is the
    # unreadable placeholder (doubted by the trust pass), never glued to its neighbour.
    assert [r.text for r in row][1:] == ["26", "66"] and row[0].text in ("8", UNREADABLE), [(r.text, r.bbox) for r in row]
    assert [r.text for r in together] == ["266"]
    minus = [r for r in ocr.runs if 280 < (r.bbox[1] + r.bbox[3]) / 2 < 300]
    assert len(minus) == 1 and minus[0].text.endswith("23") and minus[0].text[0] in "-—－一", [r.text for r in minus]


def test_a_dusty_blank_cell_is_blank_and_a_lone_zero_is_ink(tmp_path: Path) -> None:
    """The trust pass looks for ink in a cell the layout found empty ("a lone 1 the layout
    lost"): dust in a blank cell is not ink — the cell stays the blank the report printed,
    not a doubted number — while a lone "0" in the next cell is."""
    from reportlab.pdfgen import canvas

    from core.trust import _has_ink

    pdf = tmp_path / "cells.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(595, 842))
    c.setFont("Helvetica", 9)
    for k in range(8):  # a row of cells, the page's digits to measure
        x = 100 + 40 * k
        c.rect(x, 600, 40, 20)
        if k != 3:
            c.drawString(x + 17, 606, "0" if k % 2 else str(k + 1))
    c.save()
    page = render_pages(pdf, DPI)[0]
    d = ImageDraw.Draw(page)
    f = DPI / 72
    # Specks inside the blank cell (4th: x 220–260 pt, top 222–242 pt), a pixel or two across.
    for dx, dy in ((6, 5), (20, 12), (31, 7), (12, 15)):
        x, y = (220 + dx) * f, (222 + dy) * f
        d.ellipse((x - 1.5, y - 1.5, x + 1.5, y + 1.5), fill=(30, 30, 30))
    img = scan(page, angle=0.0, seed=7, stamp=False, quality=55)
    _, ocr = read_page(np.array(img), 1)
    assert ocr.digit_height > 0
    assert not _has_ink(ocr, (221.0, 223.0, 259.0, 241.0))
    assert _has_ink(ocr, (261.0, 223.0, 299.0, 241.0))  # the next cell's lone "0"


def test_a_stack_too_tall_for_a_digit_with_no_whole_piece_is_no_number() -> None:
    # A phone photo of huaian-2024 (scan differential, seed 2): a run whose only stack was
    # pieces of a blot taller than a digit left nothing kept, and the empty list crashed
    # the page — the whole report was called damaged.
    from core.producers.ocr.specks import Mark, sort_marks

    digit_h = 20.0
    pieces = [Mark(10, 0, 18, 10), Mark(11, 19, 19, 28)]  # 28 px tall, no piece 14 px or more
    kept, dust = sort_marks(pieces, digit_h)
    assert kept == [] and dust == pieces


def test_a_digit_broken_at_its_joint_keeps_its_top_and_a_speck_above_it_does_not() -> None:
    # A bilevel copy at 200 dpi breaks a "5" below its bar (dev seed 11): measured mark by
    # mark its 11-px body looked like smaller type and the bar was dropped ("55" read "05").
    from core.producers.ocr.specks import Mark, sort_marks

    bar, body = Mark(10, 0, 17, 3), Mark(13, 7, 18, 18)
    bar2, body2 = Mark(22, 0, 29, 3), Mark(25, 7, 30, 18)
    kept, dust = sort_marks([bar, body, bar2, body2], 18.0)
    assert set(kept) == {bar, body, bar2, body2} and dust == []
    # A whole digit with a speck a few pixels over it: the speck would make it taller than
    # a digit, so it is dust.
    digit, speck = Mark(10, 5, 19, 23), Mark(12, 0, 15, 2)
    kept, dust = sort_marks([digit, speck], 18.0)
    assert kept == [digit] and dust == [speck]


def test_a_small_mark_joins_the_run_its_edge_is_beside() -> None:
    # report_2019's heading "一、总体情况": the "、" lies in the left of its full-width cell,
    # its middle 0.67 em past the "一" — measured from its middle it was dust, the heading
    # lost "一、" and the section was not found.
    from core.ocr_record import Box
    from core.producers.ocr.runs import _with_small_marks

    one, rest = Box(252, 524, 285, 530), Box(325, 511, 466, 544)
    grown = _with_small_marks([one, rest], [(300, 523, 309, 532)], 29.0, (600, 600))
    assert grown[0] == Box(252, 524, 309, 530) and grown[1] == rest
    # A speck a character's width away from every run is dust: nothing grows.
    assert _with_small_marks([one, rest], [(500, 523, 505, 528)], 29.0, (600, 600)) == [one, rest]


def test_the_pieces_of_a_broken_small_character_are_a_character_and_a_lone_speck_is_not() -> None:
    # huaian-2024's small type at 170 dpi: "一" broke into two dots 3 px apart, each a speck's
    # size; together they are a character. A speck alone stays small.
    import cv2

    from core.producers.ocr.runs import _broken_characters

    mask = np.zeros((80, 160), np.uint8)
    mask[20:23, 10:15] = 255  # the two halves of "一"
    mask[20:23, 18:24] = 255
    mask[12:31, 36:54] = 255  # the character after it
    mask[60:63, 100:103] = 255  # two specks together, far from any text
    mask[60:63, 106:112] = 255
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    valid = np.ones(n, bool)
    valid[0] = False
    small = valid.copy()
    small[labels[20, 40]] = False
    found = _broken_characters(labels, small, valid, 19.0)
    halves = {int(labels[21, 12]), int(labels[21, 20])}
    assert {i for i in range(n) if found[i]} == halves


def test_brackets_and_a_borders_residue_are_not_taken_for_an_unread_number() -> None:
    # A bracket or a border's "|" is as tall as a digit: a label's "(" became a cell "1",
    # and "|2" a "12" that shifted report_2019's table 四 row (dev seed 11, property seed 101).
    from core.producers.ocr.page import _PRINTED_TALL

    for text in ("(", ")", "|2", "（"):
        assert _PRINTED_TALL.search(text), text
    for text in ("。", ".0", "θ", "Q", "!"):
        assert not _PRINTED_TALL.search(text), text


def test_a_short_minus_the_recogniser_read_is_kept_and_alone_it_is_dust() -> None:
    # A fax's "-188" (dev seed 19): the minus is 4×3 px beside 20-px digits. Read "-188",
    # it is the number's sign; cut as dust the cell read "188" with confidence.
    from core.producers.ocr.specks import Mark, sort_marks

    one, eights, minus = Mark(27, 0, 32, 20), Mark(36, 1, 58, 19), Mark(17, 11, 21, 14)
    kept, _ = sort_marks([one, eights, minus], 20.0, signed=True)
    assert minus in kept
    kept, dust = sort_marks([one, eights, minus], 20.0)
    assert dust == [minus]
