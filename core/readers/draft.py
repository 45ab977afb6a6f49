"""Our own draft files (``.nbdraft``, core/draft): a new year's report being written.

The draft is read as the document it will become — the title, the six headings, the intro
sentence, the clerk's text or "（文字描述）", and the three tables in the official layout
(``core.template.grid_layout``, merged cells laid out as the Word reader lays them out) — so
``main.py check 草稿.nbdraft`` runs the one pipeline and the same rules as any report. Rows of
last year's report that had no counterpart in this year's layout are named in reader notes.
"""

from __future__ import annotations

from pathlib import Path

from core.document import Document, Location, Note, RawTable, ReadError, TableCell, TextBlock
from core.draft_file import Draft, DraftError, outline
from core.template import TEMPLATE_2021, grid_layout


def read_draft(path: Path, data: bytes) -> Document:
    try:
        draft = Draft.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ReadError("草稿文件已损坏（不是 UTF-8 文本），无法打开；如有自动保存的副本请改用副本。") from exc
    except DraftError as exc:
        raise ReadError(exc.message) from exc
    return draft_document(draft, str(path))


def draft_document(draft: Draft, path: str = "") -> Document:
    blocks: list[TextBlock | RawTable] = []
    paragraph = table = 0
    for piece in outline(draft, drafted=False):
        if piece.kind == "table":
            blocks.append(_table(draft, piece.text, table))
            table += 1
        else:
            blocks.append(TextBlock(piece.text, Location(paragraph=paragraph)))
            paragraph += 1
    notes: list[str] = []
    if draft.last is not None:
        notes += [Note(f"{text}。", "informative") for text in draft.last.unmapped]
    return Document(path, "draft", blocks, notes=notes).finalize()


def _table(draft: Draft, key: str, index: int) -> RawTable:
    layout = grid_layout(TEMPLATE_2021.table(key))
    rows: list[list[TableCell]] = [[] for _ in range(layout.rows)]
    for cell in sorted(layout.cells, key=lambda c: (c.row, c.col)):
        if cell.kind == "value":
            value = draft.value((key, cell.row_key or "", cell.col_key or ""))
            text = "" if value is None else _number(value)
        else:
            text = cell.text
        rows[cell.row].append(TableCell(text, Location(table=index, row=cell.row, col=cell.col)))
    return RawTable([r for r in rows if r], Location(table=index))


def _number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
