"""Demo points and rankings: 清河镇's 12 villages (communities) with households, a rule book, a year (2023) of
point records and redemptions, six evaluation rounds with red and black lists; 城关街道's 党员积分; the county's
evaluation of its three towns. Idempotent: each part is made once (looked up first), in bulk where it can be."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal

from zhenwu.core.actions import ensure
from zhenwu.core.models import Level, OrgUnit
from zhenwu.core.pii import idcard_check_digit

from . import actions
from .models import (Campaign, CampaignLevel, Candidate, Category, Goods, Household, PartyMember, PeriodType,
                     PointRecord, PointRule, PointState, Redemption, Round, Scheme, SchemeItem, Score, Source,
                     Subject)

YEAR = 2023
QINGHE, CHENGGUAN, COUNTY = "990102101", "990102001", "990102"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "春华", "志强", "秀英", "国平", "德明", "桂兰", "海涛", "玉梅", "家宝", "文军", "金凤", "长生", "小红"]

RULES = [  # (category, name, subject, points, evidence, monthly cap)
    (Category.ENVIRONMENT, "门前三包、庭院整洁", Subject.HOUSEHOLD, 5, True, 10),
    (Category.ENVIRONMENT, "参与村湾环境集中整治", Subject.HOUSEHOLD, 3, True, 9),
    (Category.TEN_HOUSEHOLDS, "十户长协助化解矛盾纠纷", Subject.HOUSEHOLD, 5, False, 10),
    (Category.VOLUNTEER, "参加志愿服务活动", Subject.HOUSEHOLD, 2, True, 8),
    (Category.CUSTOMS, "红白喜事简办、移风易俗", Subject.HOUSEHOLD, 10, False, 10),
    (Category.PENALTY, "乱堆乱放、乱倒垃圾", Subject.HOUSEHOLD, -5, True, 10),
    (Category.PENALTY, "违规焚烧秸秆", Subject.HOUSEHOLD, -10, True, 20),
]
MEMBER_RULES = [
    (Category.PARTY, "参加主题党日", Subject.MEMBER, 5, False, 5),
    (Category.PARTY, "在职党员进社区报到服务", Subject.MEMBER, 5, True, 10),
    (Category.VOLUNTEER, "“两新”党员志愿服务", Subject.MEMBER, 3, True, 9),
    (Category.PENALTY, "无故缺席组织生活", Subject.MEMBER, -5, False, 5),
]
GOODS = [("洗衣粉", 20, 200), ("食用油（5升）", 80, 60), ("大米（10斤）", 50, 100), ("毛巾", 10, 300),
         ("电热水壶", 150, 20)]
ITEMS = [  # (name, max, guide, source, ledger kind, indicator)
    ("人居环境整治", 25, "村湾整洁、无乱堆乱放；每发现一处问题扣 2 分", Source.MANUAL, "", ""),
    ("安全隐患整改率", 20, "本年度安全隐患已整改数 ÷ 排查数 × 20", Source.HAZARD_RATE, "safety_hazard", ""),
    ("台账按期办结", 10, "每一条逾期未办结的台账扣 1 分", Source.OVERDUE, "safety_hazard", ""),
    ("基层治理与十户共治", 25, "矛盾纠纷化解、十户长履职、积分制运行", Source.MANUAL, "", ""),
    ("党建引领", 20, "组织生活、党员积分管理", Source.MANUAL, "", ""),
]
ROUNDS = [  # (scheme index, title, date)
    (0, "2023年第一季度大评比", dt.date(YEAR, 3, 28)), (1, "2023年5月月末小检查", dt.date(YEAR, 5, 29)),
    (0, "2023年第二季度大评比", dt.date(YEAR, 6, 28)), (0, "2023年第三季度大评比", dt.date(YEAR, 9, 27)),
    (1, "2023年11月月末小检查", dt.date(YEAR, 11, 28)), (0, "2023年第四季度大评比", dt.date(YEAR, 12, 27)),
]


def _rng(*parts) -> random.Random:
    return random.Random(int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12], 16))


def _idcard(rng, region: str) -> str:
    first = f"{region}{rng.randint(1950, 1995)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return first + idcard_check_digit(first)


PHOTO = "assess/demo/photo.png"


PHOTO_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAUUlEQVR4nO3PMQ0AIADAMEAmwtCLCI6GZFWwzX32+NnSAa8a0BrQ"
             "GtAa0BrQGtAa0BrQGtAa0BrQGtAa0BrQGtAa0BrQGtAa0BrQGtAa0BrQLpOXAao4cJNEAAAAAElFTkSuQmCC")


def _demo_photo() -> None:
    """The one picture the demo's records point to (a small green square)."""
    import base64

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    if not default_storage.exists(PHOTO):
        default_storage.save(PHOTO, ContentFile(base64.b64decode(PHOTO_PNG)))


def load() -> None:
    _demo_photo()
    qinghe = OrgUnit.objects.filter(code=QINGHE).first()
    if qinghe is None:
        return
    _accounts()
    _qinghe(qinghe)
    chengguan = OrgUnit.objects.filter(code=CHENGGUAN).first()
    if chengguan is not None:
        _party_members(chengguan)
    county = OrgUnit.objects.filter(code=COUNTY).first()
    if county is not None:
        _county(county)
    # the year's results into the year-end assessment: 清河镇's quarterly evaluations of its villages and the
    # county's of its towns (a second run finds them carried and writes nothing)
    for scheme in Scheme.objects.filter(org__code__in=[QINGHE, COUNTY], period_type__in=[PeriodType.QUARTER,
                                                                                         PeriodType.YEAR]):
        actions.carry_year(None, scheme, YEAR)


def _accounts() -> None:
    """A 网格员 of 泉湖村第一网格 records points there; 泉湖村's clerk (qinghe-cun) approves them."""
    from zhenwu.core.demo import _account
    from zhenwu.core.roles import Role

    grid = OrgUnit.objects.filter(code="990102101201001").first()
    if grid is not None:
        _account("qinghe-wg", "泉湖村第一网格网格员", grid, Role.GRID)


def _rules(town, specs) -> dict:
    return {name: ensure(None, PointRule, org=town, name=name, defaults={
        "category": cat, "subject": subj, "points": pts, "evidence_required": ev, "monthly_cap": cap})[0]
        for cat, name, subj, pts, ev, cap in specs}


def _qinghe(town) -> None:
    rules = _rules(town, RULES)
    villages = list(OrgUnit.objects.filter(parent=town, level__in=(Level.VILLAGE, Level.COMMUNITY)).order_by("code"))
    goods = {name: ensure(None, Goods, org=town, name=name, defaults={"price": price, "stock": stock})[0]
             for name, price, stock in GOODS}
    if not Household.objects.within(town).exists():
        _households(villages)
    if not PointRecord.objects.within(town).exists():
        _points(town, rules, goods)
    _evaluations(town, villages)
    _campaigns(town, villages)


def _households(villages) -> None:
    made = []
    for v in villages:
        grids = list(OrgUnit.objects.filter(parent=v, level=Level.GRID).order_by("code")) or [v]
        rng = _rng("households", v.code)
        for i in range(12):
            head = rng.choice(SURNAMES) + rng.choice(GIVEN)
            h = Household(org=grids[i % len(grids)], head=head, members=rng.randint(1, 6),
                          address=f"{v.name}{rng.randint(1, 9)}组{rng.randint(1, 60)}号")
            h.idcard = _idcard(rng, "420000")
            h.phone = f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
            made.append(h)
    actions.load_many(None, made)


def _points(town, rules, goods) -> None:
    households = list(Household.objects.within(town).select_related("org"))
    positive = [r for r in rules.values() if r.points > 0]
    penalties = [r for r in rules.values() if r.points < 0]
    records = []
    for h in households:
        rng = _rng("points", h.pk)
        for month in range(1, 13):
            for rule in rng.sample(positive, rng.randint(0, 2)):
                records.append(PointRecord(
                    household=h, org=h.org, rule=rule, points=rule.points,
                    occurred_on=dt.date(YEAR, month, rng.randint(1, 28)),
                    photo="" if not rule.evidence_required else PHOTO,
                    state=PointState.APPROVED if rng.random() > 0.08 else PointState.RETURNED))
            if rng.random() < 0.05:
                rule = rng.choice(penalties)
                records.append(PointRecord(household=h, org=h.org, rule=rule, points=rule.points,
                                           occurred_on=dt.date(YEAR, month, rng.randint(1, 28)),
                                           photo=PHOTO, state=PointState.APPROVED))
    # the last month's records of the first village still wait for its review
    for r in records:
        if r.occurred_on.month == 12 and r.household.org.code.startswith(f"{town.code}201") and \
                r.state == PointState.APPROVED and r.points > 0:
            r.state = PointState.PENDING
    actions.load_many(None, records)
    balances = dict(Household.objects.within(town).values_list("pk", "balance"))
    redemptions = []
    for h in households:
        rng = _rng("shop", h.pk)
        left = balances[h.pk]
        for g in sorted(goods.values(), key=lambda g: g.price):
            if left >= g.price * 2 and rng.random() < 0.5:
                q = rng.randint(1, 2)
                redemptions.append(Redemption(household=h, org=h.org, goods=g, quantity=q, points=g.price * q,
                                              redeemed_on=dt.date(YEAR, rng.randint(6, 12), rng.randint(1, 28))))
                left -= g.price * q
    actions.load_many(None, redemptions)
    # stock taken by the redemptions
    for g in goods.values():
        taken = sum(r.quantity for r in redemptions if r.goods_id == g.pk)
        if taken:
            g.stock = max(0, g.stock - taken)
            actions.save_goods(None, g)


def _scheme(org, name, period_type, items, min_items=3, red_n=3, black_n=2):
    scheme, _ = ensure(None, Scheme, org=org, name=name, defaults={
        "period_type": period_type, "min_items": min_items, "red_n": red_n, "black_n": black_n})
    for order, (item_name, top, guide, source, kind, indicator) in enumerate(items):
        ensure(None, SchemeItem, scheme=scheme, name=item_name, defaults={
            "org": org, "max_score": Decimal(top), "guide": guide, "source": source, "ledger_kind": kind,
            "indicator_code": indicator, "order": order})
    return scheme


def _evaluations(town, villages) -> None:
    schemes = [_scheme(town, "村（社区）季末大评比", PeriodType.QUARTER, ITEMS),
               _scheme(town, "村（社区）月末小检查", PeriodType.MONTH, [ITEMS[0], ITEMS[3]], min_items=2, red_n=2,
                       black_n=1)]
    for index, title, day in ROUNDS:
        if Round.objects.filter(scheme=schemes[index], title=title).exists():
            continue
        rnd = actions.save_round(None, Round(scheme=schemes[index], title=title, held_on=day))
        _score_round(rnd, villages, skip=villages[-1] if day.month == 5 else None)
        standings = actions.publish(None, rnd, today=day + dt.timedelta(days=3))
        _follow_up(rnd, standings)


def _score_round(rnd, units, skip=None) -> None:
    scores = []
    for item in rnd.scheme.items.all():
        for u in units:
            if u == skip and item.source == Source.MANUAL and item.order > 0:
                continue  # a village the inspectors could not visit in full: too few items to be ranked
            if item.source == Source.MANUAL:
                rng = _rng("score", rnd.title, item.name, u.code)
                value = (item.max_score * Decimal(rng.randint(62, 100)) / 100).quantize(Decimal("0.1"))
                evidence = "现场检查"
            else:
                from . import services

                derived = services.item_score(item, u, rnd.held_on, today=rnd.held_on)
                if derived is None:
                    continue
                value, evidence = derived.score, derived.evidence
            scores.append(Score(round=rnd, item=item, org=u, score=value, evidence=evidence,
                                from_records=item.source != Source.MANUAL))
    actions.load_many(None, scores)


def _follow_up(rnd, standings) -> None:
    """Earlier rounds' black lists were rectified; one appeal accepted, one rejected; the last round's open."""
    from zhenwu.plans import actions as plan_actions
    from zhenwu.plans.models import TaskStatus

    black = [s for s in standings if s.board == "black"]
    last = rnd.held_on.month == 12
    for i, s in enumerate(black):
        if rnd.held_on.month == 6 and i == 0:
            appeal = actions.file_appeal(None, s, "检查当日村湾正在集中清运垃圾，申请复核人居环境整治得分。",
                                         today=rnd.held_on + dt.timedelta(days=5))
            actions.decide_appeal(None, appeal, True, "经复核，情况属实，撤销黑榜。",
                                  today=rnd.held_on + dt.timedelta(days=8))
            continue
        if rnd.held_on.month == 9 and i == 0:
            appeal = actions.file_appeal(None, s, "隐患整改已完成，仅台账未及时更新。",
                                         today=rnd.held_on + dt.timedelta(days=4))
            actions.decide_appeal(None, appeal, False, "以考评当日台账为准，维持原结果。",
                                  today=rnd.held_on + dt.timedelta(days=7))
        if s.task is not None and not last:
            s.task.status = TaskStatus.DONE
            plan_actions.save_task(None, s.task)


def _campaigns(town, villages) -> None:
    criteria = [{"name": "村容村貌", "max": 40}, {"name": "产业发展", "max": 30}, {"name": "乡风文明", "max": 30}]
    # 县级 3 named of 5 candidates, 乡镇级 13 named of the villages and the 美丽庭院 households
    county_level, made = ensure(None, Campaign, org=town, name="示范村湾", level=CampaignLevel.COUNTY, year=YEAR,
                                defaults={"criteria": criteria, "pass_score": Decimal(85)})
    if made:
        for i, v in enumerate(villages[:5]):
            scores = {"村容村貌": [38, 37, 36, 33, 30][i], "产业发展": [28, 27, 26, 25, 24][i],
                      "乡风文明": [27, 26, 25, 24, 23][i]}
            actions.save_candidate(None, Candidate(campaign=county_level, org=v, scores=scores))
        actions.close_campaign(None, county_level)
    town_level, made = ensure(None, Campaign, org=town, name="示范村湾", level=CampaignLevel.TOWN, year=YEAR,
                              defaults={"criteria": criteria, "pass_score": Decimal(75)})
    if made:
        candidates = []
        for k, (v, n) in enumerate((v, n) for v in villages for n in (1, 2)):
            rng = _rng("campaign", v.code, n)
            # thirteen hamlets had prepared well; the others came forward for the first time
            if k < 13:
                scores = {"村容村貌": rng.randint(32, 40), "产业发展": rng.randint(22, 30), "乡风文明": rng.randint(24, 30)}
            else:
                scores = {"村容村貌": rng.randint(20, 30), "产业发展": rng.randint(14, 22), "乡风文明": rng.randint(15, 22)}
            candidates.append(Candidate(campaign=town_level, org=v, scores=scores, note=f"第{n}湾"))
        for c in candidates:
            actions.save_candidate(None, c)
        actions.close_campaign(None, town_level)


def _party_members(street) -> None:
    rules = _rules(street, MEMBER_RULES)
    if PartyMember.objects.within(street).exists():
        return
    communities = list(OrgUnit.objects.filter(parent=street, level=Level.COMMUNITY).order_by("code"))
    members = []
    for c in communities:
        rng = _rng("members", c.code)
        for i in range(5):
            m = PartyMember(org=c, name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                            post=rng.choice(["在职党员", "社区党员", "两新组织党员"]))
            m.phone = f"15{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
            members.append(m)
    members = actions.load_many(None, members)
    records = []
    for m in members:
        rng = _rng("member-points", m.pk)
        for month in range(1, 13):
            for rule in rng.sample(list(rules.values()), rng.randint(0, 2)):
                records.append(PointRecord(member=m, org=m.org, rule=rule, points=rule.points,
                                           occurred_on=dt.date(YEAR, month, rng.randint(1, 28)),
                                           photo=PHOTO if rule.evidence_required else "",
                                           state=PointState.APPROVED))
    actions.load_many(None, records)


def _county(county) -> None:
    towns = list(OrgUnit.objects.filter(parent=county, level__in=(Level.TOWN, Level.STREET)).order_by("code"))
    scheme = _scheme(county, "乡镇（街道）年度综合考评", PeriodType.YEAR, [
        ("经济运行（地方一般公共预算收入完成率）", 30, "完成年度目标的比例 × 30", Source.INDICATOR, "",
         "local_budget_revenue"),
        ("安全隐患整改率", 20, "本年度安全隐患已整改数 ÷ 排查数 × 20", Source.HAZARD_RATE, "safety_hazard", ""),
        ("重点项目建设", 25, "项目开工率、投资完成率", Source.MANUAL, "", ""),
        ("基层治理", 25, "积分制、十户共治运行情况", Source.MANUAL, "", ""),
    ], min_items=2, red_n=1, black_n=1)
    title = f"{YEAR}年度乡镇（街道）综合考评"
    if Round.objects.filter(scheme=scheme, title=title).exists():
        return
    rnd = actions.save_round(None, Round(scheme=scheme, title=title, held_on=dt.date(YEAR, 12, 29)))
    _score_round(rnd, towns)
    standings = actions.publish(None, rnd, today=dt.date(YEAR + 1, 1, 5))
    from zhenwu.plans import actions as plan_actions
    from zhenwu.plans.models import TaskStatus

    for s in standings:
        if s.task is not None:
            s.task.status = TaskStatus.DONE
            plan_actions.save_task(None, s.task)
