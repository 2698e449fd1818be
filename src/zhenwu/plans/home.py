"""The plans' part of each role's home: a village's tasks, supervised (督办) tasks for stations and readers."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhenwu.core.roles import READER_HOME, STATION_HOME, VILLAGE_HOME

from .models import Task, TaskStatus

ROWS = 12


def _row(t, today) -> dict:
    late = t.status == TaskStatus.OVERDUE or bool(t.deadline and t.deadline < today and t.status == TaskStatus.OPEN)
    note = f"{t.org.name} · {t.get_status_display()}"
    if t.deadline:
        note += f" · 时限 {t.deadline:%Y-%m-%d}"
    return {"label": t.title, "url": t.get_absolute_url(), "note": note, "alert": late}


def _open(request):
    return (Task.objects.visible_to(request.user, within=request.org)
            .filter(year=request.period.year, status__in=[TaskStatus.OPEN, TaskStatus.OVERDUE])
            .select_related("org").order_by(F("deadline").asc(nulls_last=True), "order", "pk"))


def panels(request, home: str) -> list[dict]:
    today, year = timezone.localdate(), request.period.year
    out = []
    if home == VILLAGE_HOME:
        out.append({"title": f"本村任务 · {year}年", "order": 15, "id": "my-tasks",
                    "rows": [_row(t, today) for t in _open(request)[:ROWS]], "empty": f"{year}年暂无未完成的任务",
                    "more": f"{reverse('task_list')}?year={year}"})
    if home in (STATION_HOME, READER_HOME):
        out.append({"title": f"督办事项 · {year}年", "order": 25, "id": "supervised",
                    "rows": [_row(t, today) for t in _open(request).filter(supervised=True)[:ROWS]],
                    "empty": f"{year}年暂无未完成的督办事项",
                    "more": f"{reverse('task_list')}?year={year}&supervised=true"})
    return out
