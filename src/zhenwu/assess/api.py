from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from zhenwu.core.scope import get_scoped_or_404
from zhenwu.core.tables import with_display

from . import actions
from .models import Household, PointRecord, PointRule
from .tables import HouseholdTable, PointTable

router = Router(tags=["考评积分"])


class HouseholdOut(Schema):
    id: int
    org_id: int
    head: str
    members: int
    address: str
    balance: int
    phone_masked: str
    idcard_masked: str
    display: dict[str, str] = {}


class PointOut(Schema):
    id: int
    org_id: int
    household_id: int | None
    member_id: int | None
    rule_id: int
    points: int
    occurred_on: date
    state: str
    note: str
    display: dict[str, str] = {}


class PointIn(Schema):
    household_id: int
    rule_id: int
    occurred_on: date
    note: str = ""


@router.get("/households", response=list[HouseholdOut], summary="农户及积分余额（个人信息脱敏）")
def list_households(request):
    qs = Household.objects.visible_to(request.user).select_related("org")
    return with_display(HouseholdTable, qs, request)


@router.get("/households/{pk}", response=HouseholdOut)
def get_household(request, pk: int):
    return get_scoped_or_404(Household.objects.all(), request.user, pk=pk)


@router.get("/points", response=list[PointOut], summary="积分记录")
def list_points(request, state: Literal["pending", "approved", "returned"] | None = None):
    qs = PointRecord.objects.visible_to(request.user).select_related("org", "rule", "household", "member")
    if state:
        qs = qs.filter(state=state)
    return with_display(PointTable, qs, request)


@router.post("/points", response={201: PointOut}, summary="登记积分（须附照片的规则请在网页登记）")
def create_point(request, payload: PointIn):
    household = get_scoped_or_404(Household.objects.select_related("org"), request.user, pk=payload.household_id)
    try:
        rule = PointRule.objects.filter(pk=payload.rule_id).select_related("org").first()
    except OverflowError:
        rule = None
    if rule is None:
        raise ValidationError("积分规则不存在")
    return 201, actions.record_points(request.user, rule=rule, household=household, occurred_on=payload.occurred_on,
                                      note=payload.note)
