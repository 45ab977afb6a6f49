"""Readers say what kind of note they leave (issue #15): X-READ's severity follows the
note's kind, not key words in its Chinese text."""

from __future__ import annotations

import copy
import pickle

from core.document import Document, Location, Note, TextBlock
from core.extract import extract


def _doc(*notes: str) -> Document:
    return Document("x.txt", "txt", [TextBlock("某局2025年政府信息公开工作年度报告", Location(line=1))], notes=list(notes))


def test_kind_decides_severity_whatever_the_words() -> None:
    # Words that once meant "data lost" in a routine note, and plain words in a data-lost one.
    ext = extract(_doc(Note("已跳过空白页的页眉。", "routine"), Note("第 3 页未能读出。", "data_lost"),
                       Note("文字编码已分段识别。", "informative")))
    told = [(f.rule, f.severity, f.message) for f in ext.notes if f.rule == "X-READ"]
    assert told == [("X-READ", "warning", "第 3 页未能读出。"), ("X-READ", "info", "文字编码已分段识别。")]


def test_a_plain_string_note_is_informative() -> None:
    ext = extract(_doc("扫描页已识别。"))
    assert [(f.severity, f.message) for f in ext.notes if f.rule == "X-READ"] == [("info", "扫描页已识别。")]


def test_notes_keep_their_kind_through_pickling_and_copies() -> None:
    # Batch workers send documents between processes; the window deep-copies extractions.
    note = Note("第 2 页内容过多，已跳过。", "data_lost")
    for back in (pickle.loads(pickle.dumps(note)), copy.deepcopy(note)):
        assert back == note and back.kind == "data_lost" and "跳过" in back
