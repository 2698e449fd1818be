"""Background jobs of the ledgers app (declared in its registry entry)."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.urls import reverse

from zhenwu.core.jobs import read_input
from zhenwu.core.models import OrgUnit

from . import excel
from .models import LedgerKind


def import_entries(job, progress) -> dict:
    """An Excel sheet of entries of one kind, all rows or none, into the units the user may fill in."""
    kind = LedgerKind.objects.filter(code=job.params.get("kind"), active=True).first()
    if kind is None:
        raise ValidationError("台账类型不存在或已停用")
    units = list(OrgUnit.objects.editable_by(job.user, within=job.org).order_by("code")) if job.org else []
    if not units:
        raise ValidationError("您的角色无权在当前单位登记台账")
    entries = excel.import_entries(kind, io.BytesIO(read_input(job)), job.user, units, progress=progress)
    return {"message": f"已导入 {len(entries)} 条{kind.name}", "url": f"{reverse('ledger_entry_list')}?kind={kind.code}"}
