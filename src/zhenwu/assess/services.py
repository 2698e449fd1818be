"""Reading points and rankings: balances, household rankings, a round's ranking with trend arrows, scores taken
from the other apps' records (through their public services), and the county's 经济运行红黑榜."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from zhenwu.core.models import Level, OrgUnit

from .models import Board, PointRecord, PointState, Round, Score, Source, Standing

ONE = Decimal("0.1")


@dataclass
class Row:
    unit: OrgUnit
    total: Decimal | None
    items: int
    rank: int | None = None
    board: str = ""
    previous_rank: int | None = None
    scores: dict = field(default_factory=dict)

    @property
    def trend(self) -> str:
        """↑ / ↓ / → against the last round (blank when either is unranked)."""
        if self.rank is None or self.previous_rank is None:
            return ""
        return "↑" if self.rank < self.previous_rank else "↓" if self.rank > self.previous_rank else "→"

    @property
    def trend_text(self) -> str:
        if not self.trend:
            return "新上榜" if self.rank and self.previous_rank is None else ""
        delta = abs(self.rank - self.previous_rank)
        return {"↑": f"上升{delta}位", "↓": f"下降{delta}位", "→": "持平"}[self.trend]


def ranking(rnd: Round) -> list[Row]:
    """Units of the round by total score. A unit with fewer scored items than the scheme's minimum is listed but
    not ranked. A published round reads its standings as published (appeals included)."""
    scheme = rnd.scheme
    units = list(scheme.rated_units())
    totals = {r["org"]: r for r in Score.objects.filter(round=rnd).values("org").annotate(
        t=Sum("score"), n=Count("id"))}
    by_unit: dict[int, dict] = {}
    for s in Score.objects.filter(round=rnd).values("org", "item_id", "score"):
        by_unit.setdefault(s["org"], {})[s["item_id"]] = s["score"]
    def total(pk):
        t = totals.get(pk, {}).get("t")
        return None if t is None else Decimal(t).quantize(ONE, ROUND_HALF_UP)  # SQLite sums decimals as floats

    rows = [Row(u, total(u.pk), totals.get(u.pk, {}).get("n", 0), scores=by_unit.get(u.pk, {})) for u in units]
    eligible = sorted((r for r in rows if r.items >= scheme.min_items), key=lambda r: (-r.total, r.unit.code))
    rank, last = 0, None
    for i, r in enumerate(eligible, start=1):
        if r.total != last:
            rank, last = i, r.total
        r.rank = rank
    if rnd.published:
        published = {s.org_id: s for s in rnd.standings.all()}
        for r in rows:
            s = published.get(r.unit.pk)
            if s is not None:
                r.rank, r.board = s.rank, s.board
    else:
        red = eligible[:scheme.red_n]
        black = [r for r in eligible[::-1][:scheme.black_n] if r not in red]
        for r in red:
            r.board = Board.RED
        for r in black:
            r.board = Board.BLACK
    previous = Round.objects.filter(scheme=scheme, held_on__lt=rnd.held_on).order_by("-held_on", "-id").first()
    if previous is not None:
        before = {r.unit.pk: r.rank for r in ranking(previous)} if not previous.published else dict(
            Standing.objects.filter(round=previous).values_list("org_id", "rank"))
        for r in rows:
            r.previous_rank = before.get(r.unit.pk)
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.unit.code))


# -- scores from records -------------------------------------------------------------------------------------

@dataclass
class Derived:
    score: Decimal
    evidence: str


def _scaled(item, fraction: Decimal) -> Decimal:
    fraction = max(Decimal(0), min(Decimal(1), fraction))
    return (item.max_score * fraction).quantize(ONE, ROUND_HALF_UP)


def item_score(item, unit, day: dt.date, today: dt.date | None = None) -> Derived | None:
    """An item's score for a unit from the records, or None when there are none to judge by."""
    from zhenwu.core import fmt

    if item.source in (Source.HAZARD_RATE, Source.OVERDUE):
        from zhenwu.ledgers.stats import stats_many

        code = item.ledger_kind or "safety_hazard"
        try:
            st = stats_many([code], unit, str(day.year), today=today or day, as_of=day)[code]
        except Exception:  # noqa: BLE001 - the kind is not installed: nothing to judge by
            return None
        if item.source == Source.HAZARD_RATE:
            if not st.total:
                return None
            rate = Decimal(st.closed) / Decimal(st.total)
            return Derived(_scaled(item, rate), f"{st.kind.name}{st.total}条，已整改{st.closed}条，整改率"
                                                f"{fmt.percent(rate * 100)}")
        # one point off per overdue entry
        return Derived(max(Decimal(0), item.max_score - st.overdue), f"逾期{st.kind.name}{st.overdue}条")
    if item.source == Source.INDICATOR:
        from zhenwu.indicators import services as indicators

        try:
            done = indicators.completion(item.indicator_code, unit, f"{day.year}-{day.month:02d}")
        except Exception:  # noqa: BLE001 - unknown indicator or no figures
            return None
        if done.rate is None:
            return None
        return Derived(_scaled(item, done.rate / 100), f"完成年度目标{fmt.percent(done.rate)}")
    return None


# -- points ---------------------------------------------------------------------------------------------------

def household_ranking(households):
    """Households by balance (highest first), with the points they were given this year."""
    return households.order_by("-balance", "id")


def points_totals(org, year: int | None = None) -> dict:
    """Approved points given (加分) and taken (扣分), redemptions and goods taken, in an org's subtree."""
    from .models import Redemption

    records = PointRecord.objects.within(org).filter(state=PointState.APPROVED)
    redemptions = Redemption.objects.within(org)
    if year:
        records = records.filter(occurred_on__year=year)
        redemptions = redemptions.filter(redeemed_on__year=year)
    r = records.aggregate(given=Sum("points", filter=Q(points__gt=0)), taken=Sum("points", filter=Q(points__lt=0)),
                          n=Count("id"))
    d = redemptions.aggregate(items=Sum("quantity"), points=Sum("points"), n=Count("id"))
    return {"given": r["given"] or 0, "taken": -(r["taken"] or 0), "records": r["n"],
            "redeemed_items": d["items"] or 0, "redeemed_points": d["points"] or 0, "redemptions": d["n"]}


# -- the county's 经济运行红黑榜 -------------------------------------------------------------------------------------

@dataclass
class TownRow:
    unit: OrgUnit
    growth: Decimal | None
    completion: Decimal | None
    score: Decimal | None
    indicators: int = 0
    rank: int | None = None
    board: str = ""


def economy_indicators() -> list[tuple[str, str]]:
    """(code, name) of the catalogue's economic indicators, the 经济运行红黑榜's default basket."""
    from zhenwu.indicators.models import Indicator

    return list(Indicator.objects.filter(category="economy").order_by("id").values_list("code", "name"))


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) / len(values) if values else None


def county_board(county: OrgUnit, period: str, codes: list[str] | None = None, n: int = 1) -> list[TownRow]:
    """Towns by indicator growth (同比) and completion of the year's target, read through the indicators app's
    services and averaged over the indicators each town reports (default: every economic indicator); the first
    `n` on the red list, the last `n` on the black list. A town reporting none is listed without a rank."""
    from zhenwu.indicators import services as indicators

    codes = codes or [c for c, _ in economy_indicators()]
    towns = list(OrgUnit.objects.filter(parent=county, level__in=(Level.TOWN, Level.STREET)).order_by("code"))
    rows = []
    for t in towns:
        growths, completions, used = [], [], 0
        for code in codes:
            try:
                g = indicators.yoy(code, t, period).growth
                c = indicators.completion(code, t, period).rate
            except Exception:  # noqa: BLE001 - unknown indicator or period: no figure
                continue
            growths.append(g)
            completions.append(c)
            used += g is not None or c is not None
        g, c = _mean(growths), _mean(completions)
        score = None
        if g is not None or c is not None:
            # half growth (capped at ±50 %, 0 % scores 25), half completion (capped at 150 %, 100 % scores 33.3)
            parts = [(max(Decimal(-50), min(Decimal(50), g)) + 50) / 2 if g is not None else None,
                     min(Decimal(150), c) / 3 if c is not None else None]
            score = sum((p for p in parts if p is not None), Decimal(0)).quantize(ONE, ROUND_HALF_UP)
        rows.append(TownRow(t, g, c, score, used))
    ranked = sorted((r for r in rows if r.score is not None), key=lambda r: (-r.score, r.unit.code))
    for i, r in enumerate(ranked, start=1):
        r.rank = i
    if len(ranked) >= 2 * n:
        for r in ranked[:n]:
            r.board = Board.RED
        for r in ranked[-n:]:
            r.board = Board.BLACK
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.unit.code))


def town_scores(county: OrgUnit) -> list[Row]:
    """The county's latest round of evaluating towns, ranked."""
    latest = Round.objects.filter(org=county).order_by("-held_on", "-id").first()
    return ranking(latest) if latest is not None else []


# -- evaluation results into the year-end assessment (plans) ---------------------------------------------------

@dataclass
class CarryRow:
    unit: OrgUnit
    rounds: int  # rounds of the year in which the unit was ranked
    score: Decimal | None  # what the year-end assessment will hold; None: nothing to carry
    previous: Decimal | None = None  # what it holds now (the carried task's score)
    existing: object = None  # the YearScore, once carried

    @property
    def change(self) -> str:
        if self.score is None:
            return "不计入"
        if self.existing is None or self.existing.task_id is None:
            return "新增"
        return "不变" if self.previous == self.score and self.existing.score == self.score else "更新"


@dataclass
class Carry:
    scheme: object
    year: int
    rounds: list
    unfinished: list
    full: Decimal
    rows: list[CarryRow]

    @property
    def problem(self) -> str:
        """Why the year cannot be carried yet, in Chinese; "" when it can."""
        if not self.rounds:
            return f"{self.year}年没有“{self.scheme.name}”的考评轮次，无可计入的结果"
        if self.unfinished:
            titles = "、".join(r.title for r in self.unfinished[:5]) + ("等" if len(self.unfinished) > 5 else "")
            return (f"{self.year}年尚有 {len(self.unfinished)} 轮考评未公布红黑榜（{titles}），"
                    "请全部公布后再计入年终考核")
        if not self.full:
            return f"“{self.scheme.name}”没有评分项，无法折算百分制得分"
        if not any(r.score is not None for r in self.rows):
            return f"{self.year}年没有单位达到参与排名的最少评分项，无可计入的结果"
        return ""


def year_carry(scheme, year: int) -> Carry:
    """The year's evaluation result of every unit the scheme rates (the rule: `models.YearScore`), beside what
    the plans app's year-end assessment holds now."""
    from .models import YearScore

    rounds = list(Round.objects.filter(scheme=scheme, held_on__year=year).order_by("held_on", "id"))
    unfinished = [r for r in rounds if not r.published]
    full = scheme.items.aggregate(t=Sum("max_score"))["t"] or Decimal(0)
    full = Decimal(str(full))  # SQLite sums decimals as floats
    percents: dict[int, list[Decimal]] = {}
    for org_id, total in Standing.objects.filter(round__in=rounds, round__published=True, rank__isnull=False,
                                                 total__isnull=False).values_list("org_id", "total"):
        percents.setdefault(org_id, []).append(Decimal(str(total)) * 100 / full if full else Decimal(0))
    carried = {y.org_id: y for y in YearScore.objects.filter(scheme=scheme, year=year).select_related("task")}
    rows = []
    for unit in scheme.rated_units():
        values = percents.get(unit.pk, [])
        score = min(Decimal(100), sum(values, Decimal(0)) / len(values)).quantize(ONE, ROUND_HALF_UP) if values \
            else None
        existing = carried.get(unit.pk)
        previous = existing.task.score if existing is not None and existing.task_id else None
        rows.append(CarryRow(unit, len(values), score, previous, existing))
    return Carry(scheme, year, rounds, unfinished, full, rows)
