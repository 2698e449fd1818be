"""Large Excel exports as background jobs.

A list page whose export has more rows than `settings.EXPORT_INLINE_ROWS` queues a `core.export` job instead of
streaming: the job replays the same list request (its path and query, as the user who asked, in the unit and working
period they had chosen), so scope, filters and columns are the page's own; it writes the workbook to storage with
progress, and only that user downloads it (`/jobs/<id>/download/`). An identical export already queued or running
is not queued again. Files are kept for `KEEP_DAYS` days.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone

from .excel import XLSX
from .jobs import submit
from .models import Job
from .periods import Period
from .workperiod import working_in

EXPORTING = "zhenwu_export_writer"  # the request attribute that makes a list write its export in full
KEEP_DAYS = 7


def submit_export(request, title: str) -> Job:
    query = request.GET.copy()
    query.pop("page", None)
    query = query.urlencode()
    job, created = submit(request.user, "core.export", f"导出{request.org.name}{title}", org=request.org,
                          params={"path": request.path, "query": query, "period": request.period.code},
                          key=f"{request.org.pk}:{request.period.code}:{request.path}?{query}", once=False)
    messages.info(request, "记录较多，已转为后台导出：完成后在本页下载" if created else "同样的导出正在进行，请稍候")
    return job


class _Writer:
    """Counts the rows as the workbook takes them and reports progress."""

    def __init__(self, progress):
        self.progress = progress

    def rows(self, rows, queryset):
        total = queryset.count() or 1
        for n, row in enumerate(rows, 1):
            if n % 500 == 0:
                self.progress(90 * n / total, f"已写入 {n:,} / {total:,} 行")
            yield row


def export_list(job, progress) -> dict:
    """The job: the list request replayed as its user, the workbook saved for download."""
    _forget_old_files()
    params = job.params
    request = RequestFactory().get(f"{params['path']}?{params['query']}")
    request.user, request.org, request.session = job.user, job.org, {}
    request.period = Period.parse(params["period"])
    setattr(request, EXPORTING, _Writer(progress))
    match = resolve(params["path"])
    progress(1, "正在查询记录")
    with working_in(request.period):
        response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200 or not response.has_header("Content-Disposition"):
        raise ValueError(f"export of {params['path']} answered {response.status_code}")
    progress(95, "正在保存文件")
    path = default_storage.save(f"exports/{timezone.localdate():%Y-%m}/{uuid.uuid4().hex}.xlsx",
                                File(response.file_to_stream))
    response.file_to_stream.close()  # not response.close(): that signals the end of a request (closing connections)
    disposition = response["Content-Disposition"]
    job.report(result_file=path, params={**params, "disposition": disposition})
    return {"message": "导出完成", "url": reverse("job_download", args=[job.pk])}


def download(job) -> FileResponse:
    if job.kind != "core.export" or job.status != Job.DONE or not job.result_file \
            or not default_storage.exists(job.result_file):
        raise Http404("导出文件不存在或已过期（保留 7 天），请重新导出")
    response = FileResponse(default_storage.open(job.result_file, "rb"), content_type=XLSX)
    response["Content-Disposition"] = job.params.get("disposition") or "attachment"
    return response


def _forget_old_files() -> None:
    old = Job.objects.filter(kind="core.export", finished_at__lt=timezone.now() - dt.timedelta(days=KEEP_DAYS))
    for job in old.exclude(result_file=""):
        default_storage.delete(job.result_file)
        job.report(result_file="")
