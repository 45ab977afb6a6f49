"""Build the .deb for 统信 UOS and 银河麒麟 Kylin (x86_64) from the Linux frozen onedir folder.

    python packaging/deb.py build/ci-dist/nianbao build/deb      → build/deb/<appid>_<version>_amd64.deb

The UOS app-store layout: everything under /opt/apps/<appid>/ —
    info                                   JSON: appid, name, version, arch, permissions
    entries/applications/<appid>.desktop   Exec points into files/
    entries/icons/hicolor/256x256/apps/<appid>.png
    entries/mime/packages/<appid>.xml      the report types shared-mime-info may not know (.ofd .wps .et .mht)
    files/                                 the onedir bundle (nianbao, nianbao-cli, _internal/)
The desktop environment of UOS/Kylin picks entries/ up from /opt/apps itself; the package has no
maintainer scripts, writes nothing outside /opt/apps/<appid>, and the program runs as the
ordinary user (settings and autosaves in ~/.config and ~/.local/share, as Qt puts them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deb_libs  # noqa: E402  (packaging/ is not a package)
import product  # noqa: E402

ROOT = product.ROOT
ICON = ROOT / "resources" / "icons" / "app.png"  # 256 × 256

# (MIME type, glob patterns, Chinese comment) for every type the readers take. Types
# shared-mime-info already defines are listed too: the desktop file names them for "打开方式".
REPORT_TYPES: list[tuple[str, tuple[str, ...], str]] = [
    ("application/pdf", ("*.pdf",), "PDF 文档"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("*.docx",), "Word 文档"),
    ("application/msword", ("*.doc",), "Word 97-2003 文档"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("*.xlsx",), "Excel 工作簿"),
    ("application/vnd.ms-excel", ("*.xls",), "Excel 97-2003 工作簿"),
    ("application/wps-office.wps", ("*.wps",), "WPS 文字文档"),
    ("application/wps-office.et", ("*.et",), "WPS 表格文档"),
    ("application/ofd", ("*.ofd",), "OFD 版式文档"),
    ("text/html", ("*.html", "*.htm"), "网页"),
    ("application/x-mimearchive", ("*.mht", "*.mhtml"), "单个文件网页（MHT）"),
    ("text/plain", ("*.txt",), "纯文本"),
    ("image/png", ("*.png",), "PNG 图片"),
    ("image/jpeg", ("*.jpg", "*.jpeg"), "JPEG 图片"),
    ("image/tiff", ("*.tif", "*.tiff"), "TIFF 图片"),
    ("image/bmp", ("*.bmp",), "BMP 图片"),
]
# Only these are declared in our mime XML: the others belong to shared-mime-info, and
# redefining them could change how the desktop treats every PDF or picture.
OWN_TYPES = {"application/wps-office.wps", "application/wps-office.et", "application/ofd", "application/x-mimearchive"}


def app_root() -> Path:
    return Path("/opt/apps") / product.APPID


def desktop_entry() -> str:
    files = app_root() / "files"
    mime = ";".join(t for t, _, _ in REPORT_TYPES) + ";"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        f"Name={product.PRODUCT}",
        f"Name[zh_CN]={product.PRODUCT}",
        f"GenericName={product.DESCRIPTION}",
        "Comment=检查《政府信息公开工作年度报告》表二、表三、表四的勾稽关系和格式",
        # %F: several files (or a folder dropped on the icon) open the batch view (gui/app.py).
        f"Exec={files / 'nianbao'} %F",
        f"TryExec={files / 'nianbao'}",
        f"Icon={product.APPID}",
        "Terminal=false",
        "Categories=Office;Utility;",
        f"MimeType={mime}",
        "Keywords=年报;政府信息公开;年度报告;校验;检查;",
        "StartupNotify=true",
        "",
    ])


def mime_xml() -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">']
    for mime, globs, comment in REPORT_TYPES:
        if mime not in OWN_TYPES:
            continue
        parts.append(f'  <mime-type type="{mime}">')
        parts.append(f"    <comment xml:lang=\"zh_CN\">{comment}</comment>")
        parts += [f'    <glob pattern="{g}"/>' for g in globs]
        parts.append("  </mime-type>")
    parts.append("</mime-info>\n")
    return "\n".join(parts)


def info_json(version: str) -> str:
    info = {
        "appid": product.APPID,
        "name": product.PRODUCT,
        "version": version,
        "arch": ["amd64"],
        # Reads the files the clerk opens, writes only where the clerk exports; nothing else.
        "permissions": {"autostart": False, "notification": False, "trayicon": False, "clipboard": True,
                        "account": False, "bluetooth": False, "camera": False, "audio_record": False,
                        "installed_apps": False},
        "support-plugins": [],
        "plugins": [],
    }
    return json.dumps(info, ensure_ascii=False, indent=2) + "\n"


def control(version: str, installed_kib: int, libc: str | None) -> str:
    # The libraries the bundle leaves to the desktop (deb_libs.py); libc6 at the bundle's glibc ceiling.
    depends = ", ".join(([f"libc6 (>= {libc})"] if libc else []) + list(deb_libs.DEPENDS))
    return "\n".join([
        f"Package: {product.APPID}",
        f"Version: {version}",
        "Architecture: amd64",
        f"Maintainer: {product.PUBLISHER} <nianbao@nianbao-jiaoyan.local>",
        f"Installed-Size: {installed_kib}",
        f"Depends: {depends}",
        "Section: utils",
        "Priority: optional",
        f"Description: {product.PRODUCT}：{product.DESCRIPTION}",
        " 读入 PDF、Word、Excel、WPS、OFD、网页、文本或扫描图片格式的政府信息公开工作年度报告，",
        " 核对表二、表三、表四的勾稽关系和格式要求，指出需要更正的地方并导出更正后的表格。",
        " 离线运行，不需要联网。",
        "",
    ])


def normalise_modes(tree: Path) -> None:
    """0755 folders and programs, 0644 data: the package must not carry the build's umask."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            executable = path.stat().st_mode & 0o111
            path.chmod(0o755 if executable else 0o644)


def build(onedir: Path, out: Path, libc: str | None) -> Path:
    version = product.version()
    stage = out / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    root = stage / app_root().relative_to("/")
    files = root / "files"
    shutil.copytree(onedir, files, symlinks=True)
    entries = root / "entries"
    (entries / "applications").mkdir(parents=True)
    (entries / "applications" / f"{product.APPID}.desktop").write_text(desktop_entry(), encoding="utf-8")
    icon_dir = entries / "icons" / "hicolor" / "256x256" / "apps"
    icon_dir.mkdir(parents=True)
    shutil.copyfile(ICON, icon_dir / f"{product.APPID}.png")
    (entries / "mime" / "packages").mkdir(parents=True)
    (entries / "mime" / "packages" / f"{product.APPID}.xml").write_text(mime_xml(), encoding="utf-8")
    (root / "info").write_text(info_json(version), encoding="utf-8")
    normalise_modes(stage)

    installed = sum(p.lstat().st_size for p in stage.rglob("*") if not p.is_dir())
    (stage / "DEBIAN").mkdir(mode=0o755)
    (stage / "DEBIAN" / "control").write_text(control(version, installed // 1024 + 1, libc), encoding="utf-8")
    (stage / "DEBIAN" / "control").chmod(0o644)

    deb = out / f"{product.APPID}_{version}_amd64.deb"
    deb.unlink(missing_ok=True)
    started = time.perf_counter()
    # gzip: read by every dpkg (UOS 20's 1.19 has no zstd) and several times faster to build than
    # xz on 2 cores (xz took over 9 minutes for the 460 MiB bundle on the loaded CI machine).
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", "-Zgzip", str(stage), str(deb)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"deb: {deb} ({deb.stat().st_size / 2**20:.1f} MiB; installed {installed / 2**20:.1f} MiB; "
          f"dpkg-deb {time.perf_counter() - started:.0f} s)")
    shutil.rmtree(stage)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("onedir", type=Path, help="the Linux frozen onedir folder (build/ci-dist/nianbao)")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--libc", help="the lowest glibc the bundle runs on (packaging/glibc_ceiling.py), for Depends")
    args = parser.parse_args(argv)
    if not (args.onedir / "nianbao").is_file():
        raise SystemExit(f"deb: {args.onedir} holds no Linux nianbao program (build it with packaging/build.py)")
    args.out.mkdir(parents=True, exist_ok=True)
    build(args.onedir.resolve(), args.out.resolve(), args.libc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
