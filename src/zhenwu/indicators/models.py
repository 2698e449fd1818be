"""Indicator catalogue, values per org × period, yearly targets and period locks (DHIS2-style)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from zhenwu.core import fmt
from zhenwu.core.models import CatalogueModel, OrgScopedModel
from zhenwu.core.periods import Period, PeriodError
from zhenwu.core.validators import plausible_year

from . import units


class Category(models.TextChoices):
    ECONOMY = "economy", "经济"
    AGRICULTURE = "agriculture", "农业"
    FINANCE = "finance", "财政"
    LIVELIHOOD = "livelihood", "民生"
    PARTY = "party", "党建"
    SAFETY = "safety", "平安"
    ECOLOGY = "ecology", "生态"


class Aggregation(models.TextChoices):
    SUM = "sum", "求和"
    AVERAGE = "average", "平均"
    RATIO = "ratio", "人均/比率（按人口加权，不求和）"
    NONE = "none", "不可汇总"


class Frequency(models.TextChoices):
    MONTH = "month", "月报"
    QUARTER = "quarter", "季报"
    YEAR = "year", "年报"


class Indicator(CatalogueModel):
    """A catalogue entry. Not per org: one catalogue serves the county (configured from a pack)."""

    code = models.SlugField("代码", max_length=48, unique=True)
    name = models.CharField("名称", max_length=64, unique=True)
    synonyms = models.JSONField("同义词", default=list, blank=True, help_text="报告里的其他写法，如 固投")
    unit = models.CharField("存储单位", max_length=16, help_text="金额一律以“元”存储")
    display_unit = models.CharField("显示单位", max_length=16, blank=True, help_text="如 万元、亿元；留空同存储单位")
    category = models.CharField("类别", max_length=16, choices=Category.choices)
    aggregation = models.CharField("汇总方式", max_length=8, choices=Aggregation.choices, default=Aggregation.SUM)
    frequency = models.CharField("填报频度", max_length=8, choices=Frequency.choices, default=Frequency.YEAR)
    formula = models.CharField(
        "计算公式", max_length=200, blank=True, help_text="用其他指标代码计算，如 village_collective_income / village_count"
    )
    min_value = models.DecimalField("下限", max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField("上限", max_digits=20, decimal_places=4, null=True, blank=True)
    headline = models.BooleanField("主要指标", default=False, help_text="在工作台和报告开头展示")
    sort = models.PositiveIntegerField("排序", default=0)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = "指标"
        verbose_name_plural = "指标"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicator_detail", args=[self.pk])

    @property
    def shown_unit(self) -> str:
        return self.display_unit or self.unit

    def to_display(self, value: Decimal | None) -> Decimal | None:
        return None if value is None else units.convert(Decimal(value), self.unit, self.shown_unit)

    def from_display(self, value: Decimal) -> Decimal:
        return units.convert(value, self.shown_unit, self.unit)

    @property
    def shown_min(self) -> str:
        return fmt.trimmed(self.to_display(self.min_value), 4)

    @property
    def shown_max(self) -> str:
        return fmt.trimmed(self.to_display(self.max_value), 4)

    def names(self) -> list[str]:
        return [self.name, *[s for s in self.synonyms if s]]

    def clean(self) -> None:
        if not isinstance(self.synonyms, list) or not all(isinstance(s, str) for s in self.synonyms):
            raise ValidationError({"synonyms": "同义词应为文字列表"})
        if self.display_unit and not units.compatible(self.unit, self.display_unit):
            raise ValidationError({"display_unit": f"显示单位“{self.display_unit}”与存储单位“{self.unit}”不是同一种量"})
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError({"max_value": "上限不能小于下限"})
        if self.formula:
            from .formula import FormulaError, references

            try:
                refs = references(self.formula)
            except FormulaError as e:
                raise ValidationError({"formula": str(e)}) from None
            if self.code in refs:
                raise ValidationError({"formula": "公式不能引用指标自身"})
            missing = refs - set(Indicator.objects.filter(code__in=refs).values_list("code", flat=True))
            if missing:
                raise ValidationError({"formula": f"公式引用了不存在的指标：{'、'.join(sorted(missing))}"})


class PeriodFields(models.Model):
    """The period as its code plus year and month range, so cumulative and same-period queries stay in SQL."""

    period = models.CharField("期间", max_length=16)
    year = models.PositiveSmallIntegerField("年度", editable=False)
    first_month = models.PositiveSmallIntegerField(editable=False)
    last_month = models.PositiveSmallIntegerField(editable=False)

    class Meta:
        abstract = True

    def set_period(self, period) -> None:
        p = Period.parse(period)
        self.period, self.year, self.first_month, self.last_month = p.code, p.year, p.first_month, p.last_month

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    def clean(self) -> None:
        try:
            self.set_period(self.period)
        except PeriodError as e:
            raise ValidationError({"period": str(e)}) from None

    def save(self, *args, **kwargs):
        self.set_period(self.period)
        super().save(*args, **kwargs)


class Source(models.TextChoices):
    ENTERED = "entered", "填报"
    IMPORTED = "imported", "导入"
    DERIVED = "derived", "推算"


class DataValue(PeriodFields, OrgScopedModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values", verbose_name="指标")
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    note = models.CharField("备注", max_length=200, blank=True)
    source = models.CharField("来源", max_length=8, choices=Source.choices, default=Source.ENTERED)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, verbose_name="填报人"
    )
    updated_at = models.DateTimeField("填报时间", null=True, blank=True, editable=False)

    audit_exclude = ("updated_at",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "org", "period"], name="uniq_value_per_org_period")]
        indexes = [models.Index(fields=["indicator", "year", "first_month", "last_month"])]
        ordering = ["indicator__sort", "org__code", "period"]
        verbose_name = "指标值"
        verbose_name_plural = "指标值"

    def __str__(self) -> str:
        return f"{self.org.name} {self.period_obj.label} {self.indicator.name}"

    def get_absolute_url(self) -> str:
        return reverse("datavalue_edit", args=[self.pk])


class Target(OrgScopedModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name="指标")
    year = models.PositiveSmallIntegerField("年度", validators=[plausible_year])
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "org", "year"], name="uniq_target_per_org_year")]
        ordering = ["-year", "indicator__sort", "org__code"]
        verbose_name = "目标"
        verbose_name_plural = "目标"

    def __str__(self) -> str:
        return f"{self.org.name} {self.year}年 {self.indicator.name}目标"

    def get_absolute_url(self) -> str:
        return reverse("target_edit", args=[self.pk])


class PeriodLock(PeriodFields, OrgScopedModel):
    """A period the org has submitted: below it, only those who may manage the org can still change values."""

    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "period"], name="uniq_lock_per_org_period")]
        ordering = ["-year", "org__code"]
        verbose_name = "期间锁定"
        verbose_name_plural = "期间锁定"

    def __str__(self) -> str:
        return f"{self.org.name} {self.period_obj.label} 已报送锁定"


class Figure(models.Model):
    """A resolved figure (indicator × unit × period, the four steps of `services`) kept so that dashboards, the
    grid and reports read it instead of walking the unit tree again. Computed on first read; forgotten in the
    transaction of every write that can change it (`figures`). The value is kept as text: an average or a
    population-weighted ratio has more decimals than a numeric column keeps on SQLite."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("core.OrgUnit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    value = models.CharField(max_length=64, blank=True)  # "" when the figure is known to be empty

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "org", "period"], name="uniq_figure")]
        indexes = [models.Index(fields=["org", "year"], name="figure_org_year")]


class FigureEpoch(models.Model):
    """One row counting the writes that changed figures: a figure computed before such a write is not kept."""

    n = models.BigIntegerField(default=0)
