"""Reading OFD XML: elements by local name (producers write the namespace prefix wrongly or
not at all), numbers and boxes from attributes, affine transforms (``CTM``), the ``DeltaX``
shorthand, and the straight pieces of an ``AbbreviatedData`` path."""

from __future__ import annotations

import math

from lxml import etree

Affine = tuple[float, float, float, float, float, float]  # x' = a x + c y + e, y' = b x + d y + f
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1] if isinstance(tag, str) else ""


def children(el: etree._Element | None, name: str) -> list[etree._Element]:
    return [c for c in el if local(c.tag) == name] if el is not None else []


def child(el: etree._Element | None, name: str) -> etree._Element | None:
    found = children(el, name)
    return found[0] if found else None


def text(el: etree._Element | None, name: str) -> str:
    c = child(el, name)
    return (c.text or "").strip() if c is not None else ""


def numbers(value: str | None) -> list[float]:
    out: list[float] = []
    for part in (value or "").replace(",", " ").split():
        try:
            n = float(part)
        except ValueError:
            continue
        if math.isfinite(n):
            out.append(n)
    return out


def box(value: str | None) -> tuple[float, float, float, float] | None:
    n = numbers(value)
    return (n[0], n[1], n[2], n[3]) if len(n) >= 4 else None


def compose(outer: Affine, inner: Affine) -> Affine:
    """Apply ``inner`` first, then ``outer``."""
    A, B, C, D, E, F = outer
    a, b, c, d, e, f = inner
    return (A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F)


def apply(m: Affine, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def object_transform(el: etree._Element) -> Affine:
    """Object space → page: the CTM, then a move to the Boundary's corner."""
    bounds = box(el.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
    ctm = numbers(el.get("CTM"))
    a, b, c, d, e, f = ctm[:6] if len(ctm) >= 6 else IDENTITY
    return (a, b, c, d, e + bounds[0], f + bounds[1])


def deltas(value: str | None, count: int) -> list[float]:
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


def advance(ch: str, size: float) -> float:
    import unicodedata

    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size * 0.5


def grand(root: etree._Element, outer: str, inner: str) -> list[etree._Element]:
    return [c for o in children(root, outer) for c in children(o, inner)]


def segments(data: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
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
