"""Which files a batch checks: the items given, each folder expanded in its place."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from core.marks import SUMMARY_MARK
from core.readers import SUPPORTED_SUFFIXES


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith(("~$", "."))


def is_summary_workbook(path: Path) -> bool:
    """A summary this program wrote (core/export/summary.py marks it with the custom document
    property core.marks.SUMMARY_MARK): found in a folder checked again, it is not a report."""
    if path.suffix.lower() != ".xlsx":
        return False
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            custom = z.read("docProps/custom.xml")[:65536].decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    return SUMMARY_MARK[0] in custom


def collect_files(items: Iterable[str], *, exclude: Iterable[str] = ()) -> list[str]:
    """Files as given (whatever their suffix: the readers decide by content), in the order
    given — the CLI's output follows the input order (cli-contract.md); each folder expanded
    in its place to the supported files inside it, recursively and sorted, skipping Office
    lock files (~$…), hidden files and folders, and summary workbooks this program wrote.
    The same file reached twice is kept once. ``exclude`` drops paths such as the summary
    being written into the checked folder."""
    seen = {_identity(p) for p in exclude}
    out: list[str] = []

    def add(name: str) -> None:
        key = _identity(name)
        if key not in seen:
            seen.add(key)
            out.append(name)

    for item in items:
        p = Path(item)
        if not _is_dir(p):
            add(item)
            continue
        inside = []
        for child in p.rglob("*"):
            if any(part.startswith(".") for part in child.relative_to(p).parts[:-1]):
                continue
            if _is_regular(child) and _supported(child) and not is_summary_workbook(child):
                inside.append(child)
        for child in sorted(inside, key=_natural):
            add(str(child))
    return out


def _is_dir(path: Path) -> bool:
    # Path.is_dir raises for a name too long for the disk (ENAMETOOLONG): such an item is
    # a file whose reader says what is wrong with it.
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _is_regular(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _natural(path: Path) -> list[tuple[int, int | str]]:
    """Sort key: folder by folder, numbers by value ("第2号" before "第10号"), as Explorer does."""
    key: list[tuple[int, int | str]] = []
    for part in path.parts:
        for token in re.split(r"(\d+)", part.lower()):
            if token:
                key.append((0, int(token)) if token.isdigit() else (1, token))
        key.append((2, ""))
    return key


def _identity(path: str) -> str:
    try:
        return os.path.normcase(os.path.realpath(path))
    except OSError:
        return os.path.normcase(os.path.abspath(path))
