"""Demo ledgers for 清河镇 (seed 000), 石岭镇 (seed 001) and 城关街道 (seed 004): entries whose statistics give
the figures their 2023 reports state, spread over villages, grids and months.

Entries are bulk-created (no audit rows: this is seed data) with their transition history. Each batch is
tagged by its `ref` prefix, so a second run finds it and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from decimal import Decimal

from django.utils import timezone

from zhenwu.core.demo import COUNTY_CODE, FINANCE_CODE, SUPPLY_CODE, elapsed_months, not_after
from zhenwu.core.models import Level, OrgUnit
from zhenwu.core.pii import idcard_check_digit

from . import actions, demo_work
from .models import LedgerEntry, LedgerKind, Transition

QINGHE, SHILING, CHENGGUAN = f"{COUNTY_CODE}101", f"{COUNTY_CODE}102", f"{COUNTY_CODE}001"
YEAR = 2023
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "建国志强秀英桂兰明华国庆海燕玉梅长青德福春生红霞永平丽娟金山家豪子涵雨轩俊杰文静婷婷"


class Batch:
    """`n` entries of one kind, ending in `state`, with `data` built per index."""

    def __init__(self, n, state, data=None, months=(1, 12), year=YEAR, title=None, level="village"):
        self.n, self.state, self.data, self.months, self.year = n, state, data or (lambda i, r: {}), months, year
        self.title, self.level = title, level


def _spread(total: int, n: int, rng: random.Random, minimum: int = 0) -> list[int]:
    """`n` non-negative integers (each ≥ minimum) summing exactly to `total`."""
    parts = [minimum] * n
    for _ in range(total - minimum * n):
        parts[rng.randrange(n)] += 1
    return parts


def _spread_dec(total: str, n: int, rng: random.Random) -> list[str]:
    cents = _spread(int(Decimal(total) * 100), n, rng, minimum=1)
    return [str(Decimal(c) / 100) for c in cents]


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


def _idcard(rng, year_from=1950, year_to=2005):
    body = f"{COUNTY_CODE}{rng.randint(year_from, year_to)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + idcard_check_digit(body)


def _phone(rng):
    return f"1{rng.choice('35789')}{rng.randint(0, 999999999):09d}"


def _path(kind: LedgerKind, target: str, start: str | None = None) -> list[str]:
    """The shortest chain of states from `start` (the initial one) to `target`, or to the nearest finished state
    when `target` is None (breadth-first over the transitions)."""
    start = start or kind.initial_state
    prev, todo = {start: None}, deque([start])
    while todo:
        state = todo.popleft()
        if target is None and state in kind.done_states:
            target = state
            break
        for t in kind.transitions_from(state):
            if t["to"] not in prev:
                prev[t["to"]] = state
                todo.append(t["to"])
    chain, state = [], target
    while state is not None:
        chain.append(state)
        state = prev[state]
    return chain[::-1]


def _units(town: str, level: str) -> list[OrgUnit]:
    levels = {"village": [Level.VILLAGE, Level.COMMUNITY], "grid": [Level.GRID]}[level]
    found = list(OrgUnit.objects.filter(code__startswith=town, level__in=levels).order_by("code"))
    return found or [OrgUnit.objects.get(code=town)]  # a department records at the department itself


# The corpus year's batches, replayed for the current year by `load_this_year`.
_CORPUS_BATCHES: list[tuple] = []


def _load_batches(town: str, kind: LedgerKind, batches: list[Batch], titles, tag: str = "",
                  current: bool = False) -> None:
    """`current`: batches of the current year (not the corpus's), never replayed."""
    if not current and any(b.year == YEAR for b in batches):
        _CORPUS_BATCHES.append((town, kind, batches, titles))
    prefix = f"DEMO-{town}-{kind.code}{tag}-"
    if LedgerEntry.objects.filter(kind=kind, ref__startswith=prefix).exists():
        return
    rng = random.Random(prefix)
    later = random.Random(f"{prefix}later")  # its own draws: the corpus year's records stay as they were
    tz, today = timezone.get_current_timezone(), timezone.localdate()
    entries, histories = [], []
    for b in batches:
        units = _units(town, b.level)
        chain = _path(kind, b.state)
        # A case still open at the end of the corpus year (or of a later year before this one) was finished in
        # the first months after it; that year's report still counts it open (it reads the states at its end).
        resumed_in = max(b.year, YEAR) + 1
        closing = _path(kind, None, b.state)[1:] if resumed_in <= today.year else []
        for i in range(b.n):
            month = rng.randint(*b.months)
            occurred = not_after(dt.date(b.year, month, rng.randint(1, 28)), today)
            data = b.data(i, rng)
            org = units[rng.randrange(len(units))]
            year_end = not_after(dt.date(b.year, 12, 31), today)  # the state the batch names is the year's
            steps = [not_after(occurred + dt.timedelta(days=3 * k + rng.randint(0, 2)), year_end)
                     for k in range(len(chain))]
            if closing:
                resumed = dt.date(resumed_in, 1, 1) + dt.timedelta(days=later.randint(5, 150))
                steps += [not_after(resumed + dt.timedelta(days=7 * k), today) for k in range(len(closing))]
            states = chain + closing
            done = states[-1] in kind.done_states
            entry = LedgerEntry(
                kind=kind, org=org, ref=f"{prefix}{len(entries) + 1:04d}",
                title=(b.title or titles)(i, rng, org, data), occurred_on=occurred, status=states[-1],
                closed_on=steps[-1] if done else None, deadline=kind.deadline_for(occurred, data),
                responsible=_name(rng), data=data, version=len(states),
                created_at=dt.datetime.combine(occurred, dt.time(9, rng.randint(0, 59)), tz),
            )
            entries.append(entry)
            histories.append([
                Transition(from_state=states[k - 1] if k else "", to_state=state, by_name=entry.responsible,
                           at=dt.datetime.combine(steps[k], dt.time(10 + k % 8, 0), tz),
                           note="" if k == 0 else f"{kind.state_label(state)}（演示数据）")
                for k, state in enumerate(states)
            ])
    actions.seed_entries(kind, entries, histories)


def _choice(options):
    return lambda i, r: options[i % len(options)]


# -- titles ---------------------------------------------------------------------------------------------
def _t(template):
    return lambda i, r, org, d: template.format(org=org.name, **d, i=i + 1)


HAZARD_PLACES = ["加油站", "中学", "小学", "幼儿园", "超市", "农贸市场", "卫生院", "砖厂", "茶叶加工厂", "建筑工地", "出租房", "烟花爆竹零售点"]
HAZARD_ISSUES = ["消防通道堵塞", "灭火器过期", "电线私拉乱接", "安全出口标识缺失", "燃气软管老化", "应急照明损坏", "堆放易燃杂物"]


def _hazard_title(i, r, org, d):
    return f"{d['place']}{r.choice(HAZARD_ISSUES)}"


def _hazard(source):
    def data(i, r):
        place = f"{r.choice(['泉湖', '古城', '堰市', '金塘', '城南', '东关'])}{r.choice(HAZARD_PLACES)}"
        return {"place": place, "hazard_type": r.choice(["消防", "燃气", "工贸企业", "道路交通"]),
                "severity": "重大隐患" if i % 20 == 7 else "一般隐患", "source": source,
                "contact_phone": _phone(r), "measure": "已督促责任单位限期整改"}
    return data


def _selfbuilt(i, r):
    return {"place": f"经营性自建房{i + 1}号", "hazard_type": "自建房", "severity": "一般隐患", "source": "县级督办单",
            "measure": "住建局安排施工队维修加固"}


def _dispute(origin_of, amount=False):
    def data(i, r):
        d = {"dispute_type": r.choice(["婚姻家庭", "邻里", "土地山林", "物业", "劳资"]), "origin": origin_of(i),
             "parties": f"{_name(r)}与{_name(r)}", "people": r.randint(2, 6)}
        if amount and i % 5 == 0:
            d["amount"] = str(r.randint(2, 80) * 500)
        return d
    return data


def _people_title(label):
    return lambda i, r, org, d: f"{d.get('head') or d.get('name')}{label}"


def _monitor(members: list[int], monitor_type=None):
    def data(i, r):
        return {"head": _name(r), "id_number": _idcard(r), "phone": _phone(r), "members": members[i],
                "monitor_type": monitor_type or r.choice(["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]),
                "risk": r.sample(["因病", "因残", "因学", "缺劳动力", "务工就业不稳"], 2),
                "plan": "一户一策：产业补助＋公益岗位＋医疗保障"}
    return data


def _aid(aid_type, members: list[int]):
    def data(i, r):
        return {"aid_type": aid_type, "head": _name(r), "id_number": _idcard(r), "members": members[i],
                "amount": str(members[i] * r.choice([500, 560, 610]) * 12)}
    return data


def _counts_of(counts: dict) -> list[Batch]:
    """Party activities etc.: {type: n} → one batch per type."""
    return [Batch(n, "held", (lambda t: lambda i, r: {"activity_type": t, "participants": r.randint(9, 40)})(t),
                  title=(lambda t: lambda i, r, org, d: f"{t}（第{i + 1}次）")(t)) for t, n in counts.items()]


def load_qinghe(kinds):
    r = random.Random("qinghe")
    _load_batches(QINGHE, kinds["safety_hazard"], [
        Batch(40, "verified", _hazard("镇级督办单")), Batch(22, "verified", _hazard("自查")),
    ], _hazard_title)
    origin = lambda i: "排查发现" if i < 65 else ("群众反映" if i % 2 else "上级交办")  # noqa: E731
    _load_batches(QINGHE, kinds["dispute"], [
        Batch(106, "resolved", _dispute(origin, amount=True)),
        Batch(1, "unresolved", _dispute(lambda i: "群众反映")),
    ], _t("{org}{dispute_type}纠纷"))
    punished, talks, criticized = _spread(10, 10, r, 1), _spread(5, 12, r), _spread(8, 12, r)
    _load_batches(QINGHE, kinds["discipline"], [
        Batch(10, "concluded", lambda i, r: {"clue_source": "信访举报", "subject": _name(r), "punished": punished[i],
                                             "talks": talks[i], "criticized": criticized[i]}),
        Batch(1, "filed", lambda i, r: {"clue_source": "监督检查", "subject": _name(r)}),
        Batch(2, "dismissed", lambda i, r: {"clue_source": "上级交办", "subject": _name(r),
                                            "talks": talks[10 + i], "criticized": criticized[10 + i]}),
    ], lambda i, r, org, d: f"关于{d['subject']}的问题线索")
    _load_batches(QINGHE, kinds["party_activity"], _counts_of(
        {"中心组学习": 13, "党委会": 20, "干部专题学习": 11, "党员大会": 10}), None)
    km = _spread_dec("18", 36, r)
    _load_batches(QINGHE, kinds["river_patrol"], [
        Batch(539, "recorded", lambda i, r: {"river": "陆水河", "level": "镇级" if i % 9 == 0 else "村级",
                                            **({"cleaned_km": km[i]} if i < 36 else {})}),
    ], _t("{org}巡河"))
    found = _spread(132, 800, r)
    _load_batches(QINGHE, kinds["forest_patrol"], [
        Batch(800, "recorded", lambda i, r: {"forest": "责任山场", "ranger": _name(r), "problems": found[i],
                                            "solved": found[i]}),
    ], _t("{org}巡林"))
    old = _spread(96, 30, r, 1)
    _load_batches(QINGHE, kinds["poverty_monitor"], [
        Batch(22, "eliminated", _monitor(old[:22]), year=2021),
        Batch(8, "assisting", _monitor(old[22:]), year=2022),
        Batch(2, "identified", _monitor([3, 4], "突发严重困难户"), months=(4, 10)),  # 新增监测户2户7人
    ], _people_title("户"))
    _load_batches(QINGHE, kinds["social_assistance"], [
        Batch(60, "approved", _aid("低保", _spread(130, 60, r, 1)), year=2022),
        Batch(40, "approved", _aid("低保", _spread(86, 40, r, 1))),  # 新增低保户40户
        Batch(2, "approved", _aid("五保", [1, 1])),  # 新增五保户2人
    ], lambda i, r, org, d: f"{d['head']}（{d['aid_type']}）")


def load_shiling(kinds):
    r = random.Random("shiling")
    _load_batches(SHILING, kinds["dispute"], [
        Batch(461, "resolved", _dispute(lambda i: "排查发现" if i % 3 else "群众反映")),
        Batch(3, "unresolved", _dispute(lambda i: "群众反映")),
    ], _t("{org}{dispute_type}纠纷"))
    # 监测户125户564人，风险未消除28户116人（含2023年新识别3户18人），风险消除率79.43%.
    _load_batches(SHILING, kinds["poverty_monitor"], [
        Batch(97, "eliminated", _monitor(_spread(448, 97, r, 1)), year=2021),
        Batch(25, "assisting", _monitor(_spread(98, 25, r, 1)), year=2022),
        Batch(3, "assisting", _monitor([5, 6, 7]), months=(3, 8)),
    ], _people_title("户"))
    _load_batches(SHILING, kinds["party_activity"], _counts_of({"中心组学习": 23, "主题党日": 9, "党课": 39}), None)
    _load_batches(SHILING, kinds["conscription"], [
        Batch(1, "enlisted", lambda i, r: {"name": _name(r), "id_number": _idcard(r, 2003, 2005),
                                           "phone": _phone(r), "education": "高中及以下"}, months=(3, 6)),
        Batch(26, "failed", lambda i, r: {"name": _name(r), "id_number": _idcard(r, 2001, 2005),
                                          "education": _choice(["高中及以下", "大学在校生"])(i, r)}, months=(3, 6)),
        Batch(2, "withdrawn", lambda i, r: {"name": _name(r), "education": "高中及以下"}, months=(3, 6)),
    ], _people_title("应征报名"))
    _load_batches(SHILING, kinds["emergency_drill"], [
        Batch(13, "held", lambda i, r: {"drill_type": _choice(["防汛抗旱", "地质灾害", "森林草原防灭火", "消防"])(i, r),
                                        "participants": r.randint(20, 80)}),
    ], _t("{org}{drill_type}应急演练"))
    # 永久基本农田流出图斑71个63.67亩、一般耕地32个28.2亩；就地恢复15处8.43亩，异地补充65处89.78亩.
    basic, general = _spread_dec("63.67", 71, r), _spread_dec("28.2", 32, r)
    local, remote = _spread_dec("8.43", 15, r), _spread_dec("89.78", 65, r)

    def patch(land, areas, method=None, fixed=None):
        return lambda i, r: {"patch_no": f"TB{2023}{r.randint(1000, 9999)}", "land_class": land, "area_mu": areas[i],
                             **({"method": method, "fixed_mu": fixed[i]} if method else {})}

    _load_batches(SHILING, kinds["farmland_outflow"], [
        Batch(15, "accepted", lambda i, r: patch("永久基本农田", basic, "就地恢复", local)(i, r)),
        Batch(56, "accepted", lambda i, r: patch("永久基本农田", basic[15:], "异地补充", remote)(i, r)),
        Batch(9, "accepted", lambda i, r: patch("一般耕地", general, "异地补充", remote[56:])(i, r)),
        Batch(23, "rectifying", lambda i, r: patch("一般耕地", general[9:])(i, r)),
    ], lambda i, r, org, d: f"{org.name}{d['land_class']}流出图斑{d['patch_no']}")
    events = ["群众诉求", "矛盾纠纷", "安全隐患", "环境卫生", "重点人员"]
    _load_batches(SHILING, kinds["grid_event"], [
        Batch(2080, "solved", lambda i, r: {"event_type": events[i % 5], "households": r.randint(0, 6)}, level="grid"),
        Batch(40, "handling", lambda i, r: {"event_type": events[i % 5]}, months=(10, 12), level="grid"),
    ], _t("{org}{event_type}事件"))


def load_chengguan(kinds):
    r = random.Random("chengguan")
    satisfied = set(r.sample(range(1978), 1644))  # 1644/1978 = 83.1%
    topics = ["物业", "市政设施", "环境卫生", "噪音扰民", "邻里纠纷", "社会保障"]
    _load_batches(CHENGGUAN, kinds["hotline_12345"], [
        Batch(1978, "reviewed", lambda i, r: {"ticket_no": f"12345-2023-{i + 1:05d}", "topic": topics[i % 6],
                                             "caller_phone": _phone(r),
                                             "satisfaction": "满意" if i in satisfied else "不满意"}, months=(1, 9)),
    ], _t("{org}{topic}诉求"))
    _load_batches(CHENGGUAN, kinds["petition"], [  # 信访转办件24件，已全部办结，满意率95%（回访20件，满意19件）
        Batch(24, "concluded", lambda i, r: {
            "channel": "上级转办", "petitioner": _name(r), "id_number": _idcard(r), "phone": _phone(r),
            **({"satisfaction": "满意" if i < 19 else "不满意"} if i < 20 else {})}, months=(1, 9)),
    ], lambda i, r, org, d: f"{d['petitioner']}反映{org.name}物业问题")
    _load_batches(CHENGGUAN, kinds["dispute"], [
        Batch(354, "resolved", _dispute(lambda i: "排查发现"), months=(1, 9)),
    ], _t("{org}{dispute_type}纠纷"))
    education = ["大学毕业生"] * 12 + ["大学在校生"] + ["高中及以下"] * 3
    _load_batches(CHENGGUAN, kinds["conscription"], [
        Batch(16, "enlisted", lambda i, r: {"name": _name(r), "id_number": _idcard(r, 1998, 2005),
                                            "phone": _phone(r), "education": education[i]}, months=(3, 9)),
    ], _people_title("批准入伍"))
    visits = _spread(12763, 434, r)
    _load_batches(CHENGGUAN, kinds["grid_event"], [
        Batch(434, "solved", lambda i, r: {"event_type": "群众诉求", "households": visits[i]}, months=(1, 9),
              level="grid"),
    ], _t("{org}群众急难愁盼问题"))
    _load_batches(CHENGGUAN, kinds["safety_hazard"], [  # 经营性自建房24户，已修缮加固15户
        Batch(15, "verified", _selfbuilt, months=(4, 9)), Batch(9, "rectifying", _selfbuilt, months=(4, 9)),
    ], lambda i, r, org, d: f"{d['place']}存在安全隐患")


def load_open_cases(kinds):
    """A few cases of this year still open, some past their deadline, so the dashboard has something to flag."""
    today = timezone.localdate()
    for town in (QINGHE, SHILING, CHENGGUAN):
        _load_batches(town, kinds["safety_hazard"], [
            Batch(3, "found", _hazard("县级督办单"), year=today.year, months=(1, max(1, today.month - 2))),
            Batch(2, "rectifying", _hazard("自查"), year=today.year, months=(max(1, today.month - 1), today.month)),
        ], _hazard_title, tag=f"-{today.year}", current=True)


def load_this_year(kinds, share: int = 4) -> None:
    """The current year up to today: each corpus batch again at 1/`share` of its size pro rata of the months gone,
    finished cases spread over the year, cases still open in the last two months (so some are past their
    deadline, as in a real town). Nothing when today is in the corpus year."""
    today = timezone.localdate()
    if today.year <= YEAR:
        return
    for town, kind, batches, titles in list(_CORPUS_BATCHES):
        replay = []
        for b in (b for b in batches if b.year == YEAR):  # new cases of the year; older ones are history
            n = max(1, round(b.n * today.month / 12 / share))
            months = elapsed_months(today, recent=0 if b.state in kind.done_states else 2)
            replay.append(Batch(n, b.state, b.data, months=months, year=today.year, title=b.title, level=b.level))
        _load_batches(town, kind, replay, titles, tag=f"-{today.year % 100:02d}",  # refs stay within 40 characters
                      current=True)
WORK_STATE = {"activity": "held", "work_item": "done", "inspection": "closed"}


def _work_title(code):
    def title(i, r, org, d):
        if code == "inspection":
            return f"{d['campaign']}（{d['target_type']}）"
        return f"{org.name}{d['activity_type'] if code == 'activity' else d['item']}"
    return title


def load_work(town: str, table: str, kinds, months=(1, 12)) -> None:
    """Activities, inspections and work quantities of `demo_work` tables: each line's figures split over
    several records of the town's villages (communities) and months."""
    r = random.Random(f"work-{town}")
    batches: dict[str, list[Batch]] = {}
    for code, fixed, measures, records in demo_work.parse(table):
        parts = demo_work.split(measures, r, records)
        batches.setdefault(code, []).append(Batch(
            len(parts), WORK_STATE[code], (lambda f, ps: lambda i, r: {**f, **ps[i]})(fixed, parts), months=months))
    for code, kind_batches in batches.items():
        _load_batches(town, kinds[code], kind_batches, _work_title(code), tag="-work")


def load_enterprises(kinds) -> None:
    """清河镇's 129 包保主体; the one its report describes carries its figures."""
    r = random.Random("enterprises")
    featured = {"name": "XX科技有限公司", "industry": "工业", "employees": 210, "fixed_assets": "20000000",
                "output": "27000000", "tax": "700000", "export_countries": 20, "leader": _name(r)}
    kinds_of = ["商贸", "服务业", "农业", "工业"]
    _load_batches(QINGHE, kinds["enterprise"], [
        Batch(1, "registered", lambda i, r: featured, year=2019),
        Batch(128, "registered", lambda i, r: {"name": f"包保经营主体{i + 2:03d}号", "industry": kinds_of[i % 4],
                                               "leader": _name(r)}, year=2022),
    ], lambda i, r, org, d: d["name"])


def load() -> None:
    actions.load_pack(None, "township")
    kinds = {k.code: k for k in LedgerKind.objects.all()}
    _CORPUS_BATCHES.clear()
    load_qinghe(kinds)
    load_shiling(kinds)
    load_chengguan(kinds)
    load_work(QINGHE, demo_work.QINGHE_WORK, kinds)
    load_work(SHILING, demo_work.SHILING_WORK, kinds, months=(1, 9))
    load_work(CHENGGUAN, demo_work.CHENGGUAN_WORK, kinds, months=(1, 9))
    load_enterprises(kinds)
    load_work(FINANCE_CODE, demo_work.FINANCE_WORK, kinds, months=(1, 10))
    load_work(SUPPLY_CODE, demo_work.SUPPLY_WORK, kinds, months=(1, 9))
    _load_batches(SUPPLY_CODE, kinds["emergency_drill"], [  # 组织系统企业开展应急消防演练活动2次
        Batch(2, "held", lambda i, r: {"drill_type": "消防", "participants": r.randint(20, 40)}, months=(3, 9)),
    ], _t("{org}{drill_type}应急演练"))
    load_open_cases(kinds)
    load_this_year(kinds)
