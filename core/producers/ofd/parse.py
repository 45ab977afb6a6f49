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

MM = 72.0 / 25.4  # OFD works in millimetres
MAX_PAGES = 200
MAX_GLYPHS = 500_000
_MAX_DEPTH = 32
_A4 = (0.0, 0.0, 210.0, 297.0)

Affine = tuple[float, float, float, float, float, float]  # x' = a x + c y + e, y' = b x + d y + f
_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

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


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1] if isinstance(tag, str) else ""


def _children(el: etree._Element | None, name: str) -> list[etree._Element]:
    return [c for c in el if local(c.tag) == name] if el is not None else []


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    found = _children(el, name)
    return found[0] if found else None


def _text(el: etree._Element | None, name: str) -> str:
    c = _child(el, name)
    return (c.text or "").strip() if c is not None else ""


def _numbers(value: str | None) -> list[float]:
    out: list[float] = []
    for part in (value or "").replace(",", " ").split():
        try:
            n = float(part)
        except ValueError:
            continue
        if math.isfinite(n):
            out.append(n)
    return out


def _box(value: str | None) -> tuple[float, float, float, float] | None:
    n = _numbers(value)
    return (n[0], n[1], n[2], n[3]) if len(n) >= 4 else None


def _compose(outer: Affine, inner: Affine) -> Affine:
    """Apply ``inner`` first, then ``outer``."""
    A, B, C, D, E, F = outer
    a, b, c, d, e, f = inner
    return (A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F)


def _apply(m: Affine, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _object_transform(el: etree._Element) -> Affine:
    """Object space → page: the CTM, then a move to the Boundary's corner."""
    box = _box(el.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
    ctm = _numbers(el.get("CTM"))
    a, b, c, d, e, f = ctm[:6] if len(ctm) >= 6 else _IDENTITY
    return (a, b, c, d, e + box[0], f + box[1])


def _deltas(value: str | None, count: int) -> list[float]:
    """DeltaX/DeltaY with the ``g n d`` shorthand expanded, at most ``count`` values."""
    tokens = (value or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < count:
        token = tokens[i]
        if token == "g" and i + 2 < len(tokens):
            try:
                n, d = int(float(tokens[i + 1])), float(tokens[i + 2])
            except (ValueError, OverflowError):
                i += 3
                continue
            out.extend([d] * max(0, min(n, count - len(out))))
            i += 3
            continue
        try:
            out.append(float(token))
        except ValueError:
            pass
        i += 1
    return out


def _advance(ch: str, size: float) -> float:
    import unicodedata

    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size * 0.5


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
        for body in _children(root, "DocBody"):
            title = title or _text(_child(body, "DocInfo"), "Title")
            doc_path = self.resolve(entry or "OFD.xml", _text(body, "DocRoot"))
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
        common = _child(document, "CommonData")
        default_box = _box(_text(_child(common, "PageArea"), "PhysicalBox")) or _A4
        templates: dict[str, str] = {}
        resources: list[str] = []
        for el in _children(common, "TemplatePage"):
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
        for page in _children(_child(document, "Pages"), "Page"):
            where = self.resolve(doc_path, page.get("BaseLoc"))
            content = self.xml(where)
            number = first + len(out) + 1
            if content is None or where is None:
                self.warnings.append(f"第{number}页的内容缺失")
                out.append(OfdPage(number, default_box[2] * MM, default_box[3] * MM))
                continue
            box = _box(_text(_child(content, "Area"), "PhysicalBox")) or default_box
            page_res = _Resources(self, res)
            for el in _children(content, "PageRes"):
                target = self.resolve(where, el.text)
                if target:
                    page_res.load(target)
            result = OfdPage(number, box[2] * MM, box[3] * MM)
            origin: Affine = (1.0, 0.0, 0.0, 1.0, -box[0], -box[1])
            for ref in _children(content, "Template"):
                template = self.xml(templates.get((ref.get("TemplateID") or "").strip()))
                if template is not None:
                    self._content(template, result, page_res, origin)
            self._content(content, result, page_res, origin)
            out.append(result)
        return out

    def _content(self, root: etree._Element, page: OfdPage, res: "_Resources", origin: Affine) -> None:
        for layer in _children(_child(root, "Content"), "Layer"):
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
                content = _child(unit, "Content")
                if content is not None:
                    self._walk(list(content), page, res, _compose(m, _object_transform(el)), depth + 1)

    def _text_object(self, el: etree._Element, page: OfdPage, outer: Affine) -> None:
        m = _compose(outer, _object_transform(el))
        size = _numbers(el.get("Size"))
        font = size[0] if size else 3.5
        scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
        x = y = 0.0
        for code in _children(el, "TextCode"):
            text = "".join(ch for ch in (code.text or "") if ch == " " or ch.isprintable())
            x = _numbers(code.get("X"))[0] if _numbers(code.get("X")) else x
            y = _numbers(code.get("Y"))[0] if _numbers(code.get("Y")) else y
            if not text:
                continue
            dx = _deltas(code.get("DeltaX"), len(text) - 1)
            dy = _deltas(code.get("DeltaY"), len(text) - 1)
            cx, cy = x, y
            for i, ch in enumerate(text):
                width = _advance(ch, font)
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
        corners = [_apply(m, x, y - 0.88 * font), _apply(m, x + width, y + 0.12 * font)]
        x0, x1 = sorted(c[0] for c in corners)
        top, bottom = sorted(c[1] for c in corners)
        page.glyphs.append(Glyph(x0 * MM, top * MM, x1 * MM, bottom * MM, ch, font * scale * MM))

    def _path_object(self, el: etree._Element, page: OfdPage, outer: Affine) -> None:
        stroke = (el.get("Stroke") or "true").strip().lower() != "false"
        fill = (el.get("Fill") or "false").strip().lower() == "true"
        if not stroke and not fill:
            return  # draws nothing
        m = _compose(outer, _object_transform(el))
        data = _text(el, "AbbreviatedData")
        segments = _segments(data)
        if stroke:
            for (ax, ay), (bx, by) in segments:
                self._line(page, _apply(m, ax, ay), _apply(m, bx, by))
        elif fill:
            # A thin filled rectangle is a ruling line: its long middle line.
            points = [_apply(m, px, py) for seg in segments for px, py in seg]
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
        m = _compose(outer, _object_transform(el))
        # An image fills the unit square of its object space.
        corners = [_apply(m, x, y) for x in (0.0, 1.0) for y in (0.0, 1.0)]
        box = (min(c[0] for c in corners) * MM, min(c[1] for c in corners) * MM,
               max(c[0] for c in corners) * MM, max(c[1] for c in corners) * MM)
        try:
            data = self.package.read(media)
        except ReadError:
            self.warnings.append(f"图片 {media} 缺失")
            return
        page.images.append((data, box))


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
        for unit in _grand(root, "CompositeGraphicUnits", "CompositeGraphicUnit"):
            self.units.setdefault((unit.get("ID") or "").strip(), unit)
        for item in _grand(root, "MultiMedias", "MultiMedia"):
            if (item.get("Type") or "Image").strip().lower() not in ("image", ""):
                continue
            target = self.reader.resolve(base, _text(item, "MediaFile")) or self.reader.resolve(where, _text(item, "MediaFile"))
            if target:
                self.media.setdefault((item.get("ID") or "").strip(), target)


def _grand(root: etree._Element, outer: str, inner: str) -> list[etree._Element]:
    return [c for o in _children(root, outer) for c in _children(o, inner)]


def _segments(data: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Straight pieces of an AbbreviatedData path; curves and arcs move the pen only."""
    tokens = data.replace(",", " ").split()
    out: list[tuple[tuple[float, float], tuple[float, float]]] = []
    start = pen = (0.0, 0.0)
    i = 0
    arity = {"M": 2, "L": 2, "B": 6, "Q": 4, "A": 7, "C": 0, "S": 2}
    while i < len(tokens):
        op = tokens[i]
        if op not in arity:
            i += 1
            continue
        args: list[float] = []
        try:
            args = [float(t) for t in tokens[i + 1:i + 1 + arity[op]]]
        except ValueError:
            i += 1
            continue
        i += 1 + arity[op]
        if len(args) < arity[op]:
            break
        if op in ("M", "S"):
            start = pen = (args[0], args[1])
        elif op == "L":
            out.append((pen, (args[0], args[1])))
            pen = (args[0], args[1])
        elif op == "C":
            if pen != start:
                out.append((pen, start))
            pen = start
        else:
            pen = (args[-2], args[-1])
    return out


def parse_ofd(parts: Parts) -> OfdFile:
    """Every page of every document in the package, in order."""
    return _Reader(parts).read()
