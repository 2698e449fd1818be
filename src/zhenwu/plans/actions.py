"""Every write to plans: projects and their goal lines, the 项目库, tasks, monthly progress, 督办单, quarterly
snapshots, year-end scores and the year-plan import (pages, API, the import job, the CLI and the demo).

Edits are optimistic: a record carries a version, and a save fails with a ConflictError (409 in the API) if
someone saved it since the version the user read. Assignments, reminders and returns notify (`core.notify`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhenwu.core import actions
from zhenwu.core.audit import acting_as, log_links
from zhenwu.core.models import Membership
from zhenwu.core.notify import notify
from zhenwu.core.periods import Period, PeriodError
from zhenwu.core.roles import Role, roles_on
from zhenwu.core.scope import CHANGE, user_can
from zhenwu.core.validators import ConflictError

from .models import (
    CLOSED_STAGES,
    Candidate,
    GoalLine,
    OrderState,
    Project,
    ProjectProgress,
    ProjectStage,
    SupervisionOrder,
    Task,
    TaskProgress,
    TaskSnapshot,
    TaskStatus,
)


def _by(user):
    return user if user is not None and user.pk else None


def _check_unit(user, unit, what: str = "责任单位", field: str = "unit") -> None:
    """A responsible unit the user may act for; otherwise a field error (nothing is saved)."""
    if unit is not None and user is not None and not user_can(user, CHANGE, unit):
        raise ValidationError({field: f"{what}：“{unit.name}”不在您的管辖范围内"})


def _bump(obj, expected_version: int | None) -> None:
    """Compare-and-swap on the version (inside the caller's transaction); `None` skips the check (system)."""
    model = type(obj)
    if expected_version is None:
        expected_version = model.objects.filter(pk=obj.pk).values_list("version", flat=True).first() or 1
    if not model.objects.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1):
        current = model.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise ConflictError(
            f"保存失败：该记录已被他人修改（您编辑的是第 {expected_version} 版，当前为第 {current} 版）。"
            "请刷新页面查看最新内容后再修改，您的修改未保存。",
            code="conflict",
        )
    obj.version = expected_version + 1


def _save_versioned(user, obj, expected_version: int | None, after=None):
    actions.authorize(user, obj)
    if obj.pk:
        actions.require(user, CHANGE, type(obj).objects.get(pk=obj.pk).org)  # where it was, not where a form says
    actions.validate(obj)
    with transaction.atomic(), acting_as(user):
        if obj.pk:
            _bump(obj, obj.version if expected_version is None and user is not None else expected_version)
        else:
            obj.version = 1
        obj.save()
        if after is not None:
            after()
    return obj


# -- projects -------------------------------------------------------------------------------------------------

def save_project(user, project: Project, expected_version: int | None = None, goals: list | None = None) -> Project:
    """Create or edit a project; `goals` [(quantity, unit, what)] replaces its goal lines when given."""
    _check_unit(user, project.unit)
    if project.stage in CLOSED_STAGES and not project.closed_on:
        project.closed_on = timezone.localdate()
    elif project.stage not in CLOSED_STAGES:
        project.closed_on = None
    lines = []
    errors = []
    for i, (quantity, unit, what) in enumerate(goals or [], start=1):
        line = GoalLine(project=project, org=project.org, quantity=quantity, unit=unit, what=what, order=i)
        try:
            actions.validate(line, exclude=["project"])
        except ValidationError as exc:
            errors += [f"第 {i} 条年度目标：{m}" for m in exc.messages]
        lines.append(line)
    if errors:
        raise ValidationError(errors)

    def replace_goals():
        if goals is not None:
            for old in project.goals.all():
                old.delete()
            for line in lines:
                line.project = project
                line.save()

    return _save_versioned(user, project, expected_version, replace_goals)


def close_project(user, project: Project, stage: str, expected_version: int | None = None,
                  closed_on: dt.date | None = None) -> Project:
    if stage not in CLOSED_STAGES:
        raise ValidationError("办结时阶段应为投产、竣工或终止")
    project.stage, project.closed_on = stage, closed_on or timezone.localdate()
    return save_project(user, project, expected_version)


def save_candidate(user, candidate: Candidate) -> Candidate:
    return actions.save(user, candidate)


def promote_candidate(user, candidate: Candidate) -> Project:
    """项目库 → 项目 in one step: a project of the candidate's year at stage 谋划, its budget as planned
    investment, its scale as the first goal line."""
    actions.require(user, CHANGE, candidate.org)
    if candidate.project_id:
        raise ValidationError(f"“{candidate.name}”已转为项目")
    project = Project(org=candidate.org, year=candidate.year, name=candidate.name, category=candidate.category,
                      planned_investment=candidate.budget, year_plan=candidate.budget, stage=ProjectStage.IDEA,
                      content=candidate.content, start=dt.date(candidate.year, 1, 1),
                      end=dt.date(candidate.year, 12, 31))
    goals = [(candidate.quantity, candidate.unit or "项", candidate.name[:60])] if candidate.quantity else []
    with transaction.atomic():
        save_project(user, project, goals=goals)
        candidate.project = project
        actions.save(user, candidate)
    return project


def delete_candidate(user, candidate: Candidate) -> None:
    actions.delete(user, candidate)


# -- tasks ----------------------------------------------------------------------------------------------------

def _unit_users(units) -> list:
    return list(Membership.objects.filter(org__in=units).values_list("user_id", flat=True))


def save_task(user, task: Task, expected_version: int | None = None, units=None) -> Task:
    """Create or edit a task; `units` (org units, 包保) replaces its responsible units when given. The lead
    leader and the users of newly assigned units are notified."""
    errors = []
    for unit in units or []:
        if task.org_id and not unit.code.startswith(task.org.code):
            errors.append(f"责任单位“{unit.name}”不是{task.org.name}或其下级单位")
        elif not user_can(user, CHANGE, unit) if user is not None else False:
            errors.append(f"责任单位“{unit.name}”不在您的管辖范围内")
    if errors:
        raise ValidationError({"units": errors})
    new = task.pk is None
    old_leader = None if new else Task.objects.filter(pk=task.pk).values_list("leader_id", flat=True).first()
    before = set() if new else set(task.units.values_list("pk", flat=True))

    def assign():
        if units is not None:
            task.units.set(units)
            log_links(task, "units", before, [u.pk for u in units])
        added = [u for u in (units or []) if u.pk not in before]
        link = task.get_absolute_url()
        if added:
            notify(_unit_users(added), f"新任务：{task.title}（{task.year}年，{task.get_source_display()}）", link)
        if task.leader_id and task.leader_id != old_leader and task.leader_id != getattr(user, "pk", None):
            notify([task.leader_id], f"您牵头的任务：{task.title}", link)

    return _save_versioned(user, task, expected_version, assign)


def set_score(user, task: Task, score: Decimal | None, expected_version: int | None = None) -> Task:
    task.score = score
    return save_task(user, task, expected_version)


# -- monthly progress -----------------------------------------------------------------------------------------

def store_photo(upload) -> str:
    """A photo checked by `ledgers.fields.UploadField(photo=True)`: stored under plans/<yyyy-mm>/."""
    name = f"plans/{timezone.localdate():%Y-%m}/{uuid.uuid4().hex}.{upload.zhenwu_ext}"
    return default_storage.save(name, upload)


def _may_report(user, item) -> None:
    """The item's unit, or one of the units responsible for it, reports its progress."""
    if user is None or user_can(user, CHANGE, item.org):
        return
    units = item.units.all() if isinstance(item, Task) else [item.unit] if item.unit_id else []
    if not any(user_can(user, CHANGE, u) for u in units):
        raise PermissionDenied("只有责任单位可以填报进度")


def save_progress(user, progress: ProjectProgress | TaskProgress, goals_done: dict | None = None, photo=None):
    """A month's progress belongs to its project's or task's unit; a month reported again is replaced.
    `goals_done` {goal line id: cumulative quantity} for a project; `photo` a checked upload."""
    item = getattr(progress, progress.item_field)
    _may_report(user, item)
    progress.org = item.org
    if goals_done is not None and isinstance(progress, ProjectProgress):
        lines = {g.pk: g for g in item.goals.all()}
        clean, errors = {}, []
        for key, value in goals_done.items():
            line = lines.get(int(key)) if str(key).isdigit() else None
            if line is None:
                errors.append("年度目标不属于该项目")
                continue
            if value in (None, ""):
                continue
            value = Decimal(str(value))
            if not value.is_finite() or value < 0:
                errors.append(f"“{line}”的完成量不能为负数")
            clean[str(line.pk)] = str(value)
        if errors:
            raise ValidationError({"goals_done": errors})
        progress.goals_done = clean
    if isinstance(progress, ProjectProgress) and not progress.stage:
        progress.stage = item.stage  # each month records the stage it ended in: the stage as of any period
    actions.validate(progress, exclude=[progress.item_field])
    existing = type(progress).objects.filter(**{progress.item_field: item, "period": progress.period}).first()
    if existing is not None and existing.pk != progress.pk:
        progress.pk, progress.id = existing.pk, existing.pk
        if not photo and not progress.photo:
            progress.photo = existing.photo
    with transaction.atomic(), acting_as(user):
        if photo:
            progress.photo = store_photo(photo)
        progress.save()
        if isinstance(progress, ProjectProgress) and progress.stage and progress.stage != item.stage \
                and progress.period >= (item.progress.exclude(pk=progress.pk).order_by("-period")
                                        .values_list("period", flat=True).first() or ""):
            item.stage = progress.stage
            if item.stage in CLOSED_STAGES and not item.closed_on:
                item.closed_on = Period.parse(progress.period).end
            item.version += 1
            item.save()
        if isinstance(progress, TaskProgress) and progress.percent >= 100 and item.status == TaskStatus.OPEN:
            item.status = TaskStatus.DONE
            item.version += 1
            item.save()
    return progress


def refresh_bound_progress(user, task: Task, period: str) -> TaskProgress | None:
    """A task bound to an indicator or a ledger figure: its month's progress computed from that figure."""
    from .binding import bound_value

    value = bound_value(task, period)
    if value is None or not task.target_value:
        return None
    percent = min(Decimal(100), (value * 100 / task.target_value).quantize(Decimal("0.1")))
    unit = task.target_unit
    return save_progress(user, TaskProgress(task=task, period=period, percent=percent,
                                            note=f"自动计算：完成{value.normalize():f}{unit}，目标{task.target_value.normalize():f}{unit}"))


# -- supervision ----------------------------------------------------------------------------------------------

def issue_order(user, order: SupervisionOrder) -> SupervisionOrder:
    """督办: the task's unit issues an order to a responsible unit; the task is flagged 督办 and the assignee,
    the unit's users and the lead leader are told."""
    task = order.task
    actions.require(user, CHANGE, task.org, "只有任务所属单位可以督办")
    _check_unit(user, order.org, "承办单位", "org")
    order.issued_by = _by(user)
    order.state = OrderState.PENDING
    actions.validate(order, exclude=["task"])
    with transaction.atomic(), acting_as(user):
        order.save()
        if not task.supervised:
            task.supervised = True
            task.version += 1
            task.save()
    notify([order.assignee_id, task.leader_id, *_unit_users([order.org])],
           f"督办单：{task.title}，请于{order.due:%m月%d日}前反馈", order.get_absolute_url())
    return order


def answer_order(user, order: SupervisionOrder, feedback: str, expected_version: int | None = None):
    """反馈 by the responsible unit."""
    actions.require(user, CHANGE, order.org, "只有承办单位可以反馈")
    if order.state not in (OrderState.PENDING, OrderState.RETURNED):
        raise ValidationError(f"督办单已{order.get_state_display()}，不能再反馈")
    if not (feedback or "").strip():
        raise ValidationError({"feedback": "反馈情况：请填写反馈内容"})
    order.feedback, order.state, order.answered_at = feedback.strip(), OrderState.ANSWERED, timezone.now()
    _save_versioned(user, order, expected_version)
    notify([order.issued_by_id], f"已反馈：{order.task.title}（{order.org.name}）", order.get_absolute_url())
    return order


def _decide(user, order, state, reply, expected_version):
    actions.require(user, CHANGE, order.task.org, "只有督办单位可以办结或退回")
    if order.state != OrderState.ANSWERED:
        raise ValidationError(f"督办单{order.get_state_display()}，须先由承办单位反馈")
    order.state, order.reply = state, (reply or "").strip()
    order.closed_on = timezone.localdate() if state == OrderState.CLOSED else None
    return _save_versioned(user, order, expected_version)


def close_order(user, order, reply: str = "", expected_version: int | None = None):
    return _decide(user, order, OrderState.CLOSED, reply, expected_version)


def return_order(user, order, reply: str, expected_version: int | None = None):
    if not (reply or "").strip():
        raise ValidationError({"reply": "办结/退回意见：退回须写明理由"})
    _decide(user, order, OrderState.RETURNED, reply, expected_version)
    notify([order.assignee_id, *_unit_users([order.org])], f"督办反馈被退回：{order.task.title}——{order.reply}",
           order.get_absolute_url())
    return order


def remind_overdue(user, org=None, today: dt.date | None = None) -> int:
    """催办: every overdue order (not yet answered, past its due date) not reminded today gets a reminder."""
    today = today or timezone.localdate()
    qs = SupervisionOrder.objects.filter(state__in=[OrderState.PENDING, OrderState.RETURNED], due__lt=today) \
        .exclude(reminded_on=today).select_related("task", "org")
    if org is not None:
        actions.require(user, CHANGE, org)
        qs = qs.within(org)
    n = 0
    for order in qs:
        with transaction.atomic(), acting_as(user):
            order.reminders += 1
            order.reminded_on = today
            order.save()
        notify([order.assignee_id, *_unit_users([order.org])],
               f"催办（第{order.reminders}次）：{order.task.title}，反馈时限{order.due:%Y-%m-%d}已过",
               order.get_absolute_url())
        n += 1
    return n


# -- quarterly snapshots and year-end scores ------------------------------------------------------------------

def take_snapshots(user, org, period: str) -> int:
    """Freeze the state of every task of `org`'s subtree for the quarter `period` (tasks of that year); a task
    already frozen for the quarter keeps its snapshot. Returns how many were taken."""
    actions.require(user, CHANGE, org)
    try:
        p = Period.parse(period)
    except PeriodError as e:
        raise ValidationError(str(e)) from None
    if p.kind != "quarter":
        raise ValidationError("季度督查按季度留存，请写作 2024Q1")
    taken = set(TaskSnapshot.objects.within(org).filter(period=p.code).values_list("task_id", flat=True))
    tasks = Task.objects.within(org).filter(year=p.year).exclude(pk__in=taken).select_related("org")
    now, n = timezone.now(), 0
    with transaction.atomic(), acting_as(user):
        for task in tasks:
            percent = task.percent_as_of(p)
            open_orders = task.orders.exclude(state=OrderState.CLOSED).count()
            snap = TaskSnapshot(task=task, org=task.org, period=p.code, title=task.title, status=task.status,
                                percent=percent, behind=task.behind_schedule(min(p.end, timezone.localdate())),
                                open_orders=open_orders, taken_at=now)
            actions.validate(snap, exclude=["task"])
            snap.save()
            n += 1
    return n


def rate_snapshot(user, snapshot: TaskSnapshot, rating: str, comment: str = "") -> TaskSnapshot:
    """The inspector's rating and comment; the frozen state itself is never changed (the model refuses)."""
    if user is not None and not (user_can(user, CHANGE, snapshot.org)
                                 or roles_on(user, snapshot.org) & {Role.INSPECTOR, Role.LEADER}):
        raise PermissionDenied("只有督查人员或本单位可以评价")
    snapshot.rating, snapshot.comment, snapshot.rated_by = rating, (comment or "").strip(), _by(user)
    actions.validate(snapshot, exclude=["task"])
    with transaction.atomic(), acting_as(user):
        snapshot.save()
    return snapshot


# -- the year-plan import -------------------------------------------------------------------------------------

def import_plan(user, org, parsed: list[tuple[int, dict]]) -> tuple[int, int]:
    """Rows read by `plans.excel.read_plan`: every row saved, or none. Raises ValidationError with one
    "第 N 行：…" message per bad line. Returns (projects, tasks) saved."""
    from zhenwu.core.excel import capped

    from .excel import build

    actions.require(user, CHANGE, org, f"您的角色无权为{org.name}导入年度计划")
    errors, projects, tasks, titles = [], 0, 0, {}
    with transaction.atomic():
        for line, row, record in build(org, parsed):
            problems = list(row["problems"])
            if not problems:
                try:
                    if isinstance(record, Project):
                        save_project(user, record, goals=row["goals"])
                        projects += 1
                    else:
                        if row["parent"]:
                            parent = titles.get((row["year"], row["parent"])) or Task.objects.within(org).filter(
                                year=row["year"], title=row["parent"]).first()
                            if parent is None:
                                raise ValidationError(f"上级任务“{row['parent']}”不在本表前面各行，也不在系统中")
                            record.parent = parent
                        save_task(user, record, units=row["units"])
                        titles[(row["year"], record.title)] = record
                        tasks += 1
                except ValidationError as exc:
                    problems += exc.messages
                except PermissionDenied as exc:
                    problems.append(str(exc))
            if problems:
                errors.append(f"第 {line} 行：" + "；".join(dict.fromkeys(problems)))
        if errors:
            raise ValidationError(capped(errors))
        if not projects and not tasks:
            raise ValidationError("表中没有数据行")
    return projects, tasks
