"""A summary that prints (issue 27): every sheet landscape, one page wide, header rows on each
page, each year's totals on a sheet of their own, the charts labelled by what the rules mean
with the agencies' problems apart from the checker's reading problems, the roster and the
follow-up as sheets. Printed through LibreOffice and the pages of each sheet counted."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from core.export.followup import follow_up_batch
from core.batch.roster import match_roster
from core.check import check_file
from core.export.letter_items import read_items_folder
from core.export.review_letter import write_review_letters
from core.export.summary import write_summary
from tests.shared_data import REAL_PDF, REAL_TEXT, SEEDS

MAX_PAGES_PER_SHEET = 3


@pytest.fixture(scope="module")
def batch() -> list:
    files = sorted(REAL_TEXT.glob("*.txt")) + sorted(REAL_PDF.glob("*.pdf")) + sorted(SEEDS.glob("*.txt"))
    return [check_file(str(p)) for p in files]


@pytest.fixture(scope="module")
def workbook(batch: list, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("summary")
    letters = folder / "意见"
    letters.mkdir()
    write_review_letters(batch[:3], letters, day=date(2026, 11, 1))
    followups = follow_up_batch(batch, read_items_folder(letters))
    roster = match_roster(["洪泽区人民政府", "淮安市人民政府", "平潭综合实验区", "涟水县人民政府"], batch, year=2024)
    path = folder / "汇总.xlsx"
    write_summary(batch, str(path), roster=roster, followups=followups)
    return path


def test_each_years_totals_apart_and_charts_in_chinese(workbook: Path, batch: list) -> None:
    book = openpyxl.load_workbook(workbook)
    names = book.sheetnames
    years = sorted({r.extraction.meta.year for r in batch if r.extraction and r.extraction.meta.year})
    totals = [n for n in names if n.startswith("合计")]
    # One totals sheet per year (and format, where a year has both): never added across years.
    assert {int(m.group(1)) for n in totals if (m := re.search(r"(\d{4})", n))} == set(years)
    assert "报送台账" in names and "整改情况" in names
    charts = book["图表"]
    labels = [c.value for c in charts["A"] if isinstance(c.value, str)]
    assert "扫描识别不确定" in labels or "一行数值未能读全" in labels  # reading problems, by meaning
    assert not any(re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9≤]+)+", v) for v in labels), labels
    assert any("报送单位的问题" in v for v in labels) and any("识别问题" in v for v in labels)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_summary_prints_in_a_few_pages_per_sheet(workbook: Path, batch: list, tmp_path: Path) -> None:
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(workbook)], check=True, timeout=240, capture_output=True)
    pdf_path = tmp_path / "汇总.pdf"
    pages: Counter[str] = Counter()
    with pdfplumber.open(pdf_path) as pdf:
        assert all(p.width > p.height for p in pdf.pages)  # landscape
        for page in pdf.pages:
            lines = (page.extract_text() or "").replace("　", " ").splitlines()
            # The footer names the sheet: "汇总 第 1 页，共 9 页".
            m = next((m for line in lines if (m := re.fullmatch(r"\s*(\S+)\s*第\s*\d+\s*页，共\s*\d+\s*页\s*", line))), None)
            pages[m.group(1) if m else "?"] += 1
    book = openpyxl.load_workbook(workbook, read_only=True)
    assert "?" not in pages, pages
    assert set(pages) == set(book.sheetnames), pages
    # The list of every finding grows with the batch (132 findings here): about twenty a page.
    findings = sum(len(r.findings) for r in batch)
    assert pages.pop("问题明细") <= findings // 20 + 1
    assert max(pages.values()) <= MAX_PAGES_PER_SHEET, pages
