"""Trust, cell by cell, in what OCR read — after extraction, before the rules.

Every table cell read from a page image is marked ``ocr``. A cell is in doubt when its
reading is weak (a character below ``_WEAK``), not a clean number where a number stands, or
empty where the image shows ink. The template's identities are a checksum of the reading:
the cells of a failing identity are doubted too, unless read with near certainty. A doubted
cell is read again from its own crop at two enlargements, over the whole alphabet and over
digits only; when every re-reading agrees on one number, read firmly, that number stands —
and a wrong total read firmly stays an arithmetic error against the report. Otherwise the
cell is ``uncertain``: the rules give a reading warning (X-OCR) naming the readings seen, and
no arithmetic finding rests on it (core/rules/reading.py).

After the re-reads, the identities still failing put cells in doubt (core/trust_doubt.py): in
a table whose layout is in doubt, or wherever a doubted cell already stands in the identity,
the cells no holding identity clears — the whole identity only when those cannot carry the
difference. A cell a second look read otherwise than the first stays in doubt where a sum
through it fails, and so do the cells of a row read with values left over or short unless its
own sum holds. An identity failing in a cleanly read table has all its cells read again.

Sums never pick the reading: they only decide which cells to look at again.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from core.model import CellValue, Extraction, Number
from core.ocr_record import Box, OcrPage
from core.producers.ocr.engine import engine
from core.producers.ocr.image import crop, pieces, spaced
from core.producers.ocr.specks import SPECK
from core.rules.arithmetic import evaluate, identities_for
from core.trust_doubt import cells_to_doubt, failing_through, misfitted_rows

if TYPE_CHECKING:
    from core.document import Document

# A character the recogniser gave less than this probability makes the cell doubtful; a
# number whose digits-only decoding is less sure than _DIGITS too. (Measured on scans of
# the real PDFs: a clear "0" often has 0.7–0.9 over the whole alphabet — "0", "O" and "o"
# share it — but 0.97+ among digits.)
_WEAK = 0.6
_DIGITS = 0.9
# Cells of a failing identity are re-read unless every character was at least this sure.
_SURE = 0.995
# A re-reading counts as firm from this probability of its weakest character.
_FIRM = 0.8
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_BLANKS = {"—", "－", "-", "–", "——", "/", "／", "无", "×", "--"}

Ref = tuple[str, str, str]


def apply_trust(document: "Document", ext: Extraction) -> None:
    info = document.ocr
    if info is None:
        return
    seen: dict[Ref, tuple[CellValue, "OcrPage"]] = {}
    doubted: list[Ref] = []
    for ref, cell in _cells(ext):
        page = info.page(cell.loc.page if cell.loc else None)
        if page is None or cell.loc is None or cell.loc.bbox is None:
            continue
        cell.ocr = True
        seen[ref] = (cell, page)
        if _doubtful(page, cell):
            doubted.append(ref)
    changed = _settle([seen[ref] for ref in doubted])
    # The identities point at the cells worth a second look; they never choose the value.
    # Every identity failing on the first reading points (not only those still failing after
    # an earlier one's cells were settled): the cells looked at do not depend on the order
    # the identities are declared in.
    # An identity failing in a table read cleanly is about to be an error against the
    # report: every cell of it is looked at again, however surely it was read (a copier's
    # "3004" read "3001" at full confidence made a false T3 error); a second look that
    # reads it otherwise leaves it in doubt below.
    clean = {key for key in ext.tables if not _structure_doubtful(ext, key, seen)}
    reread = set(doubted)
    pointed: list[Ref] = []
    for result in [evaluate(ext, ident) for ident in identities_for(ext)]:
        if result.unknown or abs(result.left - result.right) < 1e-9:
            continue
        refs = result.identity.left + result.identity.right
        error = all(ref[0] in clean for ref in refs)
        for ref in refs:
            if ref in seen and ref not in reread:
                cell, page = seen[ref]
                if error or _weakest(page, cell) < _SURE:
                    reread.add(ref)
                    pointed.append(ref)
    changed |= _settle([seen[ref] for ref in pointed])
    # A failing identity is an error against the report only when the table was read
    # cleanly: no cell lost, blank, left over or not a number (a digit in doubt is not a
    # layout problem). Otherwise the failure may be the layout's (a value put in the wrong
    # column, a lost cell read as blank), and its OCR cells are in doubt.
    doubtful_tables = {key for key in ext.tables if _structure_doubtful(ext, key, seen)}

    idents = identities_for(ext)
    # A number read firmly one way, then firmly another on a second look, is not firm when a
    # sum through it fails: the re-reading may have lost a digit at the crop's edge ("3119"
    # again as "119", "105" as "10" on a scanned huaian-2024) or the first found one a blur
    # made ("0" as "1" at 100 dpi: a false T3-ROW error). Both readings go to the clerk;
    # the sums do not choose between them. Where the sums hold, the second look stands
    # (dev seeds 0–29: 16 first misreadings put right this way, 7 made wrong).
    second = {ref for ref in seen if id(seen[ref][0]) in changed}
    for ref in failing_through(ext, idents, second):
        cell, page = seen[ref]
        _uncertain(page, cell, [cell.value, changed[id(cell)]])
    for ref in cells_to_doubt(ext, idents, set(seen), doubtful_tables) | misfitted_rows(ext, idents, set(seen)):
        # A cell read blank is in the same doubt: a number the layout lost (its ink taken
        # for a border or dust) is "blank" to the arithmetic, and stood as a confident 0
        # beside its doubted neighbours (dev seeds 0–35: 28 printed numbers read blank).
        cell, page = seen[ref]
        cell.state = "uncertain"
        cell.candidates = (cell.value,) if cell.value is not None else ()
        assert cell.loc is not None and cell.loc.bbox is not None
        cell.crop_png = page.crop_png(cell.loc.bbox, pad=6.0)


def _structure_doubtful(ext: Extraction, key: str, seen: dict[Ref, tuple[CellValue, "OcrPage"]]) -> bool:
    ocr_cells = [cell for ref, (cell, _) in seen.items() if ref[0] == key]
    if not ocr_cells:
        return False
    if any(cell.state not in ("ok", "uncertain") for cell in ocr_cells) or len(ocr_cells) < sum(len(r) for r in ext.tables[key].rows.values()):
        return True
    # A row of the template not found, or one found that the template does not have: the
    # layout may have put a row's values under another's label (a faxed 表三 whose 总计 row
    # held the values of the lost “其他” row: five false T3-BAL errors, dev seed 69).
    spec_rows = {row.key for row in ext.spec(key).rows}
    if spec_rows != set(ext.tables[key].rows):
        return True
    return any(n.rule.startswith("X-") and any(c[0] == key for c in n.cells) for n in ext.notes)


def _cells(ext: Extraction):  # type: ignore[no-untyped-def]
    for key, table in ext.tables.items():
        spec = ext.spec(key)
        for row_key, cells in table.rows.items():
            try:
                cols = [c.key for c in spec.row(row_key).columns]
            except KeyError:
                continue
            for i, cell in enumerate(cells):
                if i < len(cols):
                    yield (key, row_key, cols[i]), cell


def _weakest(page: "OcrPage", cell: CellValue) -> float:
    assert cell.loc is not None and cell.loc.bbox is not None
    runs = page.runs_in(cell.loc.bbox)
    return min((r.weakest for r in runs), default=1.0)


def _doubtful(page: "OcrPage", cell: CellValue) -> bool:
    assert cell.loc is not None and cell.loc.bbox is not None
    runs = page.runs_in(cell.loc.bbox)
    if cell.state in ("blank", "missing") and not runs:
        return _has_ink(page, cell.loc.bbox)  # a lone "1" the layout lost
    if cell.state == "text":
        return True
    raw = (cell.raw or "").replace(",", "").strip()
    if cell.state == "ok" and (not _NUMBER.match(raw) or (len(raw) > 1 and raw[0] == "0" and raw[1] != ".")):
        return True  # "0'", "1o", "05": a stray mark, a letter or a smudge among digits
    numeric = cell.state == "ok"
    return any(r.weakest < _WEAK or (numeric and r.digits_score < _DIGITS) for r in runs)


def _has_ink(page: "OcrPage", bbox: tuple[float, float, float, float]) -> bool:
    part = _inside(page, bbox)
    if part is None:
        return False
    return _ink_box(part, page.digit_height) is not None


def _inside(page: "OcrPage", bbox: tuple[float, float, float, float]):  # type: ignore[no-untyped-def]
    """The cell's image without its borders (a few pixels in from the box). A cell of a
    table without borders has no box but its text's: its first and last digits reach the
    box's sides, and cut in from there they touched the crop's edge and were left out as a
    border's residue ("375" read again as "3"). A side its text reaches is widened
    out by the same margin instead."""
    s = page.scale
    h, w = page.image.shape[:2]
    m = 3
    left, right = int(bbox[0] / s), int(bbox[2] / s)
    runs = page.runs_in(bbox)
    if runs and min(r.box.x0 for r in runs) - left < m:
        left -= 2 * m
    if runs and right - max(r.box.x1 for r in runs) < m:
        right += 2 * m
    x0, y0 = max(0, left + m), max(0, int(bbox[1] / s) + m)
    x1, y1 = min(w, right - m), min(h, int(bbox[3] / s) - m)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    return page.image[y0:y1, x0:x1]


def _rereads(cells: list[tuple[CellValue, "OcrPage"]]) -> list[list]:  # type: ignore[type-arg]
    """Each cell's ink read again, cropped anew, in two framings (engine Readings; none for a
    cell without ink). All cells' crops go to the engine together: each crop is read on its
    own, so its readings are the same as one cell at a time, and the engine's workers share
    the crops."""
    inks = []  # (the cell's index, its image inside the borders, the box of its ink)
    for i, (cell, page) in enumerate(cells):
        assert cell.loc is not None and cell.loc.bbox is not None
        part = _inside(page, cell.loc.bbox)
        box = _ink_box(part, page.digit_height) if part is not None else None
        if part is not None and box is not None:
            inks.append((i, part, box))
    # The recogniser scales every crop to 48 px high: what changes a reading is the margin
    # around the ink and the width it is padded to, not enlargement.
    wide = engine().read([crop(part, box, pad=0.25, scale=2.0) for _, part, box in inks], min_ratio=320 / 48)
    tight = engine().read([crop(part, box, pad=0.12) for _, part, box in inks], min_ratio=2.5)
    # Printed apart, its digits are read apart too: two equal digits set tight ("66") merge
    # into one in both framings above — read fewer than the digits printed, the cell is
    # read once more with its digits spaced out (it then stands only if all agree).
    apart_count = [len(pieces(part, box)) for _, part, box in inks]
    merged = [k for k in range(len(inks)) if any(len(r.digits) < apart_count[k] for r in (wide[k], tight[k]))]
    again = dict(zip(merged, engine().read([spaced(inks[k][1], inks[k][2]) for k in merged], min_ratio=2.5)))
    out: list[list] = [[] for _ in cells]  # type: ignore[type-arg]
    for k, (i, _, _) in enumerate(inks):
        # Only a clean, firm number counts as a reading: a digit broken in two by the scan
        # (a light "0" in two arcs) is spaced into "()", "5:3", "t51" — noise that made 68
        # cells of a scanned huaian-2024 uncertain while both framings read them alike.
        # And only a reading of one digit per piece spaced apart: a "0" the scan broke into two
        # arcs is spaced as two pieces and read "1" (a 100-dpi scan: 117 cells in doubt between
        # "0" and "1" though both framings read "0" surely, dev seed 49).
        apart = [again[k]] if k in again and _number(again[k].text) is not None and again[k].digits_score >= _DIGITS \
            and len(again[k].digits) == apart_count[k] else []
        out[i] = [wide[k], tight[k], *apart]
    return out


def _ink_box(part, digit_h: float = 0.0):  # type: ignore[no-untyped-def]
    """The box of the cell's characters: dark components not touching the cell's edge (what
    touches it is a border's residue), specks left out — dust less than half the page's
    digit height (core/producers/ocr/specks.py), when the page measured it, and alone: a
    small piece within a stroke's gap of other ink is a piece of a digit the scan broke (a
    bilevel copy's "1" of "136" in two: left out, the cell was read again as "36" or "31",
    both crops alike — a confident wrong number)."""
    from core.producers.ocr import imageops as cv

    n, _, stats, _ = cv.connectedComponentsWithStats((part < 160).astype("uint8"), connectivity=8)
    h, w = part.shape[:2]
    inner = [tuple(int(v) for v in stats[i][:5]) for i in range(1, n)]
    inner = [(x, y, bw, bh) for x, y, bw, bh, area in inner
             if area >= 4 and x > 0 and y > 0 and x + bw < w and y + bh < h]
    gap = max(2.0, 0.25 * digit_h)
    boxes = []
    for k, (x, y, bw, bh) in enumerate(inner):
        if max(bw, bh) < SPECK * digit_h and bw < 1.5 * bh and not any(
                max(o[0] - (x + bw), x - (o[0] + o[2])) <= gap and max(o[1] - (y + bh), y - (o[1] + o[3])) <= gap
                for j, o in enumerate(inner) if j != k):
            continue  # a speck; a flat mark is kept (the minus of "-11")
        boxes.append((x, y, x + bw, y + bh))
    if not boxes:
        return None
    return Box(int(min(b[0] for b in boxes)), int(min(b[1] for b in boxes)),
               int(max(b[2] for b in boxes)), int(max(b[3] for b in boxes)))


def _number(text: str) -> Number | None:
    t = text.replace(",", "").replace(" ", "").strip()
    if not _NUMBER.match(t):
        return None
    return float(t) if "." in t else int(t)


def _settle(cells: list[tuple[CellValue, "OcrPage"]]) -> dict[int, Number]:
    """Re-read the cells and decide each. Returns the first reading of each cell whose
    re-readings firmly gave another number (by the cell's id)."""
    changed: dict[int, Number] = {}
    for (cell, page), readings in zip(cells, _rereads(cells)):
        first = cell.value if cell.state == "ok" else None
        _decide(page, cell, readings)
        if first is not None and cell.state == "ok" and cell.value != first:
            changed[id(cell)] = first
    return changed


def _decide(page: "OcrPage", cell: CellValue, readings: list) -> None:  # type: ignore[type-arg]
    """The cell after its re-readings. Firm: every digits-only decoding gives the same
    number, surely, and no whole-alphabet decoding reads a different number (a letter "o"
    for "0" is not a different number). A printed blank read again as a dash stays blank."""
    first = cell.value if cell.state == "ok" else None
    if not readings:
        if cell.state == "ok":
            # In doubt and nothing to read again (its ink runs into the cell's edge: a seal's
            # ring through a light "3" and on over the border, read "8" at 0.53 on a 150-dpi
            # scan — a false T3 error): the first reading is not firm.
            _uncertain(page, cell, [first])
        return
    if cell.state == "blank" and all(r.text.strip() in _BLANKS for r in readings):
        return
    digits = [_number(r.digits) for r in readings]
    texts = [n for n in (_number(r.text) for r in readings) if n is not None]
    sure = min(r.digits_score for r in readings) >= 0.9 and max(r.weakest for r in readings) >= 0.5
    if digits[0] is not None and len(set(digits + texts)) == 1 and sure:
        cell.value = digits[0]
        cell.state = "ok"
        cell.raw = str(digits[0])
        return
    counts = Counter(n for n in digits + texts if n is not None)
    _uncertain(page, cell, ([first] if first is not None else []) + [n for n, _ in counts.most_common()])


def _uncertain(page: "OcrPage", cell: CellValue, readings: list[Number | None]) -> None:
    candidates = list(dict.fromkeys(n for n in readings if n is not None))
    cell.state = "uncertain"
    cell.candidates = tuple(candidates)
    assert cell.loc is not None and cell.loc.bbox is not None
    cell.crop_png = page.crop_png(cell.loc.bbox, pad=6.0)
    cell.value = candidates[0] if candidates else None
    if not candidates:
        cell.raw = "？"  # nothing legible: not the placeholder the layout gave the mark
