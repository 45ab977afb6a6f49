"""Plain text: reports copied from web pages, dumped from DOCX, converted from PDF.

Each line is a text block located by line number and character offsets in the decoded
text, which is also what the window shows. Cell separators (tabs, pipes, runs of spaces)
are left to the tokenizer, which treats every shape the same way.
"""

from __future__ import annotations

from pathlib import Path

from core.document import Document, Location, ReadError, TextBlock
from core.readers.encoding import GARBLED, decode_guess, looks_garbled
from core.limits import MAX_TEXT_CHARS, Budget, content_message

_BINARY = "这个文件不是文本，也不是可识别的 PDF、Word、Excel 或网页文件；请确认文件类型，或用原软件另存为 PDF/DOCX。"


def read_txt(path: Path, data: bytes | None = None) -> Document:
    if data is None:
        data = path.read_bytes()
    notes: list[str] = []
    text, guessed = decode_guess(data, notes=notes)
    del data
    # Runs of spaces between cells count too; twice the text limit is still no report.
    if len(text) > 2 * MAX_TEXT_CHARS:
        raise ReadError(content_message(f"约 {len(text) // 10_000} 万字"))
    problem = _garbage(text) or (GARBLED if guessed and looks_garbled(text) else None)
    if problem:
        raise ReadError(problem)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[TextBlock] = []
    budget = Budget()
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            budget.add(line)
            blocks.append(TextBlock(line, Location(line=number, start=offset, end=offset + len(line))))
        offset += len(line) + 1
    return Document(str(path), "txt", blocks, source_text=text, notes=notes)


def _garbage(text: str) -> str | None:
    """Random bytes decode to something under GB18030; real text has few control characters
    and replacement marks. Control characters mean a binary file, replacement marks a text
    whose encoding could not be recognised."""
    if not text:
        return None
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    replaced = sample.count("\ufffd")
    if control / len(sample) > 0.01:
        return _BINARY
    if (control + replaced) / len(sample) > 0.05:
        return GARBLED
    return None
