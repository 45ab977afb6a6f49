"""A supervisor's folder for the batch tests: several agencies over two or three years in
every format, some consistent from year to year and some not, real reports beside them, a
corrupt file, an Office lock file and a hidden file.

``build_folder(tmp)`` writes the files and returns what the tests must find (``Expect``).
Tables come from ``tests.render.consistent_tables`` and are then chained: this year's 上年结转
is last year's 结转下年度 (T3-BAL kept by adjusting 本年新收), and 现行有效件数 follows last
year's plus 本年制发 minus 本年废止. The prose of each year is written differently (a report
that only shares the template's wording with last year must not be called a copy), except
for the agency that re-dated last year's report.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from tests.render import Tables, consistent_tables, render_docx, render_html, render_txt, render_xlsx
from tests.render_pdf import render_report_pdf
from tests.shared_data import REPO, seed

SAMPLE = REPO / "resources" / "sample" / "示例年报.txt"

# Section 一 and 五 of each year in the agency's own words: different work every year.
_OWN_PROSE = {
    2019: (["2019年，本单位以新修订的《条例》施行为契机，逐项对照修订后的条款清理公开目录，重新编制政府信息公开指南，"
            "在门户网站开设条例解读专栏，组织全体干部参加条例专题学习两次，并对照考核指标逐项整改。"],
           ["存在问题主要是公开指南更新滞后，部分栏目长期未更新。下一步将建立栏目责任清单，落实专人维护，按月通报更新情况。"]),
    2020: (["2020年，围绕疫情防控和复工复产，本单位及时发布防控措施、复工指引和惠企政策，开设疫情防控信息专栏，"
            "通过新闻发布会和政务新媒体同步解读，回应群众关切，发布的政策问答被多家媒体转载。"],
           ["疫情期间信息发布时效性仍有不足，政策解读形式较为单一。今后将完善突发事件信息发布机制，增加图解和视频解读。"]),
    2021: (["2021年，本单位全面推行行政规范性文件统一编号管理，建成政策文件库，按主题分类集中展示现行有效文件，"
            "同步开展历年文件清理，对失效文件逐件标注，方便群众查询使用。"],
           ["文件库的检索功能还比较简单。下一步将增加按发文字号和关键词检索，并对文件库定期开展可用性测试。"]),
    2022: (["2022年，本单位以基层政务公开标准化规范化为重点，编制涉农领域公开事项清单，在村务公开栏同步张贴惠农补贴发放信息，"
            "组织乡镇公开专员业务培训三期，现场督导二十个村。"],
           ["村级公开栏内容更新不够及时，个别事项要素不全。今后将建立季度抽查制度，将检查结果纳入年度考核。"]),
    2023: (["2023年，本单位推进依申请公开办理规范化，制定答复文书模板十二种，建立疑难申请会商机制，"
            "邀请法律顾问参与审核答复意见，申请人满意度明显提升，未发生因答复不规范被纠错的情况。"],
           ["个别承办科室对申请内容的理解仍有偏差。将通过案例汇编和跟班学习，提高承办人员答复能力。"]),
    2024: (["2024年，本单位聚焦重大项目信息公开，对批准服务、实施情况等环节实行全流程公开，在政务服务大厅设置查阅点，"
            "全年接待现场查阅群众百余人次，并首次开展政务开放日活动。"],
           ["重大项目公开的专题页面访问量不高。下一步将加强宣传推广，在政务新媒体推送项目进展。"]),
}


def own_prose(year: int) -> dict[str, list[str]]:
    one, five = _OWN_PROSE[year]
    return {"一": one, "五": five}


def chain(previous: Tables, current: Tables, version: str = "2021") -> Tables:
    """``current`` changed so it continues ``previous`` without a cross-year difference."""
    out = copy.deepcopy(current)
    t3 = out["t3"]
    for j in range(6):  # applicant columns; the total column is recomputed below
        carried = previous["t3"]["carry_next"][j]
        t3["carried"][j] = carried
        new = t3["total"][j] + t3["carry_next"][j] - carried
        if new < 0:
            t3["carry_next"][j] -= new
            new = 0
        t3["new"][j] = new
    for row in ("new", "carried", "carry_next"):
        t3[row][6] = sum(t3[row][:6])
    if version == "2021":  # the 2019 layout has no 现行有效件数
        for row in ("regulations", "normative_docs"):
            made, repealed, _ = out["t2"][row]
            stock = previous["t2"][row][2] + made
            repealed = min(repealed, stock)
            out["t2"][row] = [made, repealed, stock - repealed]
    return out


@dataclass
class Expect:
    """Paths by role, and the cross-year findings the batch must produce."""

    folder: Path
    paths: dict[str, Path] = field(default_factory=dict)
    # role → list of (rule, cells, expected, actual, other role)
    cross: dict[str, list[tuple[str, list[list[object]], object, object, str]]] = field(default_factory=dict)
    corrupt: str = "corrupt"
    skipped: tuple[str, ...] = ()

    def role_of(self, path: str) -> str:
        for role, p in self.paths.items():
            if Path(path) == p:
                return role
        raise KeyError(path)


def build_folder(root: Path, *, with_pdf: bool = True) -> Expect:
    folder = root / "各单位年报"
    folder.mkdir(parents=True)
    ex = Expect(folder)

    def put(role: str, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        ex.paths[role] = path
        return path

    # A: three consistent years, three formats (HTML, DOCX, PDF).
    a22 = consistent_tables(201)
    a23 = chain(a22, consistent_tables(202))
    a24 = chain(a23, consistent_tables(203))
    render_html(put("A2022", folder / "农业农村局" / "2022年报.html"), "某县农业农村局", 2022, a22, prose=own_prose(2022))
    render_docx(put("A2023", folder / "农业农村局" / "2023年报.docx"), "某县农业农村局", 2023, a23, prose=own_prose(2023))
    if with_pdf:
        render_report_pdf(put("A2024", folder / "农业农村局" / "2024年报.pdf"), "某县农业农村局", 2024, a24,
                          prose=own_prose(2024)["一"])
    else:
        render_txt(put("A2024", folder / "农业农村局" / "2024年报.txt"), "某县农业农村局", 2024, a24, prose=own_prose(2024))

    # B: 2022 carries two more natural-person applications than 2021 left over; 2023 (in
    # traditional characters) counts three 行政规范性文件 more than last year's stock allows.
    b21 = consistent_tables(211)
    b22 = chain(b21, consistent_tables(212))
    b22["t3"]["carried"][0] += 2
    b22["t3"]["carried"][6] += 2
    b22["t3"]["new"][0] -= 2  # keeps T3-BAL: the mistake is only visible across years
    b22["t3"]["new"][6] -= 2
    if b22["t3"]["new"][0] < 0:
        raise AssertionError("seed gives too few new applications for the fixture")
    b23 = chain(b22, consistent_tables(213))
    b23["t2"]["normative_docs"][2] += 3
    render_txt(put("B2021", folder / "科技局" / "滕州科技局2021.txt"), "滕州市科学技术局", 2021, b21, prose=own_prose(2021))
    render_xlsx(put("B2022", folder / "科技局" / "滕州科技局2022.xlsx"), "滕州市科学技术局", 2022, b22, prose=own_prose(2022))
    render_html(put("B2023", folder / "科技局" / "滕州科技局2023.html"), "滕州市科學技術局", 2023, b23, prose=own_prose(2023))
    ex.cross["B2022"] = [
        ("X-YEAR-CARRY", [["t3", "carried", "natural"]], b21["t3"]["carry_next"][0], b22["t3"]["carried"][0], "B2021"),
        ("X-YEAR-CARRY", [["t3", "carried", "total"]], b21["t3"]["carry_next"][6], b22["t3"]["carried"][6], "B2021"),
    ]
    ex.cross["B2023"] = [
        ("T2-STOCK", [["t2", "normative_docs", "in_force"], ["t2", "normative_docs", "made"], ["t2", "normative_docs", "repealed"]],
         b23["t2"]["normative_docs"][2] - 3, b23["t2"]["normative_docs"][2], "B2022"),
    ]

    # C: 2024 is 2023's report with the year changed (内容雷同). Its tables carry over
    # exactly (上年结转 = 结转下年度, 制发 = 废止), so only the copy is reported.
    c = consistent_tables(221)
    for j in range(7):
        c["t3"]["carried"][j] = c["t3"]["carry_next"][j]
        c["t3"]["new"][j] = c["t3"]["total"][j]
    for row in ("regulations", "normative_docs"):
        made = c["t2"][row][0]
        c["t2"][row] = [made, made, c["t2"][row][2]]
    render_txt(put("C2023", folder / "崆峒区政府办" / "2023.txt"), "平凉市崆峒区人民政府办公室", 2023, c, prose=own_prose(2023))
    render_docx(put("C2024", folder / "崆峒区政府办" / "2024.docx"), "平凉市崆峒区人民政府办公室", 2024, c, prose=own_prose(2023))
    ex.cross["C2024"] = [("X-YEAR-SAME", [["text", None, None]], None, None, "C2023")]

    # D: the 2019 trial layout in both years; 2020's 上一年项目数量 for 行政许可 is not 2019's
    # plus 2019's 本年增/减.
    d19 = consistent_tables(231, "2019")
    d20 = chain(d19, consistent_tables(232, "2019"), "2019")
    for row in ("licensing", "other_services", "punishment", "coercion", "fees"):
        d20["t2"][row][0] = d19["t2"][row][0] + d19["t2"][row][1]
    d20["t2"]["licensing"][0] += 5
    render_html(put("D2019", folder / "市科委" / "2019.html"), "上海市科学技术委员会", 2019, d19, version="2019",
                prose=own_prose(2019))
    render_txt(put("D2020", folder / "市科委" / "2020.txt"), "上海市科学技术委员会", 2020, d20, version="2019",
               prose=own_prose(2020))
    ex.cross["D2020"] = [
        ("T2V19-XYEAR", [["t2", "licensing", "prev"]], d19["t2"]["licensing"][0] + d19["t2"]["licensing"][1],
         d20["t2"]["licensing"][0], "D2019"),
    ]

    # Real reports of other agencies, alone in the batch.
    shutil.copy(SAMPLE, put("sample", folder / SAMPLE.name))
    shutil.copy(seed("001"), put("seed001", folder / "殷都区科技局.txt"))
    shutil.copy(seed("003"), put("seed003", folder / "西山区科工信局.txt"))

    # A corrupt PDF, an Office lock file and a hidden file (the last two are not collected).
    put("corrupt", folder / "损坏的报告.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj garbage")
    (folder / "~$2023年报.docx").write_bytes(b"lock")
    (folder / ".草稿.txt").write_text("草稿", encoding="utf-8")
    ex.skipped = ("~$2023年报.docx", ".草稿.txt")
    return ex
