"""Which ``<img src>`` of a saved web page is read (core/readers/html_pictures.py): only a
file inside the page's own folder, named by a relative path, large enough to hold a table.
Fast: no OCR, the pictures are only looked at."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from core.readers.html_pictures import LocalPictures


def _page(tmp_path: Path) -> tuple[LocalPictures, Path]:
    folder = tmp_path / "网页"
    files = folder / "年度报告_files"
    files.mkdir(parents=True)
    Image.new("RGB", (800, 500), "white").save(files / "表 三.png")
    Image.new("RGB", (100, 40), "red").save(files / "logo.png")
    Image.new("RGB", (800, 500), "white").save(tmp_path / "外部.png")
    (folder / "年度报告.html").write_text("<p>x</p>", encoding="utf-8")
    return LocalPictures(folder / "年度报告.html"), folder


def test_a_relative_picture_of_the_page_is_read_once(tmp_path: Path) -> None:
    pictures, _ = _page(tmp_path)
    assert pictures.offer("年度报告_files/表 三.png") is not None
    # The same file again (percent-encoded, with a query, through ./): not read twice.
    assert pictures.offer("./%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A_files/%E8%A1%A8%20%E4%B8%89.png?v=2") is None


def test_percent_encoded_and_backslashed_names_resolve(tmp_path: Path) -> None:
    pictures, _ = _page(tmp_path)
    assert pictures.offer("%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A_files\\%E8%A1%A8%20%E4%B8%89.png#top") is not None


def test_small_remote_absolute_and_escaping_pictures_are_not_read(tmp_path: Path) -> None:
    pictures, folder = _page(tmp_path)
    outside = tmp_path / "外部.png"
    os.symlink(outside, folder / "年度报告_files" / "link.png")
    os.mkfifo(folder / "年度报告_files" / "pipe.png")
    for src in ("年度报告_files/logo.png", "http://127.0.0.1:9/a.png", "HTTPS://x/a.png", "//server/share/a.png",
                "\\\\server\\share\\a.png", f"file://{outside}", str(outside), "C:\\外部.png", "../外部.png",
                "年度报告_files/../../外部.png", "%2E%2E/外部.png", "年度报告_files/link.png", "年度报告_files/pipe.png",
                "data:image/png;base64,iVBORw0KGgo=", "", None, "年度报告_files/没有.png", "年度报告_files"):
        assert pictures.offer(src) is None, src
    assert pictures.found == []


def test_inline_base64_pictures_are_kept_only_when_table_sized(tmp_path: Path) -> None:
    import base64
    import io

    from core.readers.html import _DATA_URI

    def uri(size: tuple[int, int], kind: str = "png") -> bytes:
        buf = io.BytesIO()
        Image.effect_noise(size, 60).convert("RGB").save(buf, "PNG")  # noise: never a short URI
        return b"data:image/" + kind.encode() + b";base64," + base64.encodebytes(buf.getvalue())

    pictures, folder = _page(tmp_path)
    page = (b'<p><img src="' + uri((800, 500)) + b'"><img src="' + uri((60, 60)) + b'">'
            b'<a href="data:application/pdf;base64,' + b"A" * 400 + b'">x</a></p>')
    out = _DATA_URI.sub(pictures.keep_inline, page)
    assert out == b'<p><img src="data:,inline-picture-0"><img src="data:,"><a href="data:,">x</a></p>'
    data = pictures.offer("data:,inline-picture-0")
    assert data is not None and data.startswith(b"\x89PNG")
    assert pictures.offer("data:,inline-picture-0") is None  # once


def _mhtml(picture: bytes, location: str, src: str) -> bytes:
    """A web archive as Chrome and IE write it: the page, then its pictures, base64."""
    import base64

    page = (f'<html><head><meta charset="utf-8"></head><body><p>四、政府信息公开行政复议、行政诉讼情况</p>'
            f'<p><img src="{src}"></p><p>五、存在的主要问题及改进情况</p></body></html>')
    return ("From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary--abc"\r\n\r\n'
            "------MultipartBoundary--abc\r\nContent-Type: text/html\r\nContent-Location: http://www.example.gov.cn/art/2024/1/report.html\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + page.replace("=", "=3D") + "\r\n"
            "------MultipartBoundary--abc\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
            f"Content-Location: {location}\r\n\r\n" + base64.encodebytes(picture).decode("ascii") + "\r\n"
            "------MultipartBoundary--abc--\r\n").encode("utf-8")


def test_a_web_archive_s_pictures_are_found_by_their_address_never_fetched(tmp_path: Path) -> None:
    import io

    buf = io.BytesIO()
    Image.new("RGB", (800, 500), "white").save(buf, "PNG")
    location = "http://www.example.gov.cn/art/2024/1/images/t4.png"
    for src in (location, "images/t4.png", "./images/t4.png"):
        pictures = LocalPictures(tmp_path / "报告.mht")
        pictures.keep_archived(_mhtml(buf.getvalue(), location, src))
        assert pictures.offer(src) == buf.getvalue(), src
        assert pictures.offer(src) is None  # once
    pictures = LocalPictures(tmp_path / "报告.mht")
    pictures.keep_archived(_mhtml(buf.getvalue(), location, location))
    assert pictures.offer("http://www.example.gov.cn/other.png") is None
    assert pictures.offer("http://evil.example/images/t4.png") is None
