"""Scope queries, the org switcher and the unit list on the national division tree, beside raw SQL.

Load the tree first (664,903 units: 2,978 counties, 41,352 乡镇/街道, 620,573 村/社区, with their audit rows):

    createdb -h 127.0.0.1 -U postgres zhenwu_national
    export ZHENWU_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhenwu_national
    .venv/bin/zhenwu init --division all
    .venv/bin/python benchmarks/scale/bench_national.py [--runs 20]

Three users: a county user (阳新县, 420222), a provincial user (湖北, 42: a member of each of its 103 counties —
the org tree has no level above the county) and the national superuser. For each, Zhenwu's query or page beside
the raw SQL returning the same rows (checked equal once before timing): the user's visible units counted, the
units counted per level, the unit list's first page (with its total), the switcher of every page (the context
processor) and the switcher's search. Pages are requested in-process (Django's test client, no HTTP).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings")
ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=20)
ARGS = ap.parse_args()

import django  # noqa: E402

django.setup()

from timing import pct, sql, times  # noqa: E402  (benchmarks/scale/timing.py)

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from zhenwu.core.models import Level, Membership, OrgUnit  # noqa: E402
from zhenwu.core.roles import Role  # noqa: E402
from zhenwu.core.switcher import SWITCHER_LIMIT  # noqa: E402
from zhenwu.web.context import navigation  # noqa: E402

COUNTY, PROVINCE, SEARCH = "420222", "42", "兴国"


def users():
    """The three benchmark users, made once (memberships written directly: this is a benchmark fixture)."""
    User = get_user_model()
    county, _ = User.objects.get_or_create(username="bench-nat-county")
    province, _ = User.objects.get_or_create(username="bench-nat-province")
    country, _ = User.objects.get_or_create(username="bench-nat-country", defaults={"is_superuser": True})
    Membership.objects.get_or_create(user=county, org=OrgUnit.objects.get(code=COUNTY),
                                     defaults={"role": Role.COUNTY_ADMIN})
    have = set(Membership.objects.filter(user=province).values_list("org_id", flat=True))
    Membership.objects.bulk_create([
        Membership(user=province, org=o, role=Role.INSPECTOR)
        for o in OrgUnit.objects.filter(code__startswith=PROVINCE, level=Level.COUNTY) if o.pk not in have])
    return county, province, country


def where(user):
    """The raw SQL's own scope filter for the same user: one range per county, or one per province."""
    if user.is_superuser:
        return "TRUE", []
    if user.username == "bench-nat-county":
        return "o.code LIKE %s", [COUNTY + "%"]
    return "o.code LIKE %s", [PROVINCE + "%"]


def main() -> int:
    county, province, country = users()
    n = OrgUnit.objects.count()
    print(f"{n:,} units; {connection.vendor}; {ARGS.runs} runs each")
    print("| user | what | Zhenwu p50 | p95 | raw SQL p50 | p95 | ratio (p50) |")
    print("|---|---|---|---|---|---|---|")
    factory = RequestFactory()
    for user, label in [(county, "county 阳新县"), (province, "province 湖北 (103 counties)"), (country, "country (superuser)")]:
        user = get_user_model().objects.get(pk=user.pk)
        w, p = where(user)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        origin = OrgUnit.objects.get(code=COUNTY) if not user.is_superuser else OrgUnit.objects.filter(parent=None).first()

        def switcher():
            request = factory.get("/org/")
            request.user, request.org, request.session = user, origin, {}
            return [o["id"] for o in navigation(request)["switcher_orgs"]]

        switcher_n = len(switcher())
        levels = "o.level IN ('county','town','street','department','village','community')"
        first = sql(f"SELECT o.id FROM core_orgunit o WHERE {w} AND {levels} ORDER BY o.code LIMIT %s",
                    p + [SWITCHER_LIMIT + 1])
        own = list(Membership.objects.filter(user=user).values_list("org_id", flat=True)) or [0]
        near = sql(f"SELECT o.id, o.code FROM core_orgunit o WHERE {w} AND {levels} AND (o.id = ANY(%s) "
                   f"OR o.code = ANY(%s) OR o.parent_id = %s)",
                   p + [own, [origin.code[:n] for n in range(6, len(origin.code) + 1, 3)], origin.pk])

        def raw_switcher():  # the same two steps: the first units in code order, else the way to the current one
            rows = first()
            return rows if len(rows) <= SWITCHER_LIMIT else sorted(near(), key=lambda r: r[1])[:SWITCHER_LIMIT]

        assert [r[0] for r in raw_switcher()] == switcher()
        cases = [
            ("visible units, count", lambda: OrgUnit.objects.visible_to(user).count(),
             sql(f"SELECT count(*) FROM core_orgunit o WHERE {w}", p), lambda a, b: a == b[0][0]),
            ("visible units per level", lambda: dict(OrgUnit.objects.visible_to(user).values_list("level")
                                                     .annotate(n=Count("id")).order_by()),
             sql(f"SELECT o.level, count(*) FROM core_orgunit o WHERE {w} GROUP BY o.level", p),
             lambda a, b: a == dict(b)),
            ("unit list page 1 (+ total)", lambda: client.get("/org/"),
             lambda: [sql(f"SELECT count(*) FROM core_orgunit o WHERE {w}", p)(),
                      sql(f"SELECT o.id, o.code, o.name, o.level, pa.name FROM core_orgunit o LEFT JOIN core_orgunit pa "
                          f"ON pa.id = o.parent_id WHERE {w} AND o.code LIKE %s ORDER BY o.code LIMIT 50",
                          p + [origin.code + "%"])()], None),
            (f"switcher on every page ({switcher_n} options)", switcher, raw_switcher, None),
            (f"switcher search “{SEARCH}”", lambda: client.get("/org/search/", {"q": SEARCH}),
             sql(f"SELECT o.id, o.code, o.name FROM core_orgunit o WHERE {w} AND o.name LIKE %s "
                 f"ORDER BY o.code LIMIT 20", p + [f"%{SEARCH}%"]), None),
        ]
        for what, ours, raw, same in cases:
            if same is not None:
                assert same(ours(), raw()), what
            if what.startswith(("unit list", "switcher search")) and ours().status_code != 200:
                print(f"| {label} | {what} | (HTTP {ours().status_code}) | | | | |")
                continue
            a = times(ours, ARGS.runs)
            b = times(raw, ARGS.runs)
            print(f"| {label} | {what} | {pct(a, .5):.1f} ms | {pct(a, .95):.1f} ms | {pct(b, .5):.1f} ms "
                  f"| {pct(b, .95):.1f} ms | {statistics.median(a) / statistics.median(b):.1f}× |", flush=True)
    return 0


if __name__ == "__main__":
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
                           ALLOWED_HOSTS=["*"]):
        sys.exit(main())
