"""How every export reaches the disk: the target is checked first (suffix, folder, never the
source report), the file is written to a temporary name beside the target and moved over it in
one step, so an existing file is either replaced whole or left as it was, and nothing
half-written is ever left behind."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from core.export.leftovers import temp_beside
from core.oserror_zh import os_error_zh


class ExportError(Exception):
    """The file could not be written. ``message`` is one Chinese sentence saying what is
    wrong and what to do; the window shows it and lets the user pick another path."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_target(source: str, target: str | os.PathLike[str], suffix: str) -> Path:
    """The resolved target path, or ExportError when it cannot take the export: no name,
    another suffix, the source itself, a folder, a missing folder."""
    raw = os.fspath(target)
    if not raw.strip():
        raise ExportError("没有指定导出文件名；请选择保存位置和文件名。")
    path = Path(raw).expanduser()
    if path.suffix.lower() != suffix:
        raise ExportError(f"导出文件名“{path.name}”不是 {suffix} 文件；请把文件名改为以 {suffix} 结尾。")
    try:
        resolved = path.resolve()
        is_folder = resolved.is_dir()
        folder = resolved.parent
        folder_exists = folder.is_dir()
    except OSError as exc:  # ENAMETOOLONG: a name longer than the disk allows
        raise ExportError(f"导出路径不可用（{os_error_zh(exc)}）；请缩短文件名或另选保存位置。") from exc
    if same_file(resolved, source):
        raise ExportError("不能用导出结果覆盖原始报告文件；请另选一个文件名。")
    if is_folder:
        raise ExportError(f"“{path.name}”是一个文件夹；请另外输入文件名。")
    if not folder_exists:
        raise ExportError(f"保存位置“{folder}”不存在；请选择已有的文件夹。")
    return resolved


def same_file(target: Path, source: str) -> bool:
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


def write_atomically(path: Path, write: Callable[[str], None], what: str) -> Path:
    """Run ``write(temporary path)`` and move the result over ``path``. ``what`` names the
    file for the message of an internal error ("Word 文件"). Raises ExportError only."""
    tmp = temp_file(path)
    try:
        try:
            write(str(tmp))
        except OSError as exc:
            raise ExportError(os_message(exc, path, writing=True)) from exc
        except ExportError:
            raise
        except Exception as exc:  # noqa: BLE001 — writers wrap file errors in their own exceptions
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, OSError):
                raise ExportError(os_message(cause, path, writing=True)) from exc
            raise ExportError(f"生成{what}时出现内部错误，未写入任何文件；请把原报告发给维护人员。") from exc
        give_mode(tmp, path)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise ExportError(os_message(exc, path, writing=False)) from exc
    except BaseException:
        remove_quietly(tmp)
        raise
    return path


def temp_file(target: Path) -> Path:
    """An empty file in the target's own folder, so the final rename stays on one disk and
    is atomic."""
    # Named with our process id, so the next export can remove what a killed one left.
    try:
        return temp_beside(target.parent, ".~年报校验导出-", target.suffix.lower() + ".tmp")
    except OSError as exc:
        raise ExportError(os_message(exc, target, writing=True)) from exc


def os_message(exc: OSError, path: Path, *, writing: bool) -> str:
    folder = path.parent
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if not writing and path.exists():
            return (f"无法覆盖“{path.name}”：该文件可能正在 Excel、Word 或 WPS 中打开，或被设为只读；"
                    "请关闭该文件后重试，或另选文件名。")
        return f"没有权限在“{folder}”中保存文件；请另选一个可写入的文件夹（如“文档”或桌面）。"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足，未能保存；请清理磁盘或另选保存位置。"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径过长，未能保存；请缩短文件名或另选保存位置。"
    return f"保存到“{path}”失败（{os_error_zh(exc)}）；请另选保存位置后重试。"


def _umask() -> int:
    # Read once: os.umask can only be read by setting it, which is not thread-safe later on.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def give_mode(tmp: Path, target: Path) -> None:
    """mkstemp creates the file readable by its owner only; the export should carry the
    mode an ordinary new file gets (or the mode of the file it replaces)."""
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_UMASK
        os.chmod(tmp, mode)
    except OSError:
        pass  # the file is still complete and readable by its owner


def remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # nothing more can be done; the name starts with ".~" so it stays out of sight
