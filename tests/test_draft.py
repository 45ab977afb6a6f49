"""新建年度报告 (core/draft): a draft started from last year's real report, its file format,
its live expectations, and every output read back by the checker exactly as entered with no
finding the clerk was not shown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.check import check_file
from core.cli import run_cli
from core.draft.live import draft_report, expectations, suggested_totals
from core.draft_file import Draft, value_refs
from core.draft.outputs import save_draft, write_filled_template, write_report_docx, write_tables_xlsx
from core.draft.start import StartError, new_draft
from core.draft.tables import cell_of, draft_tables
from core.template import TEMPLATE_2021

DATA = Path(__file__).parent / "data"
HONGZE_2023 = DATA / "real-pdf" / "hongze-2023.pdf"
TEMPLATE = DATA / "real-docx" / "official-template-wps.docx"
COLS = [c.key for c in TEMPLATE_2021.t3.row("carried").columns]


@pytest.fixture(scope="module")
def hongze_2023():
    return check_file(HONGZE_2023)


def fill(draft: Draft) -> Draft:
    """A clerk's 2024 figures: parts typed, totals taken as suggested, the stock as expected."""
    typed = {
        ("t2", "regulations", "made"): 0, ("t2", "regulations", "repealed"): 0, ("t2", "regulations", "in_force"): 0,
        ("t2", "normative_docs", "made"): 3, ("t2", "normative_docs", "repealed"): 1,
        ("t2", "licensing", "decisions"): 1234, ("t2", "punishment", "decisions"): 56,
        ("t2", "coercion", "decisions"): 7, ("t2", "fees", "amount_wan"): 12.5,
        ("t3", "new", "natural"): 20, ("t3", "new", "commercial"): 3, ("t3", "granted", "natural"): 12,
        ("t3", "granted", "commercial"): 2, ("t3", "partial", "natural"): 3, ("t3", "unable_1", "natural"): 4,
        ("t3", "unable_1", "commercial"): 1, ("t4", "review", "upheld"): 2, ("t4", "review", "corrected"): 1,
        ("t4", "litigation_direct", "upheld"): 1,
    }
    for ref, value in typed.items():
        draft.set(ref, value)
    totals = {r.key for r in TEMPLATE_2021.t3.rows if r.key in ("total", "carry_next")}
    for ref in value_refs():
        is_total = ref[2] == "total" or ref[1] in totals
        if draft.value(ref) is None and not is_total and ref != ("t2", "normative_docs", "in_force"):
            draft.set(ref, 0)
    for _ in range(4):
        for ref, e in suggested_totals(draft_tables(draft)).items():
            if draft.value(ref) is None:
                draft.set(ref, e.value, "suggested")
    stock = expectations(draft, draft_tables(draft))[("t2", "normative_docs", "in_force")]
    draft.set(("t2", "normative_docs", "in_force"), stock.value)
    return draft


def test_carried_columns_are_last_years_carry_next(hongze_2023):
    draft = new_draft(2024, "淮安市洪泽区人民政府", hongze_2023)
    printed = hongze_2023.extraction.tables["t3"].rows["carry_next"]
    assert [draft.value(("t3", "carried", c)) for c in COLS] == [c.value for c in printed]
    assert all(draft.origin(("t3", "carried", c)) == "carried" for c in COLS)
    # hongze-2023 printed table 三 with one （六）其他处理 row (the 2019 layout): the three
    # 2021 rows have no counterpart and are named, not guessed.
    assert any("“3.其他”" in text and "没有对应栏目" in text for text in draft.last.unmapped)
    # 现行有效 of last year is the base of this year's expected stock.
    assert draft.last.value(("t2", "normative_docs", "in_force")) == 5


def test_carry_over_equals_next_years_printed_report():
    """平潭 2021 → 2022: the draft's 上年结转 is what the real 2022 report printed."""
    draft = new_draft(previous=check_file(DATA / "real-text" / "010.txt"))
    assert draft.year == 2022 and draft.agency == "平潭综合实验区"
    printed_2022 = check_file(DATA / "real-text" / "011.txt").extraction.tables["t3"].rows["carried"]
    assert [draft.value(("t3", "carried", c)) for c in COLS] == [c.value for c in printed_2022] == [1, 0, 0, 0, 0, 0, 1]


def test_2019_format_report_maps_onto_2021_rows():
    """平潭 2020 (2019 trial format) started into 2021: 结转 carries, and the rows the 2019
    layout lacks (现行有效件数, 收费金额, （六）1–3) are named."""
    draft = new_draft(previous=check_file(DATA / "real-text" / "009.txt"))
    assert draft.year == 2021 and draft.last.template == "2019"
    assert [draft.value(("t3", "carried", c)) for c in COLS] == [0] * 7
    unmapped = "\n".join(draft.last.unmapped)
    for label in ("“规章”", "“行政规范性文件”", "“行政事业性收费”", "“3.其他”"):
        assert label in unmapped
    assert draft.last.value(("t2", "normative_docs", "in_force")) is None
    assert draft.last.value(("t3", "new", "total")) is not None  # rows both layouts print are kept


def test_blank_start_needs_year_and_agency():
    with pytest.raises(StartError, match="单位"):
        new_draft(2024, "")
    with pytest.raises(StartError, match="2019 年试行格式"):
        new_draft(2020, "某局")
    draft = new_draft(2024, "某某县交通运输局")
    assert draft.cells == {} and draft.last is None


def test_expected_stock_and_suggested_totals(hongze_2023):
    draft = new_draft(2024, "淮安市洪泽区人民政府", hongze_2023)
    draft.set(("t2", "normative_docs", "made"), 3)
    draft.set(("t2", "normative_docs", "repealed"), 1)
    draft.set(("t3", "new", "natural"), 4)
    for c in COLS[1:-1]:
        draft.set(("t3", "new", c), 1)
    ext = draft_tables(draft)
    found = expectations(draft, ext)
    assert found[("t2", "normative_docs", "in_force")].value == 5 + 3 - 1
    assert found[("t3", "new", "total")].value == 9
    assert found[("t3", "carried", "natural")].kind == "carried"
    # A differing stock is a warning through the batch's own T2-STOCK rule, never a rewrite.
    draft.set(("t2", "normative_docs", "in_force"), 9)
    report = draft_report(draft, "")
    stock = [f for f in report.findings if f.rule == "T2-STOCK"]
    assert len(stock) == 1 and stock[0].expected == 7 and stock[0].actual == 9
    assert draft.value(("t2", "normative_docs", "in_force")) == 9
    # A changed carry-over warns (X-YEAR-CARRY) and quotes the reason the clerk gave.
    draft.set(("t3", "carried", "natural"), 2)
    draft.reasons[("t3", "carried", "natural")] = "上年有 2 件申请在年底前补正后重新计入"
    carry = [f for f in draft_report(draft, "").findings if f.rule == "X-YEAR-CARRY"]
    assert len(carry) == 1 and "年底前补正" in carry[0].message


def test_draft_file_round_trip_and_sniffed_by_content(tmp_path, hongze_2023):
    draft = fill(new_draft(2024, "淮安市洪泽区人民政府", hongze_2023))
    path = save_draft(draft, tmp_path / "2024草稿.nbdraft")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "nianbao-draft" and data["version"] == 1
    assert data["cells"]["t3/carried/natural"] == {"value": 0, "origin": "carried"}
    again = Draft.loads(path.read_text(encoding="utf-8"))
    assert again.cells == draft.cells and again.last == draft.last
    # Renamed, it is still a draft: the reader goes by content.
    renamed = tmp_path / "草稿.txt"
    shutil.copy(path, renamed)
    report = check_file(renamed)
    assert report.format == "draft" and report.status != "unreadable"
    broken = tmp_path / "坏.nbdraft"
    broken.write_text(path.read_text(encoding="utf-8")[:300], encoding="utf-8")
    bad = check_file(broken)
    assert bad.status == "unreadable" and "草稿文件已损坏" in (bad.error or "")


def _findings(report) -> set[tuple[str, tuple]]:
    return {(f.rule, tuple(map(tuple, f.cells))) for f in report.findings}


def test_every_output_reads_back_as_entered_with_no_new_finding(tmp_path, hongze_2023):
    draft = fill(new_draft(2024, "淮安市洪泽区人民政府", hongze_2023))
    shown = draft_report(draft, str(tmp_path / "2024.nbdraft"))
    assert not [f for f in shown.findings if f.severity == "error"]
    save_draft(draft, tmp_path / "2024.nbdraft")
    assert write_report_docx(draft, tmp_path / "报告.docx") == []
    assert write_filled_template(draft, tmp_path / "模板.docx", TEMPLATE) == len(value_refs())
    write_tables_xlsx(draft, tmp_path / "表格.xlsx")
    for name in ("2024.nbdraft", "报告.docx", "模板.docx", "表格.xlsx"):
        report = check_file(tmp_path / name)
        assert report.status != "unreadable", name
        ext = report.extraction
        assert ext.template == "2021" and ext.meta.year == 2024 and ext.meta.agency == "淮安市洪泽区人民政府", name
        assert {ref: getattr(cell_of(ext, ref), "value", "absent") for ref in value_refs()} == \
            {ref: draft.value(ref) for ref in value_refs()}, name
        assert _findings(report) <= _findings(shown), name


def test_report_docx_has_headings_sentences_and_placeholders(tmp_path, hongze_2023):
    import docx

    draft = fill(new_draft(2024, "淮安市洪泽区人民政府", hongze_2023))
    write_report_docx(draft, tmp_path / "报告.docx")
    document = docx.Document(str(tmp_path / "报告.docx"))
    texts = [p.text for p in document.paragraphs]
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in texts
    assert "本年度新收政府信息公开申请23件，上年结转政府信息公开申请0件。" in texts
    assert "结转下年度继续办理1件。" in texts
    drafted = [p for p in document.paragraphs if p.runs and p.runs[0].font.highlight_color is not None]
    assert any("新收政府信息公开申请23件" in p.text for p in drafted)
    assert texts.count("（文字描述）") == 2  # 一 and 五; 六 keeps the template's own wording
    assert len(document.tables) == 3


def test_cli_new_writes_draft_and_outputs(tmp_path, capsys):
    code = run_cli(["new", "--from", str(HONGZE_2023), "--year", "2024", "--agency", "淮安市洪泽区人民政府",
                    "-o", str(tmp_path / "2024草稿.nbdraft"), "--docx", str(tmp_path / "a.docx"),
                    "--filled", str(tmp_path / "b.docx"), "--template", str(TEMPLATE), "--xlsx", str(tmp_path / "c.xlsx")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "表三“上年结转”沿用上年“结转下年度继续办理”：0、0、0、0、0、0、0" in err
    for name in ("2024草稿.nbdraft", "a.docx", "b.docx", "c.xlsx"):
        assert (tmp_path / name).stat().st_size > 0
    assert run_cli(["new", "--draft", str(tmp_path / "2024草稿.nbdraft"), "--docx", str(tmp_path / "d.docx")]) == 0
    capsys.readouterr()
    assert run_cli(["check", "--json", str(tmp_path / "2024草稿.nbdraft")]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["format"] == "draft" and line["year"] == 2024 and line["template"] == "2021"
    assert line["tables"]["t3"]["carried"] == [0] * 7
    assert run_cli(["new", "--year", "2024"]) == 2
    assert "至少指定一个输出" in capsys.readouterr().err


@pytest.mark.parametrize("seed", range(4))
def test_random_drafts_read_back_exactly_from_every_output(tmp_path, hongze_2023, seed):
    """Figures that do not add up, blanks, fractional 万元, large counts, a changed carry-over
    with its reason, the clerk's own text: whatever the draft holds, each output reads back
    cell for cell, and the checker finds nothing the draft's own check did not show."""
    import random

    rng = random.Random(seed)
    draft = new_draft(2024, "淮安市洪泽区人民政府", hongze_2023)
    for ref in value_refs():
        roll = rng.random()
        if roll < 0.15:
            continue  # left empty
        if ref == ("t2", "fees", "amount_wan"):
            draft.set(ref, round(rng.uniform(0, 500), rng.choice((0, 1, 2, 4))))
        else:
            draft.set(ref, rng.choice((0, 0, 1, 2, 3, 17, 250, 4096)))
    draft.reasons[("t3", "carried", "natural")] = "上年报告漏计一件"
    draft.prose["五"] = "一是主动公开的深度不够。\n二是依申请公开答复的规范性有待提高，下一步将加强培训。"
    shown = draft_report(draft, "")
    write_report_docx(draft, tmp_path / "报告.docx")
    write_filled_template(draft, tmp_path / "模板.docx", TEMPLATE)
    save_draft(draft, tmp_path / "草稿.nbdraft")
    for name in ("报告.docx", "模板.docx", "草稿.nbdraft"):
        report = check_file(tmp_path / name)
        ext = report.extraction
        assert {ref: getattr(cell_of(ext, ref), "value", "absent") for ref in value_refs()} == \
            {ref: draft.value(ref) for ref in value_refs()}, name
        assert _findings(report) <= _findings(shown), (name, _findings(report) - _findings(shown))


@pytest.mark.heavy
def test_a_scanned_last_year_report_starts_a_draft(tmp_path, hongze_2023):
    """A scan (hongze-2023 printed, stamped and scanned): read by OCR through check_file; the
    carry-over is what the text layer says, or the cell is left empty and named — never a guess."""
    from tests.ocr_scan import scanned_pdf

    scan = scanned_pdf(HONGZE_2023, tmp_path / "hongze-2023-扫描.pdf")
    report = check_file(scan)
    assert report.ocr and report.status != "unreadable"
    draft = new_draft(2024, "淮安市洪泽区人民政府", report)
    printed = [c.value for c in hongze_2023.extraction.tables["t3"].rows["carry_next"]]
    for col, value in zip(COLS, printed):
        carried = draft.value(("t3", "carried", col))
        if carried is None:
            assert any("未能可靠读出" in text and "结转下年度" in text for text in draft.last.unmapped)
        else:
            assert carried == value


def test_hostile_draft_files_get_a_chinese_message_or_bounded_notes(tmp_path):
    """Drafts are ours, but a file is a file: edited by hand, truncated, from a newer version,
    or stuffed with notes — a clear message or a bounded read, never a traceback."""
    cases = {
        "newer.nbdraft": '{"schema": "nianbao-draft", "version": 99, "year": 2024, "agency": "某局"}',
        "noyear.nbdraft": '{"schema": "nianbao-draft", "version": 1, "agency": "某局"}',
        "cut.nbdraft": '{"schema": "nianbao-draft", "version": 1, "year": 20',
    }
    messages = {"newer.nbdraft": "更新版本", "noyear.nbdraft": "缺少年度", "cut.nbdraft": "已损坏"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        report = check_file(tmp_path / name)
        assert report.status == "unreadable" and messages[name] in (report.error or ""), name
    stuffed = {"schema": "nianbao-draft", "version": 1, "year": 2024, "agency": "某局",
               "cells": {"t3/new/natural": {"value": 5, "origin": "typed"}, "t9/x/y": {"value": 1}, "t3/new/natural/x": 3,
                         "t3/new/total": {"value": True}},
               "last": {"file": "x", "unmapped": ["很长的说明" * 200] * 2000}, "prose": {"七": "x", "五": "问题"}}
    (tmp_path / "stuffed.nbdraft").write_text(json.dumps(stuffed, ensure_ascii=False), encoding="utf-8")
    draft = Draft.loads((tmp_path / "stuffed.nbdraft").read_text(encoding="utf-8"))
    assert draft.cells == {("t3", "new", "natural"): draft.cells[("t3", "new", "natural")]}
    assert len(draft.last.unmapped) == 20 and all(len(u) <= 600 for u in draft.last.unmapped)
    assert set(draft.prose) == {"五"}
    report = check_file(tmp_path / "stuffed.nbdraft")
    assert report.status != "unreadable" and len(report.findings) < 40
