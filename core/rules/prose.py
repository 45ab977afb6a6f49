"""Metadata and prose rules (template.md §6.4, §7): year and statistics period, signature,
publication deadline, section 六's 信息处理费 statement, and the numbers the prose states
against the tables."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from core.model import CellRef, Extraction, Finding, Number, Sentence
from core.normalize import label_key
from core.template import SECTIONS


# 国办公开办函〔2021〕30号 as printed, whatever brackets a converter left.
_CITE_NUMBER = re.compile(r"国办公开办函\s*[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*(\d+)\s*号")
_CITE_NAME = re.compile(r"《([^《》]{0,30}年度报告格式[^《》]{0,6})》")
_OFFICIAL_NAME = "中华人民共和国政府信息公开工作年度报告格式"


def _citation(ext: Extraction) -> list[Finding]:
    """M-CITE: a report that cites the format should cite it right (info)."""
    year = ext.meta.year
    for s in ext.meta.sentences:
        m = _CITE_NUMBER.search(s.text)
        if m and year is not None and year >= 2021 and (m.group(1), m.group(2)) != ("2021", "30"):
            return [Finding("M-CITE", "info",
                            f"正文引用的格式文件文号为“{m.group(0)}”；{year} 年度报告应依据《{_OFFICIAL_NAME}》（国办公开办函〔2021〕30号）。",
                            [("text", s.section, None)], loc=s.loc)]
        n = _CITE_NAME.search(s.text)
        if n and label_key(n.group(1)) != label_key(_OFFICIAL_NAME):
            return [Finding("M-CITE", "info",
                            f"正文引用的格式名称为《{n.group(1)}》，正式名称是《{_OFFICIAL_NAME}》；请更正。",
                            [("text", s.section, None)], loc=s.loc)]
    return []


def check_meta(ext: Extraction) -> list[Finding]:
    out: list[Finding] = _citation(ext)
    meta = ext.meta
    year = meta.year
    if year is None:
        out.append(Finding("M-YEAR", "warning", "未能从标题中读出报告年度（应为“××××年政府信息公开工作年度报告”）；请核对标题。", [("meta", "title", None)], loc=meta.title_loc))
    # Statistics period.
    if meta.period_start is None:
        out.append(Finding("M-PERIOD", "warning", "未找到统计期限的说明（如“本报告所列数据的统计期限为××××年1月1日至12月31日”）；建议在引言中写明。", [("meta", "period", None)]))
    else:
        start, end = meta.period_start.value, meta.period_end.value if meta.period_end else None
        py = start.year if start else None
        if year is not None and py is not None and py != year:
            out.append(Finding("M-PERIOD", "error", f"统计期限写的是{py}年（“{meta.period_text}”），而报告标题为{year}年度；请更正。",
                               [("meta", "period", None), ("meta", "year", None)], year, py, loc=meta.period_loc))
        elif start is not None and end is not None and (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
            out.append(Finding("M-PERIOD", "error", f"统计期限“{meta.period_text}”不是完整年度（应为1月1日至12月31日）；请更正。",
                               [("meta", "period", None)], loc=meta.period_loc))
        elif start is not None and end is not None and end.year != start.year:
            out.append(Finding("M-PERIOD", "error", f"统计期限“{meta.period_text}”跨越两个年度；请更正为同一年的1月1日至12月31日。",
                               [("meta", "period", None)], loc=meta.period_loc))
    # The year used in the prose ("2023年，我局…").
    if year is not None:
        prose_year = _prose_year(ext)
        if prose_year is not None and prose_year[0] != year:
            out.append(Finding("M-YEAR", "error", f"正文多处以“{prose_year[0]}年”叙述本年度工作，而标题为{year}年度报告；请核对年份。",
                               [("meta", "year", None), ("text", prose_year[1].section, None)], year, prose_year[0], loc=prose_year[1].loc))
    if year is not None:
        out.extend(_years_in_sentences(ext, year, {f.actual for f in out if f.rule == "M-YEAR"}))
    # Signature.
    if meta.agency and meta.signature_agency:
        a, s = label_key(meta.agency), label_key(meta.signature_agency)
        if a != s and not a.endswith(s) and not s.endswith(a):
            out.append(Finding("M-AGENCY", "warning",
                               f"落款单位“{meta.signature_agency}”与标题中的单位“{meta.agency}”不一致；请核对单位全称。",
                               [("meta", "agency", None), ("meta", "signature", None)], loc=meta.signature_loc))
    if year is not None:
        out.extend(_deadline(ext, year))
    return out


def _prose_year(ext: Extraction) -> tuple[int, Sentence] | None:
    years: Counter[int] = Counter()
    first: dict[int, Sentence] = {}
    for s in ext.meta.sentences:
        if s.section not in ("一", "二", "三"):
            continue
        m = re.match(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）])?\s*((?:19|20)\d{2})\s*年(?:度)?(?:[，,以来内中]|[^\d月]{0,3}(?:我|本|全|共|区|市|县|局|委|镇))", s.text)
        if m:
            y = int(m.group(1))
            years[y] += 1
            first.setdefault(y, s)
    if not years:
        return None
    y, count = years.most_common(1)[0]
    return (y, first[y]) if count >= 1 else None


# A year used for the work the report describes, anywhere in a sentence: "本单位2024年度通过
# 门户网站主动公开…", "2023年全年共收到…". Not a period ("截至2024年12月31日"), a range or a
# title ("（2024－2027年）", "《…2023年…》"), nor a comparison ("较2023年", "与上年相比").
_WORK_YEAR = re.compile(
    r"(?P<subject>本单位|本机关|本部门|我局|我委|我办|我院|我区|我县|我市|我镇|我乡|我街道|本局|本委|本办|全局|全区|全县|全市|全镇)?"
    r"(?<![\d\-－~～至到较比与和同《])(?P<year>(?:19|20)\d{2})\s*年度?"
    r"(?=\s*[，,]?\s*(?:通过|主动公开|全年|共(?:收到|受理|发布|公开|办结)|累计|收到|受理|新收|办结|本单位|本机关|我(?:局|委|办|区|县|市|镇)))"
)


def _years_in_sentences(ext: Extraction, year: int, reported: set[Number | None]) -> list[Finding]:
    """M-YEAR in the middle of a sentence: a year that is neither the report year nor the
    one before, or last year's number where this year's work is described — text copied
    from last year's report. Parts 一–四 describe the report year (part 五 may look back)."""
    for s in ext.meta.sentences:
        if s.section not in ("一", "二", "三", "四"):
            continue
        for m in _WORK_YEAR.finditer(s.text):
            y = int(m.group("year"))
            if y == year or y in reported:
                continue
            if s.text[m.end(): m.end() + 12].find("工作中存在") >= 0:
                continue
            severity = "error" if m.group("subject") or y not in (year - 1, year + 1) else "warning"
            return [Finding("M-YEAR", severity,  # type: ignore[arg-type]
                            f"正文第{s.section}部分写“{_clip(s.text[max(0, m.start() - 6):], 36)}”，以{y}年叙述本年度工作，"
                            f"而标题为{year}年度报告（可能沿用了往年的文字）；请核对年份。",
                            [("meta", "year", None), ("text", s.section, None)], year, y, loc=s.loc)]
    return []


def _deadline(ext: Extraction, year: int) -> list[Finding]:
    meta = ext.meta
    dated = meta.signature_date or meta.publish_date
    if dated is None or dated.value is None:
        return []
    d = dated.value
    # 本级政府 summary reports (人民政府, and government-level zones such as 平潭综合实验区)
    # are due on 3月31日; departments on 1月31日 (条例第四十九条).
    government = bool(meta.agency and re.search(r"(人民政府|实验区|新区|管理委员会|管委会)$", meta.agency))
    deadline = date(year + 1, 3, 31) if government else date(year + 1, 1, 31)
    what = "落款日期" if meta.signature_date else "发布日期"
    if d > deadline:
        who = "本级人民政府年度报告" if government else "政府部门年度报告"
        return [Finding("M-DEADLINE", "warning",
                        f"{what}为{d.year}年{d.month}月{d.day}日，晚于{who}的法定发布期限（{deadline.year}年{deadline.month}月{deadline.day}日，条例第四十九条）。",
                        [("meta", "date", None)], loc=dated.loc)]
    if d < date(year, 12, 31):
        return [Finding("M-DEADLINE", "warning",
                        f"{what}为{d.year}年{d.month}月{d.day}日，早于统计期结束（{year}年12月31日）；请核对日期或报告年度。",
                        [("meta", "date", None)], loc=dated.loc)]
    return []


# ------------------------------------------------------------------ prose vs tables

_NUM = r"(\d+)\s*(?:件|个|条|份|起|次|宗)"


def _t(ext: Extraction, table: str, row: str, col: str) -> tuple[Number | None, CellRef]:
    ref: CellRef = (table, row, col)
    t = ext.tables.get(table)
    if t is None or row not in t.rows:
        return None, ref
    spec = ext.spec(table)
    cols = [c.key for c in spec.row(row).columns]
    if col not in cols:
        return None, ref
    cell = t.rows[row][cols.index(col)]
    return (cell.number if cell.known else None), ref


def check_text(ext: Extraction) -> list[Finding]:
    out: list[Finding] = []
    for s in ext.meta.sentences:
        text = s.text
        out.extend(_applications(ext, s, text))
        out.extend(_review_litigation(ext, s, text))
        out.extend(_normative(ext, s, text))
        out.extend(_sum_of_parts(s, text))
    out.extend(_fee_statement(ext))
    out.extend(_part_five(ext))
    out.extend(_all_done(ext))
    out.extend(_intro(ext))
    # One finding per rule and cell: the same fact is often repeated in 一 and 三.
    seen: set[tuple[str, tuple]] = set()
    unique = []
    for f in out:
        key = (f.rule, tuple(map(tuple, f.cells)), f.actual)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _mismatch(rule: str, s: Sentence, said: Number, table_value: Number, refs: list[CellRef], what: str, severity: str = "warning") -> Finding:
    return Finding(
        rule, severity,  # type: ignore[arg-type]
        f"正文第{s.section or ''}部分写“{_clip(s.text)}”（{said}），但{what}为 {table_value}；请核对文字与表格。",
        [("text", s.section, None), *refs], table_value, said, loc=s.loc,
    )


def _clip(text: str, n: int = 40) -> str:
    text = text.strip().rstrip("。；;")
    return text if len(text) <= n else text[: n - 1] + "…"


def _applications(ext: Extraction, s: Sentence, text: str) -> list[Finding]:
    out: list[Finding] = []
    if "t3" not in ext.tables:
        return out
    new, new_ref = _t(ext, "t3", "new", "total")
    carried, carried_ref = _t(ext, "t3", "carried", "total")
    if re.search(r"(?:未|没有|无)(?:收到|受理|接到|新收)(?:任何)?(?:政府信息公开|依申请公开|公开)?(?:申请|信息)|依申请公开(?:申请)?(?:数量)?为(?:0|零)", text):
        if new is not None and new > 0:
            out.append(Finding("TX-NONE", "error",
                               f"正文第{s.section or ''}部分写“{_clip(text)}”，但表三本年新收申请总计为 {new}；请核对。",
                               [("text", s.section, None), new_ref], 0, new, loc=s.loc))
        return out
    m = re.search(r"(?:新收|收到|受理|接到|接收)(?:各类|各级)?(?:政府信息公开|依申请公开|信息公开)?申请[^。；，,]{0,6}?" + _NUM, text)
    if m and new is not None:
        said = int(m.group(1))
        # Only "含上年结转" says the count includes last year's carry-over; "本年新收171件，
        # 上年结转15件" names two numbers, and the new one is compared with the new one.
        includes_carried = bool(re.search(r"[含包括]+(?:了)?上年(?:度)?结转", text[m.start(): m.end() + 12]))
        if includes_carried and carried is not None:
            if said not in (new, new + carried):
                out.append(_mismatch("TX-NEW", s, said, new + carried, [new_ref, carried_ref], "表三本年新收与上年结转之和"))
        elif said != new:
            # An error when both numbers are read with confidence: the sentence says 新收,
            # and the table cell was printed (not inferred or blank).
            confident = "新收" in m.group(0) and _state(ext, new_ref) == "ok"
            if carried is not None and said == new + carried and not confident:
                pass  # "收到申请N件" counting last year's carry-over too: not wrong
            else:
                out.append(_mismatch("TX-NEW", s, said, new, [new_ref], "表三“本年新收政府信息公开申请数量”总计",
                                     "error" if confident else "warning"))
    m = re.search(r"(?:办结|答复|办理完毕|已办理|完成答复)[^。；，,]{0,8}?" + _NUM, text)
    total, total_ref = _t(ext, "t3", "total", "total")
    # "同意公开答复9件" is 予以公开 and "转下一年度办理答复的有1件" is 结转: neither is the total.
    before = re.sub(r"\s", "", text[max(0, m.start() - 10): m.start()]) if m else ""
    if m and total is not None and not any(w in before for w in _NOT_TOTAL_CONTEXT):
        said = int(m.group(1))
        if said != total:
            out.append(_mismatch("TX-DONE", s, said, total, [total_ref], "表三（七）总计"))
    m = re.search(r"结转(?:至)?下(?:一)?年度?(?:继续)?(?:办理)?[^。；，,\d]{0,4}" + _NUM, text)
    nxt, nxt_ref = _t(ext, "t3", "carry_next", "total")
    if m and nxt is not None:
        said = int(m.group(1))
        if said != nxt:
            out.append(_mismatch("TX-CARRY", s, said, nxt, [nxt_ref], "表三“结转下年度继续办理”总计"))
    return out


def _state(ext: Extraction, ref: CellRef) -> str | None:
    table, row, col = ref
    t = ext.tables.get(table)
    if t is None or row not in t.rows:
        return None
    cols = [c.key for c in ext.spec(table).row(row).columns]
    return t.rows[row][cols.index(col)].state if col in cols else None


_ALL_DONE = re.compile(r"(?:所有|全部)(?:的)?(?:政府信息公开|依申请公开)?申请(?:均|都|全部)?(?:已)?(?:按(?:时|期|要求|规定|法定时限))?(?:办理完成|办结|答复完毕|办理完毕|全部办结)")


def _all_done(ext: Extraction) -> list[Finding]:
    """"所有申请均已办理完成" while table 三 carries requests over to next year."""
    nxt, ref = _t(ext, "t3", "carry_next", "total")
    if not nxt:
        return []
    for s in ext.meta.sentences:
        m = _ALL_DONE.search(s.text)
        if m and not re.search(r"结转|转下", s.text[m.end(): m.end() + 30]):
            return [Finding("TX-CARRY", "warning",
                            f"正文第{s.section or ''}部分写“{_clip(s.text)}”，但表三“结转下年度继续办理”总计为 {_plain(nxt)}，"
                            "说明仍有申请未办结；请核对文字与表格。",
                            [("text", s.section, None), ref], None, None, loc=s.loc)]
    return []


def _plain(value: Number) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_NOT_TOTAL_CONTEXT = ("结转", "转下", "下一年", "下年度", "同意公开", "予以公开", "部分公开", "不予", "无法提供", "其他处理")


def _review_litigation(ext: Extraction, s: Sentence, text: str) -> list[Finding]:
    out: list[Finding] = []
    if "t4" not in ext.tables:
        return out
    rev, rev_ref = _t(ext, "t4", "review", "total")
    d, d_ref = _t(ext, "t4", "litigation_direct", "total")
    a, a_ref = _t(ext, "t4", "litigation_after_review", "total")
    # "未发生被行政复议纠错或行政诉讼败诉的情形" says nothing was lost, not that there was none.
    outcome_only = re.search(r"纠错|纠正|败诉|撤销|确认违法", text) is not None
    none_review = None if outcome_only else re.search(r"(?:未|没有|无(?!误))(?:发生|出现|收到)?[^。；]{0,20}行政复议", text)
    m = re.search(r"行政复议(?:案件|申请)?[^。；，,\d]{0,4}" + _NUM, text)
    if m and rev is not None and int(m.group(1)) != rev:
        out.append(_mismatch("TX-REV", s, int(m.group(1)), rev, [rev_ref], "表四行政复议总计"))
    elif none_review and not m and rev is not None and rev > 0:
        out.append(_mismatch("TX-REV", s, 0, rev, [rev_ref], "表四行政复议总计"))
    lit = None if d is None or a is None else d + a
    none_lit = None if outcome_only else re.search(r"(?:未|没有|无(?!误))(?:发生|出现|收到)?[^。；]{0,24}行政诉讼", text)
    m = re.search(r"行政诉讼(?:案件)?[^。；，,\d]{0,4}" + _NUM, text)
    if m and lit is not None and int(m.group(1)) != lit:
        out.append(_mismatch("TX-LIT", s, int(m.group(1)), lit, [d_ref, a_ref], "表四行政诉讼（直接起诉与复议后起诉）总计之和"))
    elif none_lit and not m and lit is not None and lit > 0:
        out.append(_mismatch("TX-LIT", s, 0, lit, [d_ref, a_ref], "表四行政诉讼总计之和"))
    return out


def _normative(ext: Extraction, s: Sentence, text: str) -> list[Finding]:
    if "t2" not in ext.tables:
        return []
    m = re.search(r"(?:制发|出台|印发|制定)(?:行政)?规范性文件[^。；，,\d]{0,3}" + _NUM, text)
    made_col = "made" if ext.table_versions.get("t2", ext.template) == "2021" else "new_made"
    made, ref = _t(ext, "t2", "normative_docs", made_col)
    if m and made is not None and int(m.group(1)) != made:
        return [_mismatch("TX-ND", s, int(m.group(1)), made, [ref], "表二行政规范性文件本年制发件数")]
    return []


_PARTS_HEAD = re.compile(r"(?:公开|发布|更新|推送)[^。；，,]{0,16}?(\d+)\s*(条|篇|件|个)[^。；]{0,6}?[，,：:]\s*其中")


def _sum_of_parts(s: Sentence, text: str) -> list[Finding]:
    """"主动公开信息34条，其中规划计划2条、政策文件13条…": the parts must add up."""
    m = _PARTS_HEAD.search(text)
    if not m:
        return []
    whole, unit = int(m.group(1)), m.group(2)
    tail = text[m.end():]
    tail = re.split(r"[。；;]", tail)[0]
    parts = [int(x) for x in re.findall(r"(\d+)\s*" + unit, tail)]
    if len(parts) < 2:
        return []
    total = sum(parts)
    # "其中" often lists only some kinds, so parts falling short of the whole is normal;
    # parts adding up to more than the whole is not.
    if total <= whole:
        return []
    return [Finding("TX-SUM", "warning",
                    f"正文第{s.section or ''}部分写共{whole}{unit}，但“其中”各项相加为 {'+'.join(map(str, parts))} = {total}{unit}（差 {abs(total - whole)}）；请核对。",
                    [("text", s.section, None)], whole, total, loc=s.loc)]


_FEE_STATEMENT = re.compile(r"信息(?:公开)?处理费|未(?:发生|收取|产生)[^。]{0,16}(?:收费|费用)|收费(?:事项|情况)")


def _fee_statement(ext: Extraction) -> list[Finding]:
    year = ext.meta.year
    if year is None or year < 2021:
        return []
    six = ext.meta.section_text.get("六")
    whole = "\n".join(ext.meta.section_text.values())
    if six is not None and len(label_key(six)) <= len(label_key("六、其他需要报告的事项")) + 3:
        return [Finding("S6-EMPTY", "warning", "第六部分“其他需要报告的事项”只写了“无”或为空；2021 年起应在此说明信息处理费收取情况。",
                        [("text", "六", None)], loc=ext.meta.sections.get("六", (None, None))[1])]
    # Wordings seen: 信息处理费, 信息公开处理费, 未发生政府信息公开收费事项, 未收取任何费用.
    if _FEE_STATEMENT.search(re.sub(r"\s", "", (six or "") + "\n" + whole)):
        return []
    return [Finding("S6-FEE", "warning",
                    "未见信息处理费的说明；按 2021 年格式，第六部分应报告依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（如“本年度未收取信息处理费”）。",
                    [("text", "六", None)], loc=ext.meta.sections.get("六", (None, None))[1])]


_NOTHING_TO_SAY = {label_key(w) for w in ("无", "暂无", "暂无问题", "无问题", "没有", "无存在问题", "暂未发现问题", "不存在问题")}


def _part_five(ext: Extraction) -> list[Finding]:
    """条例第五十条: the report states the problems and how they are being put right. A part
    五 that says only "无" / "暂无问题", or fewer than ten characters, does not."""
    five = ext.meta.section_text.get("五")
    if five is None:
        return []
    official = label_key(SECTIONS[4].heading)
    whole = label_key(five)
    if whole.startswith(official):
        content = whole[len(official):]
        body = five[len(SECTIONS[4].heading):] if five.startswith(SECTIONS[4].heading) else five.split("\n", 1)[-1]
    else:
        body = five.split("\n", 1)[1] if "\n" in five else ""
        content = label_key(body)
    if len(content) >= 10 and content not in _NOTHING_TO_SAY:
        return []
    printed = body.strip()[:20] or "（空）"
    return [Finding("S5-EMPTY", "warning",
                    f"第五部分“存在的主要问题及改进情况”只写了“{printed}”；条例第五十条要求年度报告说明工作存在的主要问题及改进情况，请补充。",
                    [("text", "五", None)], loc=ext.meta.sections.get("五", (None, None))[1])]


_INTRO_PARTS = (("总体情况", "总体"), ("主动公开",), ("收到和处理", "依申请", "处理政府信息公开申请"),
                ("行政复议", "行政诉讼"), ("问题",), ("其他需要报告", "其他事项"))


def _intro(ext: Extraction) -> list[Finding]:
    for s in ext.meta.sentences[:40]:
        m = re.search(r"(?:包括|由|包含|分为)([^。；]*?)(?:等)?\s*(六|6)\s*(?:个)?部分", s.text)
        if not m:
            continue
        # Count which of the six parts the list names (wordings vary: "存在的问题及改进措施").
        listed = sum(1 for words in _INTRO_PARTS if any(w in m.group(1) for w in words))
        if "等" in s.text[m.start(): m.end()] or listed < 3:
            return []
        if listed < 6:
            return [Finding("M-INTRO", "warning",
                            f"引言称报告由六部分组成，但只列出了 {listed} 部分；请补全或改正。",
                            [("text", s.section, None)], 6, listed, loc=s.loc)]
        return []
    return []
