"""Render a report the way a site scraper leaves it (tests/data/real-text/008–014, 平潭): the
whole page on one line, every table cell run together with no separator
("…申请数量640020470二、上年结转…"). Used for fixtures of glued rows: ``printed`` overrides
what a row prints (a wrong total, a dropped cell, "239件" in every cell, a Chinese numeral).

``tables`` uses the contract keys; a row's printed text is its values run together.
"""

from __future__ import annotations

from pathlib import Path

from core.template import SECTIONS, template_for
from tests.render import fmt, title

Tables = dict[str, dict[str, list]]


def glued(values: list) -> str:
    return "".join(fmt(v) for v in values)


def scrape_text(agency: str, year: int, tables: Tables, *, printed: dict[tuple[str, str], str] | None = None,
                prose: dict[str, str] | None = None, drop_heading: str | None = None) -> str:
    """The page text. ``printed[(table, row)]`` replaces the row's run of digits;
    ``prose[section]`` replaces a section's paragraph; ``drop_heading`` loses one heading
    (as a conversion does) while its text stays."""
    printed = printed or {}
    spec = template_for("2021")
    t3 = tables.get("t3", {})

    def row_text(table: str, key: str) -> str:
        return printed.get((table, key), glued(tables[table][key]))

    new, done, nxt = (t3[k][-1] if k in t3 else 0 for k in ("new", "total", "carry_next"))
    text = {
        "一": f"{year}年，{agency}深入贯彻《条例》，扎实推进政务公开。全年共收到政府信息公开申请{new}件，办结{done}件，"
              f"结转下年度继续办理{nxt}件。",
        "五": "（一）存在的主要问题:政策解读形式不够丰富，政务公开渠道有限。（二）改进措施：一是丰富政策解读形式；二是拓宽公开渠道。",
        "六": f"{year}年，无收取信息处理费情况。",
    }
    text.update(prose or {})
    parts = [f"标题: {title(agency, year)} 当前位置： 首页政务公开政府信息公开年报 {title(agency, year)} 来源：{agency} "
             f"根据《中华人民共和国政府信息公开条例》要求，编制本报告。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"]
    for section in SECTIONS:
        heading = "" if section.number == drop_heading else section.heading
        if section.number == "二" and "t2" in tables:
            body = ""
            block = None
            for row in spec.t2.rows:
                if row.block != block:
                    block = row.block
                    body += f"{block}信息内容" + "".join(c.label for c in row.columns)
                body += row.label + row_text("t2", row.key)
            parts.append(f"{heading} {body}")
        elif section.number == "三" and "t3" in tables:
            body = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计 "
                    "商业企业科研机构社会公益组织法律服务机构其他")
            groups: tuple[str, ...] = ()
            for row in spec.t3.rows:
                for g in row.groups:
                    if g not in groups:
                        body += g
                groups = row.groups
                body += row.label + row_text("t3", row.key)
            parts.append(f"{heading}{body}")
        elif section.number == "四" and "t4" in tables:
            header = ("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
                      "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计")
            parts.append(f" {heading} {header}" + "".join(row_text("t4", r.key) for r in spec.t4.rows))
        else:
            parts.append(f"{heading}{text.get(section.number, '')}")
    return "".join(parts) + " 附件下载\n"


def render_scrape(path: Path, agency: str, year: int, tables: Tables, **kw) -> Path:  # type: ignore[no-untyped-def]
    path.write_text(scrape_text(agency, year, tables, **kw), encoding="utf-8")
    return path
