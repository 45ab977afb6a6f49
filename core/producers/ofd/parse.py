"""OFD (GB/T 33190) packages taken apart: per page, the glyphs of its text objects where they
are printed, the ruling lines its path objects draw, and the pictures its image objects
show — in PDF points, top-left origin, the units the positional layout works in.

An OFD is a zip of small XML files: OFD.xml names each document's Document.xml, which lists
the pages (Content.xml each), the template pages and the resource files (fonts, pictures,
composite graphic units). Text objects place each character: ``TextCode`` gives the first
one's position (X, Y on the baseline, relative to the object's ``Boundary``) and ``DeltaX``
the advance to each next one (``g n d`` repeats d n times); ``CTM`` scales, turns or
shears the object. Path objects draw with ``AbbreviatedData`` (M move, L line, B/Q curves,
A arc, C close); only their straight horizontal and vertical strokes matter here.

ofdkit (Apache-2.0) reads text runs well but keeps neither path objects nor glyph positions,
which the table pipeline needs; this reader follows its tolerance of what real producers
write (namespace prefixes missing or wrong, absolute or relative paths, backslashes, case).
"""

from __future__ import annotations

import math
import posixpath
from dataclasses import dataclass, field
from typing import Protocol

from lxml import etree

from core.document import ReadError
from core.layout.text import Glyph
from core.producers.ofd.elements import (Affine, advance, apply, box, child, children, compose, deltas, grand, local, numbers,
                                         object_transform, segments, text)

MM = 72.0 / 25.4  # OFD works in millimetres
MAX_PAGES = 200
MAX_GLYPHS = 500_000
_MAX_DEPTH = 32
_A4 = (0.0, 0.0, 210.0, 297.0)


# A filled path this thin (mm) is a ruling line drawn as a rectangle.
_THIN = 1.0
# A segment within this angle of the axes counts as horizontal or vertical (tangent).
_SLOPE = 0.02


class Parts(Protocol):
    """The OFD zip, already checked by the reader (size, ratio, entity declarations):
    core/readers/ooxml.py ``Package`` is one."""

    def names(self) -> list[str]: ...

    def read(self, name: str) -> bytes: ...

    def parse(self, name: str) -> etree._Element: ...


@dataclass
class OfdPage:
    number: int
    width: float  # points
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom (points)
    images: list[tuple[bytes, tuple[float, float, float, float]]] = field(default_factory=list)  # data, bbox in points


@dataclass
class OfdFile:
    pages: list[OfdPage]
    title: str = ""
    warnings: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, package: Parts) -> None:
        self.package = package
        self.names = {n.replace("\\", "/").lstrip("/").lower(): n for n in package.names()}
        self.glyphs = 0
        self.warnings: list[str] = []
        self._xml: dict[str, etree._Element | None] = {}

    # -- the package ----------------------------------------------------------------------

    def resolve(self, base: str, location: str | None) -> str | None:
        """The zip entry ``location`` names, written relative to ``base``'s folder, to the
        package root, or absolutely — producers do all three."""
        if not location:
            return None
        loc = location.strip().replace("\\", "/")
        folder = posixpath.dirname(base)
        tries = [posixpath.normpath(posixpath.join(folder, loc)), loc.lstrip("/"), posixpath.normpath(loc.lstrip("/"))]
        parts = folder.split("/")
        for i in range(len(parts)):
            tries.append(posixpath.normpath(posixpath.join("/".join(parts[:i]), loc.lstrip("/"))))
        for t in tries:
            name = self.names.get(t.lstrip("/").lower())
            if name is not None:
                return name
        return None

    def xml(self, name: str | None) -> etree._Element | None:
        if name is None:
            return None
        if name not in self._xml:
            try:
                self._xml[name] = self.package.parse(name)
            except ReadError as exc:
                self.warnings.append(f"{name}: {exc.message}")
                self._xml[name] = None
        return self._xml[name]

    # -- the document ---------------------------------------------------------------------

    def read(self) -> OfdFile:
        entry = self.names.get("ofd.xml")
        root = self.xml(entry)
        if root is None or local(root.tag) != "OFD":
            raise ReadError("这个 OFD 文件已损坏（缺少 OFD.xml），无法读取；请用 OFD 阅读器打开后另存或导出为 PDF 再检查。")
        pages: list[OfdPage] = []
        title = ""
        for body in children(root, "DocBody"):
            title = title or text(child(body, "DocInfo"), "Title")
            doc_path = self.resolve(entry or "OFD.xml", text(body, "DocRoot"))
            document = self.xml(doc_path)
            if document is None or doc_path is None:
                continue
            pages.extend(self._document(doc_path, document, len(pages)))
            if len(pages) > MAX_PAGES:
                raise ReadError(f"这个 OFD 文件超过 {MAX_PAGES} 页，不像是一份年度报告；请确认选对了文件。")
        if not pages:
            raise ReadError("这个 OFD 文件中没有可读取的页面，文件可能已损坏；请用 OFD 阅读器打开后另存或导出为 PDF 再检查。")
        return OfdFile(pages, title, self.warnings)

    def _document(self, doc_path: str, document: etree._Element, first: int) -> list[OfdPage]:
        common = child(document, "CommonData")
        default_box = box(text(child(common, "PageArea"), "PhysicalBox")) or _A4
        templates: dict[str, str] = {}
        resources: list[str] = []
        for el in children(common, "TemplatePage"):
            where = self.resolve(doc_path, el.get("BaseLoc"))
            if where:
                templates[(el.get("ID") or "").strip()] = where
        for el in common if common is not None else []:
            if local(el.tag) in ("PublicRes", "DocumentRes"):
                where = self.resolve(doc_path, el.text)
                if where:
                    resources.append(where)
        res = _Resources(self)
        for where in resources:
            res.load(where)
        out: list[OfdPage] = []
        for page in children(child(document, "Pages"), "Page"):
            where = self.resolve(doc_path, page.get("BaseLoc"))
            content = self.xml(where)
            number = first + len(out) + 1
            if content is None or where is None:
                self.warnings.append(f"第{number}页的内容缺失")
                out.append(OfdPage(number, default_box[2] * MM, default_box[3] * MM))
                continue
            area = box(text(child(content, "Area"), "PhysicalBox")) or default_box
            page_res = _Resources(self, res)
            for el in children(content, "PageRes"):
                target = self.resolve(where, el.text)
                if target:
                    page_res.load(target)
            result = OfdPage(number, area[2] * MM, area[3] * MM)
            origin: Affine = (1.0, 0.0, 0.0, 1.0, -area[0], -area[1])
            for ref in children(content, "Template"):
                template = self.xml(templates.get((ref.get("TemplateID") or "").strip()))
                if template is not None:
                    self._content(template, result, page_res, origin)
            self._content(content, result, page_res, origin)
            out.append(result)
        return out

    def _content(self, root: etree._Element, page: OfdPage, res: "_Resources", origin: Affine) -> None:
        for layer in children(child(root, "Content"), "Layer"):
            self._walk(list(layer), page, res, origin, 0)

    def _walk(self, elements: list[etree._Element], page: OfdPage, res: "_Resources", m: Affine, depth: int) -> None:
        for el in elements:
            name = local(el.tag)
            if name == "TextObject":
                self._text_object(el, page, m)
            elif name == "PathObject":
                self._path_object(el, page, m)
            elif name == "ImageObject":
                self._image_object(el, page, res, m)
            elif depth >= _MAX_DEPTH:
                continue
            elif name == "PageBlock":
                self._walk(list(el), page, res, m, depth + 1)
            elif name == "CompositeObject":
                unit = res.units.get((el.get("ResourceID") or "").strip())
                content = child(unit, "Content")
                if content is not None:
                    self._walk(list(content), page, res, compose(m, object_transform(el)), depth + 1)

    def _text_object(self, el: etree._Element, page: OfdPage, outer: Affine) -> None:
        m = compose(outer, object_transform(el))
        size = numbers(el.get("Size"))
        font = size[0] if size else 3.5
        scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
        x = y = 0.0
        for code in children(el, "TextCode"):
            chars = "".join(ch for ch in (code.text or "") if ch == " " or ch.isprintable())
            x = numbers(code.get("X"))[0] if numbers(code.get("X")) else x
            y = numbers(code.get("Y"))[0] if numbers(code.get("Y")) else y
            if not chars:
                continue
            dx = deltas(code.get("DeltaX"), len(chars) - 1)
            dy = deltas(code.get("DeltaY"), len(chars) - 1)
            cx, cy = x, y
            for i, ch in enumerate(chars):
                width = advance(ch, font)
                if not ch.isspace():
                    self._glyph(page, ch, m, cx, cy, width, font, scale)
                cx += dx[i] if i < len(dx) else width
                cy += dy[i] if i < len(dy) else 0.0
            x, y = cx, cy

    def _glyph(self, page: OfdPage, ch: str, m: Affine, x: float, y: float, width: float, font: float, scale: float) -> None:
        self.glyphs += 1
        if self.glyphs > MAX_GLYPHS:
            raise ReadError("这个 OFD 文件的文字超过 50 万个，不像是一份年度报告；请确认选对了文件。")
        # The em box on the baseline: ascent about 0.88 of the size, descent 0.12.
        corners = [apply(m, x, y - 0.88 * font), apply(m, x + width, y + 0.12 * font)]
        x0, x1 = sorted(c[0] for c in corners)
        top, bottom = sorted(c[1] for c in corners)
        page.glyphs.append(Glyph(x0 * MM, top * MM, x1 * MM, bottom * MM, ch, font * scale * MM))

    def _path_object(self, el: etree._Element, page: OfdPage, outer: Affine) -> None:
        stroke = (el.get("Stroke") or "true").strip().lower() != "false"
        fill = (el.get("Fill") or "false").strip().lower() == "true"
        if not stroke and not fill:
            return  # draws nothing
        m = compose(outer, object_transform(el))
        data = text(el, "AbbreviatedData")
        pieces = segments(data)
        if stroke:
            for (ax, ay), (bx, by) in pieces:
                self._line(page, apply(m, ax, ay), apply(m, bx, by))
        elif fill:
            # A thin filled rectangle is a ruling line: its long middle line.
            points = [apply(m, px, py) for seg in pieces for px, py in seg]
            if not points:
                return
            x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
            y0, y1 = min(p[1] for p in points), max(p[1] for p in points)
            if y1 - y0 <= _THIN < x1 - x0:
                self._line(page, (x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2))
            elif x1 - x0 <= _THIN < y1 - y0:
                self._line(page, ((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1))

    def _line(self, page: OfdPage, a: tuple[float, float], b: tuple[float, float]) -> None:
        (ax, ay), (bx, by) = a, b
        dx, dy = abs(bx - ax), abs(by - ay)
        if dx < 0.2 and dy < 0.2:
            return
        if dy <= _SLOPE * dx:
            y = (ay + by) / 2
            page.lines.append((min(ax, bx) * MM, y * MM, max(ax, bx) * MM, y * MM))
        elif dx <= _SLOPE * dy:
            x = (ax + bx) / 2
            page.lines.append((x * MM, min(ay, by) * MM, x * MM, max(ay, by) * MM))

    def _image_object(self, el: etree._Element, page: OfdPage, res: "_Resources", outer: Affine) -> None:
        media = res.media.get((el.get("ResourceID") or "").strip())
        if media is None:
            return
        m = compose(outer, object_transform(el))
        # An image fills the unit square of its object space.
        corners = [apply(m, x, y) for x in (0.0, 1.0) for y in (0.0, 1.0)]
        placed = (min(c[0] for c in corners) * MM, min(c[1] for c in corners) * MM,
               max(c[0] for c in corners) * MM, max(c[1] for c in corners) * MM)
        try:
            data = self.package.read(media)
        except ReadError:
            self.warnings.append(f"图片 {media} 缺失")
            return
        page.images.append((data, placed))


class _Resources:
    """Composite graphic units and multimedia (pictures) by ID, from resource files."""

    def __init__(self, reader: _Reader, parent: "_Resources | None" = None) -> None:
        self.reader = reader
        self.units: dict[str, etree._Element] = dict(parent.units) if parent else {}
        self.media: dict[str, str] = dict(parent.media) if parent else {}

    def load(self, where: str) -> None:
        root = self.reader.xml(where)
        if root is None:
            return
        base_loc = (root.get("BaseLoc") or "").strip()
        base = posixpath.join(posixpath.dirname(where), base_loc, "_") if base_loc else where
        for unit in grand(root, "CompositeGraphicUnits", "CompositeGraphicUnit"):
            self.units.setdefault((unit.get("ID") or "").strip(), unit)
        for item in grand(root, "MultiMedias", "MultiMedia"):
            if (item.get("Type") or "Image").strip().lower() not in ("image", ""):
                continue
            target = self.reader.resolve(base, text(item, "MediaFile")) or self.reader.resolve(where, text(item, "MediaFile"))
            if target:
                self.media.setdefault((item.get("ID") or "").strip(), target)


def parse_ofd(parts: Parts) -> OfdFile:
    """Every page of every document in the package, in order."""
    return _Reader(parts).read()
