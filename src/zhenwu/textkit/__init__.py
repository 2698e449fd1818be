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
    "placeholder_name": "名称被隐去",
}
FACT_LABELS = {"amount": "金额", "count": "数量", "measure": "计量", "percent": "比例", "growth": "增幅"}

__all__ = ["DEFECT_LABELS", "FACT_LABELS", "Defect", "DocumentError", "Fact", "extract", "line_column", "proofread",
           "read_document"]
