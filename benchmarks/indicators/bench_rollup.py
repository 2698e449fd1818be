"""Indicator figures at county scale: roll-ups, the entry grid and the dashboard over ~100,000 values.

Loads the demo county into a fresh database, then adds 20 synthetic towns × 20 villages with every pack
indicator for 2021–2023 (≈ 80,000 values, bulk-inserted), and times the query service and two pages.

    .venv/bin/python benchmarks/indicators/bench_rollup.py
    ZHENWU_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhenwu_bench .venv/bin/python benchmarks/indicators/bench_rollup.py

Targets: a roll-up < 20 ms; the county's towns compared < 100 ms; grid and dashboard pages < 1 s.
"""

import os
import statistics
import tempfile
import time

os.environ.setdefault("ZHENWU_DATA_DIR", tempfile.mkdtemp(prefix="zhenwu-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings")
os.environ.setdefault("ZHENWU_ALLOWED_HOSTS", "testserver,localhost")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from zhenwu.core.models import OrgUnit  # noqa: E402
from zhenwu.demo import load_demo  # noqa: E402
from zhenwu.indicators import services  # noqa: E402
from zhenwu.indicators.models import DataValue, Indicator  # noqa: E402

TOWNS, VILLAGES, YEARS = 20, 20, (2021, 2022, 2023)


def build():
    call_command("migrate", verbosity=0)
    load_demo()
    county = OrgUnit.objects.get(code="990102")
    if OrgUnit.objects.filter(code="990102501").exists():
        return
    towns = OrgUnit.objects.bulk_create(
        [OrgUnit(code=f"990102{500 + t:03d}", name=f"合成镇{t}", level="town", parent=county) for t in range(1, TOWNS + 1)]
    )
    villages = OrgUnit.objects.bulk_create([
        OrgUnit(code=f"{t.code}{200 + v:03d}", name=f"{t.name}{v}村", level="village", parent=t, population=1000 + v * 37)
        for t in towns for v in range(1, VILLAGES + 1)
    ])
    inds = list(Indicator.objects.filter(formula=""))
    values = []
    for ind in inds:
        for y in YEARS:
            for i, vil in enumerate(villages):
                dv = DataValue(indicator=ind, org=vil, value=Decimal(1000 + (i * 7919 + y) % 5000))
                dv.set_period(str(y))
                values.append(dv)
    DataValue.objects.bulk_create(values, batch_size=5000)
    print(f"built {len(villages)} villages, {len(values)} values")


def timed(label, fn, runs=20):
    fn()
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1000)
    print(f"| {label} | {statistics.median(ts):.1f} ms |")


def main():
    build()
    county = OrgUnit.objects.get(code="990102")
    town = OrgUnit.objects.get(code="990102501")
    towns = list(OrgUnit.objects.filter(parent=county))
    print(f"values in the database: {DataValue.objects.count()}")
    print("| measurement | median |\n| --- | --- |")
    timed("town roll-up from 20 villages (sum)", lambda: services.rollup("grain_area", town, "2023"))
    timed("town roll-up, per-capita (population-weighted)", lambda: services.rollup("rural_disposable_income", town, "2023"))
    timed("county: every town compared (values_by_org)", lambda: services.values_by_org("grain_area", towns, "2023"))
    timed("county value via two-level roll-up", lambda: services.value("grain_area", county, "2023"))
    timed("同比 for a town", lambda: services.yoy("grain_area", town, "2023"))
    admin = get_user_model().objects.get(username="admin")
    client = Client()
    client.force_login(admin)
    session = client.session
    session["zhenwu_org_id"] = town.pk
    session.save()
    def get(url):
        resp = client.get(url)
        assert resp.status_code == 200, resp.status_code

    timed("grid page: town × 20 villages, one category", lambda: get("/indicators/?mode=org&period=2023&category=agriculture"), 5)
    session["zhenwu_org_id"] = county.pk
    session.save()
    timed("chart data JSON: county, 26 towns", lambda: get("/indicators/charts/data/?indicator=grain_area&year=2023"), 5)
    timed("dashboard page: county", lambda: get("/"), 5)


if __name__ == "__main__":
    main()
