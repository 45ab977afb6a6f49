"""Plausibility of table 二 for the kind of organ that reports (template.md §6.3): who may
make 规章, and fee amounts that look like 元 typed into the 万元 column.

The organ's kind is read from its name only, so these are never errors.
"""

from __future__ import annotations

import re

from core.model import Extraction, Finding
from core.template import template_for

# Only the State Council's ministries and commissions (部门规章) and the people's governments
# of provinces, autonomous regions, municipalities, 设区的市 and 自治州 (地方政府规章) make
# 规章 (立法法 第九十一、九十三条). Names that certainly lack the power:
_NO_POWER_GOVERNMENT = re.compile(r"(?:镇|乡|街道|街道办事处|县|旗|区)(?:人民政府)?$")
# A department of a local government (its reports list 规章 it drafted only by mistake);
# national departments are named 国家…/中华人民共和国…/…部 and may make 部门规章.
_DEPARTMENT = re.compile(r"(?:局|委员会|委|办|中心|厅|所|院|站|队|署)$")
_NATIONAL = re.compile(r"^(?:国家|中华人民共和国|国务院)|部$")
# Provincial-level departments (…省…厅, 上海市科学技术委员会) draft their government's 规章
# and often report them; only departments below that level are questioned.
_PROVINCIAL_DEPARTMENT = re.compile(r"^(?:(?:北京|上海|天津|重庆)市|[^市县区旗]{2,8}(?:省|自治区))[^市县区旗]*$")
# The office of a government reports the government's own work, 规章 included.
_GOVERNMENT_OFFICE = re.compile(r"人民政府办公(?:厅|室)$")

# 收费金额 in 万元: a whole number this large is almost always 元 typed into the 万元 column
# (a county bureau with ¥ 3.5 billion of fees); real large amounts (淮安市 96171.6) carry
# decimals because they were converted.
_FEE_AS_YUAN_FROM = 100_000


def _organ_kind(agency: str) -> str | None:
    """"government": a town, county or district government (no 规章 power); "department": a
    department below provincial level; None: anything else, or not known from the name."""
    if not agency or _GOVERNMENT_OFFICE.search(agency):
        return None
    if _NO_POWER_GOVERNMENT.search(agency):
        return "government"
    if _DEPARTMENT.search(agency) and not _NATIONAL.search(agency) and not _PROVINCIAL_DEPARTMENT.search(agency):
        return "department"
    return None


def check_organ(ext: Extraction) -> list[Finding]:
    table = ext.tables.get("t2")
    if table is None:
        return []
    out: list[Finding] = []
    version = ext.table_versions.get("t2", ext.template)
    spec = template_for(version).t2
    agency = (ext.meta.agency or "").strip()
    kind = _organ_kind(agency)
    regs = table.rows.get("regulations")
    # The 2019 layout's 规章 row counted rules published, not made: only the 2021 one is checked.
    if version == "2021" and regs and any(c.value for c in regs):
        if kind == "government":
            out.append(Finding(
                "T2-REG-POWER", "warning",
                f"表二“规章”行填了数，但“{agency}”没有制定规章的权限（规章只由国务院部门和省级、设区的市级人民政府制定）；"
                "请确认是否把行政规范性文件填进了规章行。",
                [("t2", "regulations", None)],
            ))
        elif kind == "department":
            out.append(Finding(
                "T2-REG-POWER", "info",
                f"表二“规章”行填了数；“{agency}”是政府部门，规章由本级人民政府制定，部门年报通常填 0；"
                "请确认是否把行政规范性文件或代拟的规章计入了此行。",
                [("t2", "regulations", None)],
            ))
    fees = table.rows.get("fees")
    if version == "2021" and fees:
        cell = fees[0]
        # Cities and provinces do collect billions; a bureau, county or town does not.
        if kind is not None and isinstance(cell.value, int) and cell.value >= _FEE_AS_YUAN_FROM and cell.unit is None:
            out.append(Finding(
                "T2-FEE-MAG", "info",
                f"表二“{spec.row('fees').label}”收费金额为 {cell.value} 万元（即 {cell.value / 10000:g} 亿元），"
                f"像是按“元”填写的；单位应为万元，若原数据是 {cell.value} 元，应填 {cell.value / 10000:g}。",
                [("t2", "fees", "amount_wan")], None, cell.value,
            ))
    return out
