"""Template rules (template.md §7): sections, tables, rows, layout version."""

from __future__ import annotations

from core.normalize import label_key
from core.model import Extraction, Finding
from core.template import SECTIONS, expected_version, template_for

_TABLE_SECTION = {"t2": "二", "t3": "三", "t4": "四"}
_TABLE_NAME = {"t2": "表二（主动公开政府信息情况）", "t3": "表三（收到和处理政府信息公开申请情况）", "t4": "表四（行政复议、行政诉讼情况）"}


def check_structure(ext: Extraction) -> list[Finding]:
    out: list[Finding] = []
    meta = ext.meta
    missing_sections = [s for s in SECTIONS if s.number not in meta.sections]
    if missing_sections and len(missing_sections) < len(SECTIONS):
        for s in missing_sections:
            printed = meta.headings_by_words.get(s.number)
            content = meta.section_content.get(s.number)
            if printed is None and content is not None:
                subs = "”“".join(content[0][:3])
                out.append(Finding("S-SECTIONS", "warning",
                                   f"未找到第{s.number}部分的标题“{s.heading}”，但正文中有该部分的内容（“{subs}”）；标题可能在格式转换中丢失，请补上标题。",
                                   [("text", s.number, None)], loc=content[1]))
            elif printed is not None:
                out.append(Finding("S-SECTIONS", "warning",
                                   f"第{s.number}部分的标题印为“{printed[0]}”，编号与统一格式不符；应为“{s.heading}”，请按统一格式编号。",
                                   [("text", s.number, None)], loc=printed[1]))
            else:
                out.append(Finding("S-SECTIONS", "error", f"缺少第{s.number}部分“{s.heading}”；年度报告必须包含六个部分。",
                                   [("text", s.number, None)]))
    elif len(missing_sections) == len(SECTIONS):
        out.append(Finding("S-SECTIONS", "error", "未找到“一、总体情况”至“六、其他需要报告的事项”六个部分的标题；请按统一格式编排章节。", [("text", None, None)]))
    for s in SECTIONS:
        found = meta.sections.get(s.number)
        if found is not None and not any(f in label_key(found[0]) for f in s.match):
            out.append(Finding("S-SECTIONS", "warning",
                               f"第{s.number}部分的标题印为“{found[0][:len(s.heading) + 1]}”，与统一格式“{s.heading}”的文字不一致（可能有错字）；请按统一格式更正。",
                               [("text", s.number, None)], loc=found[1]))
    order = [n for n in meta.section_order]
    expected = [s.number for s in SECTIONS if s.number in meta.sections]
    if order != expected:
        out.append(Finding("S-SECTIONS", "warning", f"章节顺序为“{'、'.join(order)}”，应为“{'、'.join(expected)}”；请按统一格式调整顺序。", [("text", None, None)]))

    for key in ("t2", "t3", "t4"):
        if key in ext.tables:
            continue
        sec = _TABLE_SECTION[key]
        if key in ext.unparsed_tables:
            msg = (f"第{sec}部分只有标题，未读到{_TABLE_NAME[key]}的表格内容：表格可能是图片、在网页转存或格式转换中丢失；"
                   "请核对原件，确保表格以文字形式发布。")
        else:
            msg = f"缺少{_TABLE_NAME[key]}；年度报告必须按统一格式填报该表。"
        out.append(Finding("S-TABLES", "error", msg, [(key, None, None)]))

    for key, table in ext.tables.items():
        spec = ext.spec(key)
        missing_rows = [r for r in spec.rows if r.key not in table.rows]
        if key == "t3" and ext.table_versions.get("t3") != ext.template and ext.template == "2021":
            # The mixed-version finding already explains the （六） rows.
            missing_rows = [r for r in missing_rows if not r.key.startswith("other")]
        if key != "t4" and missing_rows:
            names = "、".join(f"“{r.label[:18]}”" for r in missing_rows[:8]) + ("等" if len(missing_rows) > 8 else "")
            out.append(Finding(
                "S-ROWS", "error",
                f"{spec.name}缺少 {len(missing_rows)} 行：{names}；请按模板补齐（没有数据填 0）。",
                [(key, r.key, None) for r in missing_rows],
            ))
        for label in table.extra_rows:
            out.append(Finding("S-EXTRA", "info", f"{spec.name}中有模板以外的栏目“{label[:30]}”；统一格式不含此项，可删除或移到正文说明。", [(key, None, None)]))

    out.extend(_version_findings(ext))
    return out


def _version_findings(ext: Extraction) -> list[Finding]:
    out: list[Finding] = []
    versions = ext.table_versions
    if "t2" in versions and "t3" in versions and versions["t2"] != versions["t3"]:
        t3v = versions["t3"]
        if t3v == "2019":
            msg = ("表三“（六）其他处理”只有一行，这是 2019 年试行格式；表二却是 2021 年格式。"
                   "2021 年格式中（六）其他处理应分为“1.申请人无正当理由逾期不补正…”“2.申请人逾期未按收费通知要求缴纳费用…”“3.其他”三行。")
            cells = [("t3", "other", None)]
        else:
            msg = "表二是 2019 年试行格式，表三却是 2021 年格式；同一份报告应统一使用一个版本的格式。"
            cells = [("t2", None, None)]
        out.append(Finding("S-VERSION-MIX", "error", msg, cells))
    year = ext.meta.year
    want = expected_version(year)
    if want is None:
        return out
    for key, version in versions.items():
        if key == "t4" or version == want:
            continue
        tmpl = template_for(version)
        name = tmpl.table(key).name
        if version == "2019":
            msg = (f"{year}年度报告应使用 2021 年格式（国办公开办函〔2021〕30号），{name}却使用了 2019 年试行格式"
                   + ("（如“本年新制作数量”“第二十条第（九）项”等旧栏目）" if key == "t2" else "（“（六）其他处理”未分为三行）") + "。")
        else:
            msg = f"{year}年度报告应使用 2019 年试行格式，{name}却使用了 2021 年格式（该格式 2021 年 9 月才发布）；请核对报告年份或格式。"
        severity = "warning" if year == 2019 else "error"
        if key == "t3" and "S-VERSION-MIX" in {f.rule for f in out}:
            continue
        out.append(Finding("S-VERSION-YEAR", severity, msg, [(key, None, None), ("meta", "year", None)]))
    return out
