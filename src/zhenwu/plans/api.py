from datetime import date
from decimal import Decimal

from ninja import Query, Router, Schema

from zhenwu.core.scope import get_scoped_or_404
from zhenwu.core.tables import with_display
from zhenwu.core.validators import EARLIEST_YEAR, LATEST_YEAR
from zhenwu.plans.models import Project, Task
from zhenwu.plans.tables import ProjectTable, TaskTable

router = Router(tags=["项目任务"])


class ProjectOut(Schema):
    id: int
    org_id: int
    year: int
    name: str
    category: str
    key: bool
    planned_investment: Decimal | None
    year_plan: Decimal | None
    start: date | None
    end: date | None
    status: str
    progress_percent: Decimal | None
    display: dict[str, str] = {}  # the list page's columns as it shows them (plans.tables.ProjectTable)


class TaskOut(Schema):
    id: int
    org_id: int
    parent_id: int | None
    year: int
    title: str
    area: str
    source: str
    unit: str
    deadline: date | None
    status: str
    supervised: bool
    score: Decimal | None
    progress_percent: Decimal | None
    display: dict[str, str] = {}  # the list page's columns as it shows them (plans.tables.TaskTable)


@router.get("/projects", response=list[ProjectOut], summary="项目（按范围过滤，可限年度）")
def list_projects(request, year: int | None = Query(None, ge=EARLIEST_YEAR, le=LATEST_YEAR)):
    qs = Project.objects.visible_to(request.user).select_related("org")
    return with_display(ProjectTable, qs.filter(year=year) if year else qs, request)


@router.get("/projects/{pk}", response=ProjectOut)
def get_project(request, pk: int):
    return get_scoped_or_404(Project.objects.all(), request.user, pk=pk)


@router.get("/tasks", response=list[TaskOut], summary="任务（责任清单）")
def list_tasks(request, year: int | None = Query(None, ge=EARLIEST_YEAR, le=LATEST_YEAR),
               supervised: bool | None = None):
    qs = Task.objects.visible_to(request.user)
    if year:
        qs = qs.filter(year=year)
    if supervised is not None:
        qs = qs.filter(supervised=supervised)
    return with_display(TaskTable, qs, request)
