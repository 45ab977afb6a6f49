"""What the OCR producer (core/producers/ocr) keeps beside the Document: per page, the image
it read (deskewed and turned upright — the boxes refer to it) and every text run with its
reading and confidence. The trust pass (core/trust.py) and the window's source pane use it.
Part of the document model: ``Document.ocr`` holds an ``OcrInfo``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Box:
    """A text run's box in the page image, in pixels."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def width(self) -> int:
        return self.x1 - self.x0


@dataclass
class OcrRun:
    box: Box  # pixels in the page image
    bbox: tuple[float, float, float, float]  # page points, as Location.bbox
    text: str
    score: float
    digits: str
    digits_score: float
    weakest: float


@dataclass
class OcrPage:
    number: int  # 1-based page (or image) number of the document
    image: Any  # numpy uint8 grey image, upright
    scale: float  # page points per image pixel
    width: float  # page size in points
    height: float
    runs: list[OcrRun] = field(default_factory=list)
    angle: float = 0.0  # the rotation applied (degrees; 180 for a page scanned upside down)
    view: Any = None  # the same page as scanned (borders, seal), upright: what the clerk is shown
    seconds: float = 0.0  # what reading the page took (a PDF page's rendering included)
    digit_height: float = 0.0  # pixels: how tall the page's digits are (a mark much smaller is dust)

    def runs_in(self, bbox: tuple[float, float, float, float]) -> list[OcrRun]:
        """Runs whose centre lies in ``bbox`` (a cell's box), left to right, top to bottom."""
        x0, top, x1, bottom = bbox
        out = [r for r in self.runs
               if x0 - 0.5 <= (r.bbox[0] + r.bbox[2]) / 2 <= x1 + 0.5 and top - 0.5 <= (r.bbox[1] + r.bbox[3]) / 2 <= bottom + 0.5]
        return sorted(out, key=lambda r: (r.bbox[1], r.bbox[0]))

    def crop_png(self, bbox: tuple[float, float, float, float], pad: float = 2.0) -> bytes:
        """The page image inside ``bbox`` (points) as PNG bytes: the tooltip of an uncertain cell."""
        import io

        from PIL import Image

        s = self.scale
        h, w = self.image.shape[:2]
        x0, y0 = max(0, int((bbox[0] - pad) / s)), max(0, int((bbox[1] - pad) / s))
        x1, y1 = min(w, int((bbox[2] + pad) / s) + 1), min(h, int((bbox[3] + pad) / s) + 1)
        shown = self.view if self.view is not None else self.image
        part = shown[y0:y1, x0:x1]
        if part.size == 0:
            return b""
        buf = io.BytesIO()
        Image.fromarray(part).save(buf, format="PNG")  # the view is grey (page.py)
        return buf.getvalue()


@dataclass
class OcrInfo:
    pages: dict[int, OcrPage] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # pictures left unread, and which limit stopped them

    def page(self, number: int | None) -> OcrPage | None:
        return self.pages.get(number) if number is not None else None
