"""Plain text: reports copied from web pages, dumped from DOCX, converted from PDF.

Each line is a text block located by line number and character offsets in the decoded
text, which is also what the window shows. Cell separators (tabs, pipes, runs of spaces)
are left to the tokenizer, which treats every shape the same way.
"""

from __future__ import annotations

from pathlib import Path

from core.document import Document, Location, ReadError, TextBlock
from core.readers.encoding import decode_bytes

# A text report is a few tens of KB; 20 MB of text is a wrong file or a log.
MAX_TEXT_CHARS = 20_000_000


def read_txt(path: Path) -> Document:
    data = path.read_bytes()
    text = decode_bytes(data)
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError("文本文件过大，不像是一份年度报告；请确认选对了文件。")
    if _looks_binary(text):
        raise ReadError("这个文件不是文本，也不是可识别的 PDF、Word、Excel 或网页文件；请确认文件类型，或用原软件另存为 PDF/DOCX。")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[TextBlock] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            blocks.append(TextBlock(line, Location(line=number, start=offset, end=offset + len(line))))
        offset += len(line) + 1
    return Document(str(path), "txt", blocks, source_text=text)


def _looks_binary(text: str) -> bool:
    """Random bytes decode to something under GB18030; real text has few control characters
    and replacement marks."""
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return bad / len(sample) > 0.05
