"""Background jobs: long work (imports, report generation, large exports) runs outside the request, with progress
the user who started it can watch (`/jobs/<id>/`).

The queue is huey's. Embedded default: a SQLite file in the data dir (`SqliteHuey`), no server needed, and the
worker runs as threads inside `zhenwu serve` / `zhenwu demo`. With `ZHENWU_REDIS_URL` set, Redis is the queue
(`RedisHuey`). `ZHENWU_JOB_WORKERS` sets the number of worker threads in the web process (default 2; 0 when a
separate `zhenwu worker` process runs the jobs). The test suite runs jobs at once, in the request
(`ZHENWU_JOBS_IMMEDIATE=1`), and one test runs the real worker threads.

An app declares its jobs in its registry entry (`jobs={"kind": "module:function"}`); the function takes the Job
and a `progress(percent, message)` callable and returns {"message": …, "url": …}, or raises ValidationError
(the Chinese messages are shown on the job's page, nothing is saved).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections
from django.utils import timezone

from .audit import acting_as

log = logging.getLogger("zhenwu.jobs")
INTERNAL_ERROR = "处理时发生内部错误，数据未作修改；请稍后重试，或联系管理员查看日志"


def _make_huey():
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    immediate = os.environ.get("ZHENWU_JOBS_IMMEDIATE", "").lower() in ("1", "true", "yes")
    url = os.environ.get("ZHENWU_REDIS_URL")
    if url:
        return RedisHuey("zhenwu", url=url, immediate=immediate, results=False)
    if immediate:
        return MemoryHuey("zhenwu", immediate=True, results=False)
    path = settings.DATA_DIR / "jobs.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("zhenwu", filename=str(path), immediate=False, results=False, timeout=30)


_huey = None
_run_task = None
_huey_lock = threading.Lock()


def queue():
    global _huey, _run_task
    with _huey_lock:
        if _huey is None:
            _huey = _make_huey()
            _run_task = _huey.task(name="zhenwu.run_job")(_run)
        return _huey


class Progress:
    """`progress(percent, message)`: written at most every half second (and always at 0 and 100)."""

    def __init__(self, job):
        self.job, self.last = job, 0.0

    def __call__(self, percent: float, message: str = "") -> None:
        now = time.monotonic()
        percent = max(0, min(100, int(percent)))
        if percent in (0, 100) or now - self.last >= 0.5:
            self.last = now
            self.job.report(percent=percent, message=message[:200] if message else self.job.message)


def _run(job_id: int) -> None:
    from .models import Job
    from .registry import job_handlers, resolve

    in_worker = not queue().immediate  # immediate mode runs inside the request: its connection is not ours
    if in_worker:
        close_old_connections()
    try:
        job = Job.objects.select_related("user", "org").filter(pk=job_id).first()
        if job is None or job.status != Job.QUEUED:
            return
        job.report(status=Job.RUNNING, started_at=timezone.now(), percent=0, message="开始处理")
        handler = resolve(job_handlers()[job.kind])
        try:
            with acting_as(job.user):
                result = handler(job, Progress(job)) or {}
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            job.report(status=Job.FAILED, errors=messages[:201], message="未导入：请改正后重新提交",
                       finished_at=timezone.now())
        except Exception:  # noqa: BLE001 - a job must end with a state the user can read
            log.exception("job %s (%s) failed", job.pk, job.kind)
            job.report(status=Job.FAILED, errors=[INTERNAL_ERROR], message="未完成", finished_at=timezone.now())
        else:
            job.report(status=Job.DONE, percent=100, message=str(result.get("message", "已完成"))[:200],
                       result_url=str(result.get("url", ""))[:300], finished_at=timezone.now())
        finally:
            _discard_input(job)
    finally:
        if in_worker:
            close_old_connections()


def _discard_input(job) -> None:
    from django.core.files.storage import default_storage

    if job.input_path:
        try:
            default_storage.delete(job.input_path)
        except OSError:
            pass


def file_key(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def submit(user, kind: str, label: str, *, org=None, params: dict | None = None, content: bytes | None = None,
           key: str = "", once: bool = True):
    """Queue a job for `user` (who alone sees it). The same submission (`key`: the form's one-time token, else
    the file's digest) while an earlier one is queued or running is not queued again: its job is returned — nor,
    with `once` (an import), after it is done. Returns (job, created)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from .models import Job
    from .registry import job_handlers

    if kind not in job_handlers():
        raise ValueError(kind)
    key = hashlib.sha256(f"{user.pk}:{kind}:{key or (file_key(content) if content else uuid.uuid4().hex)}"
                         .encode()).hexdigest()
    earlier = Job.objects.filter(user=user, kind=kind, key=key)
    existing = (earlier.exclude(status=Job.FAILED) if once
                else earlier.filter(status__in=[Job.QUEUED, Job.RUNNING])).first()
    if existing is not None:
        return existing, False
    path = ""
    if content is not None:
        path = default_storage.save(f"jobs/{timezone.localdate():%Y-%m}/{uuid.uuid4().hex}.bin", ContentFile(content))
    job = Job.new(kind=kind, label=label[:120], user=user, org=org, key=key, params=params or {}, input_path=path)
    queue()
    _run_task(job.pk)  # queued; in immediate mode (the test suite) run here and now
    job.refresh_from_db()
    return job, True


def read_input(job) -> bytes:
    from django.core.files.storage import default_storage

    with default_storage.open(job.input_path, "rb") as fh:
        return fh.read()


# -- the worker --------------------------------------------------------------------------------------------------

_workers: list[threading.Thread] = []
_stop = threading.Event()


def _loop(poll: float) -> None:
    q = queue()
    while not _stop.is_set():
        try:
            task = q.dequeue()
        except Exception:  # noqa: BLE001 - the queue's store was briefly unavailable
            log.exception("job queue unavailable")
            task = None
        if task is None:
            _stop.wait(poll)
            continue
        try:
            q.execute(task)
        except Exception:  # noqa: BLE001 - _run records failures itself; never let a worker thread die
            log.exception("job worker")


def start_workers(count: int | None = None, poll: float = 0.3) -> int:
    """Start `count` worker threads in this process (default `ZHENWU_JOB_WORKERS`, 2); returns how many run."""
    if count is None:
        count = int(os.environ.get("ZHENWU_JOB_WORKERS", "2") or 0)
    if queue().immediate:
        return 0
    _stop.clear()
    alive = [t for t in _workers if t.is_alive()]
    for i in range(len(alive), count):
        t = threading.Thread(target=_loop, args=(poll,), name=f"zhenwu-job-{i + 1}", daemon=True)
        t.start()
        alive.append(t)
    _workers[:] = alive
    return len(alive)


def stop_workers(timeout: float = 10) -> None:
    _stop.set()
    for t in _workers:
        t.join(timeout)
    _workers.clear()
