"""The ledgers' part of each role's home: a 网格员's open cases, what waits on a village or station, the ledgers
of the unit, and for readers the towns ranked by how much of the working period's work is done."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from zhenwu.core.models import Level, OrgUnit
from zhenwu.core.roles import GRID_HOME, READER_HOME, STATION_HOME, VILLAGE_HOME, roles_on

from .models import LedgerEntry, LedgerKind
from .stats import stats_many

ROWS = 12


def _case_row(e, today) -> dict:
    late = bool(e.deadline and e.deadline < today)
    note = f"{e.org.name} · {e.status_label}"
    if e.deadline:
        note += f" · {'已逾期' if late else '期限'} {e.deadline:%m-%d}"
    return {"label": f"{e.kind.name}：{e.title}", "url": e.get_absolute_url(), "note": note, "alert": late}


def open_cases(user, org, today=None) -> list:
    """Open cases of the org's subtree, overdue first, then by deadline (none last), then oldest first."""
    today = today or timezone.localdate()
    return list(
        LedgerEntry.objects.visible_to(user, within=org).filter(closed=False).select_related("kind", "org")
        .annotate(late=Count("pk", filter=Q(deadline__lt=today)))
        .order_by("-late", F("deadline").asc(nulls_last=True), "occurred_on", "pk")[:ROWS]
    )


def awaiting(user, org) -> tuple[list, int]:
    """Open cases whose next step the user's role may take (审核, 审批, 整改…): what waits on them."""
    roles = roles_on(user, org)
    pairs = Q(pk__in=[])
    for kind in LedgerKind.objects.filter(active=True):
        states = {t["from"] for t in kind.workflow.get("transitions", []) if roles & set(t.get("roles", []))}
        if states:
            pairs |= Q(kind_id=kind.pk, status__in=sorted(states))
    qs = LedgerEntry.objects.editable_by(user, within=org).filter(pairs, closed=False)
    return list(qs.select_related("kind", "org").order_by(F("deadline").asc(nulls_last=True), "pk")[:ROWS]), qs.count()


def kind_rows(org, period) -> list[dict]:
    """The unit's ledgers that hold records in the working period, with their open and overdue counts."""
    url = reverse("ledger_entry_list")
    rows = []
    for s in stats_many(LedgerKind.objects.filter(active=True), org, period).values():
        if not s.total:
            continue
        note = f"{s.total} 条，在办 {s.total - s.closed}"
        if s.overdue:
            note += f"，逾期 {s.overdue}"
        rows.append({"label": s.kind.name, "url": f"{url}?kind={s.kind.code}&period={period.code}", "note": note,
                     "alert": s.overdue > 0})
    return rows


def town_ranking(org, period, today=None) -> list[dict]:
    """Towns (streets) under `org` by the share of the period's cases already closed, best first; overdue shown."""
    today = today or timezone.localdate()
    towns = OrgUnit.objects.within(org).filter(level__in=[Level.TOWN, Level.STREET]).order_by("code")
    rows = []
    for town in towns:
        agg = LedgerEntry.objects.within(town).filter(occurred_on__gte=period.start, occurred_on__lte=period.end) \
            .aggregate(n=Count("pk"), done=Count("pk", filter=Q(closed=True)),
                       late=Count("pk", filter=Q(closed=False, deadline__lt=today)))
        if agg["n"]:
            rows.append((agg["done"] / agg["n"], town, agg))
    rows.sort(key=lambda r: (-r[0], r[1].code))
    return [{"label": f"{i}. {town.name}", "url": reverse("orgunit_detail", args=[town.pk]),
             "note": f"办结率 {rate * 100:.1f}%（{agg['done']}/{agg['n']}），逾期 {agg['late']}", "alert": agg["late"] > 0}
            for i, (rate, town, agg) in enumerate(rows, start=1)]


def panels(request, home: str) -> list[dict]:
    user, org, period = request.user, request.org, request.period
    today = timezone.localdate()
    out = []
    if home == GRID_HOME:
        out.append({"title": "我的在办事项（逾期在前）", "order": 10, "id": "my-cases",
                    "rows": [_case_row(e, today) for e in open_cases(user, org, today)],
                    "empty": "没有在办事项", "more": f"{reverse('ledger_entry_list')}?open=true",
                    "button": {"label": "快速登记", "url": reverse("ledger_quick"), "id": "quick-entry"}})
    if home in (VILLAGE_HOME, STATION_HOME):
        waiting, n = awaiting(user, org)
        out.append({"title": f"待我办理（{n}）", "order": 20, "id": "awaiting",
                    "rows": [_case_row(e, today) for e in waiting], "empty": "没有待办理的事项",
                    "more": f"{reverse('ledger_entry_list')}?open=true"})
    if home in (VILLAGE_HOME, STATION_HOME, GRID_HOME):
        out.append({"title": f"本单位台账 · {period.label}", "order": 40, "id": "my-ledgers",
                    "rows": kind_rows(org, period), "empty": f"{period.label}暂无台账记录",
                    "more": reverse("ledger_home")})
    if home == READER_HOME:
        out.append({"title": f"各乡镇（街道）台账办结率排名 · {period.label}", "order": 30, "id": "ranking",
                    "rows": town_ranking(org, period, today), "empty": f"{period.label}暂无台账记录"})
    return out
