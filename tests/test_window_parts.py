"""The window is composed of parts that never import the window that holds them, and the gui
package has no import cycle (issue 22). Read from the source, as tools/import_graph does:
an import inside a function or under TYPE_CHECKING counts too — a cycle dodged by a deferred
import is still a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parent.parent / "gui"


def _gui_imports() -> dict[str, set[str]]:
    modules = {p.stem: p for p in GUI.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for dotted in names:
                parts = dotted.split(".")
                if parts[0] == "gui" and len(parts) > 1 and parts[1] in modules:
                    found.add(parts[1])
        graph[name] = found - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_only_the_application_imports_the_window() -> None:
    graph = _gui_imports()
    importers = sorted(name for name, targets in graph.items() if "main_window" in targets)
    assert importers == ["app"], importers


def test_gui_has_no_import_cycle() -> None:
    assert _cycle(_gui_imports()) is None


def test_the_check_would_see_a_cycle() -> None:
    graph = _gui_imports()
    graph["window_views"] = graph["window_views"] | {"main_window"}  # a part that imports its window back
    assert _cycle(graph) is not None
