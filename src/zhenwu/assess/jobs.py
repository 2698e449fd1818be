"""Background jobs of the assess app (declared in its registry entry)."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.urls import reverse

from zhenwu.core.jobs import read_input
from zhenwu.core.models import OrgUnit

from . import actions, excel
from .models import HOME_LEVELS


def import_households(job, progress) -> dict:
    """An Excel sheet of households, all rows or none, into the villages and grids the user may fill in."""
    units = OrgUnit.objects.editable_by(job.user, within=job.org).filter(level__in=HOME_LEVELS) if job.org else []
    by_name = {u.name: u for u in units}
    if not by_name:
        raise ValidationError("您的角色无权在当前单位登记农户")
    progress(10, "读取文件")
    rows = excel.read(io.BytesIO(read_input(job)))
    if not rows:
        raise ValidationError("文件中没有农户")
    progress(40, f"检查 {len(rows)} 行")
    made = actions.import_households(job.user, rows, by_name)
    return {"message": f"已导入 {len(made)} 户", "url": reverse("household_list")}
