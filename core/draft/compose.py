"""The report the clerk publishes from, as a new Word document in the official layout: the
outline (core/draft/outline.py) drawn with the official tables (core/export/word_tables.py);
sentences the program drafted are highlighted for the clerk to edit."""

from __future__ import annotations

from core.draft_file import DRAFTED, Draft, outline
from core.draft.tables import draft_tables
from core.export.docx_writer import HEADING_FONT, TITLE_FONT, Block, DocxDocument, Para, Run, text_width
from core.export.word_tables import official_table
from core.model import CellRef
from core.template import TEMPLATE_2021


def compose(draft: Draft, drafted: bool = True, left_empty: list[CellRef] | None = None) -> DocxDocument:
    """The report as a new Word document. ``drafted``: include the figure sentences.
    ``left_empty`` collects the table cells the clerk has not filled."""
    doc = DocxDocument(title=draft.title, size=16)
    width = text_width(doc)
    ext = draft_tables(draft, empty_state="missing")
    empty: list[CellRef] = [] if left_empty is None else left_empty
    blocks: list[Block] = []
    for piece in outline(draft, drafted):
        if piece.kind == "title":
            blocks.append(Para((Run(piece.text, size=22, font=TITLE_FONT),), align="center", space_after=16))
        elif piece.kind == "heading":
            blocks.append(Para((Run(piece.text, font=HEADING_FONT),), first_line_chars=2, keep_next=True))
        elif piece.kind == "drafted":
            blocks.append(Para((Run(piece.text, highlight=DRAFTED),), first_line_chars=2))
        elif piece.kind == "text":
            blocks.append(Para.of(piece.text, first_line_chars=2))
        else:
            blocks.append(official_table(ext, TEMPLATE_2021.table(piece.text), width, empty))
    doc.blocks = blocks
    return doc
