"""The .deb for 统信 UOS / 银河麒麟 Kylin (packaging/deb.py) and the glibc ceiling reader.

The real package is built from the frozen bundle, installed, used as an ordinary user and
removed by packaging/deb_check.sh in CI; here the layout is built from a stub bundle."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
import deb  # noqa: E402
import glibc_ceiling  # noqa: E402
import product  # noqa: E402


def test_appid_is_a_lower_case_reversed_domain_fit_for_a_debian_package_name() -> None:
    assert re.fullmatch(r"[a-z0-9]+(\.[a-z0-9-]+){2,}", product.APPID)
    settings = (ROOT / "gui" / "settings.py").read_text(encoding="utf-8")
    domain = re.search(r'^ORGANIZATION_DOMAIN\s*=\s*"([^"]+)"', settings, re.M).group(1)
    assert product.APPID.startswith(".".join(reversed(domain.split("."))) + ".")


def test_desktop_entry_starts_the_bundled_program_on_files_and_names_the_report_types() -> None:
    entry = deb.desktop_entry()
    fields = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert fields["Exec"] == f"/opt/apps/{product.APPID}/files/nianbao %F"
    assert fields["Icon"] == product.APPID and fields["Name"] == "年报校验" and fields["Terminal"] == "false"
    mimes = fields["MimeType"].rstrip(";").split(";")
    assert {"application/pdf", "application/ofd", "application/wps-office.wps", "image/tiff", "text/html"} <= set(mimes)
    assert "inode/directory" not in mimes  # never a candidate to open folders in place of the file manager


def test_mime_xml_declares_only_the_types_shared_mime_info_lacks() -> None:
    root = ET.fromstring(deb.mime_xml())
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    declared = {t.get("type"): [g.get("pattern") for g in t.iter(f"{ns}glob")] for t in root.iter(f"{ns}mime-type")}
    assert declared == {"application/wps-office.wps": ["*.wps"], "application/wps-office.et": ["*.et"],
                        "application/ofd": ["*.ofd"], "application/x-mimearchive": ["*.mht", "*.mhtml"]}


def test_info_is_the_uos_json() -> None:
    info = json.loads(deb.info_json("1.2.3"))
    assert (info["appid"], info["name"], info["version"], info["arch"]) == (product.APPID, "年报校验", "1.2.3", ["amd64"])
    assert info["permissions"]["autostart"] is False and info["permissions"]["clipboard"] is True


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb missing")
def test_package_holds_everything_under_opt_apps_and_no_maintainer_scripts(tmp_path: Path) -> None:
    stub = tmp_path / "nianbao"
    (stub / "_internal").mkdir(parents=True)
    (stub / "nianbao").write_bytes(b"#!/bin/sh\n")
    (stub / "nianbao").chmod(0o700)
    (stub / "nianbao-cli").write_bytes(b"#!/bin/sh\n")
    (stub / "_internal" / "libx.so").write_bytes(b"\x7fELF")
    (stub / "_internal" / "liby.so").symlink_to("libx.so")
    built = deb.build(stub, tmp_path / "out", "2.28")
    assert built.name == f"{product.APPID}_{product.version()}_amd64.deb"
    listing = subprocess.run(["dpkg-deb", "-c", str(built)], capture_output=True, text=True, check=True).stdout
    paths = [line.split()[5] for line in listing.splitlines()]
    base = f"./opt/apps/{product.APPID}/"
    assert all(p in ("./", "./opt/", "./opt/apps/") or p.startswith(base) for p in paths), paths
    for want in ("info", f"entries/applications/{product.APPID}.desktop", f"entries/mime/packages/{product.APPID}.xml",
                 f"entries/icons/hicolor/256x256/apps/{product.APPID}.png", "files/nianbao", "files/_internal/liby.so -> libx.so"):
        assert any(line.endswith(base + want) for line in listing.splitlines()), want
    # Owned by root, the program executable by all, nothing writable by others.
    program = next(line for line in listing.splitlines() if line.endswith(base + "files/nianbao"))
    assert program.startswith("-rwxr-xr-x root/root")
    control = subprocess.run(["dpkg-deb", "--ctrl-tarfile", str(built)], capture_output=True, check=True).stdout
    members = subprocess.run(["tar", "t"], input=control, capture_output=True, check=True).stdout.decode().split()
    assert sorted(m for m in members if m != "./") == ["./control"]
    fields = subprocess.run(["dpkg-deb", "-f", str(built), "Package", "Depends"], capture_output=True, text=True,
                            check=True).stdout
    assert f"Package: {product.APPID}" in fields and "libc6 (>= 2.28)" in fields


def test_glibc_ceiling_reads_the_version_needs_of_real_elf_files(tmp_path: Path) -> None:
    python = Path(sys.executable).resolve()
    needs = glibc_ceiling.glibc_needs(python)
    readelf = shutil.which("readelf")
    if readelf:
        out = subprocess.run([readelf, "-V", "--wide", str(python)], capture_output=True, text=True).stdout
        want = {tuple(int(x) for x in v.split(".")) for v in re.findall(r"Name: GLIBC_([\d.]+)", out)}
        assert needs == want
    assert needs and max(needs) >= (2, 17)
    folder = tmp_path / "bundle"
    folder.mkdir()
    shutil.copy(python, folder / "python")
    (folder / "notes.txt").write_text("not an ELF")
    by_version = glibc_ceiling.scan(folder)
    assert by_version == {max(needs): ["python"]}
    assert glibc_ceiling.main([str(folder), "--max", "2.0"]) == 1
    assert glibc_ceiling.main([str(folder), "--max", "9.99"]) == 0


def test_desktop_libraries_stay_out_of_the_bundle_and_the_interpreters_own_stay_in() -> None:
    import deb_libs

    toc = [
        ("libX11.so.6", "/usr/lib/x86_64-linux-gnu/libX11.so.6", "BINARY"),
        ("libsystemd.so.0", "/lib/x86_64-linux-gnu/libsystemd.so.0", "BINARY"),  # needs GLIBC_2.30 on bullseye
        ("libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "BINARY"),
        ("libpython3.11.so.1.0", "/opt/py311/lib/libpython3.11.so.1.0", "BINARY"),
        ("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "BINARY"),  # Debian's python
        ("libffi.so.7", "/usr/lib/x86_64-linux-gnu/libffi.so.7", "BINARY"),  # ctypes: .so.6 on UOS 20
        ("libssl.so.1.1", "/usr/lib/x86_64-linux-gnu/libssl.so.1.1", "BINARY"),
        ("libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "BINARY"),
        ("libzstd.so.1", "/usr/lib/x86_64-linux-gnu/libzstd.so.1", "BINARY"),  # not libz
        ("PySide6/Qt/lib/libQt6Core.so.6", "/opt/venv/lib/python3.11/site-packages/PySide6/Qt/lib/libQt6Core.so.6", "BINARY"),
        ("python3.11/lib-dynload/_ctypes.cpython-311-x86_64-linux-gnu.so", "/usr/lib/python3.11/lib-dynload/_ctypes.so", "EXTENSION"),
    ]
    kept, dropped = deb_libs.drop_system_libs(toc)
    assert dropped == ["libX11.so.6", "libsystemd.so.0", "libstdc++.so.6", "libzstd.so.1"]
    assert len(kept) == len(toc) - 4
    # Every library left to the desktop is a dependency of the package.
    control = deb.control("1.0", 1, "2.28")
    depends = next(line for line in control.splitlines() if line.startswith("Depends: "))
    for package in ("libc6 (>= 2.28)", "libx11-6", "libstdc++6", "libzstd1", "libxcb-cursor0", "libglib2.0-0", "libcups2"):
        assert package in depends


def test_the_linux_bundle_keeps_qts_cups_plugin_so_the_print_dialog_lists_printers() -> None:
    import bundle_policy

    plugins = "PySide6/Qt/plugins/printsupport/"
    assert bundle_policy.keep_entry(plugins + "libcupsprintersupport.so", {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"})


def test_the_deb_build_pins_pyside6_below_6_10_whose_linux_wheels_need_glibc_2_34() -> None:
    lines = [line.strip() for line in (ROOT / "packaging" / "deb-constraints.txt").read_text(encoding="utf-8").splitlines()]
    assert "PySide6-Essentials<6.10" in lines and "shiboken6<6.10" in lines
    # The chroot build uses it; the developer's and the Windows installs do not.
    assert "deb-constraints.txt" in (ROOT / "packaging" / "deb_chroot.sh").read_text(encoding="utf-8")
    assert "<6.10" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
