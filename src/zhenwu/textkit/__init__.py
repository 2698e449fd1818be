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
}
# What each label means and how it is checked, for the proof-reading page and `zhenwu check --format text`
DEFECT_EXPLAINED = {
    "占比与数量不符": "部分÷总数应等于所写的比例或比率（如 251÷986=25.46%），总数可在同一句或同一段前文。",
    "完成比例与任务不符": "实际完成÷任务（计划、目标、预算）应等于所写的完成比例。",
    "平均数与总数不符": "人均、户均、亩均、期均等：总数÷个数应等于所写的平均数。",
    "单产与总产、面积不符": "亩产、单产：总产量÷面积应等于所写的单产（斤、公斤、吨与亩、万亩、公顷已换算）。",
    "增减量与前后数字不符": "从A增加（减少）到B：增减量应为 B−A；比上年的A增加C：C 应为两数之差。",
    "结构比例之和不为100": "如三次产业结构 a∶b∶c，各部分之和应为100。",
    "规范提法有误": "规范提法漏字、多字、错字或漏写名字（如“新时代中国特色社会主义思想”前漏写“习近平”）。",
    "比率或增幅不符": "比率或增幅应与所列数字相符。",
    "合计与分项不符": "合计应等于各分项之和（其中、共计、合计）。",
}

def defect_label(defect) -> str:
    """The Chinese label of a defect: its relation's label for `arithmetic` defects that name one."""
    family = getattr(defect, "family", "") or (defect.get("family") if isinstance(defect, dict) else "")
    kind = defect.kind if hasattr(defect, "kind") else defect["kind"]
    return FAMILY_LABELS.get(family) or DEFECT_LABELS.get(kind, kind)
FACT_LABELS = {"amount": "金额", "count": "数量", "measure": "计量", "percent": "比例", "growth": "增幅"}

__all__ = ["DEFECT_EXPLAINED", "DEFECT_LABELS", "FACT_LABELS", "FAMILY_LABELS", "Defect", "DocumentError", "Fact",
           "defect_label", "extract", "line_column", "proofread", "read_document"]
