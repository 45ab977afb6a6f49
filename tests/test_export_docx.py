"""导出修正后的 Word: the clerk's own .docx with the corrections as tracked changes.

The fixture is a Word report rendered from consistent tables, with a wrong 总计 typed in and
the table runs formatted as offices format them (仿宋, 小四, bold numbers, centred), so the
test can see the formatting survive. The output is opened by our reader, by python-docx and
by LibreOffice headless (re-saved as .docx: LibreOffice keeps only revisions it understood).
"""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from core.check import check_file
from core.export.docx_writeback import SKIP_FIELD, SKIP_UNCONFIRMED, write_corrected_docx
from core.export.files import ExportError
from core.model import Report
from tests.render import consistent_tables, render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIXTURES = Path(__file__).parent / "fixtures" / "docx"


def _formatted_report(tmp_path: Path) -> Path:
    tables = consistent_tables(7)
    tables["t3"]["granted"][-1] += 5  # 总计 of 予以公开 printed 5 too high: T3-ROW, fix known
    path = render_docx(tmp_path / "某区交通运输局2023年报.docx", "某区交通运输局", 2023, tables)
    document = docx.Document(str(path))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in paragraph.runs:
                        run.font.name = "仿宋_GB2312"
                        run._element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")  # python-docx sets ascii only
                        run.font.size = Pt(12)
                        run.font.bold = run.text.strip().isdigit()
    document.save(str(path))
    return path


@pytest.fixture()
def corrected(tmp_path: Path) -> tuple[Report, Path, Path]:
    source = _formatted_report(tmp_path)
    report = check_file(str(source))
    finding = next(f for f in report.findings if f.rule == "T3-ROW")
    assert finding.culprit == ("t3", "granted", "total") and finding.fix is not None
    assert report.extraction is not None
    index = [c.key for c in report.extraction.spec("t3").row("granted").columns].index("total")
    edited = report.extraction.with_value("t3", "granted", index, finding.fix)
    target = tmp_path / "修正后.docx"
    result = write_corrected_docx(report, target, edited)
    assert len(result.written) == 1 and result.written[0].rule is not None and result.skipped == []
    return report, source, target


def _xml(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def test_tracked_change_runs_keep_the_cell_formatting(corrected: tuple[Report, Path, Path]) -> None:
    report, _, target = corrected
    root = _xml(target)
    deletions, insertions = root.findall(f".//{W}del"), root.findall(f".//{W}ins")
    assert len(deletions) == 1 and len(insertions) == 1
    old, new = deletions[0], insertions[0]
    assert old.get(W + "author") == new.get(W + "author") == "年报校验"
    assert old.get(W + "date") and old.get(W + "id") != new.get(W + "id")
    printed = report.extraction.tables["t3"].rows["granted"][-1].value  # type: ignore[union-attr]
    assert "".join(t.text for t in old.iter(W + "delText")) == str(printed)
    assert old.find(f".//{W}t") is None  # a deleted run carries delText only
    fix = next(f.fix for f in report.findings if f.rule == "T3-ROW")
    assert "".join(t.text for t in new.iter(W + "t")) == str(fix)
    old_props, new_props = old.find(f"{W}r/{W}rPr"), new.find(f"{W}r/{W}rPr")
    assert new_props is not None and etree.tostring(new_props) == etree.tostring(old_props)
    assert new_props.find(W + "b") is not None and new_props.find(W + "sz").get(W + "val") == "24"
    assert new_props.find(W + "rFonts").get(W + "eastAsia") == "仿宋_GB2312"
    # The insertion sits in the same paragraph, whose centring is untouched.
    paragraph = new.getparent()
    assert paragraph is old.getparent() and paragraph.find(f"{W}pPr/{W}jc").get(W + "val") == "center"


def test_the_comment_gives_the_reason(corrected: tuple[Report, Path, Path]) -> None:
    _, _, target = corrected
    comments = _xml(target, "word/comments.xml")
    (comment,) = comments.findall(W + "comment")
    text = "".join(t.text for t in comment.iter(W + "t"))
    assert "予以公开" in text and "原为" in text and "改为" in text and ("T3-ROW" in text or "T3-DONE" in text)
    root = _xml(target)
    cid = comment.get(W + "id")
    assert [e.get(W + "id") for e in root.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference")] == [cid] * 3
    rels = _xml(target, "word/_rels/document.xml.rels")
    assert any(r.get("Target") == "comments.xml" and r.get("Type", "").endswith("/comments") for r in rels)
    types = _xml(target, "[Content_Types].xml")
    assert any(o.get("PartName") == "/word/comments.xml" for o in types)


def test_comments_are_optional(tmp_path: Path) -> None:
    source = _formatted_report(tmp_path)
    report = check_file(str(source))
    edited = report.extraction.with_value("t3", "granted", 6, report.extraction.tables["t3"].rows["granted"][-1].value - 5)  # type: ignore[union-attr,operator]
    write_corrected_docx(report, tmp_path / "无批注.docx", edited, comments=False)
    with zipfile.ZipFile(tmp_path / "无批注.docx") as out, zipfile.ZipFile(source) as src:
        assert out.namelist() == src.namelist()
        assert all(out.read(n) == src.read(n) for n in src.namelist() if n != "word/document.xml")
    assert _xml(tmp_path / "无批注.docx").find(f".//{W}commentReference") is None


def _reject(root: etree._Element) -> etree._Element:
    """The document with our revisions rejected: insertions and comment marks out, deleted
    runs back as ordinary runs."""
    root = copy.deepcopy(root)
    for el in list(root.iter(W + "ins", W + "commentRangeStart", W + "commentRangeEnd")):
        el.getparent().remove(el)
    for ref in list(root.iter(W + "commentReference")):
        run = ref.getparent()
        run.getparent().remove(run)
    for deletion in list(root.iter(W + "del")):
        for run in deletion:
            for t in run.iter(W + "delText"):
                t.tag = W + "t"
                del t.attrib["{http://www.w3.org/XML/1998/namespace}space"]
            deletion.addprevious(run)
        deletion.getparent().remove(deletion)
    return root


def test_everything_else_is_the_source(corrected: tuple[Report, Path, Path]) -> None:
    _, source, target = corrected
    before = source.read_bytes()
    with zipfile.ZipFile(target) as out, zipfile.ZipFile(io.BytesIO(before)) as src:
        changed = {n for n in src.namelist() if out.read(n) != src.read(n)}
        assert changed == {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        assert out.namelist() == src.namelist() + ["word/comments.xml"]
    assert etree.tostring(_reject(_xml(target)), method="c14n") == etree.tostring(_xml(source), method="c14n")
    # Paragraphs outside the tables, as python-docx reads them: identical, formatting included.
    src_doc, out_doc = docx.Document(str(source)), docx.Document(str(target))
    assert [p.text for p in out_doc.paragraphs] == [p.text for p in src_doc.paragraphs]
    assert [etree.tostring(p._p) for p in out_doc.paragraphs] == [etree.tostring(p._p) for p in src_doc.paragraphs]
    assert source.read_bytes() == before  # the source was only read


def test_reopened_copy_reads_the_corrected_value_and_the_finding_is_gone(corrected: tuple[Report, Path, Path]) -> None:
    report, _, target = corrected
    again = check_file(str(target))
    fix = next(f.fix for f in report.findings if f.rule == "T3-ROW")
    assert again.extraction.tables["t3"].rows["granted"][-1].value == fix  # type: ignore[union-attr]
    assert [f.rule for f in again.findings if f.severity == "error"] == []
    # Every other cell reads as before.
    for key, table in report.extraction.tables.items():  # type: ignore[union-attr]
        for row, cells in table.rows.items():
            got = [c.value for c in again.extraction.tables[key].rows[row]]  # type: ignore[union-attr]
            want = [c.value for c in cells]
            if (key, row) == ("t3", "granted"):
                want[-1] = fix
            assert got == want, (key, row)


def test_a_table_nested_in_a_layout_cell(tmp_path: Path) -> None:
    source = FIXTURES / "report_2021_nested.docx"
    report = check_file(str(source))
    cells = report.extraction.tables["t3"].rows["new"]  # type: ignore[union-attr]
    edited = report.extraction.with_value("t3", "new", 0, cells[0].value + 1)  # type: ignore[union-attr,operator]
    result = write_corrected_docx(report, tmp_path / "嵌套.docx", edited)
    assert len(result.written) == 1
    again = check_file(str(tmp_path / "嵌套.docx"))
    assert again.extraction.tables["t3"].rows["new"][0].value == cells[0].value + 1  # type: ignore[union-attr,operator]
    assert {f.rule for f in again.findings} >= {"T3-ROW"}  # the edit alone breaks the row sum


def test_unconfirmed_values_are_not_written(tmp_path: Path) -> None:
    source = FIXTURES / "report_2019.docx"
    report = check_file(str(source))
    edited = report.extraction.with_value("t3", "new", 0, 1)  # type: ignore[union-attr]
    guess = edited.tables["t3"].rows["new"][1]
    guess.value, guess.state = 999, "inferred"  # what the sums suggested, never confirmed
    result = write_corrected_docx(report, tmp_path / "部分.docx", edited)
    assert [c.col for c in result.written] == ["natural"]
    assert [(c.col, why) for c, why in result.skipped] == [("commercial", SKIP_UNCONFIRMED)]
    again = check_file(str(tmp_path / "部分.docx"))
    assert [c.value for c in again.extraction.tables["t3"].rows["new"][:2]] == [1, 250]  # type: ignore[union-attr]


def test_refusals_are_sentences(tmp_path: Path) -> None:
    source = FIXTURES / "report_2019.docx"
    report = check_file(str(source))
    with pytest.raises(ExportError) as err:
        write_corrected_docx(report, tmp_path / "x.docx", report.extraction)
    assert "没有修改" in err.value.message
    edited = report.extraction.with_value("t3", "new", 0, 1)  # type: ignore[union-attr]
    with pytest.raises(ExportError) as err:
        write_corrected_docx(report, source, edited)
    assert "原始报告" in err.value.message
    with pytest.raises(ExportError) as err:
        write_corrected_docx(report, tmp_path / "x.xlsx", edited)
    assert ".docx" in err.value.message
    assert list(tmp_path.iterdir()) == []


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install -y --no-install-recommends libreoffice-writer-nogui")
def test_libreoffice_reads_the_revisions(corrected: tuple[Report, Path, Path], tmp_path: Path) -> None:
    report, source, target = corrected
    out = tmp_path / "lo"
    for path in (source, target):
        done = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out / path.stem), str(path)],
                              capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
    lo_source, lo_target = out / source.stem / source.name, out / target.stem / target.name
    root = _xml(lo_target)
    # LibreOffice writes back only the revisions and comments it understood.
    assert [d.get(W + "author") for d in root.iter(W + "del")] == ["年报校验"]
    assert [i.get(W + "author") for i in root.iter(W + "ins")] == ["年报校验"]
    assert len(_xml(lo_target, "word/comments.xml").findall(W + "comment")) == 1
    fix = next(f.fix for f in report.findings if f.rule == "T3-ROW")
    assert check_file(str(lo_target)).extraction.tables["t3"].rows["granted"][-1].value == fix  # type: ignore[union-attr]
    # The prose as LibreOffice sees it is the source's.
    assert [p.text for p in docx.Document(str(lo_target)).paragraphs] == [p.text for p in docx.Document(str(lo_source)).paragraphs]


def test_split_runs_and_an_existing_comment(tmp_path: Path) -> None:
    """Word often splits a number over runs ("1" "48" after a retype); a report may already
    carry a reviewer's comment. Both runs are deleted, one run inserted, the comments part
    keeps the old comment and gains ours under a new id."""
    tables = consistent_tables(11)
    path = render_docx(tmp_path / "某县民政局2023年报.docx", "某县民政局", 2023, tables)
    document = docx.Document(str(path))
    value = str(tables["t3"]["new"][0])
    cell = next(c for t in document.tables for row in t.rows for c in row.cells if c.text == value)
    paragraph = cell.paragraphs[0]
    paragraph.runs[0].text = value[:1]
    paragraph.add_run(value[1:]).font.italic = True
    document.add_comment(document.paragraphs[0].runs, text="标题请用小标宋", author="审核人")
    document.save(str(path))
    report = check_file(str(path))
    assert report.extraction.tables["t3"].rows["new"][0].value == int(value)  # type: ignore[union-attr]
    edited = report.extraction.with_value("t3", "new", 0, int(value) + 1)  # type: ignore[union-attr]
    write_corrected_docx(report, tmp_path / "改.docx", edited)
    root = _xml(tmp_path / "改.docx")
    deletions = root.findall(f".//{W}del")
    assert ["".join(t.text for t in d.iter(W + "delText")) for d in deletions] == [value[:1], value[1:]]
    (insertion,) = root.findall(f".//{W}ins")
    assert "".join(t.text for t in insertion.iter(W + "t")) == str(int(value) + 1)
    assert insertion.find(f"{W}r/{W}rPr/{W}i") is None  # the first run's formatting, not the second's
    comments = _xml(tmp_path / "改.docx", "word/comments.xml").findall(W + "comment")
    assert [c.get(W + "author") for c in comments] == ["审核人", "年报校验"]
    assert len({c.get(W + "id") for c in comments}) == 2
    ids = [el.get(W + "id") for el in root.iter(W + "ins", W + "del")]
    assert len(set(ids)) == len(ids) and not set(ids) & {c.get(W + "id") for c in comments}
    with zipfile.ZipFile(tmp_path / "改.docx") as z:
        assert z.namelist().count("word/comments.xml") == 1
    again = check_file(str(tmp_path / "改.docx"))
    assert again.extraction.tables["t3"].rows["new"][0].value == int(value) + 1  # type: ignore[union-attr]


def test_a_word_formula_cell_is_not_overwritten(tmp_path: Path) -> None:
    tables = consistent_tables(12)
    path = render_docx(tmp_path / "某县水利局2023年报.docx", "某县水利局", 2023, tables)
    document = docx.Document(str(path))
    total = str(tables["t3"]["new"][-1])
    cell = next(c for t in document.tables for row in t.rows for c in row.cells if c.text == total)
    run = cell.paragraphs[0].runs[0]._r
    field = etree.SubElement(run.getparent(), W + "fldSimple")
    field.set(W + "instr", " =SUM(LEFT) ")
    field.append(run)  # the printed total is the field's result
    document.save(str(path))
    report = check_file(str(path))
    ext = report.extraction
    assert ext is not None and ext.tables["t3"].rows["new"][-1].value == int(total)
    edited = ext.with_value("t3", "new", 6, int(total) + 1).with_value("t3", "new", 0, ext.tables["t3"].rows["new"][0].value + 1)  # type: ignore[operator]
    result = write_corrected_docx(report, tmp_path / "改.docx", edited)
    assert [c.col for c in result.written] == ["natural"]
    assert [(c.col, why) for c, why in result.skipped] == [("total", SKIP_FIELD)]
