"""Background jobs with the real queue and worker threads (SqliteHuey in a file, as `zhenwu serve` runs it): an
Excel import is queued, the page that started it shows its progress and result, a second submission of the same
form is the same job, and only the user who started it sees it."""

import io
import time

import pytest
from openpyxl import load_workbook

from zhenwu.core import jobs


@pytest.fixture
def real_queue(tmp_path):
    from huey import SqliteHuey

    saved = jobs.queue(), jobs._run_task
    huey = SqliteHuey("zhenwu-test", filename=str(tmp_path / "jobs.sqlite3"), results=False)
    jobs._huey, jobs._run_task = huey, huey.task(name="zhenwu.run_job")(jobs._run)
    assert jobs.start_workers(2, poll=0.05) == 2
    yield huey
    jobs.stop_workers()
    jobs._huey, jobs._run_task = saved


def _sheet(client, rows: int) -> io.BytesIO:
    wb = load_workbook(io.BytesIO(client.get("/ledgers/import/safety_hazard/template.xlsx").content))
    header = [c.value for c in wb.active[1]]
    for i in range(rows):
        row = {"单位": "泉湖村", "事项": f"后台导入 {i}", "发生日期": "2024-05-06"}
        row |= {h: v for h in header for k, v in (("地点", "泉湖加油站"), ("等级", "一般隐患"), ("来源", "自查")) if k in h}
        wb.active.append([row.get(h) for h in header])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "隐患.xlsx"
    return buf


def _wait(client, job_id, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(f"/jobs/{job_id}/status/").json()
        if status["finished"]:
            return status
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish: {status}")


def test_an_import_runs_in_the_worker_with_progress_and_result(demo_db, real_queue, client, django_user_model):
    from zhenwu.core.models import Job
    from zhenwu.ledgers.models import LedgerEntry

    client.force_login(django_user_model.objects.get(username="qinghe"))
    before = LedgerEntry.objects.count()
    sheet = _sheet(client, 120)
    resp = client.post("/ledgers/import/safety_hazard/", {"file": sheet, "once": "form-1"})
    assert resp.status_code == 302 and "?job=" in resp["Location"]
    job_id = int(resp["Location"].rsplit("=", 1)[1])
    page = client.get(resp["Location"]).content.decode()
    assert f'id="job-{job_id}"' in page and "progress-bar" in page
    status = _wait(client, job_id)
    assert status["status"] == "done" and status["percent"] == 100, status
    assert status["message"] == "已导入 120 条安全隐患"
    assert LedgerEntry.objects.count() == before + 120
    assert "已导入 120 条安全隐患" in client.get(resp["Location"]).content.decode()
    # the same form sent again (a double click, a reload) is the same job, not a second import
    sheet.seek(0)
    again = client.post("/ledgers/import/safety_hazard/", {"file": sheet, "once": "form-1"})
    assert again.status_code == 302 and LedgerEntry.objects.count() == before + 120
    assert Job.objects.filter(kind="ledgers.import").count() == 1
    # only its owner sees a job
    client.force_login(django_user_model.objects.get(username="shiling"))
    assert client.get(f"/jobs/{job_id}/status/").status_code == 404
    assert client.get(f"/jobs/{job_id}/").status_code == 404


def test_a_failed_import_lists_its_errors_and_saves_nothing(demo_db, real_queue, client, django_user_model):
    from zhenwu.ledgers.models import LedgerEntry

    client.force_login(django_user_model.objects.get(username="qinghe"))
    before = LedgerEntry.objects.count()
    wb = load_workbook(_sheet(client, 3))
    wb.active.append(["不存在的村", "错行", "2024-13-40"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "错.xlsx"
    resp = client.post("/ledgers/import/safety_hazard/", {"file": buf})
    status = _wait(client, int(resp["Location"].rsplit("=", 1)[1]))
    assert status["status"] == "failed" and any("第 5 行" in e for e in status["errors"]), status
    assert LedgerEntry.objects.count() == before


def test_redis_is_the_queue_when_configured(monkeypatch):
    """ZHENWU_REDIS_URL makes Redis the queue (database 5 here); a job put there is taken by a worker thread."""
    from huey import RedisHuey

    monkeypatch.setenv("ZHENWU_REDIS_URL", "redis://127.0.0.1:6379/5")
    monkeypatch.delenv("ZHENWU_JOBS_IMMEDIATE", raising=False)
    huey = jobs._make_huey()
    assert isinstance(huey, RedisHuey)
    huey.flush()
    done = []
    task = huey.task(name="zhenwu.test_ping")(lambda n: done.append(n))
    saved = jobs._huey, jobs._run_task
    jobs._huey = huey
    try:
        task(7)
        assert jobs.start_workers(1, poll=0.05) == 1
        deadline = time.monotonic() + 20
        while not done and time.monotonic() < deadline:
            time.sleep(0.05)
        assert done == [7]
    finally:
        jobs.stop_workers()
        jobs._huey, jobs._run_task = saved
        huey.flush()
