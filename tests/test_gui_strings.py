"""The window's strings are written in Simplified Chinese in the source, so the program needs
no compiled translation of its own: ``resources/translations/nianbao_zh_CN.ts`` is only the
catalogue lupdate extracts (every entry "unfinished", pyside6-lrelease turns it into an
empty 26-byte .qm), and gui/app.py loads a nianbao .qm only if one is ever shipped. This
test keeps that premise true: every string passed to tr()/translate() contains Chinese."""

from __future__ import annotations

import ast
import re

from tests.shared_data import REPO

_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")  # ideographs, CJK and full-width punctuation


def _translated_literals() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted((REPO / "gui").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr == "tr" and node.args:
                arg = node.args[0]
            elif node.func.attr == "translate" and len(node.args) >= 2:
                arg = node.args[1]
            else:
                continue
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((path.name, node.lineno, arg.value))
    return found


def test_every_translated_string_is_written_in_chinese() -> None:
    strings = _translated_literals()
    assert len(strings) > 100  # the scan sees the window's strings
    english = [s for s in strings if not _CJK.search(s[2])]
    assert not english, english
