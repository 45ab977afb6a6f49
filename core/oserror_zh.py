"""An operating-system error as Chinese words: ``exc.strerror`` is English on Linux and
macOS ("No space left on device") and the console's language on Windows, and a clerk's
message must be Chinese either way."""

from __future__ import annotations

import errno

_ZH = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘只读，不能写入",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有操作权限",
    errno.EFBIG: "文件超出磁盘允许的大小",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.ENOENT: "文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "文件已存在",
    errno.EIO: "磁盘读写出错",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    errno.EBUSY: "文件正被其他程序使用",
    errno.ETXTBSY: "文件正被其他程序使用",
    errno.EINVAL: "文件名不合法",
    errno.EXDEV: "不能跨磁盘移动",
    errno.ELOOP: "路径中的快捷方式（符号链接）循环",
}
for _name, _text in (("EDQUOT", "磁盘配额已用完"), ("ESTALE", "网络路径已失效"), ("ETIMEDOUT", "网络路径超时"),
                     ("EHOSTDOWN", "网络路径不可用"), ("ENOTCONN", "网络路径未连接")):
    if hasattr(errno, _name):
        _ZH[getattr(errno, _name)] = _text


def os_error_zh(exc: BaseException) -> str:
    """The reason, in Chinese; a generic phrase for an error number not in the table."""
    number = getattr(exc, "errno", None)
    if isinstance(exc, PermissionError) and number not in _ZH:
        return "没有权限"
    return _ZH.get(number, "磁盘或网络路径错误") if isinstance(number, int) else "磁盘或网络路径错误"
