"""Indicators API: the catalogue, stored values (scoped), figures from the query service, writes via entry rules."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from zhenwu.core.models import OrgUnit
from zhenwu.core.periods import Period
from zhenwu.core.scope import CHANGE, get_scoped_or_404
from zhenwu.core.tables import with_display
from zhenwu.indicators import services
from zhenwu.indicators.actions import Cell, save_cells
from zhenwu.indicators.models import DataValue, Indicator
from zhenwu.indicators.tables import DataValueTable

router = Router(tags=["指标"])


def cents(rate: Decimal | None) -> Decimal | None:
    """A percentage as the API reports it: to 0.01."""
    return None if rate is None else rate.quantize(Decimal("0.01"))


class IndicatorOut(Schema):
    code: str
    name: str
    synonyms: list[str]
    unit: str
    display_unit: str
    category: str
    aggregation: str
    frequency: str
    formula: str


class ValueOut(Schema):
    id: int
    indicator: str
    org_code: str
    period: str
    value: Decimal
    source: str
    note: str
    display: dict[str, str] = {}  # the list page's columns as it shows them (indicators.tables.DataValueTable)

    @staticmethod
    def resolve_indicator(obj):
        return obj.indicator.code

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code


class ValueIn(Schema):
    indicator: str
    org_code: str
    period: str
    value: Decimal | None = None  # in the indicator's storage unit (money in 元); null deletes
    note: str | None = None
    confirm: bool = False


class FigureOut(Schema):
    indicator: str
    org_code: str
    period: str
    value: Decimal | None
    text: str
    previous: Decimal | None
    growth: Decimal | None
    cumulative: Decimal | None
    target: Decimal | None
    completion: Decimal | None


@router.get("/indicators", response=list[IndicatorOut], summary="指标目录")
def list_indicators(request, category: str | None = None):
    qs = Indicator.objects.all()
    return qs.filter(category=category) if category else qs


@router.get("/values", response=list[ValueOut], summary="指标值（按范围过滤，最多 2000 条）")
def list_values(request, indicator: str | None = None, within: str | None = None, period: str | None = None):
    qs = DataValue.objects.visible_to(request.user).select_related("indicator", "org")
    if within:
        qs = qs.within(get_object_or_404(OrgUnit.objects.visible_to(request.user), code=within))
    if indicator:
        qs = qs.filter(indicator__code=indicator)
    if period:
        qs = qs.filter(period=Period.parse(period).code)
    return with_display(DataValueTable, qs[:2000], request)


@router.post("/values", response=list[ValueOut], summary="填报或修改指标值（整批校验，全部成功才保存）")
def write_values(request, payload: list[ValueIn]):
    cells = []
    for i, item in enumerate(payload, start=1):
        ind = get_object_or_404(Indicator, code=item.indicator)
        org = get_scoped_or_404(OrgUnit.objects.all(), request.user, CHANGE, code=item.org_code)
        cells.append(Cell(ind, org, Period.parse(item.period), "", note=item.note, where=f"第 {i} 条",
                          base_value=item.value))
    outcome = save_cells(request.user, cells, confirmed=all(i.confirm for i in payload))
    if outcome.errors and all("无权" in m or "锁定" in m for m in outcome.errors.values()):
        raise PermissionDenied("；".join(outcome.messages()))
    if not outcome.ok:
        raise ValidationError(outcome.messages())
    keys = [(c.indicator.pk, c.org.pk, c.period.code) for c in cells]
    found = {(v.indicator_id, v.org_id, v.period): v for v in DataValue.objects.select_related("indicator", "org").filter(
        indicator__in={k[0] for k in keys}, org__in={k[1] for k in keys}, period__in={k[2] for k in keys})}
    return [found[k] for k in keys if k in found]


@router.get("/figure", response=FigureOut, summary="一个指标在某单位某期间的数值、同比、累计、完成率")
def figure(request, indicator: str, org_code: str, period: str):
    ind = get_object_or_404(Indicator, code=indicator)
    org = get_scoped_or_404(OrgUnit.objects.all(), request.user, code=org_code)
    p = Period.parse(period)
    cmp = services.yoy(ind, org, p)
    done = services.completion(ind, org, p)
    return {
        "indicator": ind.code, "org_code": org.code, "period": p.code, "value": cmp.current,
        "text": services.display(ind, cmp.current), "previous": cmp.previous, "growth": cents(cmp.growth),
        "cumulative": services.cumulative(ind, org, p), "target": done.target, "completion": done.rate,
    }
