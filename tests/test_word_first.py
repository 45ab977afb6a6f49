"""The clerk's own Word file, fully corrected (issue 29): the real WPS template filled with a
table typo, a prose figure that disagrees with the table (split over two runs, as WPS leaves
it after a retype), the wrong year in the title and a garbled row label. Every finding with a
definite correction comes back as a tracked change with a comment; a finding without one as a
comment only; the copy reads back without those findings; every other part is the source's.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from core.check import check_file
from core.dismissals import finding_key
from core.export.corrections import count_corrections, default_choice, plan_corrections
from core.export.docx_writeback import NOTHING_CHOSEN, write_corrected_docx
from core.export.files import ExportError
from core.export.xlsx_writeback import write_corrected_xlsx
from core.model import Report
from tests.render import consistent_tables, render_xlsx
from tests.wps_template import fill

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AGENCY = "某区交通运输局"
GARBLED = "2.其他法律行政止公开"
FOUR = {"T3-ROW", "T3-DONE", "TX-NEW", "M-PERIOD", "M-YEAR", "S-LABEL"}


def _prose(tables: dict, said: str) -> list[str]:
    return ["本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。"
            "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。",
            f"2023年，本局共新收政府信息公开申请{said[:2]}",  # the number split over two runs
            f"{said[2:]}件，上年结转{tables['t3']['carried'][-1]}件，办结{tables['t3']['total'][-1]}件。"]


def _filled(tmp_path: Path, **kw: object) -> tuple[Path, dict]:
    tables = consistent_tables(7)
    truth = copy.deepcopy(tables)
    tables["t3"]["granted"][0] += 1  # a typo in a cell: row and column sums fail there
    said = str(tables["t3"]["new"][-1] + 1)  # the prose says one more than table 三
    args: dict = dict(title=f"{AGENCY}2022年政府信息公开工作年度报告", intro=_prose(tables, said),
                      labels={"deny_2": GARBLED}, signature=AGENCY)
    args.update(kw)
    path = fill(tmp_path / f"{AGENCY}2023年报.docx", tables, **args)
    return path, truth


@pytest.fixture()
def four(tmp_path: Path) -> tuple[Report, Path, Path, dict]:
    source, truth = _filled(tmp_path)
    report = check_file(str(source))
    rules = {f.rule for f in report.findings if f.severity != "info"}
    assert {"T3-ROW", "TX-NEW", "M-PERIOD", "M-YEAR", "S-LABEL"} <= rules <= FOUR  # the typo: one finding, or three
    target = tmp_path / "修订.docx"
    plan = plan_corrections(report, None)
    result = write_corrected_docx(report, target, None, chosen=default_choice(plan), plan=plan)
    assert result.left == []
    return report, source, target, truth


def _xml(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def test_four_findings_are_four_tracked_changes_with_their_reasons(four: tuple[Report, Path, Path, dict]) -> None:
    report, _, target, _ = four
    plan = plan_corrections(report, None)
    assert count_corrections(plan) == (4, 0)
    assert sorted(c.name for c in plan if c.default) == sorted(
        ["表三“（一）予以公开/自然人”", "标题", "正文第一部分", "表三“2.其他法律行政法规禁止公开”行"])
    root = _xml(target)
    comments = _xml(target, "word/comments.xml").findall(W + "comment")
    assert len(comments) == 4 and {c.get(W + "author") for c in comments} == {"年报校验"}
    texts = ["".join(t.text for t in c.iter(W + "t")) for c in comments]
    assert any("标题年度：原为 2022 年，改为 2023 年" in t for t in texts)
    assert any("TX-NEW" in t for t in texts) and any("S-LABEL" in t for t in texts)
    marks = list(root.iter(W + "ins", W + "del"))
    assert marks and {m.get(W + "author") for m in marks} == {"年报校验"} and all(m.get(W + "date") for m in marks)
    inserted = ["".join(t.text for t in m.iter(W + "t")) for m in root.iter(W + "ins")]
    deleted = ["".join(t.text for t in m.iter(W + "delText")) for m in root.iter(W + "del")]
    assert "2023" in inserted and "2022" in deleted  # the title's year
    assert "法规禁" in inserted  # the label: only what the typo lost, as a clerk retypes it
    new_total = str(report.extraction.tables["t3"].rows["new"][-1].value)  # type: ignore[union-attr]
    assert new_total in inserted
    # The prose number was split over two runs: both pieces deleted, one run inserted.
    said = str(int(new_total) + 1)
    assert said[:2] in deleted and said[2:] in deleted


def test_the_copy_reads_back_without_those_findings(four: tuple[Report, Path, Path, dict]) -> None:
    _, _, target, truth = four
    again = check_file(str(target))
    assert again.status == "ok"
    assert not {f.rule for f in again.findings} & FOUR
    ext = again.extraction
    assert ext is not None and ext.meta.year == 2023
    assert [c.value for c in ext.tables["t3"].rows["granted"]] == truth["t3"]["granted"]
    assert ext.tables["t3"].row_labels["deny_2"].endswith("其他法律行政法规禁止公开")


def test_every_other_part_is_byte_identical(four: tuple[Report, Path, Path, dict]) -> None:
    _, source, target, _ = four
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target) as out:
        changed = {n for n in src.namelist() if src.read(n) != out.read(n)}
        assert changed == {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        assert out.namelist() == src.namelist() + ["word/comments.xml"]
        assert [(i.filename, i.compress_type) for i in out.infolist()][:-1] == [(i.filename, i.compress_type) for i in src.infolist()]


def _rejected_text(root: etree._Element) -> list[str]:
    """Each paragraph's text with our revisions rejected."""
    out = []
    for p in root.iter(W + "p"):
        parts = []
        for el in p.iter(W + "t", W + "delText"):
            if any(a.tag == W + "ins" for a in el.iterancestors()):
                continue
            parts.append(el.text or "")
        out.append("".join(parts))
    return out


def test_rejecting_every_change_gives_the_source_text(four: tuple[Report, Path, Path, dict]) -> None:
    _, source, target, _ = four
    assert _rejected_text(_xml(target)) == _rejected_text(_xml(source))


def test_the_clerk_chooses_per_finding(tmp_path: Path) -> None:
    source, _ = _filled(tmp_path)
    report = check_file(str(source))
    plan = plan_corrections(report, None)
    prose = next(c for c in plan if c.name == "正文第一部分")
    assert count_corrections(plan, {prose.key}) == (1, 0)
    result = write_corrected_docx(report, tmp_path / "只改正文.docx", None, chosen={prose.key}, plan=plan)
    assert [c.key for c in result.applied] == [prose.key] and result.changes == 1
    again = check_file(str(tmp_path / "只改正文.docx"))
    assert "TX-NEW" not in {f.rule for f in again.findings}
    assert {"T3-ROW", "S-LABEL", "M-PERIOD"} <= {f.rule for f in again.findings}  # what is left
    with pytest.raises(ExportError) as err:
        write_corrected_docx(report, tmp_path / "空.docx", None, chosen=set(), plan=plan)
    assert err.value.message == NOTHING_CHOSEN
    # Every finding of the report maps to at most one correction; the year findings share one.
    title = next(c for c in plan if c.name == "标题")
    keys = {finding_key(f) for f in report.findings if f.rule in ("M-PERIOD", "M-YEAR")}
    assert keys <= set(title.findings)


def test_a_finding_without_a_definite_correction_is_a_comment_only(tmp_path: Path) -> None:
    tables = consistent_tables(7)
    intro = ["本报告所列数据的统计期限为2023年1月1日至2023年12月31日。"]
    source = fill(tmp_path / "五为空.docx", tables, title=f"{AGENCY}2023年政府信息公开工作年度报告", intro=intro, part_five="无。")
    report = check_file(str(source))
    finding = next(f for f in report.findings if f.rule == "S5-EMPTY")
    plan = plan_corrections(report, None)
    note = next(c for c in plan if finding_key(finding) in c.findings)
    assert note.kind == "note" and not note.edits
    assert count_corrections(plan, {note.key}) == (0, 1)
    target = tmp_path / "批注.docx"
    result = write_corrected_docx(report, target, None, chosen={note.key}, plan=plan)
    assert result.notes == 1 and result.changes == 0
    root = _xml(target)
    assert root.find(f".//{W}ins") is None and root.find(f".//{W}del") is None  # no invented text
    start = root.find(f".//{W}commentRangeStart")
    paragraph = start.getparent()
    assert "".join(t.text for t in paragraph.iter(W + "t")).startswith("五、存在的主要问题")  # the part's heading
    (comment,) = _xml(target, "word/comments.xml").findall(W + "comment")
    assert "第五部分" in "".join(t.text for t in comment.iter(W + "t"))
    assert [p for p in _rejected_text(root)] == _rejected_text(_xml(source))


def test_a_wrong_statistics_period_is_corrected_not_the_title(tmp_path: Path) -> None:
    tables = consistent_tables(7)
    intro = ["本报告所列数据的统计期限为2022年1月1日至2022年12月31日。",
             f"2023年，本局共新收政府信息公开申请{tables['t3']['new'][-1]}件。"]
    source = fill(tmp_path / "期限.docx", tables, title=f"{AGENCY}2023年政府信息公开工作年度报告", intro=intro)
    report = check_file(str(source))
    assert "M-PERIOD" in {f.rule for f in report.findings}
    plan = plan_corrections(report, None)
    period = next(c for c in plan if c.name == "统计期限")
    assert [(e.old, e.new) for e in period.edits] == [("2022年1月1日至2022年12月31日", "2023年1月1日至2023年12月31日")]
    write_corrected_docx(report, tmp_path / "期限改.docx", None, chosen={period.key}, plan=plan)
    again = check_file(str(tmp_path / "期限改.docx"))
    assert "M-PERIOD" not in {f.rule for f in again.findings} and again.extraction.meta.year == 2023  # type: ignore[union-attr]


def test_an_edited_cell_and_a_prose_number_together(tmp_path: Path) -> None:
    """The clerk fixed the typo in the grid; the plan offers the edit (always chosen) and the
    prose; writing both leaves nothing."""
    source, truth = _filled(tmp_path, title=f"{AGENCY}2023年政府信息公开工作年度报告", labels={})
    report = check_file(str(source))
    ext = report.extraction
    assert ext is not None
    edited = ext.with_value("t3", "granted", 0, truth["t3"]["granted"][0])
    plan = plan_corrections(report, edited)
    assert [c.kind for c in plan if c.default] == ["cell", "text"] and plan[0].key.startswith("edit|")
    result = write_corrected_docx(report, tmp_path / "改.docx", edited, chosen=default_choice(plan), plan=plan)
    assert result.changes == 2 and len(result.written) == 1
    again = check_file(str(tmp_path / "改.docx"))
    assert [f.rule for f in again.findings if f.severity != "info"] == []


def test_the_clerks_own_workbook_cells(tmp_path: Path) -> None:
    """Same for a .xlsx source: the typo'd cell, the title year and the label, in their cells."""
    tables = consistent_tables(7)
    truth = copy.deepcopy(tables)
    tables["t3"]["granted"][0] += 1
    prose = {"一": [f"2023年，本局共新收政府信息公开申请{tables['t3']['new'][-1] + 1}件。"]}
    path = render_xlsx(tmp_path / "年报.xlsx", AGENCY, 2023, tables, prose=prose)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet["A1"].value == f"{AGENCY}2023年政府信息公开工作年度报告"
    sheet["A1"] = f"{AGENCY}2022年政府信息公开工作年度报告"  # the title typed with last year's number
    label = next(c for row in sheet.iter_rows() for c in row if c.value == "2.其他法律行政法规禁止公开")
    label.value = GARBLED
    workbook.save(path)
    report = check_file(str(path))
    rules = {f.rule for f in report.findings if f.severity != "info"}
    assert {"T3-ROW", "TX-NEW", "M-PERIOD", "S-LABEL"} <= rules
    plan = plan_corrections(report, None)
    assert not [c for c in plan if c.kind == "note"]  # a workbook takes cells, not comments
    chosen = {c.key for c in plan if c.kind != "note" and c.default}
    result = write_corrected_xlsx(report, tmp_path / "改.xlsx", None, chosen=chosen, plan=plan)
    assert result.left == [] and result.changes == len(chosen) >= 3
    again = check_file(str(tmp_path / "改.xlsx"))
    assert not {f.rule for f in again.findings} & {"T3-ROW", "T3-DONE", "TX-NEW", "M-PERIOD", "M-YEAR"}
    assert [c.value for c in again.extraction.tables["t3"].rows["granted"]] == truth["t3"]["granted"]  # type: ignore[union-attr]
    assert again.extraction.meta.year == 2023  # type: ignore[union-attr]
    assert "S-LABEL" not in {f.rule for f in again.findings}


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_the_four_revisions(four: tuple[Report, Path, Path, dict], tmp_path: Path) -> None:
    """LibreOffice keeps only the revisions it understood when it saves again: all of ours,
    by our author, and the re-saved copy still reads back corrected once they are accepted."""
    _, _, target, _ = four
    out = tmp_path / "lo"
    done = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(target)],
                          capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    root = _xml(out / target.name)
    assert {i.get(W + "author") for i in root.iter(W + "ins", W + "del")} == {"年报校验"}
    assert len(_xml(out / target.name, "word/comments.xml").findall(W + "comment")) == 4
    inserted = {"".join(t.text for t in m.iter(W + "t")) for m in root.iter(W + "ins")}
    assert {"2023", "法规禁"} <= inserted
    again = check_file(str(out / target.name))
    assert not {f.rule for f in again.findings} & FOUR


def test_last_years_number_opening_two_sentences_of_one_paragraph(tmp_path: Path) -> None:
    """"2022年，…" twice in one paragraph of a 2023 report: both sentences are found by the
    text of the line before them, and both years change in one correction."""
    tables = consistent_tables(7)
    intro = ["本报告所列数据的统计期限为2023年1月1日至2023年12月31日。2022年，本局认真贯彻落实《条例》。",
             "2022年，本局共新收政府信息公开申请", f"{tables['t3']['new'][-1]}件。"]
    source = fill(tmp_path / "年份.docx", tables, title=f"{AGENCY}2023年政府信息公开工作年度报告", intro=intro)
    report = check_file(str(source))
    plan = plan_corrections(report, None)
    (year,) = [c for c in plan if c.name == "正文年份"]
    assert [(e.old, e.new) for e in year.edits] == [("2022", "2023")] * 2
    result = write_corrected_docx(report, tmp_path / "年份改.docx", None, chosen={year.key}, plan=plan)
    assert result.changes == 1 and len(list(_xml(tmp_path / "年份改.docx").iter(W + "ins"))) == 2
    again = check_file(str(tmp_path / "年份改.docx"))
    assert "M-YEAR" not in {f.rule for f in again.findings}


@pytest.mark.parametrize("prose_off", [0, 2])
def test_prose_is_corrected_against_the_fixed_table(tmp_path: Path, prose_off: int) -> None:
    """A typo in 表三's 新收 总计 itself: a prose figure that agrees with the right total is
    left alone (its finding goes with the table fix), one that disagrees is corrected to the
    right total, never to the typo."""
    tables = consistent_tables(7)
    right = tables["t3"]["new"][-1]
    tables["t3"]["new"][-1] = right + 1  # the total typed one too high
    said = str(right + prose_off)
    intro = ["本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", f"2023年，本局共新收政府信息公开申请{said}件。"]
    source = fill(tmp_path / "总计.docx", tables, title=f"{AGENCY}2023年政府信息公开工作年度报告", intro=intro)
    report = check_file(str(source))
    assert {"T3-ROW", "TX-NEW"} <= {f.rule for f in report.findings}
    plan = plan_corrections(report, None)
    texts = [e for c in plan for e in c.edits]
    assert [(e.old, e.new) for e in texts] == ([] if prose_off == 0 else [(said, str(right))])
    result = write_corrected_docx(report, tmp_path / "改.docx", None, chosen=default_choice(plan), plan=plan)
    assert result.changes == (1 if prose_off == 0 else 2)
    again = check_file(str(tmp_path / "改.docx"))
    assert not {f.rule for f in again.findings} & {"T3-ROW", "T3-BAL", "TX-NEW"}


def test_a_tie_between_title_and_period_decides_nothing(tmp_path: Path) -> None:
    """Title 2022, statistics period 2023 and nothing else printing a year: either may be the
    typo, so neither is changed; the finding becomes a comment for the clerk."""
    tables = consistent_tables(7)
    intro = ["本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", f"本局共新收政府信息公开申请{tables['t3']['new'][-1]}件。"]
    source = fill(tmp_path / "平.docx", tables, title=f"{AGENCY}2022年政府信息公开工作年度报告", intro=intro)
    report = check_file(str(source))
    period = next(f for f in report.findings if f.rule == "M-PERIOD")
    plan = plan_corrections(report, None)
    assert not [c for c in plan if c.kind == "text"]
    note = next(c for c in plan if finding_key(period) in c.findings)
    assert note.kind == "note" and note.default  # an error: the comment goes in unless the clerk says no


def test_the_statistics_period_in_a_frame(tmp_path: Path) -> None:
    """Offices often put the introduction in a one-cell table (a frame): the reader reads it
    as lines, each knowing its cell, and the write-back finds the period there."""
    import docx

    from tests.render import render_docx

    path = render_docx(tmp_path / "框.docx", "某县民政局", 2023, consistent_tables(5))
    document = docx.Document(str(path))
    intro = next(p for p in document.paragraphs if "统计期限" in p.text)
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).paragraphs[0].add_run(intro.text.replace("2023年1月1日", "2022年1月1日"))
    intro._p.addnext(frame._tbl)
    intro._p.getparent().remove(intro._p)
    document.save(str(path))
    report = check_file(str(path))
    plan = plan_corrections(report, None)
    (period,) = [c for c in plan if c.name == "统计期限"]
    assert period.edits[0].loc.docx_cell is not None and period.default
    result = write_corrected_docx(report, tmp_path / "框改.docx", None, chosen={period.key}, plan=plan)
    assert result.changes == 1
    assert "M-PERIOD" not in {f.rule for f in check_file(str(tmp_path / "框改.docx")).findings}


def test_full_width_digits_stay_full_width(tmp_path: Path) -> None:
    tables = consistent_tables(7)
    said = str(tables["t3"]["new"][-1] + 1).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    intro = ["本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", f"2023年，本局共新收政府信息公开申请{said}件。"]
    source = fill(tmp_path / "全角.docx", tables, title=f"{AGENCY}2023年政府信息公开工作年度报告", intro=intro)
    report = check_file(str(source))
    plan = plan_corrections(report, None)
    (prose,) = [c for c in plan if c.name == "正文第一部分"]
    write_corrected_docx(report, tmp_path / "全角改.docx", None, chosen={prose.key}, plan=plan)
    inserted = ["".join(t.text for t in m.iter(W + "t")) for m in _xml(tmp_path / "全角改.docx").iter(W + "ins")]
    assert inserted == [str(tables["t3"]["new"][-1]).translate(str.maketrans("0123456789", "０１２３４５６７８９"))]
    assert "TX-NEW" not in {f.rule for f in check_file(str(tmp_path / "全角改.docx")).findings}
