"""Text normalisation shared by label matching, section finding and prose checks.

Real reports arrive in traditional characters (mirror sites, converters), with full-width
digits and brackets, pinyin residue from a converter ("技術(shù)"), whitespace inside labels
("总 计", "社会公 益组织") and DOCX bookmark markers. Everything is compared after
``simplify`` (keeps the text readable) or ``label_key`` (a compact matching key).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

# A converter that turns 技術 into 技術(shù) leaves Latin pinyin with tone marks in
# brackets. Only bracketed runs that contain a tone-marked vowel are removed, so ordinary
# Latin text in brackets (URLs, "(PDF)") survives.
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_RESIDUE = re.compile(
    rf"[(（](?=[a-z{_TONE_VOWELS}]*[{_TONE_VOWELS}])[a-z{_TONE_VOWELS}]{{1,7}}[)）]"
)
_MARKERS = re.compile(r"\[(?:bookmark|image|图片|footnote|comment)[^\]]*\]", re.IGNORECASE)
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'"})
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")


# Characters that are also ordinary simplified characters in place names, which t2s would
# rewrite: 乾县 (Shaanxi), 乾安县 (Jilin) must not become 干县/干安县. The reports never use
# 乾 for 干 (乾燥), so it is kept as printed.
_KEEP_AS_PRINTED = frozenset("乾")


def to_simplified(text: str) -> str:
    """Traditional → simplified, keeping string length where the converter does (t2s is
    character-for-character for the vocabulary of these reports)."""
    if not text:
        return text
    out = _T2S.convert(text)
    if len(out) == len(text) and any(ch in _KEEP_AS_PRINTED for ch in text):
        out = "".join(o if t not in _KEEP_AS_PRINTED else t for o, t in zip(out, text))
    return out


def strip_residue(text: str) -> str:
    """Remove converter residue and DOCX markers that are not part of the report."""
    text = _PINYIN_RESIDUE.sub("", text)
    return _MARKERS.sub("", text)


def simplify(text: str) -> str:
    """Readable normal form: NFKC (full-width digits/brackets → ASCII), simplified
    characters, one kind of quote, residue removed. Whitespace is kept."""
    text = unicodedata.normalize("NFKC", text)
    text = strip_residue(text)
    text = to_simplified(text)
    return text.translate(_QUOTES)


_NUMBERING = re.compile(
    r"^(?:"
    r"第?[一二三四五六七八九十]+[、.．,，]"  # 一、 三.
    r"|[(（][一二三四五六七八九十\d]+[)）]"  # （一） (1)
    r"|\d+[.、．,，](?!\d)"  # 1. 2、
    r"|[①-⑳]"
    r")+"
)
_ANNOTATION = re.compile(r"[(（][^()（）]*[)）]")
_PUNCT = re.compile(r"[\s\"'、，,；;：:。．.·…—\-_/／\\|()（）\[\]【】〔〕<>《》!！?？*]+")


def drop_spaces(text: str) -> str:
    return _SPACES.sub("", text).replace("\n", "").replace("\r", "")


@lru_cache(maxsize=65536)
def label_key(text: str, keep_annotation: bool = False) -> str:
    """Compact key for comparing labels: simplified, no whitespace, numbering prefix and
    parenthetical annotations dropped, punctuation dropped.

    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" → "部分公开";
    "3. 其 他" → "其他"; "社会公 益组织" → "社会公益组织".
    """
    text = drop_spaces(simplify(text))
    # Numbering may repeat ("三、（一）"); strip it before annotations so "（一）" is not
    # mistaken for an annotation.
    text = _NUMBERING.sub("", text)
    if not keep_annotation:
        stripped = _ANNOTATION.sub("", text)
        if stripped:
            text = stripped
    return _PUNCT.sub("", text)


def leading_number(text: str) -> int | None:
    """The item number a label starts with: "3.其他" → 3, "（二）部分公开" → 2."""
    text = drop_spaces(simplify(text))
    m = re.match(r"^(?:[(（])?([一二三四五六七八九十]+|\d+)(?:[)）]|[.、．,，])", text)
    if not m:
        return None
    token = m.group(1)
    if token.isdigit():
        return int(token)
    return chinese_numeral(token)


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_numeral(token: str) -> int | None:
    """一..九十九 → int; None for anything else."""
    if not token:
        return None
    if token == "十":
        return 10
    if "十" in token:
        tens, _, ones = token.partition("十")
        t = _CN_DIGITS.get(tens, 1) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
            return None
        return t * 10 + o
    if len(token) == 1:
        return _CN_DIGITS.get(token)
    return None
