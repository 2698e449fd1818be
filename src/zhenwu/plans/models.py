"""Key projects with monthly progress, and the responsibility list (tasks) with progress reports.

Progress rolls up like Decidim accountability: a project or task with children reports the weighted mean
of its children's progress; a leaf reports its latest progress record.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from zhenwu.core.models import OrgScopedModel
from zhenwu.core.periods import MONTH, Period, PeriodError
from zhenwu.core.text import NOTE_MAX_CHARS
from zhenwu.core.validators import plausible_date, plausible_year, text_cap

MONEY = {"max_digits": 18, "decimal_places": 2}


class Area(models.TextChoices):
    """Work areas, in the order the reports of the corpus write about them."""

    PARTY = "party", "党建"
    ECONOMY = "economy", "经济发展"
    PROJECTS = "projects", "项目建设"
    SAFETY = "safety", "安全生产"
    STABILITY = "stability", "平安建设"
    GOVERNANCE = "governance", "基层治理"
    ECOLOGY = "ecology", "生态环境"
    LIVELIHOOD = "livelihood", "民生福祉"
    REVITALIZATION = "revitalization", "乡村振兴"
    GOVERNMENT = "government", "自身建设"


class ProjectStage(models.TextChoices):
    """The pipeline 谋划 → 在谈 → 签约 → 在建 → 投产/竣工, with 暂停 and 终止: 招商引资 is a project in its early stages."""

    IDEA = "idea", "谋划"
    TALKS = "talks", "在谈"
    SIGNED = "signed", "签约"
    BUILDING = "building", "在建"
    OPERATING = "operating", "投产"
    COMPLETED = "completed", "竣工"
    PAUSED = "paused", "暂停"
    STOPPED = "stopped", "终止"


CLOSED_STAGES = (ProjectStage.OPERATING, ProjectStage.COMPLETED, ProjectStage.STOPPED)
# Stages that count as 招商 signed (a signed project stays signed when it is built).
SIGNED_STAGES = (ProjectStage.SIGNED, ProjectStage.BUILDING, ProjectStage.OPERATING, ProjectStage.COMPLETED)


def _leader_fk(label: str):
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=label)


def _unit_fk(label: str, related_name: str):
    return models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name=related_name, verbose_name=label)


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def positive(value) -> None:
    if value is not None and value < 0:
        raise ValidationError("不能为负数")


class Project(OrgScopedModel):
    year = models.PositiveSmallIntegerField("年度", validators=[plausible_year])
    name = models.CharField("项目名称", max_length=120)
    category = models.CharField("类别", max_length=16, choices=Area.choices, default=Area.PROJECTS)
    key = models.BooleanField("重点项目", default=True)
    planned_investment = models.DecimalField("计划总投资（元）", **MONEY, null=True, blank=True)
    year_plan = models.DecimalField("年度计划投资（元）", **MONEY, null=True, blank=True)
    start = models.DateField("开工日期", null=True, blank=True, validators=[plausible_date])
    end = models.DateField("计划完工日期", null=True, blank=True, validators=[plausible_date])
    stage = models.CharField("阶段", max_length=12, choices=ProjectStage.choices, default=ProjectStage.BUILDING)
    partner = models.CharField("合作企业", max_length=120, blank=True)
    signed_amount = models.DecimalField("签约金额（元）", **MONEY, null=True, blank=True, validators=[positive])
    funds_in = models.DecimalField("到位资金（元）", **MONEY, null=True, blank=True, validators=[positive])
    signed_on = models.DateField("签约日期", null=True, blank=True, validators=[plausible_date])
    leader = _leader_fk("责任领导")
    unit = _unit_fk("责任单位", "led_projects")
    lead = models.CharField("责任领导/单位（文字）", max_length=64, blank=True)
    content = models.TextField("建设内容", blank=True, validators=[text_cap(NOTE_MAX_CHARS)])
    closed_on = models.DateField("办结日期", null=True, blank=True, validators=[plausible_date])
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="上级项目"
    )
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=Decimal(1))
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["-year", "org__code", "id"]
        verbose_name = "项目"
        verbose_name_plural = "项目"

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("project_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": "计划完工日期不能早于开工日期"})
        for name in ("planned_investment", "year_plan"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValidationError({name: "投资额不能为负数"})
        if self.parent_id and self.parent.org_id != self.org_id:
            raise ValidationError({"parent": "上级项目须属于同一单位"})
        if self.unit_id and self.org_id and not self.unit.code.startswith(self.org.code):
            raise ValidationError({"unit": f"责任单位“{self.unit.name}”不是{self.org.name}或其下级单位"})

    @property
    def progress_percent(self) -> Decimal | None:
        return rolled_up_percent(self)

    def percent_as_of(self, period) -> Decimal | None:
        return rolled_up_percent(self, period)

    def stage_as_of(self, period) -> str:
        """The stage label at the end of `period`: the last stage a monthly report recorded by then, else the
        project's stage if it had started by then, else 谋划."""
        last = _last_month(period)
        recorded = (self.progress.filter(period__lte=last).exclude(stage="").order_by("-period")
                    .values_list("stage", flat=True).first())
        if recorded:
            return ProjectStage(recorded).label
        if self.start and self.start > Period.parse(last).end:
            return ProjectStage.IDEA.label
        if self.closed_on and self.closed_on > Period.parse(last).end and self.stage in CLOSED_STAGES:
            return ProjectStage.BUILDING.label
        return self.get_stage_display()

    @property
    def leader_name(self) -> str:
        return person(self.leader) or self.lead

    @property
    def done_total(self) -> Decimal:
        return self.investment_done()

    def investment_done(self, period=None) -> Decimal:
        """Investment done from the project's start to the end of `period` (all of it without a period)."""
        qs = self.progress.all()
        if period is not None:
            qs = qs.filter(period__lte=_last_month(period))
        return qs.aggregate(s=models.Sum("investment_done"))["s"] or Decimal(0)

    def months(self) -> tuple[str, str] | None:
        """The first and last month progress may be reported for: start to end (or closing) date."""
        if not self.start:
            return None
        end = self.closed_on or self.end
        return f"{self.start:%Y-%m}", (f"{end:%Y-%m}" if end else "9999-12")

    def behind_schedule(self, today=None) -> bool:
        """Cumulative progress is more than 10 points behind the share of the project's time already elapsed."""
        return _behind(self.start, self.end, rolled_up_percent(self), today)


class GoalLine(OrgScopedModel):
    """A year goal of a project, as the reports write it: "600 亩 淫羊藿基地"."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="goals", verbose_name="项目")
    quantity = models.DecimalField("数量", max_digits=14, decimal_places=2, validators=[positive])
    unit = models.CharField("计量单位", max_length=16)
    what = models.CharField("内容", max_length=60)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"

    def __str__(self) -> str:
        return f"{_num(self.quantity)}{self.unit}{self.what}"

    def save(self, *args, **kwargs):
        self.org_id = self.project.org_id
        super().save(*args, **kwargs)


class Candidate(OrgScopedModel):
    """项目库: a candidate project for a coming year, promoted to a project in one step."""

    year = models.PositiveSmallIntegerField("年度", validators=[plausible_year])
    name = models.CharField("项目名称", max_length=120)
    quantity = models.DecimalField("建设规模", max_digits=14, decimal_places=2, null=True, blank=True,
                                   validators=[positive])
    unit = models.CharField("计量单位", max_length=16, blank=True)
    budget = models.DecimalField("概算投资（元）", **MONEY, null=True, blank=True, validators=[positive])
    funding = models.CharField("资金来源", max_length=60, blank=True)
    content = models.TextField("建设内容", blank=True, validators=[text_cap(NOTE_MAX_CHARS)])
    category = models.CharField("类别", max_length=16, choices=Area.choices, default=Area.PROJECTS)
    project = models.OneToOneField(Project, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="candidate", verbose_name="已转为项目")

    class Meta:
        ordering = ["-year", "org__code", "id"]
        verbose_name = "项目库项目"
        verbose_name_plural = "项目库"

    def __str__(self) -> str:
        return f"{self.year}年项目库 {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("candidate_edit", args=[self.pk])

    @property
    def scale(self) -> str:
        return f"{_num(self.quantity)}{self.unit}" if self.quantity is not None else ""


class MonthlyProgress(OrgScopedModel):
    """One month's progress of a project or task (`item_field` names it); it belongs to the item's org."""

    item_field = ""
    period = models.CharField("月份", max_length=7, help_text="如 2023-06")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.item_field)} {self.period}"

    def clean(self) -> None:
        _check_month(self)
        _check_percent(self.percent)
        if getattr(self, "investment_done", None) is not None and self.investment_done < 0:
            raise ValidationError({"investment_done": "完成投资不能为负数"})
        item = getattr(self, self.item_field)
        span = item.months()
        if span and not span[0] <= self.period <= span[1]:
            raise ValidationError({"period": f"{self.period} 不在{item}的实施期（{span[0]} 至 "
                                             f"{'今后' if span[1] == '9999-12' else span[1]}）内"})

    def save(self, *args, **kwargs):
        self.org_id = getattr(self, self.item_field).org_id
        super().save(*args, **kwargs)


class ProjectProgress(MonthlyProgress):
    """What a project did in one month: investment completed that month (元), cumulative percent, milestone,
    the goal lines' cumulative completion ({goal id: quantity}), problems, a photo, and the stage reached."""

    item_field = "project"
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress", verbose_name="项目")
    investment_done = models.DecimalField("本月完成投资（元）", **MONEY, default=Decimal(0))
    percent = models.DecimalField("累计形象进度（%）", max_digits=5, decimal_places=1, default=Decimal(0))
    milestone = models.CharField("节点/进展", max_length=200, blank=True)
    stage = models.CharField("阶段", max_length=12, choices=ProjectStage.choices, blank=True)
    goals_done = models.JSONField("年度目标完成量", default=dict, blank=True)
    problems = models.TextField("存在问题", blank=True, validators=[text_cap(NOTE_MAX_CHARS)])
    photo = models.CharField("现场照片", max_length=200, blank=True)

    class Meta:
        ordering = ["project", "period"]
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="uniq_project_progress_month")]
        verbose_name = "项目进度"
        verbose_name_plural = "项目进度"


class TaskSource(models.TextChoices):
    TARGET = "target", "目标任务"
    SECRETARY = "secretary", "书记项目"
    LIVELIHOOD = "livelihood", "民生实事"
    ASSIGNED = "assigned", "上级交办"


class Binding(models.TextChoices):
    """Where a task's progress comes from when it is not reported by hand."""

    NONE = "", "手工填报"
    INDICATOR = "indicator", "指标数值"
    LEDGER = "ledger", "台账件数"


class TaskStatus(models.TextChoices):
    OPEN = "open", "推进中"
    DONE = "done", "已完成"
    OVERDUE = "overdue", "逾期"
    DROPPED = "dropped", "已撤销"


class Task(OrgScopedModel):
    year = models.PositiveSmallIntegerField("年度", validators=[plausible_year])
    title = models.CharField("任务", max_length=120)
    area = models.CharField("工作领域", max_length=16, choices=Area.choices, default=Area.ECONOMY)
    source = models.CharField("来源", max_length=12, choices=TaskSource.choices, default=TaskSource.TARGET)
    leader = _leader_fk("牵头领导")
    units = models.ManyToManyField("core.OrgUnit", blank=True, related_name="plan_tasks", verbose_name="责任单位（包保）")
    lead = models.CharField("责任领导（文字）", max_length=64, blank=True)
    unit = models.CharField("责任单位（文字）", max_length=64, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True, validators=[plausible_date])
    target = models.TextField("目标要求", blank=True, validators=[text_cap(NOTE_MAX_CHARS)])
    target_value = models.DecimalField("量化目标", max_digits=18, decimal_places=2, null=True, blank=True,
                                       validators=[positive])
    target_unit = models.CharField("目标计量单位", max_length=16, blank=True)
    commitment = models.TextField("公开承诺", blank=True, validators=[text_cap(NOTE_MAX_CHARS)])
    binding = models.CharField("进度来源", max_length=12, choices=Binding.choices, blank=True, default="")
    indicator_code = models.CharField("关联指标代码", max_length=48, blank=True)
    ledger_kind = models.CharField("关联台账类型", max_length=48, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    supervised = models.BooleanField("督办", default=False)
    score = models.DecimalField("年终考核得分", max_digits=5, decimal_places=1, null=True, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="上级任务"
    )
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=Decimal(1))
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["-year", "org__code", "order", "id"]
        verbose_name = "任务"
        verbose_name_plural = "任务"

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("task_detail", args=[self.pk])

    def clean(self) -> None:
        if self.deadline and self.year and self.deadline.year < self.year:
            raise ValidationError({"deadline": "完成时限不能早于任务所属年度"})
        if self.score is not None and not Decimal(0) <= self.score <= Decimal(100):
            raise ValidationError({"score": "考核得分应在 0–100 之间"})
        if self.parent_id and self.parent.org_id != self.org_id:
            raise ValidationError({"parent": "上级任务须属于同一单位"})
        if self.binding == Binding.INDICATOR and not self.indicator_code:
            raise ValidationError({"indicator_code": "进度来源为指标数值时须填写关联指标代码"})
        if self.binding == Binding.LEDGER and not self.ledger_kind:
            raise ValidationError({"ledger_kind": "进度来源为台账件数时须填写关联台账类型"})
        if self.binding and not self.target_value:
            raise ValidationError({"target_value": "自动计算进度须填写量化目标"})

    @property
    def progress_percent(self) -> Decimal | None:
        return rolled_up_percent(self)

    def percent_as_of(self, period) -> Decimal | None:
        return rolled_up_percent(self, period)

    @property
    def leader_name(self) -> str:
        return person(self.leader) or self.lead

    def months(self) -> tuple[str, str]:
        end = self.deadline.year if self.deadline else self.year
        return f"{self.year}-01", f"{max(end, self.year)}-12"

    def behind_schedule(self, today=None, percents: dict | None = None) -> bool:
        """`percents`: {task id: percent} already computed (rolled_up_many) for a list of tasks."""
        import datetime as dt

        percent = percents[self.pk] if percents is not None else rolled_up_percent(self)
        return _behind(dt.date(self.year, 1, 1), self.deadline, percent, today)


class TaskProgress(MonthlyProgress):
    item_field = "task"
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress", verbose_name="任务")
    percent = models.DecimalField("完成进度（%）", max_digits=5, decimal_places=1, default=Decimal(0))
    note = models.CharField("进展情况", max_length=300, blank=True)
    problems = models.TextField("存在问题", blank=True, validators=[text_cap(NOTE_MAX_CHARS)])
    photo = models.CharField("佐证照片", max_length=200, blank=True)

    class Meta:
        ordering = ["task", "period"]
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="uniq_task_progress_month")]
        verbose_name = "任务进展"
        verbose_name_plural = "任务进展"


def _check_month(record) -> None:
    try:
        p = Period.parse(record.period)
    except PeriodError as e:
        raise ValidationError({"period": str(e)}) from None
    if p.kind != MONTH:
        raise ValidationError({"period": "进度按月填报，请写作 2023-06"})
    record.period = p.code


def _check_percent(value) -> None:
    if value is not None and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"percent": "进度应在 0–100 之间"})


def _last_month(period) -> str:
    """"2023H1" → "2023-06": the last month of a period (a Period, its code, or None for no limit)."""
    p = Period.parse(period)
    return f"{p.year}-{p.last_month:02d}"


def _num(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0").rstrip(".")


def _behind(start, end, percent, today=None) -> bool:
    import datetime as dt

    from django.utils import timezone

    today = today or timezone.localdate()
    if not start or not end or end <= start or today <= start:
        return False
    elapsed = min(Decimal((today - start).days) / Decimal((end - start).days), Decimal(1)) * 100
    return (percent or Decimal(0)) + 10 < elapsed if isinstance(start, dt.date) else False


def rolled_up_percent(item, period=None) -> Decimal | None:
    """Weighted mean of the children's progress if the item has children, else its latest progress record —
    as of the end of `period` when given ("2023H1" reads June), so a report never reads later months."""
    return rolled_up_many([item], period)[item.pk]


def rolled_up_many(items, period=None) -> dict[int, Decimal | None]:
    """`rolled_up_percent` of many tasks (or many projects) at once: one query per level of children and one for
    the progress records, however many items."""
    items = list(items)
    if not items:
        return {}
    model = type(items[0])
    link = model.progress.field  # TaskProgress.task / ProjectProgress.project
    children: dict[int, list[tuple[int, Decimal]]] = {}
    frontier = [i.pk for i in items]
    for _depth in range(10):
        rows = list(model.objects.filter(parent_id__in=frontier).values_list("pk", "parent_id", "weight"))
        for pk, parent, weight in rows:
            children.setdefault(parent, []).append((pk, weight))
        frontier = [pk for pk, _, _ in rows]
        if not frontier:
            break
    ids = {i.pk for i in items} | {pk for kids in children.values() for pk, _ in kids}
    progress = link.model.objects.filter(**{f"{link.name}_id__in": ids})
    if period is not None:
        progress = progress.filter(period__lte=_last_month(period))
    latest = dict(progress.order_by(link.name, "period", "pk").values_list(f"{link.name}_id", "percent"))  # last wins

    def percent(pk, depth=0):
        kids = children.get(pk) if depth < 10 else None
        if not kids:
            return latest.get(pk)
        pairs = [(w, p) for w, p in ((w, percent(c, depth + 1)) for c, w in kids) if p is not None and w > 0]
        total = sum((w for w, _ in pairs), Decimal(0))
        return (sum((w * p for w, p in pairs), Decimal(0)) / total).quantize(Decimal("0.1")) if total else None

    return {i.pk: percent(i.pk) for i in items}


def _today():
    from django.utils import timezone

    return timezone.localdate()


class OrderState(models.TextChoices):
    PENDING = "pending", "待反馈"
    ANSWERED = "answered", "已反馈"
    CLOSED = "closed", "已办结"
    RETURNED = "returned", "退回"


class SupervisionOrder(OrgScopedModel):
    """督办单: the supervising unit (the task's) asks a responsible unit (`org`, the task's unit or below) for
    feedback by a due date; overdue orders are 催办'd; the supervisor closes the order or returns the feedback."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="orders", verbose_name="督办任务")
    assignee = _leader_fk("承办人")
    issued_by = _leader_fk("督办人")
    requirement = models.TextField("督办要求", validators=[text_cap(NOTE_MAX_CHARS)])
    issued_on = models.DateField("督办日期", default=_today)
    due = models.DateField("反馈时限", validators=[plausible_date])
    state = models.CharField("状态", max_length=12, choices=OrderState.choices, default=OrderState.PENDING)
    feedback = models.TextField("反馈情况", blank=True, validators=[text_cap(NOTE_MAX_CHARS)])
    answered_at = models.DateTimeField("反馈时间", null=True, blank=True)
    reply = models.CharField("办结/退回意见", max_length=300, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    reminders = models.PositiveSmallIntegerField("催办次数", default=0)
    reminded_on = models.DateField("最近催办", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["state", "due", "id"]
        verbose_name = "督办单"
        verbose_name_plural = "督办单"

    def __str__(self) -> str:
        return f"督办：{self.task.title}（{self.org.name}）"

    def get_absolute_url(self) -> str:
        return reverse("order_detail", args=[self.pk])

    def clean(self) -> None:
        if self.task_id and self.org_id and not self.org.code.startswith(self.task.org.code):
            raise ValidationError({"org": f"承办单位“{self.org.name}”不是{self.task.org.name}或其下级单位"})
        if self.due and self.issued_on and self.due < self.issued_on:
            raise ValidationError({"due": "反馈时限不能早于督办日期"})

    @property
    def assignee_name(self) -> str:
        return person(self.assignee)

    @property
    def overdue(self) -> bool:
        from django.utils import timezone

        return self.state in (OrderState.PENDING, OrderState.RETURNED) and self.due < timezone.localdate()


class Rating(models.TextChoices):
    EXCELLENT = "excellent", "好"
    GOOD = "good", "较好"
    FAIR = "fair", "一般"
    POOR = "poor", "差"


FROZEN_FIELDS = ("task_id", "period", "title", "status", "percent", "behind", "open_orders", "taken_at")


class TaskSnapshot(OrgScopedModel):
    """季度督查评责: a task's state frozen at the end of a quarter; later changes to the task never alter it.
    The inspector adds a rating and a comment."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="snapshots", verbose_name="任务")
    period = models.CharField("季度", max_length=7)
    title = models.CharField("任务", max_length=120)
    status = models.CharField("状态", max_length=12, choices=TaskStatus.choices)
    percent = models.DecimalField("进度（%）", max_digits=5, decimal_places=1, null=True, blank=True)
    behind = models.BooleanField("进度滞后", default=False)
    open_orders = models.PositiveSmallIntegerField("未办结督办单", default=0)
    taken_at = models.DateTimeField("留存时间")
    rating = models.CharField("督查评价", max_length=12, choices=Rating.choices, blank=True)
    comment = models.CharField("督查意见", max_length=300, blank=True)
    rated_by = _leader_fk("评价人")

    class Meta:
        ordering = ["-period", "org__code", "task__order", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="uniq_task_snapshot_period")]
        verbose_name = "季度督查留存"
        verbose_name_plural = "季度督查留存"

    def __str__(self) -> str:
        return f"{self.period} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("snapshot_list") + f"?period={self.period}"

    def clean(self) -> None:
        try:
            p = Period.parse(self.period)
        except PeriodError as e:
            raise ValidationError({"period": str(e)}) from None
        if p.kind != "quarter":
            raise ValidationError({"period": "季度督查按季度留存，请写作 2024Q1"})
        self.period = p.code
        if self.pk:
            before = TaskSnapshot.objects.filter(pk=self.pk).values(*FROZEN_FIELDS).first()
            if before and any(before[f] != getattr(self, f) for f in FROZEN_FIELDS):
                raise ValidationError("季度督查留存的任务状态不能修改，只能填写评价和意见")
