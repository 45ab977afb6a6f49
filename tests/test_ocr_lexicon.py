"""Weakly read template words read as those words (core/producers/ocr/lexicon.py, issue 23).

The garbled readings below are what the recogniser gave on dev scans at 100 dpi (seeds 3
and 49: report_2019 and hongze-2024, JPEG 35–54, blur ~1): each is one stretch of the
template's vocabulary, clearly closer to it than to any other."""

from __future__ import annotations

import pytest

from core.ocr_record import Box, OcrRun
from core.producers.ocr.lexicon import as_words, corrected, vocabulary

WEAK = 0.2


@pytest.mark.parametrize("read, printed", [
    ("2.1他法律行改法规禁止公开", "2.其他法律行政法规禁止公开"),
    ("(R)无社提供", "(四)无法提供"),
    ("5.属手三美内88务信息", "5.属于三类内部事务信息"),
    ("1.本机关不紧握相关政府信皇", "1.本机关不掌握相关政府信息"),
    ("二、上年栖转政府信息公开軒数量", "二、上年结转政府信息公开申请数量"),
    ("四、结转下年度续办10", "四、结转下年度继续办理"),
    ("行政登罚", "行政处罚"),
    ("(六)其他纶理", "(六)其他处理"),
    # The item number kept, not traded for the dot after it.
    ("3补正后申通内8仍不明A", "3.补正后申请内容仍不明确"),
    # The first line of a wrapped label is the first stretch of its label.
    ("5.要求行政机天确认成a质出", "5.要求行政机关确认或重新出"),
])
def test_garbled_template_words_are_read_as_printed(read: str, printed: str) -> None:
    assert corrected(read, WEAK) == printed


@pytest.mark.parametrize("read", [
    "1手国6×",  # too far from "1.属于国家秘密" to say
    "结果闰E",  # two of four characters wrong: "结果纠正"? "结果维持"? — not said
    "本年新收政府信息公开申请95件",  # prose with a count: its number is the report's
    "2024年，全区政府信息公开工作虽取得一定成绩",
    "其他",  # a word of many labels
])
def test_what_is_not_clearly_template_words_is_left_as_read(read: str) -> None:
    assert corrected(read, WEAK) is None


def test_what_was_read_surely_is_never_changed() -> None:
    # A report's own wording, read with every character sure, is printed as read.
    assert corrected("行政登罚", 0.95) is None


def test_vocabulary_is_the_templates_declaration() -> None:
    words = vocabulary()
    assert "一、本年新收政府信息公开申请数量" in words and "(七)总计" in words
    assert "四、政府信息公开行政复议、行政诉讼情况" in words and "第二十条第(一)项" in words


def _run(x0: int, x1: int, text: str, weakest: float = WEAK) -> OcrRun:
    return OcrRun(Box(x0, 100, x1, 126), (x0 / 2, 50, x1 / 2, 63), text, 0.5, "", 0.0, weakest)


def test_pieces_of_one_label_are_read_together() -> None:
    # A faint character lost as dust splits the label; together the pieces are its words.
    runs = [_run(200, 290, "1.本机关"), _run(330, 520, "不紧握相关政府信皇"), _run(700, 720, "31", 0.99)]
    out = as_words(runs, walls=[(600.0, 0.0, 400.0)], em=26.0)
    assert [r.text for r in out] == ["1.本机关不掌握相关政府信息", "31"]
    assert out[0].box.x0 == 200 and out[0].box.x1 == 520 and out[0].weakest == WEAK


def test_pieces_parted_by_a_border_stay_apart() -> None:
    runs = [_run(200, 290, "1.本机关"), _run(330, 520, "不紧握相关政府信皇")]
    out = as_words(runs, walls=[(310.0, 0.0, 400.0)], em=26.0)
    assert len(out) == 2


def test_runs_keep_their_reading_order() -> None:
    # The layout builds words from the glyphs in the order given: runs reordered left to
    # right across rows interleaved two rows' labels (dev seed 58).
    upper = OcrRun(Box(380, 100, 470, 126), (190, 50, 235, 63), "1.属于国家秘密", 0.99, "", 0.0, 0.99)
    value = OcrRun(Box(700, 100, 720, 126), (350, 50, 360, 63), "6", 0.99, "6", 0.99, 0.99)
    lower = [_run(380, 470, "1.本机关"), _run(500, 690, "不紧握相关政府信皇")]
    for run in lower:
        run.box = Box(run.box.x0, 200, run.box.x1, 226)
    caption = OcrRun(Box(280, 200, 350, 226), (140, 100, 175, 113), "无法提供", 0.99, "", 0.0, 0.99)
    out = as_words([upper, value, caption, *lower], walls=[(365.0, 0.0, 400.0)], em=26.0)
    assert [r.text for r in out] == ["1.属于国家秘密", "6", "无法提供", "1.本机关不掌握相关政府信息"]


def test_a_lone_character_beside_a_label_is_not_joined_to_it() -> None:
    # "度" of a vertical caption "三、本年度办理结果" stands level with a wrapped label's line.
    out = as_words([_run(222, 244, "度"), _run(278, 476, "这一情形,不计其")], walls=[], em=26.0)
    assert out[0].text == "度"
