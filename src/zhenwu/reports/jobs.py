"""Report generation as a background job: the figures of a whole year are gathered and written outside the request,
with progress on the page that started it (`core.jobs`)."""

from __future__ import annotations

import datetime as dt

from . import actions
from .models import Outline


def generate_report(job, progress) -> dict:
    params = job.params
    outline = Outline.objects.get(pk=params["outline"])
    signed_on = dt.date.fromisoformat(params["signed_on"]) if params.get("signed_on") else None
    progress(10, f"正在汇总{job.org.name}的指标、台账和项目数据")
    report, created = actions.get_or_create_report(job.user, job.org, outline, params["period"], signed_on=signed_on)
    progress(100, "已生成")
    return {"message": f"已生成：{report.title}" if created else f"该报告已存在：{report.title}",
            "url": report.get_absolute_url()}
