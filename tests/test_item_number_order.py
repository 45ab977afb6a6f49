"""A t3 row known only by its item number is not put behind a row of its group already read
(core/extract/rows.py): the group's rows are printed in order, so a "1." after （三）'s fifth
to eighth rows belongs to the next group, whose caption the scan garbled. Dev seed 37 (faxed
hongze-2024): "(四)无法提供" read "(P四)龙i法.提供" and "1.本机关不掌握相关政府信息" read
"1.本机关不学据相关政J信息" — its values went to （三）'s unread "1.属于国家秘密", confidently
wrong, and the rows slid. The sample report's text with those two readings stands in for
the scan."""

from __future__ import annotations

from pathlib import Path

SAMPLE = Path("resources/sample/示例年报.txt")


def test_a_lost_group_caption_does_not_send_its_first_row_back(tmp_path: Path) -> None:
    from core.check import check_file

    text = SAMPLE.read_text(encoding="utf-8")
    garbled = (text.replace("(三) 不予公开\t1. 属于国家秘密", "(:)不予公斤\t1.属1[因家秘率")
                   .replace("(四) 无法提供\t1. 本机关不掌握相关政府信息", "(P四)龙i法.提供\t1.本机关不学据相关政J信息"))
    assert garbled.count("不学据") == 1 and garbled.count("因家秘率") == 1
    path = tmp_path / "识别有误.txt"
    path.write_text(garbled, encoding="utf-8")
    t3 = check_file(path).to_json()["tables"]["t3"]
    original = check_file(SAMPLE).to_json()["tables"]["t3"]
    unable_1 = original["unable_1"]
    assert any(v not in (0, None) for v in unable_1)  # the row has numbers to lose
    # Neither row takes the other's numbers: each is its own or not read at all.
    assert t3.get("deny_1") in (None, original["deny_1"]) or all(v is None for v in t3["deny_1"])
    assert t3.get("deny_1") != unable_1
