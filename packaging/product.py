"""What the packages say about the product, declared once: the Windows version resources
(nianbao.spec, installer.nsi through build.py) and the .deb for UOS/Kylin (deb.py) read it.

PUBLISHER is what 文件属性 → 详细信息, 程序和功能 and the UOS app store show as the maker;
antivirus heuristics (360, 火绒) weigh an executable without one. A release by an agency's
own IT department sets NIANBAO_PUBLISHER to its name at build time."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = "年报校验"
DESCRIPTION = "政府信息公开工作年度报告检查工具"
PUBLISHER = os.environ.get("NIANBAO_PUBLISHER") or "年报校验开发组"
COPYRIGHT_YEAR = 2026
# The UOS/Kylin app id: a lower-case reversed domain (gui/settings.py ORGANIZATION_DOMAIN is
# nianbao-jiaoyan.local). It names the package, the desktop file and the .deb.
APPID = "local.nianbao-jiaoyan.nianbao"


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def copyright_line() -> str:
    return f"© {COPYRIGHT_YEAR} {PUBLISHER}"
