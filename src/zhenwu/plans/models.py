"""Key projects with monthly progress, and the responsibility list (tasks) with progress reports.

Progress rolls up like Decidim accountability: a project or task with children reports the weighted mean
of its children's progress; a leaf reports its latest progress record.
"""

from __future__ import annotations

from decimal import Decimal

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


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "谋划"
    ONGOING = "ongoing", "在建"
    DONE = "done", "建成"
    SUSPENDED = "suspended", "暂停"


class Project(OrgScopedModel):
    year = models.PositiveSmallIntegerField("年度", validators=[plausible_year])
    name = models.CharField("项目名称", max_length=120)
    category = models.CharField("类别", max_length=16, choices=Area.choices, default=Area.PROJECTS)
    key = models.BooleanField("重点项目", default=True)
    planned_investment = models.DecimalField("计划总投资（元）", **MONEY, null=True, blank=True)
    year_plan = models.DecimalField("年度计划投资（元）", **MONEY, null=True, blank=True)
    start = models.DateField("开工日期", null=True, blank=True, validators=[plausible_date])
    end = models.DateField("计划完工日期", null=True, blank=True, validators=[plausible_date])
    status = models.CharField("状态", max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.ONGOING)
    lead = models.CharField("责任领导/单位", max_length=64, blank=True)
    content = models.TextField("建设内容", blank=True, validators=[text_cap(NOTE_MAX_CHARS)])
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="上级项目"
    )
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=Decimal(1))

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

    @property
    def progress_percent(self) -> Decimal | None:
        return rolled_up_percent(self)


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

    def save(self, *args, **kwargs):
        self.org_id = getattr(self, self.item_field).org_id
        super().save(*args, **kwargs)


class ProjectProgress(MonthlyProgress):
    """What a project did in one month: investment completed that month (元), cumulative percent, milestone."""

    item_field = "project"
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress", verbose_name="项目")
    investment_done = models.DecimalField("本月完成投资（元）", **MONEY, default=Decimal(0))
    percent = models.DecimalField("累计形象进度（%）", max_digits=5, decimal_places=1, default=Decimal(0))
    milestone = models.CharField("节点/进展", max_length=200, blank=True)

    class Meta:
        ordering = ["project", "period"]
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="uniq_project_progress_month")]
        verbose_name = "项目进度"
        verbose_name_plural = "项目进度"


class TaskSource(models.TextChoices):
    TARGET = "target", "目标任务"
    SECRETARY = "secretary", "书记项目"
    LIVELIHOOD = "livelihood", "民生实事"


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
    lead = models.CharField("责任领导", max_length=64, blank=True)
    unit = models.CharField("责任单位", max_length=64, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True, validators=[plausible_date])
    target = models.TextField("目标要求", blank=True, validators=[text_cap(NOTE_MAX_CHARS)])
    indicator_code = models.CharField("关联指标代码", max_length=48, blank=True)
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

    @property
    def progress_percent(self) -> Decimal | None:
        return rolled_up_percent(self)


class TaskProgress(MonthlyProgress):
    item_field = "task"
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress", verbose_name="任务")
    percent = models.DecimalField("完成进度（%）", max_digits=5, decimal_places=1, default=Decimal(0))
    note = models.CharField("进展情况", max_length=300, blank=True)

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


def rolled_up_percent(item, _depth: int = 0) -> Decimal | None:
    """Weighted mean of the children's progress if the item has children, else its latest progress record."""
    children = list(item.children.all()) if _depth < 10 else []
    if children:
        pairs = [(c.weight, rolled_up_percent(c, _depth + 1)) for c in children]
        pairs = [(w, p) for w, p in pairs if p is not None and w > 0]
        total = sum((w for w, _ in pairs), Decimal(0))
        if not total:
            return None
        return (sum((w * p for w, p in pairs), Decimal(0)) / total).quantize(Decimal("0.1"))
    latest = item.progress.order_by("-period").values_list("percent", flat=True).first()
    return latest
