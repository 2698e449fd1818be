"""Every write to points and rankings: households, party members, rules, point records and their review, the
points shop, evaluations, red/black lists, appeals and campaigns (pages, API, Excel import, demo)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Abs
from django.utils import timezone

from zhenwu.core import actions
from zhenwu.core.audit import acting_as
from zhenwu.core.roles import Role, roles_on
from zhenwu.core.scope import CHANGE, user_can

from .models import (
    Appeal, AppealState, Board, Campaign, Candidate, CandidateResult, Goods, Household, PartyMember, PointRecord,
    PointRule, PointState, Redemption, Round, Scheme, SchemeItem, Score, Standing, Subject, YearScore,
)

OUTSIDE_GRID = "该农户（党员）不在您负责的网格（村）内，不能为其登记"
REVIEW_ROLES = {Role.VILLAGE, Role.TOWN_ADMIN, Role.COUNTY_ADMIN}
REVIEW_DENIED = "只有村（社区）干部或乡镇管理员可以审核积分"


# -- households and party members --------------------------------------------------------------------------------

def save_household(user, household: Household) -> Household:
    return actions.save(user, household)


def save_member(user, member: PartyMember) -> PartyMember:
    return actions.save(user, member)


def import_people(user, rows: list[tuple[int, dict]], units: dict[str, object], sheet=None,
                  progress=None) -> list:
    """Rows of an Excel sheet (already read) into households or party members (`excel.Sheet`): all or none.
    `units` maps a unit name to the units the user may fill in; every message names its row. `progress(percent,
    message)` hears how far the check has come."""
    from . import excel

    sheet = sheet or excel.HOUSEHOLDS
    errors, made = [], []
    for i, (n, row) in enumerate(rows):
        if progress is not None and i and i % 500 == 0:
            progress(40 + 50 * i // len(rows), f"已检查 {i} / {len(rows)} 行")
        org = units.get(row.get("单位") or "")
        if org is None:
            errors.append(f"第 {n} 行：单位“{row.get('单位') or ''}”不存在或不在您的管辖范围内")
            continue
        try:
            person = sheet.build(org, row)
        except ValueError as exc:
            errors.append(f"第 {n} 行：{exc}")
            continue
        try:
            _check_personal(person)
            actions.authorize(user, person)
            actions.validate(person)
        except ValidationError as exc:
            errors += [f"第 {n} 行：{m}" for m in exc.messages]
            continue
        made.append(person)
    if errors:
        from zhenwu.core.excel import capped

        raise ValidationError(capped(errors))
    with transaction.atomic(), acting_as(user):
        for person in made:
            person.save()
    return made


def _check_personal(subject) -> None:
    from zhenwu.core.pii import validate_idcard, validate_phone

    errors = {}
    for attr, check, label in (("idcard", validate_idcard, "身份证号"), ("phone", validate_phone, "联系电话")):
        value = getattr(subject, attr)
        if value and not getattr(value, "_token", None):  # a stored value is kept as it is
            try:
                setattr(subject, attr, check(str(value)))
            except ValidationError as exc:
                errors["personal"] = errors.get("personal", []) + [f"{label}：{m}" for m in exc.messages]
    if errors:
        raise ValidationError(errors)


def save_person(user, subject):
    """A household or party member from a form: personal data checked (core.pii) before the record."""
    _check_personal(subject)
    return actions.save(user, subject)


# -- rules and point records -------------------------------------------------------------------------------------

def save_rule(user, rule: PointRule) -> PointRule:
    return actions.save(user, rule)


def checked_photo(upload):
    """An upload checked as a photo (content, size, pixels) by the same field the ledgers use; None stays None."""
    if upload is None or hasattr(upload, "zhenwu_ext"):
        return upload
    from zhenwu.ledgers.fields import UploadField

    try:
        return UploadField(photo=True, required=False).clean(upload)
    except ValidationError as exc:
        raise ValidationError({"photo": [f"照片：{m}" for m in exc.messages]}) from None


def store_photo(upload, folder: str) -> str:
    name = f"assess/{folder}/{timezone.localdate():%Y-%m}/{uuid.uuid4().hex}.{upload.zhenwu_ext}"
    return default_storage.save(name, upload)


def _month_total(rule, household, member, day: dt.date, exclude_pk=None) -> int:
    qs = PointRecord.objects.filter(rule=rule, household=household, member=member, occurred_on__year=day.year,
                                    occurred_on__month=day.month).exclude(state=PointState.RETURNED)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(t=Sum(Abs("points")))["t"] or 0


def record_points(user, *, rule: PointRule, occurred_on: dt.date, household: Household | None = None,
                  member: PartyMember | None = None, note: str = "", photo=None, photo_path: str = "",
                  state: str = PointState.PENDING) -> PointRecord:
    """Points for one household (or party member) under a rule of its town, pending the village's review.
    A checked upload (`photo`) is stored only once everything else is valid."""
    subject = household or member
    if subject is None:
        raise ValidationError("请选择农户或党员")
    if user is not None and not user_can(user, CHANGE, subject.org):
        raise ValidationError(OUTSIDE_GRID)
    photo = checked_photo(photo)
    record = PointRecord(household=household, member=member, rule=rule, org=subject.org, points=rule.points,
                         occurred_on=occurred_on, note=note, photo=photo_path, state=state,
                         created_by=user if user is not None and user.is_authenticated else None)
    errors = {}
    if not rule.active:
        errors["rule"] = ["积分规则：该规则已停用"]
    elif not subject.org.code.startswith(rule.org.code):
        errors["rule"] = ["积分规则：应使用本乡镇的积分规则"]
    elif rule.subject != (Subject.HOUSEHOLD if household else Subject.MEMBER):
        errors["rule"] = [f"积分规则：该规则适用于{rule.get_subject_display()}"]
    if rule.evidence_required and not (photo or photo_path):
        errors["photo"] = ["照片：该规则须附现场照片"]
    if occurred_on and rule.monthly_cap and not errors:
        used = _month_total(rule, household, member, occurred_on)
        if used + abs(rule.points) > rule.monthly_cap:
            errors["points"] = [f"分值：“{rule.name}”每月上限 {rule.monthly_cap} 分，{subject}本月已记 {used} 分"]
    try:
        actions.validate(record, exclude=["photo"])
    except ValidationError as exc:
        for k, v in exc.message_dict.items():
            errors.setdefault(k, []).extend(v)
    if errors:
        raise ValidationError(errors)
    actions.authorize(user, record)
    with transaction.atomic(), acting_as(user):
        if photo is not None:
            record.photo = store_photo(photo, "points")
        record.save()
        if state == PointState.APPROVED:
            _credit(record)
    return record


def _credit(record: PointRecord, sign: int = 1) -> None:
    model, pk = (Household, record.household_id) if record.household_id else (PartyMember, record.member_id)
    model.objects.filter(pk=pk).update(balance=F("balance") + sign * record.points)


def may_review(user, org) -> bool:
    return user is None or (bool(roles_on(user, org) & REVIEW_ROLES) and user_can(user, CHANGE, org))


def review_points(user, record: PointRecord, approve: bool, note: str = "") -> PointRecord:
    """The village approves (the balance changes) or returns a pending record, once."""
    if not may_review(user, record.org):
        raise PermissionDenied(REVIEW_DENIED)
    with transaction.atomic(), acting_as(user):
        # The row is locked (PostgreSQL; SQLite writes one transaction at a time): two reviewers at once credit
        # it once.
        state = PointRecord.objects.select_for_update().filter(pk=record.pk).values_list("state", flat=True).first()
        if state != PointState.PENDING:
            raise ValidationError("该积分记录已审核，不能重复审核")
        record.state = PointState.APPROVED if approve else PointState.RETURNED
        record.reviewed_by = user if user is not None else None
        record.reviewed_at = timezone.now()
        record.review_note = (note or "")[:200]
        actions.validate(record)
        record.save()
        if approve:
            _credit(record)
    return record


# -- the points shop ---------------------------------------------------------------------------------------------

def save_goods(user, goods: Goods) -> Goods:
    return actions.save(user, goods)


def redeem(user, *, goods: Goods, quantity: int, household: Household | None = None,
           member: PartyMember | None = None, redeemed_on: dt.date | None = None, note: str = "") -> Redemption:
    """Goods for points. Balance and stock are taken by conditional UPDATEs in one transaction, so two clerks
    redeeming at once can never take either below zero."""
    subject = household or member
    if subject is None:
        raise ValidationError("请选择农户或党员")
    if user is not None and not user_can(user, CHANGE, subject.org):
        raise ValidationError(OUTSIDE_GRID)
    if not subject.org.code.startswith(goods.org.code):
        raise ValidationError("该商品不属于本村（镇）积分超市")
    if not goods.active:
        raise ValidationError(f"“{goods.name}”已下架")
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        raise ValidationError({"quantity": "数量：应为整数"}) from None
    cost = goods.price * quantity
    redemption = Redemption(goods=goods, quantity=quantity, points=cost, household=household, member=member,
                            org=subject.org, redeemed_on=redeemed_on or timezone.localdate(), note=note,
                            created_by=user if user is not None and user.is_authenticated else None)
    actions.authorize(user, redemption)
    actions.validate(redemption)
    model = Household if household else PartyMember
    with transaction.atomic(), acting_as(user):
        if not Goods.objects.filter(pk=goods.pk, stock__gte=quantity).update(stock=F("stock") - quantity):
            left = Goods.objects.filter(pk=goods.pk).values_list("stock", flat=True).first()
            raise ValidationError({"quantity": f"库存不足：“{goods.name}”仅剩 {left} 件"})
        if not model.objects.filter(pk=subject.pk, balance__gte=cost).update(balance=F("balance") - cost):
            left = model.objects.filter(pk=subject.pk).values_list("balance", flat=True).first()
            raise ValidationError({"quantity": f"积分不足：需 {cost} 分，{subject}现有 {left} 分"})
        redemption.save()
    return redemption


# -- evaluations -------------------------------------------------------------------------------------------------

def save_scheme(user, scheme: Scheme) -> Scheme:
    return actions.save(user, scheme)


def save_item(user, item: SchemeItem) -> SchemeItem:
    item.org = item.scheme.org
    return actions.save(user, item)


def save_round(user, rnd: Round) -> Round:
    rnd.org = rnd.scheme.org
    return actions.save(user, rnd)


def set_score(user, rnd: Round, unit, item: SchemeItem, score, evidence: str = "", photo=None,
              from_records: bool = False) -> Score:
    """An inspector's (or the records') score of a unit on one item; the organiser's staff enter it."""
    if item.scheme_id != rnd.scheme_id:
        raise ValidationError("评分项不属于该考评方案")
    if unit.parent_id != rnd.org_id:
        raise ValidationError(f"“{unit}”不是本次考评的对象")
    if rnd.published:
        raise ValidationError("红黑榜已公布，不能再修改评分")
    try:
        score = Decimal(str(score).strip())
    except ArithmeticError:
        raise ValidationError({"score": "得分：应为数字"}) from None
    obj = Score.objects.filter(round=rnd, item=item, org=unit).first() or Score(round=rnd, item=item, org=unit)
    obj.score, obj.evidence, obj.from_records = score, evidence[:300], from_records
    obj.inspector = user if user is not None and user.is_authenticated else None
    photo = checked_photo(photo)
    actions.authorize(user, obj, org=rnd.org)
    actions.validate(obj, exclude=["photo"])
    with transaction.atomic(), acting_as(user):
        if photo is not None:
            obj.photo = store_photo(photo, "scores")
        obj.save()
    return obj


def fill_from_records(user, rnd: Round, today: dt.date | None = None) -> int:
    """Score every item that comes from records (ledgers, indicators) for every unit of the round."""
    from . import services

    n = 0
    for item in rnd.scheme.items.exclude(source="manual"):
        for unit in rnd.scheme.rated_units():
            value = services.item_score(item, unit, rnd.held_on, today)
            if value is not None:
                set_score(user, rnd, unit, item, value.score, value.evidence, from_records=True)
                n += 1
    return n


def publish(user, rnd: Round, today: dt.date | None = None, appeal_days: int = 7) -> list[Standing]:
    """Fix the round's ranking as its red and black lists; every unit on the black list gets a supervised
    rectification task (plans)."""
    from zhenwu.plans import actions as plan_actions
    from zhenwu.plans.models import Area, Task, TaskSource

    from . import services

    actions.require(user, CHANGE, rnd.org, "只有组织考评的单位可以公布红黑榜")
    if rnd.published:
        raise ValidationError("红黑榜已公布")
    today = today or timezone.localdate()
    rows = services.ranking(rnd)
    if not any(r.rank for r in rows):
        raise ValidationError(f"尚无单位达到参与排名的最少评分项（{rnd.scheme.min_items} 项），不能公布")
    made = []
    with transaction.atomic(), acting_as(user):
        for row in rows:
            st = Standing(round=rnd, org=row.unit, rank=row.rank, total=row.total, items_scored=row.items,
                          board=row.board)
            if row.board == Board.BLACK:
                task = Task(org=row.unit, year=rnd.held_on.year, title=f"{rnd.title}黑榜整改"[:120],
                            area=Area.GOVERNANCE, source=TaskSource.TARGET, unit=row.unit.name, supervised=True,
                            deadline=max(today, rnd.held_on) + dt.timedelta(days=30),
                            target=f"针对{rnd.title}失分项逐项整改，按期报送整改情况。")
                st.task = plan_actions.save_task(user, task)
            made.append(actions.save(user, st, org=rnd.org))
        rnd.published, rnd.published_on = True, today
        rnd.appeal_deadline = today + dt.timedelta(days=appeal_days)
        actions.save(user, rnd)
    return made


def file_appeal(user, standing: Standing, reason: str, today: dt.date | None = None) -> Appeal:
    today = today or timezone.localdate()
    rnd = standing.round
    if standing.board != Board.BLACK:
        raise ValidationError("只有列入黑榜的单位可以申诉")
    if rnd.appeal_deadline and today > rnd.appeal_deadline:
        raise ValidationError(f"申诉期限已过（截止 {rnd.appeal_deadline:%Y-%m-%d}），不能再申诉")
    if standing.appeals.filter(state=AppealState.PENDING).exists():
        raise ValidationError("已有待处理的申诉，请等待组织单位答复")
    appeal = Appeal(standing=standing, org=standing.org, reason=(reason or "").strip(), filed_on=today)
    if not appeal.reason:
        raise ValidationError({"reason": "申诉理由：必须填写"})
    return actions.save(user, appeal)


def decide_appeal(user, appeal: Appeal, accept: bool, decision: str = "", today: dt.date | None = None) -> Appeal:
    """The organiser accepts (the unit leaves the black list, its task is withdrawn) or rejects an appeal."""
    from zhenwu.plans import actions as plan_actions
    from zhenwu.plans.models import TaskStatus

    rnd = appeal.standing.round
    actions.require(user, CHANGE, rnd.org, "只有组织考评的单位可以处理申诉")
    if appeal.state != AppealState.PENDING:
        raise ValidationError("该申诉已处理")
    appeal.state = AppealState.ACCEPTED if accept else AppealState.REJECTED
    appeal.decision, appeal.decided_on = (decision or "")[:300], today or timezone.localdate()
    appeal.decided_by = user if user is not None and user.is_authenticated else None
    with transaction.atomic(), acting_as(user):
        actions.save(user, appeal, org=rnd.org)
        if accept:
            standing = appeal.standing
            standing.board = Board.NONE
            actions.save(user, standing, org=rnd.org)
            if standing.task is not None:
                standing.task.status = TaskStatus.DROPPED
                plan_actions.save_task(user, standing.task)
    return appeal


CARRY_DENIED = "只有组织考评的单位可以将考评结果计入年终考核"


def carry_year(user, scheme: Scheme, year: int) -> list:
    """The year's evaluation results into the plans app's year-end assessment (年终考核): each rated unit's
    result (the rule: `models.YearScore`) becomes the score of one task of that unit, "<方案>（<年>年度考评结果）",
    made on the first run and updated on later ones; a result already carried is left alone, so running it again
    writes nothing. Refused, with nothing saved, while a round of the year is unpublished. Returns the rows
    written (`services.CarryRow`)."""
    from zhenwu.plans import actions as plan_actions
    from zhenwu.plans.models import Area, Task, TaskSource, TaskStatus

    from . import services

    actions.require(user, CHANGE, scheme.org, CARRY_DENIED)
    written = []
    with transaction.atomic(), acting_as(user):
        # one carry of a scheme at a time: a second organiser waits here and then finds the results carried
        Scheme.objects.select_for_update().filter(pk=scheme.pk).exists()
        carry = services.year_carry(scheme, year)
        if carry.problem:
            raise ValidationError(carry.problem)
        for row in carry.rows:
            if row.change in ("不计入", "不变"):
                continue
            result = row.existing or YearScore(scheme=scheme, year=year, org=row.unit)
            task = result.task if result.task_id else Task(
                org=row.unit, year=year, title=f"{scheme.name}（{year}年度考评结果）"[:120], area=Area.GOVERNANCE,
                source=TaskSource.TARGET, unit=row.unit.name, status=TaskStatus.DONE)
            task.score = row.score
            task.target = (f"{scheme.org.name}{scheme.name}{year}年共{len(carry.rounds)}轮，本单位参与排名{row.rounds}轮，"
                           f"各轮总分折合百分制的平均分计入年终考核。")
            plan_actions.save_task(user, task)
            result.task, result.score, result.rounds = task, row.score, row.rounds
            actions.save(user, result, org=scheme.org)
            written.append(row)
    return written


# -- campaigns ---------------------------------------------------------------------------------------------------

def save_campaign(user, campaign: Campaign) -> Campaign:
    return actions.save(user, campaign)


def save_candidate(user, candidate: Candidate) -> Candidate:
    """A candidate with its criteria scores; the total is their sum. The organiser scores."""
    scores = candidate.scores or {}
    candidate.total = Decimal(str(sum(v for v in scores.values() if isinstance(v, (int, float))))) if scores else None
    actions.authorize(user, candidate, org=candidate.campaign.org)
    actions.validate(candidate)
    with transaction.atomic(), acting_as(user):
        candidate.save()
    return candidate


def close_campaign(user, campaign: Campaign) -> int:
    """Name every candidate reaching the pass score (已命名), the others 未通过; returns how many were named."""
    actions.require(user, CHANGE, campaign.org)
    named = 0
    with transaction.atomic(), acting_as(user):
        for c in campaign.candidates.all():
            result = (CandidateResult.AWARDED if c.total is not None and c.total >= campaign.pass_score
                      else CandidateResult.NOT_AWARDED)
            named += result == CandidateResult.AWARDED
            if c.result != result:
                c.result = result
                actions.save(user, c, org=campaign.org)
    return named


# -- many records at once (the demo) -------------------------------------------------------------------------------

def load_many(user, objs: list) -> list:
    """Many new records of one model, each checked and validated as `save` would, inserted with their audit rows
    in two statements; balances follow the approved points and redemptions among them."""
    from zhenwu.core.audit import create_many

    if not objs:
        return []
    for obj in objs:
        actions.authorize(user, obj)
        actions.validate(obj)
    with transaction.atomic(), acting_as(user):
        made = create_many(type(objs[0]), objs)
        deltas: dict[tuple, int] = {}
        for o in made:
            if isinstance(o, PointRecord) and o.state == PointState.APPROVED:
                sign = 1
            elif isinstance(o, Redemption):
                sign = -1
            else:
                continue
            key = (Household, o.household_id) if o.household_id else (PartyMember, o.member_id)
            deltas[key] = deltas.get(key, 0) + sign * o.points
        for (model, pk), delta in deltas.items():
            model.objects.filter(pk=pk).update(balance=F("balance") + delta)
    return made
