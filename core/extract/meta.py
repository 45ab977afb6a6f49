"""Title, agency, report year, statistics period, signature, publication date, sections and
sentences, read from the simplified text of the document.

Conversions lose 年/月/日 and brackets ("2025  1  1  日至 2025  12  31  日"), so the date
patterns tolerate their absence.
"""

from __future__ import annotations

import difflib
import re
from datetime import date

from core.model import Dated, Meta, Sentence
from core.normalize import label_key
from core.template import SECTIONS, TEMPLATE_2021
from core.tokens import TokenStream

_TITLE = re.compile(
    # An agency may carry its second name in brackets: "上海市科学技术委员会（上海市外国专家局）".
    r"(?P<agency>[^\s，。,:：;；、“”\"《》()（）]{2,40}?(?:[（(][^\s()（）]{2,20}[)）])?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:度\s*)?"
    r"政府信息公开(?:工作)?(?:年度)?报告"
)
# "2024 年上海市科委政府信息公开工作年度报告": the year first, the agency after it.
_TITLE_YEAR_FIRST = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<agency>[^\s，。,:：;；、“”\"《》()（）\d]{2,30}?)\s*政府信息公开(?:工作)?(?:年度)?报告"
)
_TITLE_LOOSE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度?\s*政府信息公开(?:工作)?(?:年度)?报告")
_AGENCY_PREFIX = re.compile(r"^(?:信息名称|标题|名称|题目|文件名称)[:：]?")

_Y = r"(?P<{n}y>(?:19|20)\d{{2}})\s*年?\s*"
_MD = r"(?P<{n}m>\d{{1,2}})\s*月?\s*(?P<{n}d>\d{{1,2}})\s*日?"
_PERIOD = re.compile(
    r"(?:统计期限|统计时间|统计期间|统计区间|统计时段|数据统计|统计周期|时间范围|期限)[^。]{0,12}?"  # a PDF line may break inside the sentence
    + r"(?:自|为|从|是)?\s*" + _Y.format(n="s") + _MD.format(n="s") + r"\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*"
    + r"(?:" + _Y.format(n="e") + r")?" + _MD.format(n="e")
)
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})\s*日?")
_PUBLISH = re.compile(r"(?:发布时间|发布日期|成文日期|生成日期|公开日期|时间|日期)\s*[:：]\s*" + _DATE.pattern)
_AGENCY_END = re.compile(
    r"(?:局|委员会|委|人民政府|政府|办公室|办公厅|办|中心|院|所|厅|部|署|处|站|队|会|镇|乡|街道|街道办事处|管委会|管理委员会|馆|社|公司|集团|分局|支队|大队)$"
)
# Scrapes run a table's last number into the next heading ("…24252.31三、收到和处理…").
_HEADING = re.compile(r"(?:^|(?<=[\s。；;:：|\d)）]))(?P<num>[一二三四五六])\s*[、.．，,]\s*")


# Table 三's rows numbered like sections (一、本年新收… 四、结转下年度继续办理), by numeral:
# the first words of each label.
_T3_NUMBERED_ROWS: dict[str, tuple[str, ...]] = {}
for _row in TEMPLATE_2021.t3.rows:
    _m = re.match(r"^([一二三四五六])、(.+)$", _row.label)
    if _m:
        _T3_NUMBERED_ROWS.setdefault(_m.group(1), ())
        _T3_NUMBERED_ROWS[_m.group(1)] += (label_key(_m.group(2))[:6],)


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _near_heading(key: str, heading: str) -> bool:
    """A heading with a typo ("四、政府信息公开行政法复议、行政诉讼情况") is still that
    heading: the printed words start like the official ones, nearly letter for letter."""
    official = label_key(heading.split("、", 1)[1])
    printed = key[: len(official) + 2]
    return len(official) >= 8 and difflib.SequenceMatcher(None, printed, official).ratio() >= 0.85


def find_sections(stream: TokenStream) -> dict[str, tuple[int, str]]:
    """Section number → (offset in stream.text, heading as printed), in document order.
    Each section is taken at its first heading after the previous section's."""
    text = stream.text
    candidates: dict[str, list[tuple[int, str]]] = {}
    for m in _HEADING.finditer(text):
        num = m.group("num")
        section = next(s for s in SECTIONS if s.number == num)
        after = text[m.end(): m.end() + 40]
        key = label_key(after.split("\n")[0])
        if any(key.startswith(words) for words in _T3_NUMBERED_ROWS.get(num, ())):
            # Table 三's own "四、结转下年度继续办理", however close the real heading 四 follows
            # it in a scrape ("…继续办理100000 四、政府信息公开行政复议…").
            continue
        if any(f in key[: len(f) + 16] for f in section.match) or _near_heading(key, section.heading):
            heading = (num + "、" + after.split("\n")[0]).strip()
            end = re.search(r"[。；]", heading)
            if end:
                heading = heading[: end.start()]
            candidates.setdefault(num, []).append((m.start("num"), heading[:40]))
    # The full official heading counts wherever it stands: a scrape may glue it to the last
    # cell of the table before ("…895.90元三、收到和处理政府信息公开申请情况"). At a line's
    # start its numeral and words count without the comma too: "一 总体情况" is printed, and
    # a scan's small "、" is lost ("一总体情况").
    for section in SECTIONS:
        num, words = section.heading.split("、", 1)
        bare = re.compile(r"(?:^|(?<=\n))\s*" + num + r"[\s、.．，,]*" + re.escape(words))
        for m in [*re.finditer(re.escape(section.heading), text), *bare.finditer(text)]:
            start = text.index(num, m.start())
            options = candidates.setdefault(section.number, [])
            if all(pos != start for pos, _ in options):
                options.append((start, section.heading))
        if section.number in candidates:
            candidates[section.number].sort()
    found: dict[str, tuple[int, str]] = {}
    last = -1
    for section in SECTIONS:
        options = candidates.get(section.number, [])
        after_last = [c for c in options if c[0] > last]
        choice = after_last[0] if after_last else (options[0] if options else None)
        if choice is not None:
            found[section.number] = choice
            last = max(last, choice[0])
    return found


_HEADING_PREFIX = re.compile(
    r"^\s*(?:附?表\s*[一二三四五六1-6]?\s*[:：、.．]?|[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）]|\d+\s*[、.．])\s*")


def find_headings_by_words(stream: TokenStream) -> dict[str, tuple[int, str]]:
    """Section number → (offset, line as printed) of the first short line that is that
    section's heading by its words, whatever numeral it carries: tables attached under
    their own numbering ("一、主动公开政府信息情况" as 附表一, "表三：…"), or a report that
    numbers its parts differently."""
    found: dict[str, tuple[int, str]] = {}
    offset = 0
    for line in stream.text.split("\n"):
        stripped = line.strip()
        if 4 <= len(stripped) <= 40:
            key = label_key(_HEADING_PREFIX.sub("", stripped, count=1))
            for section in SECTIONS:
                if section.number not in found and any(key.startswith(f) for f in section.match):
                    found[section.number] = (offset + (len(line) - len(line.lstrip())), stripped)
                    break
        offset += len(line) + 1
    return found


# The sub-headings of part 五 ("（一）存在的主要问题", "（二）改进情况", "（一）2024 年工作中存在
# 问题的改进情况"): its content, when the part's own heading was lost.
_PART_FIVE_SUB = re.compile(r"^\s*[（(][一二三四][)）].{0,24}?(?:存在的?主要问题|主要问题|存在问题|存在的不足|改进情况|改进措施)")


def _part_five_content(text: str) -> list[tuple[int, str]]:
    out = []
    offset = 0
    for line in text.split("\n"):
        if len(line.strip()) <= 40 and _PART_FIVE_SUB.match(line):
            out.append((offset, line.strip()))
        offset += len(line) + 1
    return out if len(out) >= 1 else []


def read_meta(stream: TokenStream, sections: dict[str, tuple[int, str]],
              by_words: dict[str, tuple[int, str]]) -> Meta:
    """``sections`` and ``by_words``: find_sections and find_headings_by_words of the same
    stream (extraction needs them too, so they are found once)."""
    meta = Meta()
    text = stream.text
    lines = text.split("\n")
    _read_title(meta, stream, lines)
    _read_period(meta, stream)
    _read_signature(meta, stream, lines)
    head = "\n".join(lines[:40])
    m = _PUBLISH.search(head)
    if m:
        meta.publish_date = Dated(_date(m.group("y"), m.group("m"), m.group("d")), m.group(0), stream.loc_at(m.start()))
    for num, (pos, printed) in by_words.items():
        if num not in sections:
            meta.headings_by_words[num] = (printed, stream.loc_at(pos))
    if "五" not in sections and "五" not in by_words:
        found = _part_five_content(text)
        if found:
            meta.section_content["五"] = ([line for _, line in found], stream.loc_at(found[0][0]))
    ordered = sorted(sections.items(), key=lambda kv: kv[1][0])
    meta.section_order = [num for num, _ in ordered]
    for i, (num, (pos, heading)) in enumerate(ordered):
        meta.sections[num] = (heading, stream.loc_at(pos))
        end = ordered[i + 1][1][0] if i + 1 < len(ordered) else len(text)
        meta.section_text[num] = text[pos:end]
    meta.sentences = _sentences(stream, ordered)
    return meta


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000\u00a0]+(?=[\u4e00-\u9fff])")


_TITLE_MAX_LINE = 400


def _read_title(meta: Meta, stream: TokenStream, lines: list[str]) -> None:
    """The title is the line that is (almost) only "{agency}{year}年…年度报告"; a sentence
    that mentions the report ("现编制并向社会公布…报告") is a weaker candidate. Some reports
    print the agency on the line above the year."""
    best: tuple[int, int, str | None, int, str, int] | None = None  # score, year, agency, pos, title, line
    offset = 0
    for index, raw_line in enumerate(lines[:60]):
        if len(raw_line) > _TITLE_MAX_LINE:
            # No title is this long; the title patterns backtrack over a 1 MB line for seconds.
            offset += len(raw_line) + 1
            continue
        # Spaces a PDF or a typist put between Chinese characters ("上海市 科学技术委员会")
        # are not part of the name; the offsets of the title shift by at most a few places.
        line = _CJK_SPACE.sub("", raw_line)
        stripped = line.strip()
        loose = _TITLE_LOOSE.search(line)
        if loose and stripped.startswith(loose.group(0)[:4]):
            prev = next((lines[j].strip() for j in range(index - 1, max(index - 4, -1), -1) if lines[j].strip()), "")
            if prev and len(prev) <= 30 and not re.search(r"[。，,:：;；]", prev) and _AGENCY_END.search(prev):
                cand = (len(stripped) - len(loose.group(0)), int(loose.group("year")), prev, offset + loose.start(), prev + loose.group(0), index)
                if best is None or cand[0] < best[0]:
                    best = cand
        # A title wrapped over two lines ("…政府信息公开工作" / "年度报告").
        nxt = lines[index + 1].strip() if index + 1 < len(lines) else ""
        joined = stripped + nxt if nxt and len(nxt) <= 12 and not _TITLE.search(line) else None
        for m in _TITLE_YEAR_FIRST.finditer(joined or stripped):
            if (joined or stripped).startswith(m.group(0)[:4]) and _AGENCY_END.search(m.group("agency")) is not None:
                cand = (len(joined or stripped) - len(m.group(0)), int(m.group("year")), m.group("agency"), offset + line.find(stripped[:4]), m.group(0), index)
                if best is None or cand[0] < best[0]:
                    best = cand
        for m in _TITLE.finditer(line):
            agency = _AGENCY_PREFIX.sub("", m.group("agency")).strip()
            chrome = len(line) - len(line.lstrip()) + len(re.match(r"^\s*(?:[•·]\s*)?(?:信息名称|标题|名称|题目)?[:：]?\s*", line).group(0))
            score = len(stripped) - len(m.group(0)) - chrome
            cand = (max(score, 0), int(m.group("year")), agency or None, offset + m.start(), m.group(0).strip(), index)
            if best is None or cand[0] < best[0]:
                best = cand
        offset += len(raw_line) + 1
    if best is None:
        return
    _, year, agency, pos, title, _ = best
    meta.title, meta.agency, meta.year = title, agency, year
    meta.title_loc = stream.loc_at(pos)


def _read_period(meta: Meta, stream: TokenStream) -> None:
    m = _PERIOD.search(stream.text)
    if not m:
        return
    start = _date(m.group("sy"), m.group("sm"), m.group("sd"))
    end_year = m.group("ey") or m.group("sy")
    end = _date(end_year, m.group("em"), m.group("ed"))
    loc = stream.loc_at(m.start())
    meta.period_text = m.group(0)
    meta.period_loc = loc
    meta.period_start = Dated(start, m.group(0), loc)
    meta.period_end = Dated(end, m.group(0), loc)


def _read_signature(meta: Meta, stream: TokenStream, lines: list[str]) -> None:
    """The agency and date printed at the end. Scraped pages append site chrome after them,
    so the last date-only line within the last lines is taken."""
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    tail_start = max(0, len(lines) - 40)
    for index in range(len(lines) - 1, tail_start - 1, -1):
        line = lines[index].strip()
        m = _DATE.search(line)
        if not m or len(line) > 40:
            continue
        rest = (line[: m.start()] + line[m.end():]).strip(" \t:：")
        if re.search(r"(时间|日期|发布|浏览|来源|点击)", rest):
            continue
        meta.signature_date = Dated(_date(m.group("y"), m.group("m"), m.group("d")), m.group(0), stream.loc_at(offsets[index] + m.start()))
        if rest and _AGENCY_END.search(rest):
            meta.signature_agency = rest
            meta.signature_loc = stream.loc_at(offsets[index])
            return
        for j in range(index - 1, max(index - 4, -1), -1):
            cand = lines[j].strip()
            if not cand:
                continue
            if len(cand) <= 40 and _AGENCY_END.search(cand) and not re.search(r"[。，,；]", cand):
                meta.signature_agency = cand
                meta.signature_loc = stream.loc_at(offsets[j])
            break
        return


_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


_NEW_PARAGRAPH = re.compile(r"\s*(?:$|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[①-⑳]|第[一二三四五六七八九十]+)")


def _wrapped(text: str, start: int, newline: int, after: int) -> bool:
    """A PDF conversion breaks lines inside sentences ("…转下一" / "年度办理答复的有1件"). A
    long line without closing punctuation runs on into the next line unless that starts
    a heading or a numbered item."""
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline].strip()
    if len(line) < 16 or "\t" in line or newline - start > 400:
        return False
    if line[-1] in "：:）)》”\"" or not re.search(r"[，,、；：]", line):
        return False  # a line without a comma is a heading or a table header, not prose
    return not _NEW_PARAGRAPH.match(text, after)


def _sentences(stream: TokenStream, ordered: list[tuple[str, tuple[int, str]]]) -> list[Sentence]:
    text = stream.text
    bounds = [(pos, num) for num, (pos, _) in ordered]
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        end = m.end()
        if m.group() == "\n" and _wrapped(text, start, m.start(), end):
            continue
        chunk = text[start:end].strip()
        if len(chunk) >= 4 and "\t" not in chunk:
            section = None
            for pos, num in bounds:
                if pos <= start + 1:
                    section = num
            out.append(Sentence(chunk, section, stream.loc_at(start)))
        start = end
    return out
