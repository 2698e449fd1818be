"""Report outlines (configuration, loaded from a pack and editable) and reports with their sections."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from zhenwu.core.models import CatalogueModel, OrgScopedModel
from zhenwu.core.periods import Period, PeriodError
from zhenwu.core.registry import report_builders
from zhenwu.core.text import SECTION_MAX_CHARS
from zhenwu.core.validators import plausible_date, text_cap


class ReportKind(models.TextChoices):
    ANNUAL = "annual", "年度"
    HALF = "half", "半年"
    PROGRESS = "progress", "1–N月进度"
    PARTY = "party", "党建工作总结"
    SPECIAL = "special", "专项"


class Audience(models.TextChoices):
    """Which units an outline is written for; a unit's report uses the outline of its own type."""

    TOWN = "town", "乡镇（街道）"
    STREET = "street", "街道"
    DEPARTMENT = "department", "县直部门"
    FINANCE = "finance", "县财政局"
    SUPPLY_COOP = "supply_coop", "县供销社"
    ANY = "any", "各类单位（基层党组织）"


class Outline(CatalogueModel):
    """A report's structure: ordered sections, each with a builder and its parameters. Not per org."""

    code = models.SlugField("代码", max_length=48, unique=True)
    name = models.CharField("名称", max_length=64)
    kind = models.CharField("类型", max_length=8, choices=ReportKind.choices)
    audience = models.CharField("适用单位", max_length=16, choices=Audience.choices, default=Audience.TOWN)
    title = models.CharField("标题模板", max_length=120, help_text="可用 {org} {period} {year} {next_year} {next_period}")
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = "报告提纲"
        verbose_name_plural = "报告提纲"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outline_edit", args=[self.pk])


class OutlineSection(CatalogueModel):
    outline = models.ForeignKey(Outline, on_delete=models.CASCADE, related_name="sections", verbose_name="提纲")
    key = models.SlugField("代码", max_length=48)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    level = models.PositiveSmallIntegerField("层级", default=1, choices=[(1, "一级（一、）"), (2, "二级（一）")])
    title = models.CharField("标题", max_length=120, help_text="可用 {year} {next_year} {period} 等")
    builder = models.CharField("生成方式", max_length=32, default="narrative")
    params = models.JSONField("参数", default=dict, blank=True)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["outline", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["outline", "key"], name="uniq_outline_section_key")]
        verbose_name = "提纲章节"
        verbose_name_plural = "提纲章节"

    def __str__(self) -> str:
        return f"{self.outline.name} · {self.title}"

    @classmethod
    def audit_lines(cls, key, before, after, row, cache):
        """The builder by its name in the outline editor."""
        if key != "builder":
            return None
        names = {name: label for name, (_, label) in report_builders().items()}
        return [("生成方式", names.get(before, before or ""), names.get(after, after or ""), "")]

    def clean(self) -> None:
        if self.builder not in report_builders():
            raise ValidationError({"builder": f"未知的生成方式“{self.builder}”"})
        from .builders import check_params

        errors = check_params(self.builder, self.params)
        if errors:
            raise ValidationError({"params": "；".join(errors)})


class Report(OrgScopedModel):
    outline = models.ForeignKey(Outline, on_delete=models.PROTECT, related_name="reports", verbose_name="提纲")
    period = models.CharField("期间", max_length=16)
    title = models.CharField("标题", max_length=120)
    signature = models.CharField("落款单位", max_length=64, blank=True)
    signed_on = models.DateField("成文日期", null=True, blank=True, validators=[plausible_date])
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)

    class Meta:
        ordering = ["-period", "org__code", "outline"]
        constraints = [models.UniqueConstraint(fields=["org", "outline", "period"], name="uniq_report_org_outline_period")]
        verbose_name = "工作报告"
        verbose_name_plural = "工作报告"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("report_detail", args=[self.pk])

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    def clean(self) -> None:
        try:
            self.period = Period.parse(self.period).code
        except PeriodError as e:
            raise ValidationError({"period": str(e)}) from None


class ReportSection(OrgScopedModel):
    """One block of a report. `body` is what the clerk sees and edits (initially the generated text);
    `narrative` is the clerk's own text (亮点, 存在问题, 下步打算) and survives every regeneration."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections", verbose_name="报告")
    key = models.SlugField("代码", max_length=48)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    level = models.PositiveSmallIntegerField("层级", default=1)
    title = models.CharField("标题", max_length=120)
    builder = models.CharField("生成方式", max_length=32)
    params = models.JSONField("参数", default=dict, blank=True)
    body = models.TextField("正文", blank=True, validators=[text_cap(SECTION_MAX_CHARS)])
    generated_body = models.TextField("生成的正文", blank=True)
    edited = models.BooleanField("已人工修改", default=False)
    narrative = models.TextField("补充内容", blank=True, validators=[text_cap(SECTION_MAX_CHARS)])
    figures = models.JSONField("数据来源", default=list, blank=True)
    chart = models.JSONField("图表", default=dict, blank=True)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)

    audit_exclude = ("figures", "chart", "generated_at")

    class Meta:
        ordering = ["report", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="uniq_report_section_key")]
        verbose_name = "报告章节"
        verbose_name_plural = "报告章节"

    def __str__(self) -> str:
        return f"{self.report.title} · {self.title}"

    def save(self, *args, **kwargs):
        self.org_id = self.report.org_id
        super().save(*args, **kwargs)

    @property
    def text(self) -> str:
        """The section's final text: the (edited) body, then the clerk's narrative."""
        return "\n".join(p for p in (self.body.strip(), self.narrative.strip()) if p)

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.splitlines() if p.strip()]
