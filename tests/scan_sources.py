"""Every text PDF the scan differential test scans, in one place (issue 23).

Three kinds, reported apart because they fail apart:

- ``real``: the three reports as published (tests/data/real-pdf, see its README);
- ``ruled``: tables with ruling lines — the two LibreOffice exports of the Word fixtures
  (tests/fixtures/pdf) and tests/render_pdf.py's ruled layout (one table 三 cut by a page
  break, one in the 2019 template);
- ``borderless``: tests/render_pdf.py's tables without lines — plain, cut by a page break,
  and with table 三's label columns narrowed until labels wrap over three to six lines
  (tests/test_reader_pdf_wrapped.py's cases).

The rendered ones are made per draw from ``consistent_tables(seed)``, so every draw prints
other numbers; the files are cached in the folder given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.shared_data import REAL_PDF, REPO

FIXTURE_PDF = REPO / "tests" / "fixtures" / "pdf"
AGENCY = "某某市测试局"


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # real / ruled / borderless
    path: Path | None = None  # a file in the repository, or None: rendered per draw with ``render``
    render: dict[str, Any] = field(default_factory=dict)  # render_report_pdf's keywords
    version: str = "2021"

    def pdf(self, folder: Path, seed: int) -> Path:
        """The text PDF of this source for draw ``seed``."""
        if self.path is not None:
            return self.path
        from tests.render import consistent_tables
        from tests.render_pdf import render_report_pdf

        dst = folder / f"{self.name}-{seed}-text.pdf"
        if not dst.exists():
            folder.mkdir(parents=True, exist_ok=True)
            render_report_pdf(dst, AGENCY, 2023, consistent_tables(seed, self.version), version=self.version,
                              **self.render)
        return dst


SOURCES: list[Source] = [
    Source("hongze-2023", "real", REAL_PDF / "hongze-2023.pdf"),
    Source("hongze-2024", "real", REAL_PDF / "hongze-2024.pdf"),
    Source("huaian-2024", "real", REAL_PDF / "huaian-2024.pdf"),
    Source("report_2019", "ruled", FIXTURE_PDF / "report_2019.pdf"),
    Source("report_2021_nested", "ruled", FIXTURE_PDF / "report_2021_nested.pdf"),
    Source("gen-ruled", "ruled"),
    Source("gen-ruled-split", "ruled", render={"split_across_pages": True, "running_header": f"{AGENCY}政府信息公开工作年度报告"}),
    Source("gen-ruled-2019", "ruled", version="2019"),
    Source("gen-borderless", "borderless", render={"ruled": False}),
    Source("gen-borderless-split", "borderless",
           render={"ruled": False, "split_across_pages": True, "running_header": f"{AGENCY}政府信息公开工作年度报告"}),
    Source("gen-wrapped", "borderless", render={"ruled": False, "t3_label_widths": (24.0, 36.0, 48.0), "valign": "labels-top"}),
    Source("gen-wrapped-split", "borderless",
           render={"ruled": False, "t3_label_widths": (24.0, 40.0, 40.0), "valign": "top", "split_across_pages": True,
                   "split_row": "other_1"}),
]
BY_NAME = {s.name: s for s in SOURCES}


def source_for(seed: int, names: list[str] | None = None) -> Source:
    """The source draw ``seed`` scans: the sources taken in turn, so any 12 consecutive seeds
    scan each once (``names`` narrows the list, and the turn runs over it)."""
    chosen = [BY_NAME[n] for n in names] if names else SOURCES
    return chosen[seed % len(chosen)]
