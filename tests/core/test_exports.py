"""Large Excel exports run as background jobs: the list request is replayed as its user (same scope, filters,
columns and audit rows), the page shows progress, the same export is not queued twice while it runs, and only
the user who asked downloads the file."""

import io

import pytest
from openpyxl import load_workbook

from zhenwu.core.models import Job

EXPORT = "/ledgers/entries/export.xlsx?kind=safety_hazard"


def _cells(content: bytes) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


@pytest.mark.django_db
def test_a_large_export_is_a_job_with_the_same_rows_as_a_streamed_one(login, settings):
    client = login("qinghe")
    streamed = client.get(EXPORT)
    assert streamed.status_code == 200
    rows = _cells(streamed.getvalue())
    assert len(rows) > 6, "the demo town has more hazards than the lowered limit below"

    settings.EXPORT_INLINE_ROWS = 5
    resp = client.get(EXPORT)
    assert resp.status_code == 302
    job = Job.objects.get(kind="core.export", user__username="qinghe")
    assert resp["Location"] == job.get_absolute_url()
    page = client.get(resp["Location"]).content.decode()
    assert "记录较多，已转为后台导出" in page and "下载文件" in page
    assert job.status == Job.DONE or Job.objects.get(pk=job.pk).status == Job.DONE
    job.refresh_from_db()
    assert job.percent == 100 and job.result_url == f"/jobs/{job.pk}/download/"
    download = client.get(job.result_url)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert _cells(b"".join(download.streaming_content)) == rows

    # the file is its owner's alone
    assert login("shiling").get(job.result_url).status_code == 404


@pytest.mark.django_db
def test_the_job_keeps_the_filters_and_the_scope_of_the_page(login, settings):
    settings.EXPORT_INLINE_ROWS = 1
    client = login("qinghe")
    filtered = EXPORT + "&q=加油站"
    client.get(filtered)
    job = Job.objects.filter(kind="core.export").latest("pk")
    settings.EXPORT_INLINE_ROWS = 100000
    inline = _cells(client.get(filtered).getvalue())
    assert _cells(b"".join(client.get(job.result_url).streaming_content)) == inline
    # a village sees only its own rows in its job too
    village = login("qinghe-cun")
    settings.EXPORT_INLINE_ROWS = 100000
    own = _cells(village.get(EXPORT).getvalue())
    settings.EXPORT_INLINE_ROWS = 1
    village.get(EXPORT)
    vjob = Job.objects.filter(kind="core.export", user__username="qinghe-cun").latest("pk")
    if len(own) > 2:
        assert _cells(b"".join(village.get(vjob.result_url).streaming_content)) == own


@pytest.mark.django_db
def test_the_same_export_is_not_queued_twice_while_it_waits(login, settings, monkeypatch):
    from zhenwu.core import jobs

    settings.EXPORT_INLINE_ROWS = 5
    queued = []
    monkeypatch.setattr(jobs, "_run_task", lambda pk: queued.append(pk))
    jobs.queue()
    monkeypatch.setattr(jobs, "_run_task", lambda pk: queued.append(pk))
    client = login("qinghe")
    first, second = client.get(EXPORT), client.get(EXPORT)
    assert first["Location"] == second["Location"] and len(queued) == 1
    assert "同样的导出正在进行" in client.get(second["Location"]).content.decode()
    # another filter is another export
    client.get(EXPORT + "&q=加油站")
    assert len(queued) == 2 and Job.objects.filter(kind="core.export", status=Job.QUEUED).count() == 2
