"""Background jobs of the indicators app (declared in its registry entry)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from zhenwu.core.jobs import read_input

from . import excel

WARNINGS_ONLY = "以下数值与上年同期相差 5 倍以上，核实无误后请勾选“已核实”重新上传："


def import_values(job, progress) -> dict:
    """A filled entry template: every bad cell listed, all values saved or none."""
    result = excel.import_upload(job.user, read_input(job), bool(job.params.get("confirmed")), progress=progress)
    if result.errors:
        raise ValidationError([WARNINGS_ONLY, *result.errors] if result.warnings_only else result.errors)
    query = job.params.get("query", "")
    return {"message": f"导入成功：保存 {result.saved:,} 个数值", "url": f"{reverse('indicator_grid')}?{query}"}
