"""Data scope at province scale: how fast is a scoped query when the org tree has ~100,000 units?

Builds a synthetic province (100 counties × 15 towns × 17 villages × 3 grids ≈ 103,000 units) in a fresh
database, then times the queries every page makes through `visible_to` / `within`, and one full page render.

    .venv/bin/python benchmarks/core/bench_scope.py                 # SQLite file in a temp dir
    ZHENWU_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhenwu_bench .venv/bin/python benchmarks/core/bench_scope.py

Targets: a scoped count or page of rows < 20 ms (median); the org list page < 250 ms; peak RSS < 300 MB.
"""

import os
import resource
import statistics
import sys
import tempfile
import time

os.environ.setdefault("ZHENWU_DATA_DIR", tempfile.mkdtemp(prefix="zhenwu-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from zhenwu.core.models import Level, Membership, OrgUnit  # noqa: E402
from zhenwu.core.roles import Role  # noqa: E402

COUNTIES, TOWNS, VILLAGES, GRIDS = 100, 15, 17, 3


def build():
    call_command("migrate", verbosity=0)
    if OrgUnit.objects.filter(code="810000").exists():
        return
    province = OrgUnit.objects.create(code="810000", name="省", level=Level.COUNTY)
    # bulk_create level by level (seeding only: the audit trail covers user changes, not this synthetic load)
    parents = [province]
    plan = [(COUNTIES, Level.COUNTY), (TOWNS, Level.TOWN), (VILLAGES, Level.VILLAGE), (GRIDS, Level.GRID)]
    for n, level in plan:
        rows = [
            OrgUnit(code=f"{p.code}{i:03d}", name=f"{p.name}{i}", level=level, parent_id=p.pk)
            for p in parents
            for i in range(1, n + 1)
        ]
        OrgUnit.objects.bulk_create(rows, batch_size=5000)
        parents = list(OrgUnit.objects.filter(level=level, code__startswith="810000").exclude(pk=province.pk))
    User = get_user_model()
    for username, code, role in [
        ("town", "810000050008", Role.TOWN_ADMIN),
        ("village", "810000050008009", Role.VILLAGE),
        ("county", "810000050", Role.COUNTY_ADMIN),
    ]:
        user = User.objects.create_user(username, password="bench-password")
        Membership.objects.bulk_create([Membership(user=user, org=OrgUnit.objects.get(code=code), role=role)])


def timed(fn, repeat=30):
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main():
    t = time.perf_counter()
    build()
    built = time.perf_counter() - t
    User = get_user_model()
    total = OrgUnit.objects.count()
    results = []
    for username in ("village", "town", "county"):
        user = User.objects.get(username=username)
        user._zhenwu_memberships = None
        home = Membership.objects.get(user=user).org
        results.append((f"{username}: visible units count", timed(lambda: OrgUnit.objects.visible_to(user).count())))
        results.append(
            (
                f"{username}: first 50 grids in scope",
                timed(lambda: list(OrgUnit.objects.visible_to(user).within(home).filter(level="grid")[:50])),
            )
        )
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="town"))
    results.append(("town: /org/?level=grid page render", timed(lambda: client.get("/org/?level=grid"), repeat=10)))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {connection.vendor}; units: {total}; build: {built:.1f} s; peak RSS: {rss:.0f} MB")
    for label, ms in results:
        print(f"  {label:<40} {ms:8.2f} ms (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
