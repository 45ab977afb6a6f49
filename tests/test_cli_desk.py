"""The supervisor's desk on the command line (issue 27): letters with the letterhead from a
JSON file, the roster, and the follow-up of a resubmission, all said on stderr."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import openpyxl

from core.cli import run_cli
from tests.shared_data import REAL_PDF, REAL_TEXT


def test_letters_roster_and_followup_from_the_command_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    reports = tmp_path / "报送"
    reports.mkdir()
    shutil.copy(REAL_PDF / "hongze-2023.pdf", reports / "洪泽.pdf")
    shutil.copy(REAL_TEXT / "001.txt", reports / "沐阳.txt")
    letters = tmp_path / "意见"
    letters.mkdir()
    (tmp_path / "落款.json").write_text(json.dumps({"审核单位": "淮安市人民政府办公室", "文号": "淮公开〔{year}〕{n}号",
                                                   "落款日期": "2026-12-01"}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "名单.csv").write_text("单位名称\n洪泽区人民政府\n沐阳县人民政府\n涟水县人民政府\n", encoding="utf-8")
    code = run_cli(["check", str(reports), "--letters", str(letters), "--letterhead", str(tmp_path / "落款.json"),
                    "--roster", str(tmp_path / "名单.csv")])
    err = capsys.readouterr().err
    assert code == 1  # hongze-2023 has errors
    assert "已写出 2 份审核意见" in err and "未报送：涟水县人民政府" in err
    assert "应报 3 个单位，已报送 2，未报送 1" in err
    letter = letters / "洪泽区人民政府2023年度报告审核意见.docx"
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert re.search(r"淮公开〔2026〕[12]号", text) and "淮安市人民政府办公室" in text and "洪泽.pdf" not in text
    assert (letters / "洪泽区人民政府2023年度报告审核意见.items.json").exists()

    # The next round: the same report again, checked against last round's letters.
    summary = tmp_path / "汇总.xlsx"
    code = run_cli(["check", str(reports / "洪泽.pdf"), "--followup", str(letters), "--roster", str(tmp_path / "名单.csv"),
                    "--summary", str(summary)])
    err = capsys.readouterr().err
    assert "整改核对：" in err and "已整改 0 / 未整改 4" in err
    sheets = openpyxl.load_workbook(summary).sheetnames
    assert "报送台账" in sheets and "整改情况" in sheets


def test_a_bad_setting_is_said_before_the_batch(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = run_cli(["check", str(REAL_TEXT / "001.txt"), "--roster", str(tmp_path / "无.xlsx")])
    assert code == 2 and "报送名单“无.xlsx”不存在" in capsys.readouterr().err
    code = run_cli(["check", str(REAL_TEXT / "001.txt"), "--followup", str(tmp_path)])
    assert code == 2 and "没有审核意见的整改条目" in capsys.readouterr().err
