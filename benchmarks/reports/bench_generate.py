"""Generate a town-year report over 100,000 ledger entries and 5,000 indicator values.

Run: DJANGO_SETTINGS_MODULE=zhenwu.settings_test .venv/bin/python benchmarks/reports/bench_generate.py
(or with ZHENWU_DATABASE_URL for PostgreSQL). Aggregates run in the database; the report's sections are
timed end to end (outline → figures → sentences) plus the .docx.
"""

import datetime as dt
import os
import random
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings_test")
import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

call_command("migrate", verbosity=0)
from zhenwu.demo import load_demo  # noqa: E402

load_demo()
from zhenwu.core.models import OrgUnit  # noqa: E402
from zhenwu.indicators.models import DataValue, Indicator  # noqa: E402
from zhenwu.ledgers.models import LedgerEntry, LedgerKind  # noqa: E402
from zhenwu.reports import actions, services, writer  # noqa: E402

town = OrgUnit.objects.get(name="清河镇")
units = list(OrgUnit.objects.within(town).exclude(pk=town.pk))
kinds = list(LedgerKind.objects.all())
rnd = random.Random(1)
entries = []
for i in range(100_000):
    kind = kinds[i % len(kinds)]
    states = list(kind.states)
    status = rnd.choice(states)
    entries.append(LedgerEntry(kind=kind, org=rnd.choice(units), title=f"压测{i}", occurred_on=dt.date(2023, 1, 1) + dt.timedelta(days=i % 365),
                               status=status, closed=status in kind.done_states, data={}))
LedgerEntry.objects.bulk_create(entries, batch_size=5000)
indicators = list(Indicator.objects.all())
values, seen = [], set()
periods = [f"2023-{m:02d}" for m in range(1, 13)] + [f"2022-{m:02d}" for m in range(1, 13)]
while len(values) < 5000:
    ind, org, period = rnd.choice(indicators), rnd.choice(units), rnd.choice(periods)
    if (ind.pk, org.pk, period) in seen:
        continue
    seen.add((ind.pk, org.pk, period))
    v = DataValue(indicator=ind, org=org, period=period, value=Decimal(rnd.randint(1, 10000)))
    v.set_period(period)
    values.append(v)
DataValue.objects.bulk_create(values, batch_size=5000)
print(f"{LedgerEntry.objects.within(town).count()} ledger entries, {DataValue.objects.within(town).count()} indicator values")

outline = services.outline_for("annual")
for run in range(3):
    connection.queries_log.clear()  # the log keeps 9,000 queries: a full log would undercount this run
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        report, _ = actions.get_or_create_report(None, town, outline, "2023")
    t1 = time.perf_counter()
    data = writer.docx_bytes(report)
    t2 = time.perf_counter()
    print(f"run {run + 1}: generate {t1 - t0:.2f} s ({len(q)} queries), docx {t2 - t1:.2f} s ({len(data) // 1024} KB)")
    from zhenwu.reports.models import Report

    Report.objects.filter(pk=report.pk).delete()
