"""Pure-Python text kit for work reports: read documents, extract measured numbers, proof-read.

Nothing here imports Django, so the kit runs anywhere (CLI, workers, tests).
"""

from .extract import Fact, extract
from .layout import line_column
from .proofread import Defect, proofread
from .readers import DocumentError, read_document

# What clerks call each kind (the record shape keeps SCHEMA.md's English kinds)
DEFECT_LABELS = {
    "placeholder": "数字未填写", "missing_number": "缺少数字", "arithmetic": "比率或增幅不符", "sum": "合计与分项不符",
    "inconsistent": "前后数字不一致", "duplicate_char": "文字重复", "typo": "疑似错别字", "other": "数值不合常理",
    "placeholder_name": "名称被隐去", "formula": "规范提法有误",
}
# An `arithmetic` defect names the relation it breaks (Defect.family); each is shown under its own label
FAMILY_LABELS = {
    "share": "占比与数量不符", "completion": "完成比例与任务不符", "average": "平均数与总数不符",
    "yield": "单产与总产、面积不符", "difference": "增减量与前后数字不符", "structure": "结构比例之和不为100",
    "growth": "增幅与基数不符",
}
# What each label means and how it is checked, for the proof-reading page and `zhenwu check --format text`
DEFECT_EXPLAINED = {
    "占比与数量不符": "部分÷总数应等于所写的比例或比率（如 251÷986=25.46%），总数可在同一句或同一段前文。",
    "完成比例与任务不符": "实际完成÷任务（计划、目标、预算）应等于所写的完成比例（如“完成年度目标任务7900人的100.25%”："
                   "7920÷7900=100.25%）。",
    "平均数与总数不符": "人均、户均、亩均、期均等：总数÷个数应等于所写的平均数（月人均可按月数再除）。",
    "单产与总产、面积不符": "亩产、单产：总产量÷面积应等于所写的单产（斤、公斤、吨与亩、万亩、公顷已换算），"
                     "面积、总产可在同一段前文。",
    "增减量与前后数字不符": "从A增加（减少）到B：增减量应为 B−A；今年B、比上年的A增加C，或比计划A增加C：C 应为两数之差。",
    "增幅与基数不符": "增幅=增减量÷基数：比上年增加C、增长g% 时 g=C÷(今年数−C)（减少时基数为今年数+C）；"
                 "比上年的A增加C、增长g% 时 g=C÷A。",
    "结构比例之和不为100": "如三次产业结构 a∶b∶c，各部分之和应为100。",
    "规范提法有误": "规范提法漏字、多字、错字或漏写名字（如“新时代中国特色社会主义思想”前漏写“习近平”）。",
    "比率或增幅不符": "比率（如调结率）应等于所列两数之比；增幅应等于 (今年数−基数)÷基数。",
    "合计与分项不符": "合计应等于各分项之和（其中、共计、合计；元、万元、亿元已换算），各类总数不应小于其中几类之和。",
    "数字未填写": "数字被隐去或未填（XX万元、X.X亿元、0万元），报出前应填上实际数字。",
    "缺少数字": "单位前缺少数字（如“开展学习共计次”），应补上数字。",
    "前后数字不一致": "同一事项在报告中前后写了不同的数，两处都列出，请核对哪一处正确。",
    "文字重复": "同一个字或单位连写两次（如“182人人”）。",
    "疑似错别字": "常见公文错别字或搭配（如“截止今年10月底”应为“截至”，“主题工程竣工”应为“主体工程”）。",
    "数值不合常理": "不可能的日期或年份、元精确到四位小数（多半应为万元）、完成计划的比例漏写百分号（完成年度计划92.13）、"
              "数量级明显不对的数。",
    "名称被隐去": "单位或人名被隐去（XX镇、XXX村、***书记），不影响数字，报出前应填上。",
}

def defect_label(defect) -> str:
    """The Chinese label of a defect: its relation's label for `arithmetic` defects that name one."""
    family = getattr(defect, "family", "") or (defect.get("family") if isinstance(defect, dict) else "")
    kind = defect.kind if hasattr(defect, "kind") else defect["kind"]
    return FAMILY_LABELS.get(family) or DEFECT_LABELS.get(kind, kind)
FACT_LABELS = {"amount": "金额", "count": "数量", "measure": "计量", "percent": "比例", "growth": "增幅"}

__all__ = ["DEFECT_EXPLAINED", "DEFECT_LABELS", "FACT_LABELS", "FAMILY_LABELS", "Defect", "DocumentError", "Fact",
           "defect_label", "extract", "line_column", "proofread", "read_document"]
