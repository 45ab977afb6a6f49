"""Draw the application icon: a report page with table rules and a green check mark.

Run once when the design changes; the outputs are committed:

    .venv/bin/python packaging/make_icon.py

writes resources/icons/app.png (256 px) and resources/icons/app.ico (16–256 px). Pillow is
already in the environment (pdfplumber depends on it). Drawn without text so the icon does
not depend on a CJK font being installed on the build machine.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"

# Drawn 4× larger and scaled down: Pillow draws without anti-aliasing.
SCALE = 4
SIZE = 256 * SCALE

PAPER = (255, 255, 255, 255)
EDGE = (46, 84, 150, 255)  # a sober government blue
FOLD = (205, 218, 240, 255)
RULE = (150, 170, 205, 255)
HEADER = (46, 84, 150, 255)
CHECK = (32, 150, 72, 255)
CHECK_RING = (255, 255, 255, 255)


def _s(v: float) -> int:
    return round(v * SCALE)


def draw() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)

    # The page, with the top-right corner folded over.
    left, top, right, bottom, fold = 40, 16, 200, 232, 44
    page = [(_s(left), _s(top)), (_s(right - fold), _s(top)), (_s(right), _s(top + fold)),
            (_s(right), _s(bottom)), (_s(left), _s(bottom))]
    d.polygon(page, fill=PAPER, outline=EDGE, width=_s(9))
    d.polygon([(_s(right - fold), _s(top)), (_s(right - fold), _s(top + fold)), (_s(right), _s(top + fold))],
              fill=FOLD, outline=EDGE, width=_s(7))

    # A title bar and a small table: what a 年报 looks like at a glance.
    d.rectangle([_s(62), _s(44), _s(140), _s(58)], fill=HEADER)
    grid_left, grid_right = 62, 178
    rows = [80, 104, 128, 152, 176]
    for y in rows:
        d.line([(_s(grid_left), _s(y)), (_s(grid_right), _s(y))], fill=RULE, width=_s(6))
    for x in (62, 100, 140, 178):
        d.line([(_s(x), _s(rows[0])), (_s(x), _s(rows[-1]))], fill=RULE, width=_s(6))

    # The check mark on a white-ringed green disc, bottom right, overlapping the page edge.
    cx, cy, r = 178, 186, 58
    d.ellipse([_s(cx - r - 8), _s(cy - r - 8), _s(cx + r + 8), _s(cy + r + 8)], fill=CHECK_RING)
    d.ellipse([_s(cx - r), _s(cy - r), _s(cx + r), _s(cy + r)], fill=CHECK)
    tick = [(_s(cx - 30), _s(cy + 2)), (_s(cx - 8), _s(cy + 24)), (_s(cx + 32), _s(cy - 22))]
    d.line(tick, fill=(255, 255, 255, 255), width=_s(15), joint="curve")
    for x, y in (tick[0], tick[2]):  # round the stroke ends
        w = _s(7.5)
        d.ellipse([x - w, y - w, x + w, y + w], fill=(255, 255, 255, 255))

    return img.resize((256, 256), Image.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    icon = draw()
    icon.save(ICONS / "app.png", optimize=True)
    icon.save(ICONS / "app.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {ICONS / 'app.png'} and {ICONS / 'app.ico'}")


if __name__ == "__main__":
    main()
