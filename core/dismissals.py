"""Findings a clerk has checked and dismissed ("已核实，无需修改"), with the reason given.

A dismissal is keyed by the finding's rule and cells, not by its message: the message of an
arithmetic finding changes as other cells are edited, the root cause it names does not.
A dismissed finding still counts and keeps its highlight (the report still prints the
numbers); the export, the review letter and the batch summary list it apart with its reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from core.model import Finding


def finding_key(finding: Finding) -> str:
    """A stable text key for one finding: its rule and the cells it names."""
    return finding.rule + "|" + json.dumps([list(c) for c in finding.cells], ensure_ascii=False)


@dataclass(frozen=True)
class Dismissal:
    key: str  # finding_key of the dismissed finding
    reason: str = ""  # what the clerk wrote; may be empty

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "reason": self.reason}

    @staticmethod
    def from_json(data: object) -> "Dismissal | None":
        if not isinstance(data, dict) or not isinstance(data.get("key"), str):
            return None
        reason = data.get("reason")
        return Dismissal(data["key"], reason if isinstance(reason, str) else "")


def split_dismissed(findings: list[Finding], dismissals: dict[str, Dismissal]
                    ) -> tuple[list[Finding], list[tuple[Finding, Dismissal]]]:
    """The findings still open, and the dismissed ones with their dismissal, each in order."""
    open_: list[Finding] = []
    dismissed: list[tuple[Finding, Dismissal]] = []
    for f in findings:
        d = dismissals.get(finding_key(f))
        if d is None:
            open_.append(f)
        else:
            dismissed.append((f, d))
    return open_, dismissed
