"""The corrected Excel workbook: the clerk's deliverable (paste from it, print it for
sign-off, send it to the supervisor).

``write_corrected_workbook`` decides the content (``core.export.content``), draws it
(``core.export.workbook_sheets``) into a temporary file beside the target and moves it over the
target in one step, so an existing file is either replaced whole or left as it was, and
nothing half-written is ever left behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from core.export.content import build_content
from core.export.workbook_sheets import write_workbook
from collections.abc import Sequence

from core.model import Extraction, Finding, Report


class ExportError(Exception):
    """The workbook could not be written. ``message`` is one Chinese sentence saying what is
    wrong and what to do; the window shows it and lets the user pick another path."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def write_corrected_workbook(report: Report, target: str | os.PathLike[str], edited: Extraction | None = None,
                             extra_findings: Sequence[Finding] = ()) -> Path:
    """Write the checked report, with the user's edits (``edited``; None = as printed), to
    ``target`` (.xlsx). ``extra_findings`` are findings the rules on the tables alone cannot
    make (the comparison with last year's report) to list in 检查结果 too. Returns the path
    written. Raises ``ExportError`` only."""
    if report.extraction is None:
        raise ExportError("该文件未能读取，没有可导出的表格；请先解决读取问题再导出。")
    path = _check_target(report, target)
    try:
        content = build_content(report, edited, extra_findings)
    except Exception as exc:  # noqa: BLE001 — a bug of ours must surface as a sentence, not a traceback
        raise ExportError("整理导出内容时出现内部错误，未写入任何文件；请把原报告发给维护人员。") from exc
    tmp = _temp_file(path.parent)
    try:
        try:
            write_workbook(content, str(tmp))
        except OSError as exc:
            raise ExportError(_os_message(exc, path, writing=True)) from exc
        except ExportError:
            raise
        except Exception as exc:  # noqa: BLE001 — xlsxwriter wraps file errors in its own exceptions
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, OSError):
                raise ExportError(_os_message(cause, path, writing=True)) from exc
            raise ExportError("生成 Excel 文件时出现内部错误，未写入任何文件；请把原报告发给维护人员。") from exc
        _give_mode(tmp, path)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise ExportError(_os_message(exc, path, writing=False)) from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    return path


def _check_target(report: Report, target: str | os.PathLike[str]) -> Path:
    raw = os.fspath(target)
    if not raw.strip():
        raise ExportError("没有指定导出文件名；请选择保存位置和文件名。")
    path = Path(raw).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise ExportError(f"导出文件名“{path.name}”不是 .xlsx 文件；请把文件名改为以 .xlsx 结尾。")
    try:
        resolved = path.resolve()
    except OSError as exc:
        raise ExportError("导出路径无效；请另选保存位置。") from exc
    if _same_file(resolved, report.file):
        raise ExportError("不能用导出结果覆盖原始报告文件；请另选一个文件名。")
    if resolved.is_dir():
        raise ExportError(f"“{path.name}”是一个文件夹；请另外输入文件名。")
    folder = resolved.parent
    if not folder.is_dir():
        raise ExportError(f"保存位置“{folder}”不存在；请选择已有的文件夹。")
    return resolved


def _same_file(target: Path, source: str) -> bool:
    if not source:
        return False
    try:
        src = Path(source).expanduser().resolve()
    except OSError:
        return False
    if os.path.normcase(str(src)) == os.path.normcase(str(target)):
        return True
    try:
        return target.exists() and os.path.samefile(src, target)  # hard links, case-insensitive disks
    except OSError:
        return False


def _temp_file(folder: Path) -> Path:
    """An empty file in the target's own folder, so the final rename stays on one disk and
    is atomic."""
    try:
        fd, name = tempfile.mkstemp(prefix=".~年报校验导出-", suffix=".xlsx.tmp", dir=folder)
    except OSError as exc:
        raise ExportError(_os_message(exc, folder / "x.xlsx", writing=True)) from exc
    os.close(fd)
    return Path(name)


def _os_message(exc: OSError, path: Path, *, writing: bool) -> str:
    folder = path.parent
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if not writing and path.exists():
            return (f"无法覆盖“{path.name}”：该文件可能正在 Excel 或 WPS 中打开，或被设为只读；"
                    "请关闭该文件后重试，或另选文件名。")
        return f"没有权限在“{folder}”中保存文件；请另选一个可写入的文件夹（如“文档”或桌面）。"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足，未能保存；请清理磁盘或另选保存位置。"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径过长，未能保存；请缩短文件名或另选保存位置。"
    return f"保存到“{path}”失败（{exc.strerror or '磁盘或网络路径错误'}）；请另选保存位置后重试。"


def _umask() -> int:
    # Read once: os.umask can only be read by setting it, which is not thread-safe later on.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def _give_mode(tmp: Path, target: Path) -> None:
    """mkstemp creates the file readable by its owner only; the export should carry the
    mode an ordinary new file gets (or the mode of the file it replaces)."""
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_UMASK
        os.chmod(tmp, mode)
    except OSError:
        pass  # the file is still complete and readable by its owner


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass  # nothing more can be done; the name starts with ".~" so it stays out of sight
