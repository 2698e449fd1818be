"""The plans API: read the lists as the pages show them, and create, edit, close and report progress through the
same actions (a stale version answers 409, bad input 400 with the Chinese message, nothing saved)."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from zhenwu.core.models import OrgUnit
from zhenwu.core.scope import CHANGE, get_scoped_or_404
from zhenwu.core.tables import with_display
from zhenwu.core.validators import EARLIEST_YEAR, LATEST_YEAR
from zhenwu.plans import actions
from zhenwu.plans.models import (
    Area,
    Candidate,
    Project,
    ProjectProgress,
    ProjectStage,
    SupervisionOrder,
    Task,
    TaskProgress,
    TaskSnapshot,
    TaskSource,
)
from zhenwu.plans.tables import CandidateTable, OrderTable, ProjectTable, SnapshotTable, TaskTable

router = Router(tags=["项目任务"])
YEAR = Query(None, ge=EARLIEST_YEAR, le=LATEST_YEAR)


class GoalOut(Schema):
    id: int
    quantity: Decimal
    unit: str
    what: str


class ProjectOut(Schema):
    id: int
    org_id: int
    year: int
    name: str
    category: str
    key: bool
    stage: str
    partner: str
    signed_amount: Decimal | None
    funds_in: Decimal | None
    signed_on: date | None
    planned_investment: Decimal | None
    year_plan: Decimal | None
    start: date | None
    end: date | None
    leader_id: int | None
    unit_id: int | None
    version: int
    progress_percent: Decimal | None
    done_total: Decimal
    goals: list[GoalOut] = []
    display: dict[str, str] = {}  # the list page's columns as it shows them (plans.tables.ProjectTable)

    @staticmethod
    def resolve_goals(obj):
        return list(obj.goals.all()) if isinstance(obj, Project) else obj.get("goals", [])


class GoalIn(Schema):
    quantity: Decimal = Field(...)
    unit: str = Field(..., max_length=16)
    what: str = Field(..., max_length=60)


class ProjectIn(Schema):
    """A new project at `org_code` (the user's unit or one below), or the new state of one (with `version`)."""

    org_code: str | None = Field(None, max_length=24)
    year: int = Field(..., ge=EARLIEST_YEAR, le=LATEST_YEAR)
    name: str = Field(..., max_length=120)
    category: Area = Area.PROJECTS
    key: bool = True
    stage: ProjectStage = ProjectStage.IDEA
    partner: str = Field("", max_length=120)
    signed_amount: Decimal | None = Field(None)
    funds_in: Decimal | None = Field(None)
    signed_on: date | None = None
    planned_investment: Decimal | None = Field(None)
    year_plan: Decimal | None = Field(None)
    start: date | None = None
    end: date | None = None
    leader_id: int | None = None
    unit_code: str | None = Field(None, max_length=24)
    content: str = Field("", max_length=4000)
    goals: list[GoalIn] | None = None
    version: int | None = None


class CloseIn(Schema):
    stage: ProjectStage
    version: int
    closed_on: date | None = None


class ProjectProgressIn(Schema):
    period: str = Field(..., max_length=7)
    investment_done: Decimal = Field(Decimal(0))
    percent: Decimal = Field(Decimal(0))
    stage: ProjectStage | None = None
    milestone: str = Field("", max_length=200)
    problems: str = Field("", max_length=4000)
    goals_done: dict[str, Decimal] | None = None  # goal line id → cumulative quantity


class ProgressOut(Schema):
    id: int
    period: str
    percent: Decimal


class TaskOut(Schema):
    id: int
    org_id: int
    parent_id: int | None
    year: int
    title: str
    area: str
    source: str
    leader_id: int | None
    unit_ids: list[int] = []
    deadline: date | None
    target: str
    commitment: str
    status: str
    supervised: bool
    score: Decimal | None
    version: int
    progress_percent: Decimal | None
    display: dict[str, str] = {}  # the list page's columns as it shows them (plans.tables.TaskTable)

    @staticmethod
    def resolve_unit_ids(obj):
        return [u.pk for u in obj.units.all()] if isinstance(obj, Task) else obj.get("unit_ids", [])


class TaskIn(Schema):
    org_code: str | None = Field(None, max_length=24)
    year: int = Field(..., ge=EARLIEST_YEAR, le=LATEST_YEAR)
    title: str = Field(..., max_length=120)
    area: Area = Area.ECONOMY
    source: TaskSource = TaskSource.TARGET
    leader_id: int | None = None
    unit_codes: list[str] = Field(default_factory=list, max_length=50)
    deadline: date | None = None
    target: str = Field("", max_length=4000)
    target_value: Decimal | None = Field(None)
    target_unit: str = Field("", max_length=16)
    commitment: str = Field("", max_length=4000)
    parent_id: int | None = None
    weight: Decimal = Field(Decimal(1))
    version: int | None = None


class TaskProgressIn(Schema):
    period: str = Field(..., max_length=7)
    percent: Decimal = Field(...)
    note: str = Field("", max_length=300)
    problems: str = Field("", max_length=4000)


class CandidateOut(Schema):
    id: int
    org_id: int
    year: int
    name: str
    quantity: Decimal | None
    unit: str
    budget: Decimal | None
    funding: str
    project_id: int | None
    display: dict[str, str] = {}


class CandidateIn(Schema):
    org_code: str | None = Field(None, max_length=24)
    year: int = Field(..., ge=EARLIEST_YEAR, le=LATEST_YEAR)
    name: str = Field(..., max_length=120)
    quantity: Decimal | None = Field(None)
    unit: str = Field("", max_length=16)
    budget: Decimal | None = Field(None)
    funding: str = Field("", max_length=60)
    content: str = Field("", max_length=4000)


class OrderOut(Schema):
    id: int
    org_id: int
    task_id: int
    assignee_id: int | None
    requirement: str
    issued_on: date
    due: date
    state: str
    feedback: str
    reply: str
    reminders: int
    version: int
    display: dict[str, str] = {}


class OrderIn(Schema):
    org_code: str = Field(..., max_length=24)
    assignee_id: int | None = None
    requirement: str = Field(..., max_length=4000)
    due: date


class FeedbackIn(Schema):
    feedback: str = Field(..., max_length=4000)
    version: int


class DecisionIn(Schema):
    decision: str = Field(..., pattern="^(close|return)$")
    reply: str = Field("", max_length=300)
    version: int


class SnapshotOut(Schema):
    id: int
    org_id: int
    task_id: int
    period: str
    title: str
    status: str
    percent: Decimal | None
    behind: bool
    rating: str
    comment: str
    display: dict[str, str] = {}


def _org(request, code: str | None):
    if not code:
        return request.org if getattr(request, "org", None) is not None else _first_unit(request.user)
    return get_scoped_or_404(OrgUnit.objects.all(), request.user, code=code)


def _first_unit(user):
    from zhenwu.core.scope import memberships

    held = memberships(user)
    if not held:
        raise ValidationError("请用 org_code 指明单位")
    return held[0].org


def _unit(request, code: str | None, required: bool = False):
    if not code:
        if required:
            raise ValidationError("单位代码不能为空")
        return None
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationError(f"单位代码“{code}”不存在")
    return unit


def _leader(pk):
    if pk is None:
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise ValidationError(f"用户 {pk} 不存在")
    return user


# -- projects -------------------------------------------------------------------------------------------------

@router.get("/projects", response=list[ProjectOut], summary="项目（按范围过滤，可限年度、阶段、领域、责任领导）")
def list_projects(request, year: int | None = YEAR, stage: ProjectStage | None = None, area: Area | None = None,
                  leader_id: int | None = None):
    qs = Project.objects.visible_to(request.user).select_related("org", "leader").prefetch_related("goals")
    if year:
        qs = qs.filter(year=year)
    if stage:
        qs = qs.filter(stage=stage)
    if area:
        qs = qs.filter(category=area)
    if leader_id:
        qs = qs.filter(leader_id=leader_id)
    return with_display(ProjectTable, qs, request)


@router.get("/projects/{pk}", response=ProjectOut)
def get_project(request, pk: int):
    return get_scoped_or_404(Project.objects.all(), request.user, pk=pk)


def _fill_project(request, project: Project, payload: ProjectIn) -> list | None:
    data = payload.dict(exclude={"org_code", "unit_code", "goals", "version", "leader_id"})
    for name, value in data.items():
        setattr(project, name, value)
    project.leader = _leader(payload.leader_id)
    project.unit = _unit(request, payload.unit_code)
    return [(g.quantity, g.unit, g.what) for g in payload.goals] if payload.goals is not None else None


@router.post("/projects", response={201: ProjectOut}, summary="新建项目（含招商在谈、签约项目）")
def create_project(request, payload: ProjectIn):
    project = Project(org=_org(request, payload.org_code))
    goals = _fill_project(request, project, payload)
    actions.save_project(request.user, project, goals=goals)
    return Status(201, project)


@router.put("/projects/{pk}", response={200: ProjectOut, 409: dict}, summary="修改项目（须带读取时的 version）")
def update_project(request, pk: int, payload: ProjectIn):
    project = get_scoped_or_404(Project.objects.all(), request.user, CHANGE, pk=pk)
    if payload.version is None:
        raise ValidationError("版本：修改须带上读取时的 version")
    goals = _fill_project(request, project, payload)
    actions.save_project(request.user, project, payload.version, goals=goals)
    return project


@router.post("/projects/{pk}/close", response={200: ProjectOut, 409: dict}, summary="办结项目（投产、竣工或终止）")
def close_project(request, pk: int, payload: CloseIn):
    project = get_scoped_or_404(Project.objects.all(), request.user, CHANGE, pk=pk)
    return actions.close_project(request.user, project, payload.stage, payload.version, payload.closed_on)


@router.post("/projects/{pk}/progress", response={201: ProgressOut}, summary="填报项目月度进度")
def project_progress(request, pk: int, payload: ProjectProgressIn):
    project = get_scoped_or_404(Project.objects.all(), request.user, pk=pk)
    progress = ProjectProgress(project=project, period=payload.period, investment_done=payload.investment_done,
                               percent=payload.percent, stage=payload.stage or "", milestone=payload.milestone,
                               problems=payload.problems)
    actions.save_progress(request.user, progress, goals_done=payload.goals_done)
    return Status(201, progress)


# -- tasks ----------------------------------------------------------------------------------------------------

@router.get("/tasks", response=list[TaskOut], summary="任务（责任清单）")
def list_tasks(request, year: int | None = YEAR, supervised: bool | None = None, source: TaskSource | None = None,
               leader_id: int | None = None):
    qs = Task.objects.visible_to(request.user).select_related("org", "leader").prefetch_related("units")
    if year:
        qs = qs.filter(year=year)
    if supervised is not None:
        qs = qs.filter(supervised=supervised)
    if source:
        qs = qs.filter(source=source)
    if leader_id:
        qs = qs.filter(leader_id=leader_id)
    return with_display(TaskTable, qs, request)


@router.get("/tasks/{pk}", response=TaskOut)
def get_task(request, pk: int):
    return get_scoped_or_404(Task.objects.all(), request.user, pk=pk)


def _fill_task(request, task: Task, payload: TaskIn) -> list:
    data = payload.dict(exclude={"org_code", "unit_codes", "version", "leader_id", "parent_id"})
    for name, value in data.items():
        setattr(task, name, value)
    task.leader = _leader(payload.leader_id)
    task.parent = get_scoped_or_404(Task.objects.all(), request.user, pk=payload.parent_id) \
        if payload.parent_id else None
    return [_unit(request, code, required=True) for code in payload.unit_codes]


@router.post("/tasks", response={201: TaskOut}, summary="新建任务并分派责任单位")
def create_task(request, payload: TaskIn):
    task = Task(org=_org(request, payload.org_code))
    units = _fill_task(request, task, payload)
    actions.save_task(request.user, task, units=units)
    return Status(201, task)


@router.put("/tasks/{pk}", response={200: TaskOut, 409: dict}, summary="修改任务（须带读取时的 version）")
def update_task(request, pk: int, payload: TaskIn):
    task = get_scoped_or_404(Task.objects.all(), request.user, CHANGE, pk=pk)
    if payload.version is None:
        raise ValidationError("版本：修改须带上读取时的 version")
    units = _fill_task(request, task, payload)
    actions.save_task(request.user, task, payload.version, units=units)
    return task


@router.post("/tasks/{pk}/progress", response={201: ProgressOut}, summary="填报任务进展")
def task_progress(request, pk: int, payload: TaskProgressIn):
    task = get_scoped_or_404(Task.objects.all(), request.user, pk=pk)
    progress = TaskProgress(task=task, period=payload.period, percent=payload.percent, note=payload.note,
                            problems=payload.problems)
    actions.save_progress(request.user, progress)
    return Status(201, progress)


@router.post("/tasks/{pk}/orders", response={201: OrderOut}, summary="督办：向责任单位下达督办单")
def create_order(request, pk: int, payload: OrderIn):
    task = get_scoped_or_404(Task.objects.all(), request.user, CHANGE, pk=pk)
    order = SupervisionOrder(task=task, org=_unit(request, payload.org_code), assignee=_leader(payload.assignee_id),
                             requirement=payload.requirement, due=payload.due)
    actions.issue_order(request.user, order)
    return Status(201, order)


# -- 项目库, 督办单, 季度督查 --------------------------------------------------------------------------------------

@router.get("/library", response=list[CandidateOut], summary="项目库")
def list_candidates(request, year: int | None = YEAR):
    qs = Candidate.objects.visible_to(request.user).select_related("org", "project")
    return with_display(CandidateTable, qs.filter(year=year) if year else qs, request)


@router.post("/library", response={201: CandidateOut}, summary="加入项目库")
def create_candidate(request, payload: CandidateIn):
    candidate = Candidate(org=_org(request, payload.org_code), **payload.dict(exclude={"org_code"}))
    actions.save_candidate(request.user, candidate)
    return Status(201, candidate)


@router.post("/library/{pk}/promote", response={201: ProjectOut}, summary="项目库项目转为项目")
def promote_candidate(request, pk: int):
    candidate = get_scoped_or_404(Candidate.objects.all(), request.user, CHANGE, pk=pk)
    return Status(201, actions.promote_candidate(request.user, candidate))


@router.get("/orders", response=list[OrderOut], summary="督办单（督查通报）")
def list_orders(request, state: str | None = None):
    qs = SupervisionOrder.objects.visible_to(request.user).select_related("org", "task")
    return with_display(OrderTable, qs.filter(state=state) if state else qs, request)


@router.get("/orders/{pk}", response=OrderOut)
def get_order(request, pk: int):
    return get_scoped_or_404(SupervisionOrder.objects.all(), request.user, pk=pk)


@router.post("/orders/{pk}/feedback", response={200: OrderOut, 409: dict}, summary="承办单位反馈")
def order_feedback(request, pk: int, payload: FeedbackIn):
    order = get_scoped_or_404(SupervisionOrder.objects.select_related("task", "org"), request.user, CHANGE, pk=pk)
    return actions.answer_order(request.user, order, payload.feedback, payload.version)


@router.post("/orders/{pk}/decide", response={200: OrderOut, 409: dict}, summary="督办单位办结或退回")
def order_decide(request, pk: int, payload: DecisionIn):
    order = get_scoped_or_404(SupervisionOrder.objects.select_related("task", "org"), request.user, pk=pk)
    if payload.decision == "close":
        return actions.close_order(request.user, order, payload.reply, payload.version)
    return actions.return_order(request.user, order, payload.reply, payload.version)


@router.get("/snapshots", response=list[SnapshotOut], summary="季度督查留存")
def list_snapshots(request, period: str | None = None):
    qs = TaskSnapshot.objects.visible_to(request.user).select_related("org")
    return with_display(SnapshotTable, qs.filter(period=period) if period else qs, request)
