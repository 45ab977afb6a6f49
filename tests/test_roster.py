"""报送台账 (issue 27): a roster of the units that must report against a folder of reports —
who has not submitted, who sent two, whose year is wrong."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from core.batch.files import collect_files
from core.batch.roster import MISSING, SUBMITTED, TWICE, WRONG_YEAR, RosterError, load_roster, match_roster
from core.batch.runner import run_batch
from tests.shared_data import REAL_PDF, REAL_TEXT, seed

# Ten reports of ten agencies, as a supervisor's folder would hold them.
FOLDER = [REAL_TEXT / "001.txt", REAL_TEXT / "002.txt", REAL_TEXT / "003.txt", REAL_TEXT / "008.txt",
          REAL_PDF / "hongze-2024.pdf", REAL_PDF / "huaian-2024.pdf", seed("000"), seed("001"), seed("002"), seed("003")]
# The roster as a clerk types it: shorter names than the reports print ("洪泽区人民政府" for
# "淮安市洪泽区人民政府", "崆峒区科学技术局"), and two units whose reports have not come.
ROSTER = ["沐阳县人民政府", "上海市科委", "上海市人民政府办公厅", "平潭综合实验区", "洪泽区人民政府", "淮安市人民政府",
          "崆峒区科学技术局", "殷都区科学技术局", "舟曲县科学技术局", "西山区科学技术和工业信息化局",
          "滕州市科学技术局", "淮阴区人民政府"]


@pytest.fixture(scope="module")
def folder_reports(tmp_path_factory: pytest.TempPathFactory) -> list:
    folder = tmp_path_factory.mktemp("报送")
    for i, path in enumerate(FOLDER):
        shutil.copy(path, folder / f"{i:02d}{path.suffix}")
    files = collect_files([str(folder)])
    assert len(files) == 10
    return run_batch(files, workers=0, cross_year=False)


def test_twelve_units_against_ten_reports_names_the_two_missing(folder_reports: list, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "单位名称", "联系人"])
    for i, name in enumerate(ROSTER, start=1):
        sheet.append([i, name, "张三"])
    book.save(tmp_path / "名单.xlsx")
    units = load_roster(tmp_path / "名单.xlsx")
    assert units == ROSTER
    result = match_roster(units, folder_reports, year=None)
    assert result.named(MISSING) == ["滕州市科学技术局", "淮阴区人民政府"]
    # Without a year given, the year most reports print (2024 here) is the one collected, and
    # units whose only report is of another year are said apart.
    assert set(result.named(WRONG_YEAR)) | set(result.named(SUBMITTED)) == set(ROSTER[:10])
    assert not result.outside


def test_roster_year_two_reports_and_a_stranger(folder_reports: list, tmp_path: Path) -> None:
    from core.check import check_file

    reports = list(folder_reports) + [check_file(str(REAL_PDF / "hongze-2023.pdf")),
                                      check_file(str(seed("004"))), check_file(str(REAL_PDF / "hongze-2024.pdf"))]
    with open(tmp_path / "名单.csv", "w", encoding="gb18030", newline="") as handle:  # as Excel saves CSV on Chinese Windows
        csv.writer(handle).writerows([["单位"]] + [[name] for name in ROSTER[:6]])
    result = match_roster(load_roster(tmp_path / "名单.csv"), reports, year=2024)
    by_unit = {u.unit: u for u in result.units}
    assert by_unit["洪泽区人民政府"].status == TWICE  # hongze-2024 twice (hongze-2023 is another year)
    assert by_unit["平潭综合实验区"].status == WRONG_YEAR and "2019" in by_unit["平潭综合实验区"].note
    assert by_unit["淮安市人民政府"].status == SUBMITTED
    assert len(result.outside) == 5  # the four seed agencies and 滕州 are not on this roster
    assert result.summary() == "应报 6 个单位，已报送 3，未报送 0，重复报送 1，年度不符 3，名单外 5 份"


def test_a_roster_that_is_not_one_says_so(tmp_path: Path) -> None:
    (tmp_path / "名单.docx").write_bytes(b"x")
    with pytest.raises(RosterError, match="不是 .xlsx 或 .csv"):
        load_roster(tmp_path / "名单.docx")
    (tmp_path / "空.csv").write_text("\n\n", encoding="utf-8")
    with pytest.raises(RosterError, match="没有找到单位名称"):
        load_roster(tmp_path / "空.csv")
