"""The newest glibc a frozen Linux bundle needs: every ELF file's version needs (.gnu.version_r)
read with pyelftools, the highest GLIBC_x.y printed with the files that need it.

    python packaging/glibc_ceiling.py build/ci-dist/nianbao [--max 2.28] [--json]

A 信创 desktop runs the bundle only if its glibc is at least that: UOS 20 has 2.28, Kylin V10
SP1 2.31, Debian 11 2.31, Debian 12 2.36. Exits 1 when --max is given and exceeded.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from elftools.common.exceptions import ELFError
from elftools.elf.dynamic import DynamicSection  # noqa: F401  (pyelftools loads sections lazily)
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

GLIBC = re.compile(r"^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$")
DISTROS = [("UOS 20 (1050–1070)", (2, 28)), ("Kylin V10 SP1", (2, 31)), ("Debian 11", (2, 31)),
           ("Ubuntu 22.04 / openKylin 1.0", (2, 35)), ("Debian 12", (2, 36))]


def glibc_needs(path: Path) -> set[tuple[int, ...]]:
    with path.open("rb") as f:
        if f.read(4) != b"\x7fELF":
            return set()
        f.seek(0)
        try:
            elf = ELFFile(f)
            needs: set[tuple[int, ...]] = set()
            for section in elf.iter_sections():
                if isinstance(section, GNUVerNeedSection):
                    for _, auxes in section.iter_versions():
                        for aux in auxes:
                            m = GLIBC.match(aux.name)
                            if m:
                                needs.add(tuple(int(x) for x in m.groups() if x is not None))
            return needs
        except ELFError:
            return set()


def scan(folder: Path) -> dict[tuple[int, ...], list[str]]:
    by_version: dict[tuple[int, ...], list[str]] = defaultdict(list)
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            needs = glibc_needs(path)
            if needs:
                by_version[max(needs)].append(str(path.relative_to(folder)))
    return by_version


def text(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--max", help="fail when the bundle needs a newer glibc than this (e.g. 2.28)")
    parser.add_argument("--json", action="store_true", help="print the ceiling and its files as JSON")
    args = parser.parse_args(argv)
    by_version = scan(args.folder)
    if not by_version:
        raise SystemExit(f"glibc_ceiling: no ELF file with glibc version needs under {args.folder}")
    ceiling = max(by_version)
    files = by_version[ceiling]
    runs_on = [name for name, v in DISTROS if v >= ceiling[:2]]
    if args.json:
        print(json.dumps({"ceiling": text(ceiling), "files": files,
                          "histogram": {text(v): len(f) for v, f in sorted(by_version.items())}}, ensure_ascii=False))
    else:
        print(f"glibc ceiling: GLIBC_{text(ceiling)} needed by {len(files)} file(s): {', '.join(files[:6])}"
              + (" …" if len(files) > 6 else ""))
        for version in sorted(by_version, reverse=True)[1:4]:
            print(f"  next: GLIBC_{text(version)} by {len(by_version[version])} file(s), e.g. {by_version[version][0]}")
        print(f"  runs on: {', '.join(runs_on) or 'none of ' + ', '.join(n for n, _ in DISTROS)}")
        too_new = [f"{name} (glibc {text(v)})" for name, v in DISTROS if v < ceiling[:2]]
        if too_new:
            print(f"  does NOT run on: {', '.join(too_new)}")
    if args.max:
        limit = tuple(int(x) for x in args.max.split("."))
        if ceiling > limit:
            print(f"glibc_ceiling: GLIBC_{text(ceiling)} is above the allowed {args.max}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
