"""Pre-computed ledger aggregates (the DHIS2 way): entries counted, and their numeric fields summed, per
org unit × kind × state × month of occurrence — for the entry's own unit AND every unit above it, so a town's or
the county's figures are a handful of rows read by exact code, never a scan of the entries below. `item` is "" for
every entry, or the key of one of the kind's report figures with a field condition (`where`, e.g. 督办单交办隐患:
source in 镇级/县级/市级督办单) for the entries that meet it.

Kept current in the same transaction as each write (`zhenwu.ledgers.actions` calls `scale.aggregates`);
`zhenwu rebuild-aggregates` recomputes them from the entries."""

from django.db import models

from zhenwu.core.scope import ScopedQuerySet


class LedgerCount(models.Model):
    org_code = models.CharField("单位代码", max_length=24)
    kind = models.ForeignKey("ledgers.LedgerKind", on_delete=models.CASCADE, related_name="+", verbose_name="台账类型")
    item = models.CharField("统计项", max_length=40, blank=True, default="")
    status = models.CharField("状态", max_length=40)
    month = models.DateField("月份")  # the first day of the month the entries occurred in
    n = models.BigIntegerField("条数", default=0)

    scope_code_field = "org_code"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_code", "kind", "item", "status", "month"],
                                               name="ledger_count_key")]
        indexes = [models.Index(fields=["org_code", "month"], name="ledger_count_org_month")]
        verbose_name = "台账汇总（条数）"
        verbose_name_plural = verbose_name


class LedgerSum(models.Model):
    org_code = models.CharField("单位代码", max_length=24)
    kind = models.ForeignKey("ledgers.LedgerKind", on_delete=models.CASCADE, related_name="+", verbose_name="台账类型")
    item = models.CharField("统计项", max_length=40, blank=True, default="")
    status = models.CharField("状态", max_length=40)
    month = models.DateField("月份")
    field = models.CharField("字段", max_length=40)
    total = models.DecimalField("合计", max_digits=24, decimal_places=4, default=0)

    scope_code_field = "org_code"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_code", "kind", "item", "status", "month", "field"],
                                               name="ledger_sum_key")]
        indexes = [models.Index(fields=["org_code", "month"], name="ledger_sum_org_month")]
        verbose_name = "台账汇总（合计）"
        verbose_name_plural = verbose_name
