"""The command line's argument parser, in Chinese.

argparse prints its own English ("usage:", "error: the following arguments are required",
"invalid int value"); a clerk at a Chinese console gets one Chinese sentence saying what is
wrong and what to type instead, and the help text has Chinese headings.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


_REQUIRED = re.compile(r"the following arguments are required: (.+)")
_INVALID_INT = re.compile(r"argument (\S+): invalid int value: '(.*)'")
_EXPECTED = re.compile(r"argument (\S+): expected one argument")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (.+)")


def chinese_error(message: str, prog: str) -> str:
    """argparse's English error as one Chinese sentence with what to do."""
    help_hint = f"运行 {prog} -h 查看用法"
    if m := _REQUIRED.search(message):
        missing = m.group(1)
        if "-o" in missing:
            return f"导出需要用 -o 指定输出的 Excel 文件，如 {prog} 年报.pdf -o 年报.xlsx。"
        if "文件" in missing or "file" in missing:
            return f"缺少要检查的文件；请在命令后写上年报文件或文件夹（{help_hint}）。"
        return f"缺少必需的参数 {missing}；请{help_hint}。"
    if m := _INVALID_INT.search(message):
        return f"{m.group(1)} 后面应是一个正整数（如 2），而不是“{m.group(2)}”；请{help_hint}。"
    if m := _EXPECTED.search(message):
        return f"{m.group(1)} 后面缺少取值；请{help_hint}。"
    if m := _UNRECOGNIZED.search(message):
        words = m.group(1).split()
        dashed = [w for w in words if w.startswith("-")]
        if dashed and dashed[0].startswith("--"):
            return f"无法识别的选项 {dashed[0]}；请{help_hint}，查看可用的选项。"
        if dashed:
            return (f"“{dashed[0]}”以“-”开头，被当成了选项；如果它是文件名，请写成 ./{dashed[0]}，"
                    f"或在文件名前加 --（如 {prog} -- {dashed[0]}）。")
        return f"无法识别的参数：{m.group(1)}；请{help_hint}。"
    if re.search(r"[\u4e00-\u9fff]", message):
        return message if message.endswith("。") else message + "。"
    return f"命令行参数有误；请{help_hint}。"


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本说明并退出")

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}：{chinese_error(message, self.prog)}", file=sys.stderr)
        sys.exit(2)


def protect_dashed_files(argv: list[str], options: set[str]) -> tuple[list[str], dict[str, str]]:
    """A name starting with "-" ("-报告.txt") is a file the clerk meant, not an unknown
    option: it is replaced by a placeholder argparse takes for a
    positional argument, and ``restore`` gives the name back as given."""
    out: list[str] = []
    names: dict[str, str] = {}
    after_dashes = False
    for arg in argv:
        if arg == "--":
            after_dashes = True
        elif not after_dashes and arg.startswith("-") and arg.split("=", 1)[0] not in options and _file_like(arg):
            key = f"\x00{len(names)}"
            names[key] = arg
            arg = key
        out.append(arg)
    return out, names


def _file_like(arg: str) -> bool:
    # Options are ASCII words; "-报告.txt" or "-2023.pdf" is a name (one that does not exist
    # is then reported by the reader as not found, which says more than "unknown option").
    return not arg.isascii() or "." in arg or _exists(arg)


def _exists(name: str) -> bool:
    import os

    try:
        return os.path.lexists(name)
    except (OSError, ValueError):
        return False
