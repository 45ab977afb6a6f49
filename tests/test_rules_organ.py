"""Organ-kind plausibility (T2-REG-POWER, T2-FEE-MAG) and the format citation (M-CITE),
on the bundled sample report (示例市自然资源和规划局 2023) with one thing changed at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.check import check_file

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample" / "示例年报.txt"


def _variant(tmp_path: Path, old: str, new: str, name: str = "变体.txt") -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _rules(path: Path) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in check_file(path).findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_sample_has_none_of_them() -> None:
    assert not {"T2-REG-POWER", "T2-FEE-MAG", "M-CITE"} & set(_rules(SAMPLE))


def test_a_department_reporting_regulations_is_questioned(tmp_path: Path) -> None:
    f = _rules(_variant(tmp_path, "规章\t0\t0\t0", "规章\t2\t0\t5"))["T2-REG-POWER"][0]
    assert f.severity == "info" and "示例市自然资源和规划局" in f.message and f.cells == [("t2", "regulations", None)]


@pytest.mark.parametrize("agency", ["示例县城关镇人民政府", "示例市东城区人民政府", "示例区城东街道办事处"])
def test_a_town_county_or_district_government_cannot_make_regulations(tmp_path: Path, agency: str) -> None:
    path = _variant(tmp_path, "规章\t0\t0\t0", "规章\t1\t0\t6")
    text = path.read_text(encoding="utf-8").replace("示例市自然资源和规划局", agency)
    path.write_text(text, encoding="utf-8")
    f = _rules(path)["T2-REG-POWER"][0]
    assert f.severity == "warning" and agency in f.message


def test_a_city_government_office_may_report_the_governments_regulations(tmp_path: Path) -> None:
    path = _variant(tmp_path, "规章\t0\t0\t0", "规章\t1\t0\t6")
    path.write_text(path.read_text(encoding="utf-8").replace("示例市自然资源和规划局", "示例市人民政府办公室"), encoding="utf-8")
    assert "T2-REG-POWER" not in _rules(path)


def test_yuan_typed_into_the_wan_yuan_column(tmp_path: Path) -> None:
    f = _rules(_variant(tmp_path, "行政事业性收费\t35.62", "行政事业性收费\t356200"))["T2-FEE-MAG"][0]
    assert f.severity == "info" and "35.62" in f.message and f.actual == 356200


def test_wrong_format_citation(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    intro = next(i for i, line in enumerate(lines) if "编制" in line or "根据" in line)
    lines.insert(intro, "本报告依据《政府信息年度报告格式》（国办公开办函〔2019〕60号）编制。")
    path = tmp_path / "引用.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    f = _rules(path)["M-CITE"][0]
    assert f.severity == "info" and "国办公开办函〔2021〕30号" in f.message


def test_provincial_departments_are_not_questioned() -> None:
    # 上海市科学技术委员会 (a municipality's department) drafts the city's 规章 and reports them.
    from core.check import check_file

    fixture = Path(__file__).resolve().parent / "fixtures" / "docx" / "report_2021_nested.docx"
    report = check_file(fixture)
    assert report.extraction.meta.agency == "上海市科学技术委员会"
    assert any(report.extraction.tables["t2"].rows["regulations"][i].value for i in range(3))
    assert "T2-REG-POWER" not in {f.rule for f in report.findings}
