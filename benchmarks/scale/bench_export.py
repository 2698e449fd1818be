"""A county-wide Excel export of a generated county (`zhenwu bench-data`) through the real `core.export` job,
beside `COPY … TO STDOUT (FORMAT csv)` of the same rows and columns.

Each run is a fresh process (so its peak RSS is the export's own): the county admin's list of one ledger kind over
every year, replayed by `core.exports.export_list` as the background job does, written to storage. Prints rows,
seconds and peak RSS per run and the p50/p95 of both sides.

    ZHENWU_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhenwu_scale ZHENWU_SECRET_KEY=bench \\
        ZHENWU_DATA_DIR=/tmp/scale-data .venv/bin/python benchmarks/scale/bench_export.py [--runs 3] [--kind safety_hazard]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings")
ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--kind", default="safety_hazard")
ap.add_argument("--user", default="bench-admin")
ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a single export, in this process
ARGS = ap.parse_args()


def one_export() -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from openpyxl import load_workbook

    from zhenwu.core.exports import export_list
    from zhenwu.core.models import Job, OrgUnit
    from zhenwu.core.periods import Period
    from zhenwu.scale.benchdata import COUNTY_CODE

    user = get_user_model().objects.get(username=ARGS.user)
    county = OrgUnit.objects.get(code=COUNTY_CODE)
    job = Job.new(kind="core.export", label="bench export", user=user, org=county, key=f"bench-{time.time()}",
                  params={"path": "/ledgers/entries/export.xlsx", "query": f"kind={ARGS.kind}",
                          "period": Period.parse(str(time.localtime().tm_year)).code})
    t0 = time.perf_counter()
    export_list(job, lambda percent, message="": None)
    seconds = time.perf_counter() - t0
    job.refresh_from_db()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with default_storage.open(job.result_file, "rb") as fh:
        ws = load_workbook(fh, read_only=True).active
        rows = sum(1 for _ in ws.iter_rows(values_only=True)) - 1
        cols = len(next(ws.iter_rows(max_row=1, values_only=True)))
    default_storage.delete(job.result_file)
    job.delete()
    return {"seconds": seconds, "rss_mb": rss_mb, "rows": rows, "cols": cols}


def copy_reference() -> tuple[float, int]:
    """The same rows and the list's own columns, as CSV, by PostgreSQL alone."""
    import django

    django.setup()
    from django.db import connection

    from zhenwu.ledgers.models import LedgerKind
    from zhenwu.scale.benchdata import COUNTY_CODE

    kind = LedgerKind.objects.get(code=ARGS.kind)
    fields = ", ".join(f"e.data->>'{f['key']}'" for f in kind.fields if f["type"] not in ("file", "photo"))
    query = (f"COPY (SELECT e.number, e.title, k.name, o.name, e.occurred_on, e.status, e.deadline, e.closed, "
             f"e.responsible, {fields} FROM ledgers_ledgerentry e JOIN core_orgunit o ON o.id = e.org_id "
             f"JOIN ledgers_ledgerkind k ON k.id = e.kind_id WHERE e.kind_id = {kind.pk} "
             f"AND o.code LIKE '{COUNTY_CODE}%' ORDER BY e.occurred_on DESC, e.id DESC) TO STDOUT (FORMAT csv)")
    t0 = time.perf_counter()
    size = 0
    with connection.cursor() as cur, cur.copy(query) as copy:  # psycopg 3
        for block in copy:
            size += len(block)
    return time.perf_counter() - t0, size


def main() -> int:
    if ARGS.one:
        print(json.dumps(one_export()))
        return 0
    runs = []
    for _ in range(ARGS.runs):
        out = subprocess.run([sys.executable, __file__, "--one", "--kind", ARGS.kind, "--user", ARGS.user],
                             check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
        print(f"  export: {runs[-1]['rows']:,} rows × {runs[-1]['cols']} columns, {runs[-1]['seconds']:.1f} s, "
              f"peak RSS {runs[-1]['rss_mb']:.0f} MB", flush=True)
    copies = sorted(copy_reference()[0] for _ in range(ARGS.runs))
    secs = sorted(r["seconds"] for r in runs)
    rss = max(r["rss_mb"] for r in runs)
    p95 = lambda xs: xs[min(len(xs) - 1, int(0.95 * len(xs)))]  # noqa: E731
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"Zhenwu export  p50 {secs[len(secs) // 2]:.1f} s  p95 {p95(secs):.1f} s  peak RSS {rss:.0f} MB")
    print(f"COPY … CSV     p50 {copies[len(copies) // 2]:.2f} s  p95 {p95(copies):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
