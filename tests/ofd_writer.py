"""Write OFD files (GB/T 33190) for the tests: the zip of small XML files a 电子公文 system
produces — OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml with TextObjects
(Boundary, Size, TextCode with X/Y and DeltaX, the ``g n d`` shorthand where characters are
evenly spaced) and PathObjects (AbbreviatedData with M/L/C), plus a picture resource.

``pdf_to_ofd`` prints a PDF's pages as OFD: every run of characters on a line becomes a text
object placed where the PDF places it, every ruling line and rectangle a path object. An
annual report PDF made from our fixtures thus becomes an OFD annual report whose tables
must read cell for cell like the PDF's."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
PT = 25.4 / 72.0  # points → millimetres


@dataclass
class Text:
    x: float  # mm, left of the first character
    baseline: float  # mm from the top
    size: float  # mm
    text: str
    deltas: list[float] = field(default_factory=list)  # mm between character origins


@dataclass
class Path_:
    data: str  # AbbreviatedData in page millimetres (written relative to a boundary)
    box: tuple[float, float, float, float]  # x, y, w, h (mm)
    fill: bool = False


@dataclass
class Page:
    width: float = 210.0
    height: float = 297.0
    texts: list[Text] = field(default_factory=list)
    paths: list[Path_] = field(default_factory=list)
    images: list[tuple[bytes, tuple[float, float, float, float]]] = field(default_factory=list)  # png, (x, y, w, h) mm


def _num(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def _deltas(deltas: list[float]) -> str:
    """DeltaX, with runs of one value written as ``g n d`` the way producers do."""
    out: list[str] = []
    i = 0
    while i < len(deltas):
        j = i
        while j + 1 < len(deltas) and abs(deltas[j + 1] - deltas[i]) < 1e-3:
            j += 1
        if j - i >= 2:
            out.append(f"g {j - i + 1} {_num(deltas[i])}")
        else:
            out.extend(_num(d) for d in deltas[i:j + 1])
        i = j + 1
    return " ".join(out)


def write_ofd(path: Path, pages: list[Page], *, title: str = "") -> Path:
    ids = iter(range(1, 10**6))
    files: dict[str, str] = {}
    media: list[str] = []
    resources: list[tuple[int, str]] = []
    page_entries = []
    for n, page in enumerate(pages):
        objects: list[str] = []
        for t in page.texts:
            width = (sum(t.deltas) if t.deltas else 0.0) + t.size
            box = (t.x, t.baseline - t.size, width + t.size, t.size * 1.4)
            delta = f' DeltaX="{_deltas(t.deltas)}"' if t.deltas else ""
            objects.append(
                f'<ofd:TextObject ID="{next(ids)}" Boundary="{" ".join(map(_num, box))}" Font="1" Size="{_num(t.size)}">'
                f'<ofd:FillColor Value="0 0 0"/>'
                f'<ofd:TextCode X="0" Y="{_num(t.size)}"{delta}>{escape(t.text)}</ofd:TextCode></ofd:TextObject>')
        for p in page.paths:
            fill = ' Fill="true" Stroke="false"' if p.fill else ""
            objects.append(f'<ofd:PathObject ID="{next(ids)}" Boundary="{" ".join(map(_num, p.box))}" LineWidth="0.25"{fill}>'
                           f'<ofd:AbbreviatedData>{escape(p.data)}</ofd:AbbreviatedData></ofd:PathObject>')
        for data, (x, y, w, h) in page.images:
            rid = next(ids)
            name = f"Image_{rid}.png"
            media.append(name)
            resources.append((rid, name))
            files[f"Doc_0/Res/{name}"] = data  # type: ignore[assignment]
            objects.append(f'<ofd:ImageObject ID="{next(ids)}" Boundary="{_num(x)} {_num(y)} {_num(w)} {_num(h)}" '
                           f'CTM="{_num(w)} 0 0 {_num(h)} 0 0" ResourceID="{rid}"/>')
        content = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Area>'
                   f'<ofd:PhysicalBox>0 0 {_num(page.width)} {_num(page.height)}</ofd:PhysicalBox></ofd:Area>'
                   f'<ofd:Content><ofd:Layer ID="{next(ids)}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = content
        page_entries.append(f'<ofd:Page ID="{next(ids)}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    multimedia = "".join(f'<ofd:MultiMedia ID="{rid}" Type="Image"><ofd:MediaFile>{name}</ofd:MediaFile></ofd:MultiMedia>'
                         for rid, name in resources)
    files["Doc_0/DocumentRes.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                                      f'<ofd:MultiMedias>{multimedia}</ofd:MultiMedias></ofd:Res>')
    files["Doc_0/PublicRes.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                                    f'<ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    first = pages[0] if pages else Page()
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>{next(ids)}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {_num(first.width)} {_num(first.height)}'
        f'</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>'
        f'<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData>'
        f'<ofd:Pages>{"".join(page_entries)}</ofd:Pages></ofd:Document>')
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
        f'<ofd:DocInfo><ofd:DocID>0</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title><ofd:Creator>tests</ofd:Creator></ofd:DocInfo>'
        f'<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["OFD.xml", *sorted(n for n in files if n != "OFD.xml")]:
            value = files[name]
            z.writestr(name, value if isinstance(value, bytes) else value.encode("utf-8"))
    return path


def lines_to_ofd(path: Path, lines: list[str], *, size: float = 4.2, title: str = "") -> Path:
    """A text document (a notice, a letter): one text object per line, wrapped at the margin."""
    page = Page()
    pages = [page]
    y = 30.0
    per_line = int((210.0 - 2 * 26.0) // size)
    for line in lines:
        for start in range(0, max(len(line), 1), per_line):
            piece = line[start:start + per_line]
            if not piece:
                continue
            if y > 297.0 - 30.0:
                page = Page()
                pages.append(page)
                y = 30.0
            page.texts.append(Text(26.0, y, size, piece, [size] * (len(piece) - 1)))
            y += size * 1.8
    return write_ofd(path, pages, title=title)


def pdf_to_ofd(pdf: Path, path: Path, *, title: str = "") -> Path:
    """Every page of ``pdf`` printed as OFD (see the module docstring)."""
    import pdfplumber

    pages: list[Page] = []
    with pdfplumber.open(str(pdf)) as doc:
        for p in doc.pages:
            page = Page(float(p.width) * PT, float(p.height) * PT)
            for run in _runs(p.chars):
                first = run[0]
                size = float(first["size"]) * PT
                baseline = (float(first["bottom"]) - 0.12 * float(first["size"])) * PT
                deltas = [(float(b["x0"]) - float(a["x0"])) * PT for a, b in zip(run, run[1:])]
                page.texts.append(Text(float(first["x0"]) * PT, baseline, size, "".join(c["text"] for c in run), deltas))
            for edge in p.lines:
                x0, x1, top, bottom = (float(edge[k]) * PT for k in ("x0", "x1", "top", "bottom"))
                page.paths.append(Path_(f"M 0 0 L {_num(x1 - x0)} {_num(bottom - top)}", (x0, top, max(x1 - x0, 0.1), max(bottom - top, 0.1))))
            for rect in p.rects:
                x0, x1, top, bottom = (float(rect[k]) * PT for k in ("x0", "x1", "top", "bottom"))
                w, h = x1 - x0, bottom - top
                if min(w, h) <= 1.0:  # a rule drawn as a thin filled rectangle
                    page.paths.append(Path_(f"M 0 0 L {_num(w)} 0 L {_num(w)} {_num(h)} L 0 {_num(h)} C", (x0, top, w, h), fill=True))
                else:
                    page.paths.append(Path_(f"M 0 0 L {_num(w)} 0 L {_num(w)} {_num(h)} L 0 {_num(h)} C", (x0, top, w, h)))
            pages.append(page)
    return write_ofd(path, pages, title=title)


def _runs(chars: list[dict]) -> list[list[dict]]:
    """Characters on one baseline with no wide gap between them: one text object each."""
    ordered = sorted(chars, key=lambda c: (round(float(c["bottom"]), 1), float(c["x0"])))
    runs: list[list[dict]] = []
    for c in ordered:
        if c["text"].isspace():
            continue
        last = runs[-1][-1] if runs else None
        if (last is not None and abs(float(last["bottom"]) - float(c["bottom"])) < 0.5
                and float(c["x0"]) - float(last["x1"]) < float(c["size"]) * 0.6 and abs(float(last["size"]) - float(c["size"])) < 0.1):
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


