"""Background jobs of the assess app (declared in its registry entry)."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.urls import reverse

from zhenwu.core.jobs import read_input
from zhenwu.core.models import OrgUnit

from . import actions, excel


def _import(job, progress, sheet) -> dict:
    """An Excel sheet of households or party members, all rows or none, into the units the user may fill in."""
    units = sheet.units(OrgUnit.objects.editable_by(job.user, within=job.org)) if job.org else []
    by_name = {u.name: u for u in units}
    if not by_name:
        raise ValidationError(f"您的角色无权在当前单位登记{sheet.title}")
    progress(10, "读取文件")
    rows = excel.read(io.BytesIO(read_input(job)), sheet)
    if not rows:
        raise ValidationError(f"文件中没有{sheet.title}")
    progress(40, f"检查 {len(rows)} 行")
    made = actions.import_people(job.user, rows, by_name, sheet, progress)
    return {"message": f"已导入 {len(made)} {sheet.counted}", "url": reverse(sheet.list_page)}


def import_households(job, progress) -> dict:
    return _import(job, progress, excel.HOUSEHOLDS)


def import_members(job, progress) -> dict:
    """党员 by branch: the same checks as households (身份证号 and phone validated, sealed and masked)."""
    return _import(job, progress, excel.MEMBERS)
