"""The layering contract (.importlinter): core's layers import only downwards, core never
imports the window, no import cycles inside core or gui. import-linter reads the imports from the
source, function-level and TYPE_CHECKING ones included, so a cycle dodged by a deferred
import is still caught."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

_LINT = ("import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(no_cache=True, no_logo=True))")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    # A process of its own, started in ``root``: lint-imports puts the working directory first
    # on sys.path, so it reads this tree's core/ and gui/, not an installed copy.
    return subprocess.run([sys.executable, "-c", _LINT], cwd=root, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def test_the_layering_contract_holds() -> None:
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 3 kept, 0 broken." in done.stdout


# Today's cycles, put back one at a time into a copy of the tree: the contract must break.
_BREAKS = {
    # The OCR producer reaching into the PDF reader for its page model (issue 22).
    "ocr-readers": ("core/producers/ocr/page.py", "from core.readers.pdf import read_pdf\n",
                    "core.producers is not allowed to import core.readers"),
    # The batch summary's totals asking the summary for the verdict.
    "summary": ("core/export/summary_totals.py", "from core.export.summary import write_summary\n",
                "No cycles are allowed in core.export."),
    # Extraction using the rules that consume it, hidden in a function.
    "extract-rules": ("core/extract/copies.py",
                      "\n\ndef _late():\n    from core.rules.arithmetic import check_identities\n\n"
                      "    return check_identities\n",
                      "core.extract is not allowed to import core.rules"),
    "core-gui": ("core/check.py", "\n\ndef _window():\n    import gui.main_window  # noqa: F401\n",
                 "core never imports the window (gui/) BROKEN"),
    # A part of the window importing the window that holds it (the mixins did, issue 22).
    "window-part": ("gui/window_edits.py", "\n\ndef _holder():\n    from gui.main_window import MainWindow\n\n"
                    "    return MainWindow\n",
                    "No cycles are allowed in gui."),
}


@pytest.mark.parametrize("name", sorted(_BREAKS))
def test_the_contract_breaks_on_an_import_that_runs_up_or_round(tmp_path: Path, name: str) -> None:
    for part in ("core", "gui"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / ".importlinter", tmp_path / ".importlinter")
    module, line, says = _BREAKS[name]
    target = tmp_path / module
    text = target.read_text(encoding="utf-8")
    target.write_text(text + line if line.startswith("\n") else _after_future(text, line), encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert says in done.stdout, done.stdout


def _after_future(text: str, line: str) -> str:
    marker = "from __future__ import annotations\n"
    assert marker in text
    return text.replace(marker, marker + line, 1)
