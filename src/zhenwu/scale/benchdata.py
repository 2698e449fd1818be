"""`zhenwu bench-data`: a generated county for benchmarks and load tests.

N towns × M villages (each town with its stations), every ledger kind with entries spread over the years, their
states reached through the kind's workflow (one transition row per step, dated), indicator values for every
village (months for the last two years, quarters and years for all), projects and tasks per town and year, the
report outlines, and accounts of every role (password `zhenwu-bench`). Entries, transitions, values and their
audit rows (marked generated) go in with COPY on PostgreSQL; everything runs in one transaction, so a failed run leaves nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from zhenwu.core.models import AuditLog, Level, OrgUnit
from zhenwu.core.pii import PII_TYPES, Sealed, idcard_check_digit, lookup_hash, seal, stored
from zhenwu.core.roles import Role
from zhenwu.indicators import figures

from . import actions

COUNTY_CODE = "980100"
PASSWORD = "zhenwu-bench"
CHUNK = 20_000
# How often each kind is written, relative to one another (grid events and hotline tickets are the bulk).
WEIGHTS = {"grid_event": 8, "hotline_12345": 6, "safety_hazard": 5, "dispute": 3, "river_patrol": 3,
           "forest_patrol": 3, "petition": 2, "party_activity": 2, "poverty_monitor": 2, "social_assistance": 2}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "建国志强秀英桂兰明华国庆海燕玉梅长青德福春生红霞永平丽娟金山家豪子涵雨轩俊杰文静婷婷"
PLACES = ["村委会", "小学", "卫生室", "加油站", "农贸市场", "养殖场", "砖厂", "文化广场", "敬老院", "便民超市", "水库", "渡口"]
TOWN_NAMES = "青石 白沙 柳林 桃源 金桥 龙泉 凤凰 长岭 新华 东湖 西河 南山 北岗 清溪 黄土 红星 望江 双河 马鞍 高桥".split()


class GenerationError(Exception):
    """A reason not to generate, in Chinese."""


@dataclass
class Summary:
    towns: int = 0
    villages: int = 0
    entries: int = 0
    transitions: int = 0
    values: int = 0
    projects: int = 0
    tasks: int = 0
    accounts: int = 0
    seconds: float = 0.0
    entry_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def entries_per_second(self) -> float:
        return self.entries / self.entry_seconds if self.entry_seconds else 0.0


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


def _idcard(rng) -> str:
    body = f"{COUNTY_CODE}{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + idcard_check_digit(body)


def _raw_value(f: dict, rng, day: dt.date):
    t = f["type"]
    if t == "text":
        return f"{rng.choice(TOWN_NAMES)}{rng.choice(PLACES)}"
    if t == "textarea":
        return rng.choice(["已按要求处理完毕。", "已现场核实，限期整改。", "已答复当事人，无异议。"])
    if t == "person":
        return _name(rng)
    if t == "integer":
        return rng.randint(max(int(f.get("min", 0)), 1), 30)
    if t == "decimal":
        return str(round(rng.uniform(0.5, 40), 2))
    if t == "money":
        return str(rng.randint(200, 300_000))
    if t == "date":
        return day.isoformat()
    if t == "choice":
        return rng.choice(f["options"])
    if t == "multichoice":
        return [rng.choice(f["options"])]
    if t == "idcard":
        return _idcard(rng)
    if t == "phone":
        return f"1{rng.choice('35789')}{rng.randint(0, 999999999):09d}"
    return None  # org (set per entry), files (none generated)


@dataclass
class KindPlan:
    kind: object
    weight: int
    pool: list[tuple[dict, str, str]]  # (data, data as JSON or "" when it holds an org field, pii index)
    org_keys: list[str]
    paths: dict[str, list[str]]
    done: list[str]
    open: list[str]
    done_set: frozenset = frozenset()


def _paths(kind) -> dict[str, list[str]]:
    start = kind.initial_state
    prev, todo = {start: None}, deque([start])
    while todo:
        state = todo.popleft()
        for t in kind.transitions_from(state):
            if t["to"] not in prev:
                prev[t["to"]] = state
                todo.append(t["to"])
    out = {}
    for target in prev:
        chain, s = [], target
        while s is not None:
            chain.append(s)
            s = prev[s]
        out[target] = chain[::-1]
    return out


def _plan(kind, rng, variants: int = 48) -> KindPlan:
    from zhenwu.ledgers.schema import FILE_TYPES

    pool = []
    org_keys = [f["key"] for f in kind.fields if f["type"] == "org"]
    for _ in range(variants):
        raw = {f["key"]: _raw_value(f, rng, dt.date(2023, 5, 6)) for f in kind.fields
               if f["type"] not in FILE_TYPES and f["type"] != "org"}
        data = kind.clean_data({k: v for k, v in raw.items() if v is not None}, org_choices=[])
        for f in kind.fields:
            if f["type"] in PII_TYPES and data.get(f["key"]):
                data[f["key"]] = seal(f["type"], data[f["key"]])
        index = " ".join(sorted(lookup_hash(v.ftype, str(v)) for v in data.values() if isinstance(v, Sealed)))
        data = stored(data)
        pool.append((data, "" if org_keys else json.dumps(data, ensure_ascii=False), index))
    paths = _paths(kind)
    done = [s for s in paths if s in kind.done_states]
    return KindPlan(kind, WEIGHTS.get(kind.code, 1), pool, org_keys, paths,
                    done or list(paths), [s for s in paths if s not in kind.done_states] or list(paths),
                    frozenset(kind.done_states))


def _check_empty(append: bool) -> None:
    from zhenwu.ledgers.models import LedgerEntry

    units, entries = OrgUnit.objects.count(), LedgerEntry.objects.count()
    if (units or entries) and not append:
        raise GenerationError(f"数据库不是空的（已有 {units:,} 个单位、{entries:,} 条台账记录），生成的数据会混入其中；"
                              "确要追加请加 --append")


def _tree(towns: int, villages: int, rng) -> tuple[OrgUnit, list[OrgUnit], list[OrgUnit], list[OrgUnit]]:
    from zhenwu.core.actions import ensure

    county, _ = ensure(None, OrgUnit, code=COUNTY_CODE, defaults={"name": "生成县", "level": Level.COUNTY})
    town_units, village_units, stations = [], [], []
    for i in range(1, towns + 1):
        name = f"{TOWN_NAMES[(i - 1) % len(TOWN_NAMES)]}{'' if i <= len(TOWN_NAMES) else i}镇"
        town, _ = ensure(None, OrgUnit, code=f"{COUNTY_CODE}{100 + i:03d}",
                         defaults={"name": name, "level": Level.TOWN, "parent": county})
        town_units.append(town)
        station, _ = ensure(None, OrgUnit, code=f"{town.code}901",
                            defaults={"name": f"{name}安监站", "level": Level.STATION, "parent": town})
        stations.append(station)
        for j in range(1, villages + 1):
            people = rng.randint(900, 3800)
            village, _ = ensure(None, OrgUnit, code=f"{town.code}{200 + j:03d}", defaults={
                "name": f"{name[:-1]}{j}村", "level": Level.VILLAGE, "parent": town, "population": people,
                "households": people * 10 // 33})
            village_units.append(village)
    return county, town_units, village_units, stations


def _accounts(county, towns, villages_by_town, stations) -> int:
    specs = [("bench-admin", "生成县管理员", county, Role.COUNTY_ADMIN),
             ("bench-leader", "生成县领导", county, Role.LEADER)]
    for i, (town, station) in enumerate(zip(towns, stations), start=1):
        specs.append((f"bench-t{i:02d}", f"{town.name}党政办", town, Role.TOWN_ADMIN))
        specs.append((f"bench-t{i:02d}-aj", station.name, station, Role.STATION))
        for j, village in enumerate(villages_by_town[town.pk][:5], start=1):
            specs.append((f"bench-t{i:02d}-v{j:02d}", f"{village.name}村委会", village, Role.VILLAGE))
    return actions.create_accounts(specs, PASSWORD)


def _chunks(plans: list[KindPlan], villages: list[OrgUnit], years: int, ids: list[int], seed: float,
            town_names: dict[int, str]):
    """The rows of the entries `ids`, their transitions and audit rows, a chunk at a time (no database use:
    this runs in its own thread while the previous chunk is copied in)."""
    from zhenwu.ledgers.models import LedgerEntry

    rng = random.Random(seed)
    rand = rng.random
    today = timezone.localdate()
    first = dt.date(today.year - years + 1, 1, 1)
    span = (today - first).days + 1
    tz = timezone.get_current_timezone()
    latest = dt.datetime.combine(today, dt.time(8), tzinfo=tz)
    days = [first + dt.timedelta(days=i) for i in range(span)]
    stamps = [dt.datetime.combine(d, dt.time(9), tzinfo=tz) for d in days]
    gaps = [dt.timedelta(days=d, hours=h) for d in range(1, 13) for h in range(0, 9)]
    entry_cols = [f.column for f in LedgerEntry._meta.concrete_fields]
    weights = [p.weight for p in plans]
    n_villages, n_gaps = len(villages), len(gaps)
    seq: dict[tuple, int] = {}  # readable numbers per town, kind and year, as ledgers.actions.assign_numbers gives
    for at in range(0, len(ids), CHUNK):
        chunk = ids[at:at + CHUNK]
        rows, steps, audits = [], [], []
        for pk, plan in zip(chunk, rng.choices(plans, weights=weights, k=len(chunk))):
            kind, village = plan.kind, villages[int(rand() * n_villages)]
            i = int(rand() * span)
            day, stamp = days[i], stamps[i]
            pool = plan.done if rand() < (0.9 if span - i > 60 else 0.35) else plan.open
            state = pool[int(rand() * len(pool))]
            path = plan.paths[state]
            data, text, index = plan.pool[int(rand() * len(plan.pool))]
            if plan.org_keys:
                data = {**data, **{k: village.code for k in plan.org_keys}}
                text = json.dumps(data, ensure_ascii=False)
            when, prev = stamp, ""
            for s in path:
                steps.append((pk, prev, s, None, "系统", when, ""))
                prev = s
                when = min(when + gaps[int(rand() * n_gaps)], latest)
            closed = state in plan.done_set
            title = f"{village.name}{kind.name}{pk}"
            key = (village.parent_id, kind.pk, day.year)
            seq[key] = seq.get(key, 0) + 1
            values = {
                "id": pk, "org_id": village.pk, "kind_id": kind.pk, "ref": "", "title": title, "occurred_on": day,
                "status": state, "closed": closed,
                "closed_on": (when.date() if len(path) > 1 else day) if closed else None,
                "deadline": kind.deadline_for(day, data), "responsible": "", "data": text, "pii_index": index,
                "version": len(path), "created_by_id": None, "created_at": stamp, "recorded_org_id": None,
                "number_seq": seq[key], "number": f"{town_names[village.parent_id]}{kind.name}〔{day.year}〕{seq[key]}号",
            }
            rows.append(tuple([values[c] for c in entry_cols]))
            audits.append((pk, title, village.code, stamp))
        yield entry_cols, rows, steps, audits


def _entries(plans: list[KindPlan], villages: list[OrgUnit], years: int, total: int, rng, summary: Summary,
             progress) -> None:
    """Entries generated in one thread and copied into the database by this one, a chunk behind."""
    import queue
    import threading

    from zhenwu.ledgers.models import LedgerEntry, Transition

    step_cols = ["entry_id", "from_state", "to_state", "by_id", "by_name", "at", "note"]
    ct = ContentType.objects.get_for_model(LedgerEntry).pk
    started = time.perf_counter()
    ids = actions.reserve_ids(LedgerEntry, total) if total else []
    ready: queue.Queue = queue.Queue(maxsize=2)
    failed = []
    town_names = dict(OrgUnit.objects.filter(pk__in={v.parent_id for v in villages}).values_list("pk", "name"))

    def produce():
        try:
            for chunk in _chunks(plans, villages, years, ids, rng.random(), town_names):
                ready.put(chunk)
        except BaseException as exc:  # noqa: BLE001 - handed to the loading thread, which raises it
            failed.append(exc)
        ready.put(None)

    threading.Thread(target=produce, name="bench-data", daemon=True).start()
    made = 0
    while (chunk := ready.get()) is not None:
        entry_cols, rows, steps, audits = chunk
        actions.load_rows(LedgerEntry, entry_cols, rows)
        actions.load_rows(Transition, step_cols, steps)
        actions.load_rows(AuditLog, actions.AUDIT_COLUMNS, actions.generated_audit_rows(ct, audits))
        made += len(rows)
        summary.entries, summary.transitions = summary.entries + len(rows), summary.transitions + len(steps)
        elapsed = time.perf_counter() - started
        progress(f"台账记录 {made:,} / {total:,}（{made / elapsed:,.0f} 条/秒）")
    if failed:
        raise failed[0]
    summary.entry_seconds = time.perf_counter() - started


def _values(villages: list[OrgUnit], years: int, rng, summary: Summary) -> None:
    from zhenwu.core.periods import Period
    from zhenwu.indicators.models import DataValue, Indicator

    today = timezone.localdate()
    done_years = list(range(today.year - years + 1, today.year))
    indicators = [i for i in Indicator.objects.filter(formula="") if i.frequency in ("month", "quarter", "year")]
    have = set(DataValue.objects.filter(org__in=villages).values_list("org_id", flat=True).order_by().distinct())
    periods = {"year": [str(y) for y in done_years],
               "quarter": [f"{y}Q{q}" for y in done_years for q in range(1, 5)],
               "month": [f"{y}-{m:02d}" for y in done_years[-2:] for m in range(1, 13)]}
    parsed = {code: Period.parse(code) for codes in periods.values() for code in codes}
    cols = ["org_id", "indicator_id", "period", "year", "first_month", "last_month", "value", "note", "source",
            "updated_by_id", "updated_at"]
    # each value entered in the days after its period ended, as a village clerk would (not all of them today)
    tz = timezone.get_current_timezone()
    entered = {code: dt.datetime.combine(p.end + dt.timedelta(days=3), dt.time(9), tz) for code, p in parsed.items()}
    ids = []
    rows = []
    for village in villages:
        if village.pk in have:
            continue
        for ind in indicators:
            low = float(ind.min_value) if ind.min_value is not None else 0.0
            high = float(ind.max_value) if ind.max_value is not None else 10_000.0
            for code in periods[ind.frequency]:
                p = parsed[code]
                amount = Decimal(str(round(rng.uniform(low, min(high, low + 10_000.0)), 2)))
                rows.append((village.pk, ind.pk, code, p.year, p.first_month, p.last_month, amount, "", "imported",
                             None, entered[code]))
                ids.append(village)
    if not rows:
        return
    pks = actions.reserve_ids(DataValue, len(rows))
    actions.load_rows(DataValue, ["id", *cols], [(pk, *row) for pk, row in zip(pks, rows)])
    ct = ContentType.objects.get_for_model(DataValue).pk
    actions.load_rows(AuditLog, actions.AUDIT_COLUMNS, actions.generated_audit_rows(
        ct, ((pk, f"{v.name} {row[2]}", v.code, row[-1]) for pk, row, v in zip(pks, rows, ids))))
    summary.values = len(rows)


def _plans(towns: list[OrgUnit], years: int, rng, summary: Summary) -> None:
    from zhenwu.plans.models import Area, Project, ProjectStage, Task, TaskStatus

    today = timezone.localdate()
    projects, tasks = [], []
    for town in towns:
        if Project.objects.filter(org=town).exists():
            continue
        for year in range(today.year - years + 1, today.year + 1):
            for k in range(5):
                planned = Decimal(rng.randint(200, 8000) * 10_000)
                projects.append(Project(org=town, year=year, name=f"{town.name}{year}年{rng.choice(PLACES)}改造{k + 1}",
                                        planned_investment=planned, year_plan=planned / 2,
                                        stage=ProjectStage.COMPLETED if year < today.year else ProjectStage.BUILDING,
                                        lead=_name(rng)))
            for k in range(8):
                tasks.append(Task(org=town, year=year, title=f"{year}年重点任务{k + 1}", area=rng.choice(Area.values),
                                  lead=_name(rng), status=TaskStatus.DONE if year < today.year else TaskStatus.OPEN,
                                  deadline=dt.date(year, 12, 31)))
    summary.projects = len(actions.create_records(Project, projects)) if projects else 0
    summary.tasks = len(actions.create_records(Task, tasks)) if tasks else 0


def generate(towns: int, villages: int, years: int, entries: int, append: bool = False, seed: int = 16,
             progress=lambda message: None) -> Summary:
    """Generate the county in one transaction; raises GenerationError (Chinese) when it should not run."""
    from zhenwu.indicators import actions as indicator_actions
    from zhenwu.ledgers import actions as ledger_actions
    from zhenwu.ledgers.models import LedgerKind
    from zhenwu.reports import actions as report_actions

    for label, value, low, high in (("乡镇数", towns, 1, 99), ("每镇村数", villages, 1, 199), ("年数", years, 1, 20),
                                    ("台账记录数", entries, 0, 50_000_000)):
        if not low <= value <= high:
            raise GenerationError(f"{label}应在 {low:,}–{high:,} 之间（收到 {value:,}）")
    rng = random.Random(seed)
    summary = Summary()
    started = time.perf_counter()
    _check_empty(append)
    with transaction.atomic():
        ledger_actions.load_pack(None)
        if not indicator_actions.Indicator.objects.exists():
            indicator_actions.load_pack(None)
        report_actions.load_outlines(None)  # the report outlines a county loads, so its units' reports can be written
        progress("建立单位树……")
        county, town_units, village_units, stations = _tree(towns, villages, rng)
        by_town: dict[int, list[OrgUnit]] = {}
        for v in village_units:
            by_town.setdefault(v.parent_id, []).append(v)
        summary.towns, summary.villages = len(town_units), len(village_units)
        summary.accounts = _accounts(county, town_units, by_town, stations)
        plans = [_plan(k, rng) for k in LedgerKind.objects.filter(active=True)]
        from zhenwu.indicators.models import DataValue
        from zhenwu.ledgers.models import LedgerEntry, Transition

        bulk = entries >= 100_000 and entries >= LedgerEntry.objects.count()
        t0 = time.perf_counter()
        with actions.indexes_suspended([LedgerEntry, Transition, AuditLog, DataValue] if bulk else []):
            _entries(plans, village_units, years, entries, rng, summary, progress)
            progress("指标数值……")
            t1 = time.perf_counter()
            _values(village_units, years, rng, summary)
            values_seconds = time.perf_counter() - t1
            if bulk:
                progress("重建索引和外键……")
        # the rate counts the index builds too (minus the values' own time)
        summary.entry_seconds = time.perf_counter() - t0 - values_seconds
        progress("项目、任务……")
        _plans(town_units, years, rng, summary)
        progress("汇总表……")
        actions.rebuild_aggregates()
        figures.forget_all()  # the values were copied in, past the writes that forget figures
    if connection.vendor == "postgresql":
        # VACUUM as well as statistics: a freshly copied table has no visibility map, so no query could answer
        # from an index alone (the overdue count read 40,442 heap pages) until autovacuum (off on some servers) ran.
        # VACUUM cannot run inside a transaction (a test's): statistics only there.
        with connection.cursor() as cur:
            cur.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    summary.seconds = time.perf_counter() - started
    return summary
