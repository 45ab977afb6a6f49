"""Which shared libraries the Linux bundle carries and which it takes from the desktop.

PyInstaller copies every library `ldd` finds except glibc's own. For the 信创 .deb that is
wrong twice over: the build machine's copies of X11/xcb, fontconfig, GLib, D-Bus, libstdc++ …
set the bundle's glibc floor (bullseye's libsystemd needs 2.30, libpng 2.29), and a private
old copy of a desktop library loaded next to the desktop's own (input methods, GL drivers,
D-Bus) is a classic source of crashes. UOS 20 and Kylin V10 ship all of them, so the .deb
names them in Depends and the bundle leaves them out.

Kept: the interpreter and what its own modules link (libffi for ctypes/pypdfium2, OpenSSL,
zlib, bz2, lzma, expat, mpdec, uuid) — their sonames differ between UOS 20 (Debian 10 base)
and Kylin V10 (Ubuntu 20.04 base), e.g. libffi.so.6 vs .so.7 — and every library a wheel
vendors (those live under site-packages, not /usr/lib).

The spec (Linux only) calls drop_system_libs; packaging/deb.py writes DEPENDS.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# Loaded from the bundle even when found under /usr/lib: the interpreter and its modules' libraries.
KEEP = re.compile(r"^lib(python3|ffi|ssl|crypto|z\.|bz2|lzma|expat|mpdec|uuid)")
SYSTEM_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")

# What the bundle's own files link and leave to the system (readelf NEEDED, measured on the
# bullseye build): Qt's xcb/GUI stack, fontconfig/freetype, GLib, D-Bus, zstd (QtCore), CUPS, and
# libstdc++ (Qt, numpy, onnxruntime, OpenCV need at most GLIBCXX_3.4.22; UOS 20 has 3.4.25).
# Package names as Debian 10 (UOS 20) and Ubuntu 20.04 (Kylin V10) both spell them.
DEPENDS = (
    "libstdc++6",
    "libx11-6", "libx11-xcb1", "libxcb1", "libxcb-cursor0", "libxcb-glx0", "libxcb-icccm4", "libxcb-image0",
    "libxcb-keysyms1", "libxcb-randr0", "libxcb-render0", "libxcb-render-util0", "libxcb-shape0", "libxcb-shm0",
    "libxcb-sync1", "libxcb-xfixes0", "libxcb-xkb1", "libxkbcommon0", "libxkbcommon-x11-0",
    "libfontconfig1", "libfreetype6", "libglib2.0-0", "libdbus-1-3", "libzstd1", "libegl1", "libgl1",
    "libcups2",  # Qt's CUPS print plugin (bundle_policy keeps it): the clerk's printers in the print dialog
)


def is_system_lib(dest: str, source: str) -> bool:
    """A library PyInstaller found in the system's library folders that the desktop provides."""
    name = PurePosixPath(dest).name
    return (
        ".so" in name
        and PurePosixPath(dest).parent == PurePosixPath(".")
        and source.startswith(SYSTEM_DIRS)
        and not KEEP.match(name)
    )


def drop_system_libs(binaries: list) -> tuple[list, list[str]]:
    """Split PyInstaller's binaries TOC into (kept, names dropped)."""
    kept, dropped = [], []
    for entry in binaries:
        dest, source = entry[0], str(entry[1])
        if is_system_lib(dest, source):
            dropped.append(dest)
        else:
            kept.append(entry)
    return kept, dropped
