"""Ledger statistics and the demo load: how long does `stats(kind, org, period)` take as entries grow?

Fresh database; loads the demo county (timing the ledgers loader), then times `stats()` on the demo, then copies
the demo entries until there are about 200,000 and times again (town × year and county × year), plus the
filtered list page with its totals.

    .venv/bin/python benchmarks/ledgers/bench_stats.py
    ZHENWU_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhenwu_bench .venv/bin/python benchmarks/ledgers/bench_stats.py

Targets: the ledgers demo loads in < 5 s; one kind's statistics < 100 ms at 200,000 entries; list page < 500 ms.
"""

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("ZHENWU_DATA_DIR", tempfile.mkdtemp(prefix="zhenwu-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from zhenwu.core import demo as core_demo  # noqa: E402
from zhenwu.core.models import OrgUnit  # noqa: E402
from zhenwu.ledgers import demo as ledgers_demo  # noqa: E402
from zhenwu.ledgers.models import LedgerEntry  # noqa: E402
from zhenwu.ledgers.stats import stats  # noqa: E402

TARGET = 200_000


def median_ms(fn, runs=15):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def timings(label):
    with connection.cursor() as cursor:  # fresh bulk-loaded tables: give the planner statistics, as autovacuum would
        cursor.execute("ANALYZE")
    county, town = OrgUnit.objects.get(code="990102"), OrgUnit.objects.get(code="990102102")
    rows = [
        ("石岭镇 × 2023: 矛盾纠纷", lambda: stats("dispute", town, "2023")),
        ("石岭镇 × 2023: 防返贫监测户 (stock)", lambda: stats("poverty_monitor", town, "2023")),
        ("示例县 × 2023: 网格事件", lambda: stats("grid_event", county, "2023")),
    ]
    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(username="shiling"))
    rows.append(("石岭镇 list page ?kind=grid_event&period=2023 with totals",
                 lambda: client.get("/ledgers/entries/", {"kind": "grid_event", "period": "2023"})))
    rows.append(("石岭镇 ledger home (15 kinds, one stats_many)", lambda: client.get("/ledgers/", {"period": "2023"})))
    print(f"\n{label} ({LedgerEntry.objects.count():,} entries, {connection.vendor})")
    assert client.get("/ledgers/").status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get("/ledgers/", {"period": "2023"})
    print(f"ledger home: {len(ctx.captured_queries)} queries")
    for name, fn in rows:
        print(f"| {name} | {median_ms(fn):.1f} ms |")


def main():
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        core_demo.load()
    t = time.perf_counter()
    with transaction.atomic():
        ledgers_demo.load()
    print(f"ledgers demo load: {time.perf_counter() - t:.2f} s, {LedgerEntry.objects.count():,} entries")
    t = time.perf_counter()
    with transaction.atomic():
        ledgers_demo.load()
    print(f"second (idempotent) load: {time.perf_counter() - t:.3f} s")
    timings("demo")
    base = list(LedgerEntry.objects.all())
    for n in range(1, TARGET // len(base)):
        for e in base:
            e.pk, e.ref = None, f"bench-{n}"
        LedgerEntry.objects.bulk_create(base, batch_size=5000)
    timings("scaled")


if __name__ == "__main__":
    sys.exit(main())
