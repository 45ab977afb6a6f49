"""What reading one table gives: the table (None when it could not be read), its layout
version, the reading notes, and whether the table was seen at all."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.model import ExtractedTable, Finding


@dataclass
class TableResult:
    table: ExtractedTable | None
    version: str | None
    notes: list[Finding] = field(default_factory=list)
    found_anchor: bool = False  # some label of the table was seen (the table is there but unreadable)
