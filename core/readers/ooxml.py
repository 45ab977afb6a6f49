"""The zip container under DOCX and XLSX, checked before any XML parser sees it.

A crafted file can be a zip bomb (a few KB that inflate to gigabytes) or carry XML entity
declarations (billion laughs, external entities). Office never writes either, so such a file
is refused outright with a message, rather than trusted to the parsers' own limits.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from core.document import ReadError
from core.limits import MAX_XML_TAGS, check_tags, content_message

MAX_UNCOMPRESSED = 200 * 1024 * 1024
# One XML part (the body, a sheet, the shared strings): a real report's is a few MB at most.
MAX_XML_PART = 50 * 1024 * 1024
MAX_RATIO = 100
# Parts in the zip: a report has 10-40 (a few hundred with many images); zipfile builds an
# object per entry before anything can be checked (400,000 empty entries: 4.6 s, 312 MB).
MAX_ENTRIES = 10_000
# Small parts compress very well (a styles part of repeated attributes); the ratio only
# means something for parts big enough to hurt.
_RATIO_MIN_BYTES = 4 * 1024 * 1024

_CORRUPT = "文件已损坏，无法打开；请向发文单位重新索取原件，或用原软件重新保存。"

# The parser every part goes through: no entities, no network, no DTD.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)


class Package:
    """An opened, checked OOXML zip. Use as a context manager."""

    def __init__(self, path: Path, kind: str, data: bytes | None = None) -> None:
        self.kind = kind  # "Word 文档" / "Excel 表格", for messages
        if data is not None:
            check_entry_count(data)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ReadError(_CORRUPT) from exc
        try:
            self._check_sizes()
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def names(self) -> list[str]:
        return self.zip.namelist()

    def _check_sizes(self) -> None:
        infos = self.zip.infolist()
        if any(info.flag_bits & 0x1 for info in infos):
            raise ReadError(f"这个 {self.kind}设置了密码，无法读取；请取消密码后另存一份再检查。")
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED:
            raise ReadError(f"这个 {self.kind}解压后超过 {MAX_UNCOMPRESSED // (1024 * 1024)} MB，不像是一份年度报告，已拒绝读取；请确认文件来源。")
        for info in infos:
            if info.file_size > _RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ReadError(f"这个 {self.kind}的内部结构异常（压缩比过高，疑似恶意构造的文件），已拒绝读取；请确认文件来源。")
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > MAX_XML_PART:
                raise ReadError(content_message(f"“{info.filename}”解压后 {info.file_size // (1024 * 1024)} MB"))

    def read(self, name: str) -> bytes:
        try:
            return self.zip.read(name)
        except KeyError as exc:
            raise ReadError(f"{self.kind}缺少必要的内容（{name}），文件可能已损坏；请用原软件重新保存后再试。") from exc
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ReadError(_CORRUPT) from exc

    def check_xml_parts(self) -> None:
        """Refuse any XML part that declares a DOCTYPE or entities."""
        for name in self.names():
            if name.lower().endswith((".xml", ".rels", ".vml")):
                refuse_doctype(self.read(name), self.kind)

    def parse(self, name: str) -> etree._Element:
        data = transitional(self.read(name))
        refuse_doctype(data, self.kind)
        check_tags(data.count(b"<"), MAX_XML_TAGS, "XML ")
        try:
            return etree.fromstring(data, SAFE_XML)
        except etree.XMLSyntaxError as exc:
            raise ReadError(f"{self.kind}的内容已损坏，无法读取；请用原软件重新保存后再试。") from exc


_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/(wordprocessingml|spreadsheetml|drawingml|officeDocument)/")


def transitional(data: bytes) -> bytes:
    """A part of a Strict Open XML file (ISO/IEC 29500 Strict, Word's "Strict Open XML 文档")
    in the transitional namespaces the readers know: the markup is the same, only the
    namespace names and relationship types move (…/wordprocessingml/main ↔
    …/wordprocessingml/2006/main)."""
    if b"purl.oclc.org/ooxml/" not in data:
        return data
    return _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/", data)


def check_entry_count(data: bytes) -> None:
    """Refuse a zip with too many parts, counted in its end-of-central-directory record
    before zipfile reads the directory."""
    tail = data[-(65536 + 22):]
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0:
        return  # not a well-formed zip: zipfile will say so
    total = int.from_bytes(tail[pos + 10:pos + 12], "little")
    if total == 0xFFFF:  # Zip64: the count is in the Zip64 record
        pos64 = tail.rfind(b"PK\x06\x06")
        if pos64 >= 0:
            total = int.from_bytes(tail[pos64 + 32:pos64 + 40], "little")
    if total > MAX_ENTRIES:
        raise ReadError(f"这个文件内含 {total} 个部件，不像是一份年度报告（通常只有几十个），已拒绝读取；请确认文件来源，"
                        "或用 Word、WPS 重新另存后再检查。")


def refuse_doctype(data: bytes, kind: str) -> None:
    # UTF-16 parts (with or without BOM) hide the markup between NUL bytes.
    head = data.replace(b"\x00", b"") if b"\x00" in data[:4] or data.startswith(codecs.BOM_UTF16_BE) else data
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head or b"<!doctype" in head:
        raise ReadError(f"这个 {kind}含有 Office 从不生成的 XML 实体声明（疑似恶意构造的文件），已拒绝读取；请确认文件来源。")
