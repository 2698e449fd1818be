"""Per-page query counts do not grow with the data: each page is counted on the demo county, then again after
many more entries (every kind, many units, several years) and indicator values, and may not need more queries."""

import datetime as dt
import random
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

PAGES = [
    ("admin", "/"),  # county dashboard
    ("qinghe", "/"),  # town dashboard
    ("admin", "/ledgers/"),
    ("qinghe", "/ledgers/?period=2024"),
    ("admin", "/ledgers/entries/"),
    ("admin", "/ledgers/entries/?kind=safety_hazard&page=2"),
    ("qinghe", "/ledgers/entries/?kind=safety_hazard&period=2023"),  # a list with rows before and after
    ("qinghe-cun", "/ledgers/entries/"),
    ("qinghe", "/indicators/?mode=year"),
    ("qinghe", "/indicators/?mode=org"),
    ("admin", "/indicators/?mode=year"),
    ("admin", "/indicators/?mode=org"),
]


def _grow(rng: random.Random) -> int:
    """Many more records through the apps' seed actions: entries of every kind in every village, with
    histories, over three years, and indicator values for every village and month."""
    from zhenwu.core.models import Level, OrgUnit
    from zhenwu.indicators import actions as indicator_actions
    from zhenwu.indicators.models import DataValue, Indicator
    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerEntry, LedgerKind, Transition

    villages = list(OrgUnit.objects.filter(level__in=[Level.VILLAGE, Level.COMMUNITY]))
    added = 0
    for kind in LedgerKind.objects.all():
        entries, histories = [], []
        for i in range(120):
            org = rng.choice(villages)
            day = dt.date(2022 + i % 3, 1 + i % 12, 1 + i % 27)
            state = rng.choice(list(kind.states))
            entries.append(LedgerEntry(org=org, title=f"增量记录 {i}", occurred_on=day, status=state,
                                       data={}, version=1))
            histories.append([Transition(from_state="", to_state=kind.initial_state, by_name="系统"),
                              Transition(from_state=kind.initial_state, to_state=state, by_name="系统")])
        try:
            added += len(actions.seed_entries(kind, entries, histories))
        except Exception:  # noqa: BLE001 - a kind whose required fields these rows lack: skip it
            continue
    have = set(DataValue.objects.values_list("indicator_id", "org_id", "period"))
    values = []
    for ind in Indicator.objects.filter(formula=""):
        for org in villages[:12]:
            for month in range(1, 13):
                period = f"2023-{month:02d}"
                if (ind.pk, org.pk, period) not in have:
                    values.append(DataValue(indicator=ind, org=org, period=period,
                                            value=Decimal(rng.randint(1, 1000))))
    indicator_actions.seed(values, [], [])
    return added + len(values)


def _queries(client, demo_user, user, url) -> list[str]:
    client.force_login(demo_user(user))
    client.get(url)  # warm per-process caches (content types, kinds)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (user, url, response.status_code)
    # the page's own work: the login session's bookkeeping (read, and saved when Django decides to) is not
    # data-dependent and varies from one login to the next
    return [q["sql"] for q in ctx.captured_queries if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]]


def _grown(before: list[str], after: list[str]) -> list[str]:
    """The statements (numbers blanked) the second run made more often than the first: where a count grew."""
    shape = lambda sql: re.sub(r"\d+", "N", sql)[:300]  # noqa: E731
    was, now = Counter(map(shape, before)), Counter(map(shape, after))
    return [f"{was[k]} → {n}: {k}" for k, n in now.items() if n > was[k]]


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_data(client, demo_user):
    before = {page: _queries(client, demo_user, *page) for page in PAGES}
    assert _grow(random.Random(16)) > 2000
    for (user, url), queries in before.items():
        after = _queries(client, demo_user, user, url)
        assert len(after) <= len(queries), (user, url, len(queries), len(after), _grown(queries, after))
    # and no page is an N+1 over the catalogue or the tree: a fixed, modest number of queries
    counts = {page: len(q) for page, q in before.items()}
    assert max(counts.values()) < 120, counts


@pytest.mark.django_db
def test_lists_above_a_village_do_not_count(login):
    client = login("admin")
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/ledgers/entries/").content.decode()
    assert not any("COUNT(" in q["sql"].upper() and "ledgers_ledgerentry" in q["sql"] for q in ctx.captured_queries)
    assert "第 1 页" in body and "共" not in body.split("第 1 页")[1][:20]
    village = login("qinghe-cun").get("/ledgers/entries/").content.decode()
    assert "条" in village  # a village's list still says how many
