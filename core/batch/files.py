"""Which files a batch meets: the items given, each folder expanded in its place to every
file in it; and which of those it leaves out on purpose (``skip_reason``), each with its
reason, so every file gets an answer (issue 25)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from core.marks import EXPORT_MARK, SUMMARY_MARK

# Files Windows and macOS leave in folders on their own.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"})


def skip_reason(path: str, *, alone: bool = False) -> str | None:
    """Why a file met in a batch is left out on purpose, or None to check it. ``alone``: the
    file is the whole batch (a corrected workbook checked on its own is checked)."""
    p = Path(path)
    name = p.name
    if name.startswith("~$"):
        return "这是 Word、Excel 或 WPS 打开文件时留下的临时锁定文件（~$ 开头），不是报告，已跳过；无需处理。"
    if name.startswith(".") or name.lower() in _SYSTEM_FILES:
        return "这是系统或隐藏文件，不是报告，已跳过；无需处理。"
    if is_summary_workbook(p):
        return "这是本程序写出的批量检查汇总表，不是报告，已跳过；无需处理。"
    if not alone and is_export_workbook(p):
        return ("这是本程序导出的更正表格，为免同一份报告重复计入已跳过；需要检查它请在窗口中单独打开。")
    return None


def is_summary_workbook(path: Path) -> bool:
    """A summary this program wrote (core/export/summary.py marks it with the custom document
    property core.marks.SUMMARY_MARK): found in a folder checked again, it is not a report."""
    if path.suffix.lower() != ".xlsx":
        return False
    custom = _custom_properties(path)
    return SUMMARY_MARK[0] in custom


def is_export_workbook(path: Path) -> bool:
    """The corrected workbook this program exported (core.marks.EXPORT_MARK): in a folder
    beside the report it came from, checking it too would count that report twice."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    return _custom_properties(path).find(f'name="{EXPORT_MARK[0]}"') >= 0


def _custom_properties(path: Path) -> str:
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return z.read("docProps/custom.xml")[:65536].decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return ""


def collect_files(items: Iterable[str], *, exclude: Iterable[str] = ()) -> list[str]:
    """Files as given (whatever their suffix: the readers decide by content), in the order
    given — the CLI's output follows the input order (cli-contract.md); each folder expanded
    in its place to every file inside it, recursively and sorted (hidden folders are not
    entered). Office lock files, system files and this program's own outputs are listed
    too: the batch answers them as skipped (``skip_reason``) instead of leaving them out
    silently. The same file reached twice is kept once. ``exclude`` drops paths such as the
    summary being written into the checked folder."""
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
            if _is_regular(child):
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
