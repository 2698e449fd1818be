"""Each page of a generated county (`zhenwu bench-data`) beside the raw SQL that returns the same rows or figures.

Pages are requested in-process (Django's test client, logged in as the generated accounts; no HTTP), the cache
off unless --cache, so every request does the full work. The raw SQL is what a hand-written query needs for the
same answer on the same database. Prints p50/p95 of both and the ratio.

    ZHENWU_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhenwu_scale \\
        .venv/bin/python benchmarks/scale/bench_pages.py [--runs 20] [--cache]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings")
ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=20)
ap.add_argument("--cache", action="store_true", help="leave the page cache on (dashboards then come from it)")
ARGS = ap.parse_args()

import django  # noqa: E402

django.setup()

from timing import pct, sql, times  # noqa: E402  (benchmarks/scale/timing.py)

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from zhenwu.core.models import OrgUnit  # noqa: E402
from zhenwu.indicators import figures  # noqa: E402
from zhenwu.ledgers.models import LedgerEntry, LedgerKind  # noqa: E402
from zhenwu.scale.benchdata import COUNTY_CODE  # noqa: E402

YEAR = 2025
TOWN = f"{COUNTY_CODE}101"
VILLAGE = f"{TOWN}201"


def main() -> int:
    User = get_user_model()
    grid_kind = LedgerKind.objects.get(code="grid_event")
    town = OrgUnit.objects.get(code=TOWN)
    like = lambda code: (code, code + "%", code[:-1] + str(int(code[-1]) + 1))  # noqa: E731
    base = ('SELECT e.id, e.title, e.occurred_on, e.status, e.deadline, e.responsible, k.name, o.name '
            'FROM ledgers_ledgerentry e JOIN core_orgunit o ON o.id = e.org_id JOIN ledgers_ledgerkind k ON k.id = e.kind_id '
            'WHERE o.code >= %s AND o.code LIKE %s AND o.code < %s')
    y0, y1 = f"{YEAR}-01-01", f"{YEAR}-12-31"
    cases = [
        ("village list, filtered (kind + year), page 1", "bench-t01-v01",
         f"/ledgers/entries/?kind=grid_event&period={YEAR}",
         [sql(base + " AND e.kind_id = %s AND e.occurred_on BETWEEN %s AND %s ORDER BY e.occurred_on DESC, e.id DESC LIMIT 50",
               [*like(VILLAGE), grid_kind.pk, y0, y1]),
          sql("SELECT e.status, count(*) FROM ledgers_ledgerentry e JOIN core_orgunit o ON o.id = e.org_id "
               "WHERE o.code >= %s AND o.code LIKE %s AND o.code < %s AND e.kind_id = %s AND e.occurred_on BETWEEN %s AND %s "
               "GROUP BY e.status", [*like(VILLAGE), grid_kind.pk, y0, y1])]),
        ("county list, page 1", "bench-admin", "/ledgers/entries/",
         [sql(base + " ORDER BY e.occurred_on DESC, e.id DESC LIMIT 51", like(COUNTY_CODE))]),
        ("county list, page 20", "bench-admin", "/ledgers/entries/?page=20",
         [sql(base + " ORDER BY e.occurred_on DESC, e.id DESC LIMIT 51 OFFSET 950", like(COUNTY_CODE))]),
        ("town ledger home, 15 kinds, one year", "bench-t01", f"/ledgers/?period={YEAR}",
         [sql("SELECT e.kind_id, e.status, count(*), count(*) FILTER (WHERE NOT e.closed AND e.deadline < CURRENT_DATE) "
               "FROM ledgers_ledgerentry e JOIN core_orgunit o ON o.id = e.org_id "
               "WHERE o.code >= %s AND o.code LIKE %s AND o.code < %s AND e.occurred_on BETWEEN %s AND %s "
               "GROUP BY e.kind_id, e.status", [*like(TOWN), y0, y1])]),
        ("town dashboard", "bench-t01", "/",
         [sql("SELECT count(*) FILTER (WHERE NOT e.closed), count(*) FILTER (WHERE NOT e.closed AND e.deadline < CURRENT_DATE) "
               "FROM ledgers_ledgerentry e JOIN core_orgunit o ON o.id = e.org_id "
               "WHERE o.code >= %s AND o.code LIKE %s AND o.code < %s", like(TOWN))]),
        ("county dashboard", "bench-admin", "/",
         [sql("SELECT count(*) FILTER (WHERE NOT e.closed), count(*) FILTER (WHERE NOT e.closed AND e.deadline < CURRENT_DATE) "
               "FROM ledgers_ledgerentry e"),
          sql("SELECT v.indicator_id, v.year, sum(v.value) FROM indicators_datavalue v JOIN indicators_indicator i "
               "ON i.id = v.indicator_id WHERE i.headline AND v.year IN (%s, %s) AND v.first_month = 1 AND v.last_month = 12 "
               "GROUP BY v.indicator_id, v.year", [YEAR - 1, YEAR])]),
        ("indicator grid, town × its villages", "bench-t01", f"/indicators/?mode=org&year={YEAR}",
         [sql("SELECT v.indicator_id, v.org_id, v.value FROM indicators_datavalue v JOIN core_orgunit o ON o.id = v.org_id "
               "WHERE (o.parent_id = %s OR o.id = %s) AND v.period = %s", [town.pk, town.pk, str(YEAR)])]),
    ]
    # the county dashboard once more with no kept figure: every roll-up computed from the values (as after a write)
    dashboard = next(c for c in cases if c[0] == "county dashboard")
    cases.append(("county dashboard, figures forgotten before each request", *dashboard[1:], figures.forget_all))
    print(f"{LedgerEntry.objects.count():,} entries; {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
          f"{ARGS.runs} runs each; cache {'on' if ARGS.cache else 'off'}")
    print("| page | Zhenwu p50 | p95 | raw SQL p50 | p95 | ratio (p50) |")
    print("|---|---|---|---|---|---|")
    for label, username, url, raw, *cold in cases:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        assert client.get(url).status_code == 200, url
        page = times(lambda: client.get(url), ARGS.runs, *cold)
        ref = times(lambda: [q() for q in raw], ARGS.runs)
        ratio = statistics.median(page) / statistics.median(ref)
        print(f"| {label} | {pct(page, .5):.0f} ms | {pct(page, .95):.0f} ms | {pct(ref, .5):.1f} ms "
              f"| {pct(ref, .95):.1f} ms | {ratio:.1f}× |")
    report_case(town)
    return 0


def report_case(town) -> None:
    """The town's annual report generated (every section: figures, sentences, provenance; no .docx), beside the
    raw SQL of the figures it states: the town's entries by kind and state, its indicator values of the year."""
    from zhenwu.reports import actions, services

    outline = services.outline_for("annual", town)
    report, _ = actions.get_or_create_report(None, town, outline, str(YEAR))
    page = times(lambda: actions.generate(None, report), max(3, ARGS.runs // 2))
    ref = times(lambda: [q() for q in (
        sql("SELECT e.kind_id, e.status, count(*) FROM ledgers_ledgerentry e JOIN core_orgunit o ON o.id = e.org_id "
            "WHERE o.code LIKE %s AND e.occurred_on <= %s GROUP BY 1, 2", [town.code + "%", f"{YEAR}-12-31"]),
        sql("SELECT v.indicator_id, sum(v.value) FROM indicators_datavalue v JOIN core_orgunit o ON o.id = v.org_id "
            "WHERE o.code LIKE %s AND v.year IN (%s, %s) GROUP BY 1", [town.code + "%", YEAR - 1, YEAR]))],
        max(3, ARGS.runs // 2))
    print(f"| report for a town-year ({outline.sections.count()} sections) | {pct(page, .5):.0f} ms "
          f"| {pct(page, .95):.0f} ms | {pct(ref, .5):.1f} ms | {pct(ref, .95):.1f} ms "
          f"| {statistics.median(page) / statistics.median(ref):.1f}× |")


if __name__ == "__main__":
    if ARGS.cache:
        sys.exit(main())
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        sys.exit(main())
