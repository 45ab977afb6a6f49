"""Text a page holds that no one sees: a scanner's own OCR.

Scanners and "make searchable" tools publish each page as its scanned image with their
OCR of it as a text layer nobody sees — drawn invisible (text render mode 3, or 7: clip
only) or drawn first and painted over by the image. pdfminer knows the render mode only
while it draws a string and the drawing order only while it lays out the page, and
pdfplumber's characters keep neither; so the layout device counts, as it draws, the glyphs
that end up hidden (``HiddenGlyphs``, mixed into the bounded device of guard.py).

Such a page is a picture of a page (scanned.py) whose text is someone else's reading of it:
the reader reads that text, and the check compares it with our own OCR of the image when it
does not read as a report's tables (core/hidden_layer.py).
"""

from __future__ import annotations

from typing import Any

# Render modes that paint nothing: 3 invisible, 7 add to the clip path only.
_INVISIBLE = (3, 7)
# Images that can hide a scanner's text: a share of the page at least (a scan covers all of
# it), and the last few drawn — a crafted page of 50,000 inline images must not make the
# count glyphs × images.
_MIN_SHARE = 0.05
_MAX_IMAGES = 64


class HiddenGlyphs:
    """Layout-device mixin: counts the drawn glyphs (not blanks) a viewer does not show. Put
    before pdfminer's aggregator in the bases; ``hidden_glyphs()`` after the page is laid out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self._mode = 0  # the render mode of the string being drawn
        self._seq = 0  # drawing order
        self._glyphs: list[tuple[int, bool, tuple[float, float]]] = []  # order, invisible, centre
        self._images: list[tuple[int, tuple[float, float, float, float]]] = []  # order, box

    def render_string(self, textstate: Any, *args: Any, **kwargs: Any) -> None:
        self._mode = int(getattr(textstate, "render", 0) or 0)
        super().render_string(textstate, *args, **kwargs)  # type: ignore[misc]

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        adv = super().render_char(*args, **kwargs)  # type: ignore[misc]
        objs = getattr(getattr(self, "cur_item", None), "_objs", None)
        if objs:
            item = objs[-1]  # the glyph just drawn (pdfplumber's device finds it there too)
            if item.get_text().strip():
                self._seq += 1
                self._glyphs.append((self._seq, self._mode in _INVISIBLE, ((item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2)))
        return adv  # type: ignore[no-any-return]

    def render_image(self, name: str, stream: Any) -> None:
        super().render_image(name, stream)  # type: ignore[misc]
        fig = getattr(self, "cur_item", None)
        stack = getattr(self, "_stack", None)
        page = stack[0] if stack else None  # the LTPage under the figures being drawn
        if fig is None or page is None or not _opaque(stream):
            return
        if fig.width * fig.height < _MIN_SHARE * page.width * page.height:
            return
        self._seq += 1
        self._images.append((self._seq, (fig.x0, fig.y0, fig.x1, fig.y1)))
        del self._images[:-_MAX_IMAGES]

    def hidden_glyphs(self) -> int:
        return sum(1 for seq, invisible, centre in self._glyphs if invisible or _painted_over(seq, centre, self._images))


def _opaque(stream: Any) -> bool:
    """An image that hides what was drawn under it: not a stencil (only its ink is painted)
    and without a mask or soft mask (a watermark lets the page through)."""
    try:
        attrs = stream.attrs
        return not (attrs.get("ImageMask") or attrs.get("IM") or attrs.get("SMask") or attrs.get("Mask"))
    except AttributeError:
        return True


def _painted_over(seq: int, centre: tuple[float, float], images: list[tuple[int, tuple[float, float, float, float]]]) -> bool:
    x, y = centre
    return any(later > seq and x0 <= x <= x1 and y0 <= y <= y1 for later, (x0, y0, x1, y1) in images)
