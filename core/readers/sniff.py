"""What a file is, decided from its bytes, not its name (clerks rename .doc to .docx and
save web pages as .txt), and the file read once, whole, within the size limit."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from core.document import Format, ReadError
from core.draft_file import looks_like_draft

# Files larger than this are refused before any parsing: no real annual report comes near
# it, and a parser fed a huge file can take minutes and gigabytes.
MAX_FILE_BYTES = 60 * 1024 * 1024

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".xlsx", ".xlsm", ".html", ".htm", ".mhtml", ".mht", ".txt", ".text", ".md",
                      ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp",
                      ".doc", ".dot", ".wps", ".wpt", ".xls", ".xlt", ".et", ".ett", ".ofd", ".nbdraft")

# Kinds not read but explained when opened (a presentation, OpenDocument, RTF, an archive):
# the open dialog offers them so a clerk gets the message instead of not seeing the file.
EXPLAINED_SUFFIXES = (".ppt", ".pptx", ".dps", ".odt", ".ods", ".rtf", ".zip", ".gif")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Old Office and WPS formats, refused by name even when the bytes are something else.
LEGACY_SUFFIXES = (".doc", ".dot", ".wps", ".wpt", ".xls", ".xlt", ".et", ".ett", ".ppt", ".dps")
# Picture files are not refused as unknown binaries: a scanned page is an image.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")
_TEXT_SUFFIXES = (".txt", ".text", ".md", ".csv")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def sniff(path: Path, head: bytes, data: bytes | None = None) -> Format:
    """Decide the format from the first bytes (and, for zip containers, the part names).
    ``data``, the whole file when the caller has it, lets a refusal name the exact kind of
    legacy Office file."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    # Container magic first: a zip whose first member is a stored PDF has "%PDF-" in its
    # first KB too.
    if head.startswith(_OLE2):
        return _ole_format(path, data if data is not None else head)
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path, data)
    if b"%PDF-" in head[:1024]:  # PDF allows junk (a mail header, a BOM) before its marker
        return "pdf"
    if any(head.startswith(m) for m in _IMAGE_MAGIC):
        return "image"  # a scan or a photo of the report: read by OCR (core/producers/ocr)
    if looks_like_draft(head):
        return "draft"  # a new year's report being written (core/draft), whatever its name
    if head.startswith(b"{\\rtf"):
        raise ReadError("这是 RTF 文件，暂不支持；请用 Word 或 WPS 打开后另存为 .docx 再检查。")
    # Saved pages may open with several KB of <p> prose before the first <table>.
    lowered = head.lower()
    is_html = _looks_html(suffix, lowered)
    if suffix in LEGACY_SUFFIXES and not is_html:
        # A 4-byte old.doc or a text file named note.doc: not a report we can read, whatever
        # the bytes say (Word's "web page" .doc is HTML and is read as HTML above).
        raise ReadError(ole2_message(path, b""))
    if suffix not in _TEXT_SUFFIXES and suffix not in IMAGE_SUFFIXES and not is_html and _looks_binary(head):
        # Binary and none of ours (an .exe, a .dat, a Word 95 file named .docx): the same
        # advice as for the old Office formats, rather than garbage in the source pane.
        raise ReadError(ole2_message(path, b""))
    if is_html:
        return "html"
    return "txt"


def _looks_html(suffix: str, lowered: bytes) -> bool:
    stripped = lowered.lstrip(b"\xef\xbb\xbf \t\r\n")
    markup = stripped.startswith(b"<") and any(t in lowered for t in (b"</p>", b"</div>", b"</table>", b"<br"))
    # A web archive (IE/Edge save "网页，单个文件" as .mht) is MIME headers, then the page.
    archive = b"mime-version:" in lowered[:4096] and b"multipart/related" in lowered[:4096]
    return bool(suffix in (".html", ".htm", ".mhtml", ".mht") or archive or stripped.startswith((b"<!doctype html", b"<html")) or (
        b"<table" in lowered and b"</" in lowered
    ) or markup)


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or many control bytes, and not UTF-16 text (which is every other byte NUL)."""
    # Deferred: charset_normalizer is slow to import, and a PDF or an Office file never needs it.
    from core.readers.encoding import _looks_utf16

    sample = head[:4096]
    if not sample or sample.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(sample):
        return False
    control = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return b"\x00" in sample or control > len(sample) // 20


def _has_stream(data: bytes, name: str) -> bool:
    # Directory entries of a compound file store their names as UTF-16LE.
    return name.encode("utf-16-le") in data


def ole2_message(path: Path, data: bytes) -> str:
    """Why an OLE2 compound file (or a file named like an old Office file) is not read: a
    password, a presentation, or damage. The stream names say which it is, the file name is
    only a hint (clerks rename files)."""
    suffix = path.suffix.lower()
    sheet_suffix = suffix in (".xls", ".et", ".xlsx", ".xlsm", ".ett", ".xlt")
    if _has_stream(data, "EncryptedPackage") or _has_stream(data, "EncryptionInfo"):
        kind = "Excel 表格" if sheet_suffix else "Word 文档"
        return f"这个 {kind}设置了打开密码，无法读取；请用 Office 或 WPS 输入密码打开，取消密码后另存一份再检查。"
    if _has_stream(data, "PowerPoint Document"):
        return "这是演示文稿（.ppt/.dps），不是年度报告文件；请提供报告的 PDF、Word 或网页原件。"
    if not data.startswith(_OLE2):
        if sheet_suffix:
            return f"这个 {suffix} 文件的内容不是 Excel 表格，也不是其他可识别的格式；请用 Excel 或 WPS 打开确认，另存为 .xlsx 或 PDF 后再检查。"
        return f"这个 {suffix} 文件的内容不是 Word 文档，也不是其他可识别的格式；请用 Word 或 WPS 打开确认，另存为 .docx 或 PDF 后再检查。"
    if sheet_suffix:
        return "这个旧版 Excel 或 WPS 表格（.xls/.et）文件已损坏或不是标准格式，无法读取；请用 Excel 或 WPS 打开后另存为 .xlsx 或 PDF 再检查。"
    return "这个旧版 Word 或 WPS 文字（.doc/.wps）文件已损坏或不是标准格式，无法读取；请用 Word 或 WPS 打开后另存为 .docx 或 PDF 再检查。"


def _ole_format(path: Path, data: bytes) -> Format:
    """Word 97–2003 / WPS 文字 → "doc", Excel 97–2003 / WPS 表格 → "xls"; anything else
    in a compound file (a password-protected OOXML, a presentation) gets its message."""
    import io

    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
    except Exception:  # noqa: BLE001 — a damaged compound file: judged by its name below
        streams = set()
    if streams & {"EncryptedPackage", "EncryptionInfo"}:
        raise ReadError(ole2_message(path, data))
    if "WordDocument" in streams:
        return "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    raise ReadError(ole2_message(path, data))


def _zip_format(path: Path, data: bytes | None = None) -> Format:
    import io
    import zipfile

    # Deferred: lxml (behind ooxml) only for zip containers; a TXT or PDF check starts without it.
    from core.readers.ooxml import check_entry_count

    if data is not None:
        check_entry_count(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError("文件已损坏，无法打开；请向发文单位重新索取原件。") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    # An Office package that lost its main part (a broken download, a repair tool, an
    # archiver that dropped a member) is a damaged Word/Excel file, not an archive to unpack.
    if any(n.startswith("word/") for n in names):
        raise ReadError("这个 Word 文件已损坏（缺少正文部分），无法读取；"
                        "请用 Word 或 WPS 尝试打开并修复后另存为 .docx，或向发文单位重新索取原件。")
    if any(n.startswith("xl/") for n in names):
        raise ReadError("这个 Excel 文件已损坏（缺少工作簿部分），无法读取；"
                        "请用 Excel 或 WPS 尝试打开并修复后另存为 .xlsx，或向发文单位重新索取原件。")
    if "content.xml" in names:
        raise ReadError("这是 OpenDocument（.odt/.ods）文件，暂不支持；请另存为 .docx 或 .xlsx 再检查。")
    if "OFD.xml" in names or "ofd.xml" in names:
        return "ofd"  # GB/T 33190 fixed-layout files, what government document systems produce
    raise ReadError("这是一个压缩包而不是报告文件；请解压后拖入其中的报告。")


def read_bytes(path: Path) -> bytes:
    """The whole file, read once: the readers parse these bytes and never open the file
    again, so a file replaced or deleted afterwards cannot give a half-old, half-new read."""
    try:
        if path.is_dir():
            raise ReadError("这是一个文件夹；请选择其中的报告文件，或使用批量检查。")
        data = _read_regular(path)
    except FileNotFoundError as exc:
        raise ReadError("找不到该文件，可能已被移动或删除；请重新选择。") from exc
    except IsADirectoryError as exc:
        raise ReadError("这是一个文件夹；请选择其中的报告文件，或使用批量检查。") from exc
    except PermissionError as exc:
        raise ReadError("没有权限读取该文件；请确认文件未被其他程序独占打开，或复制到“文档”文件夹后再试。") from exc
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise ReadError("文件名或路径过长，系统无法打开；请把文件改成短一些的名字后再试。") from exc
        raise ReadError("无法读取该文件（磁盘或网络路径错误）；请把文件复制到本机后再试。") from exc
    except ValueError as exc:  # a path with a NUL character
        raise ReadError("无法读取该文件（磁盘或网络路径错误）；请把文件复制到本机后再试。") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(_too_big(len(data)))
    if not data:
        raise ReadError("文件是空的（0 字节）；请确认文件已完整下载或保存。")
    return data


def _read_regular(path: Path) -> bytes:
    # Opened without blocking and checked before reading: a FIFO, a terminal or a device
    # named 报告.txt would block in open() or read() forever. Only regular files are read.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("这不是普通文件（可能是管道或设备），无法读取；请选择保存在磁盘上的报告文件。")
        if info.st_size > MAX_FILE_BYTES:
            raise ReadError(_too_big(info.st_size))
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            # One byte more than the limit: a file that grew since fstat() is still caught.
            return f.read(MAX_FILE_BYTES + 1)
    finally:
        if fd >= 0:
            os.close(fd)


def _too_big(size: int) -> str:
    return (f"文件过大（{size // (1024 * 1024)} MB），超出 {MAX_FILE_BYTES // (1024 * 1024)} MB 的上限；"
            "年度报告通常只有几 MB，请确认选对了文件。")
