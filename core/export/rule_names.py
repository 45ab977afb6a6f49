"""What each rule is about, in a few Chinese words, for the places a leader reads a rule
rather than a finding: the summary's charts and totals. A code such as X-SHORT-ROW means
nothing on a printed chart."""

from __future__ import annotations

RULE_ZH: dict[str, str] = {
    # 基本信息与结构
    "M-AGENCY": "报告机关名称", "M-CITE": "未引用《条例》依据", "M-DEADLINE": "发布时间", "M-INTRO": "缺少引言",
    "M-PERIOD": "统计期限说明", "M-YEAR": "报告年度", "S-COPY": "表格重复", "S-EXTRA": "模板以外的行或列",
    "S-LABEL": "行标签与模板不一致", "S-ROWS": "表格缺行", "S-SECTIONS": "缺少规定的部分", "S-TABLES": "缺少规定的表格",
    "S-TWO-REPORTS": "一个文件含两份报告", "S-VERSION-MIX": "新旧格式混用", "S-VERSION-YEAR": "格式与年度不符",
    "S5-EMPTY": "第五部分内容空缺", "S6-EMPTY": "第六部分内容空缺", "S6-FEE": "信息处理费说明",
    # 表二
    "T2-BLANK": "表二有空白格", "T2-FEE-MAG": "表二收费金额异常", "T2-REG-POWER": "表二行政许可等数据异常",
    "T2-STOCK": "表二现行有效件数与上年不接续", "T2-REPEAL≤STOCK": "表二废止件数多于现行有效", "T2-UNIT": "表二数值带单位",
    "T2V19-ITEMS": "表二（2019格式）项目数量", "T2V19-PUB": "表二（2019格式）公开数量", "T2V19-XYEAR": "表二（2019格式）与上年不接续",
    # 表三
    "T3-BAL": "表三申请数与办理数不平衡", "T3-BLANK": "表三有空白格", "T3-CARRY-LE": "表三结转数大于申请数",
    "T3-DONE": "表三办理结果合计不符", "T3-ROW": "表三总计与各类申请人之和不符", "T3-ZERO-COLS": "表三整列为零",
    # 表四
    "T4-REV": "表四行政复议总计不符", "T4-DIR": "表四直接起诉总计不符", "T4-AFT": "表四复议后起诉总计不符",
    # 正文与表格
    "TX-CARRY": "正文结转数与表格不一致", "TX-DONE": "正文办结数与表格不一致", "TX-LIT": "正文诉讼数与表格不一致",
    "TX-ND": "正文与表格不一致", "TX-NEW": "正文新收申请数与表格不一致", "TX-NONE": "正文称无申请而表格有数",
    "TX-REV": "正文复议数与表格不一致", "TX-SUM": "正文合计与表格不一致",
    # 数值
    "V-NUMERIC": "单元格不是数字", "V-SIGN": "出现负数", "VAL-INT": "件数不是整数",
    # 识别（检查程序自己的疑问）
    "X-OCR": "扫描识别不确定", "X-DIGITS": "扫描数字识别存疑", "X-SHORT-ROW": "一行数值未能读全", "X-GLUED": "数字粘连",
    "X-DETACHED": "标签与数字错位", "X-EXTRA-VALUES": "多出的数值", "X-READ": "文字读取问题", "X-SPLIT": "一个数拆在两格",
    # 跨年度
    "X-YEAR-CARRY": "上年结转与上年报告不符", "X-YEAR-SAME": "内容与上年雷同", "X-YEAR-PAIR": "跨年度对比提示",
}

_PREFIX_ZH = (("T2V19", "表二（2019格式）"), ("T2", "表二数据"), ("T3", "表三数据"), ("T4", "表四数据"),
              ("TX", "正文与表格不一致"), ("S", "报告结构"), ("M", "基本信息"), ("V", "数值格式"), ("X", "识别问题"))


def rule_zh(rule: str) -> str:
    """The rule's meaning in Chinese; a rule not named here by its family."""
    if rule in RULE_ZH:
        return RULE_ZH[rule]
    for prefix, name in _PREFIX_ZH:
        if rule.startswith(prefix):
            return name
    return rule
