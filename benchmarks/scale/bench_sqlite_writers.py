"""SQLite under 20 concurrent writers: 20 processes each register entries and move them one step, through the
ledgers' actions (the one write path, one IMMEDIATE transaction per write), on a fresh demo database.

    .venv/bin/python benchmarks/scale/bench_sqlite_writers.py [--writers 20] [--writes 25]

Pass: every write succeeds (no "database is locked"); prints writes/s and the slowest write.
"""

import argparse
import datetime as dt
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _setup(data_dir):
    os.environ["ZHENWU_DATA_DIR"] = data_dir
    os.environ.pop("ZHENWU_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings")
    import django

    django.setup()


def writer(data_dir, n, writes, out):
    _setup(data_dir)
    from django.contrib.auth import get_user_model

    from zhenwu.core.models import OrgUnit
    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerKind

    user = get_user_model().objects.get(username="qinghe")
    kind = LedgerKind.objects.get(code="safety_hazard")
    unit = OrgUnit.objects.get(name="泉湖村")
    ok, errors, slowest = 0, [], 0.0
    for i in range(writes):
        t0 = time.perf_counter()
        try:
            entry = actions.create_entry(user, kind, unit, title=f"并发登记 {n}-{i}", occurred_on=dt.date(2024, 5, 6),
                                         data={"place": "泉湖加油站", "severity": "一般隐患", "source": "自查"})
            steps = actions.allowed_transitions(user, entry)
            if steps:
                actions.transition(user, entry, steps[0]["to"], "已处理", entry.version)
            ok += 2
        except Exception as exc:  # noqa: BLE001 - counted and reported
            errors.append(repr(exc)[:200])
        slowest = max(slowest, time.perf_counter() - t0)
    out.put((ok, errors, slowest))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--writers", type=int, default=20)
    ap.add_argument("--writes", type=int, default=25)
    args = ap.parse_args()
    data_dir = tempfile.mkdtemp(prefix="zhenwu-writers-")
    zhenwu = str(Path(sys.executable).with_name("zhenwu"))
    env = {k: v for k, v in os.environ.items() if k != "ZHENWU_DATABASE_URL"} | {"ZHENWU_DATA_DIR": data_dir}
    subprocess.run([zhenwu, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    out = mp.get_context("spawn").Queue()
    procs = [mp.get_context("spawn").Process(target=writer, args=(data_dir, n, args.writes, out))
             for n in range(args.writers)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t0
    writes = sum(r[0] for r in results)
    errors = [e for r in results for e in r[1]]
    print(f"{args.writers} writers × {args.writes} (entry + transition): {writes} writes in {elapsed:.1f} s "
          f"({writes / elapsed:.0f}/s incl. start-up), slowest entry+step {max(r[2] for r in results) * 1000:.0f} ms, "
          f"errors {len(errors)}")
    for e in errors[:5]:
        print("  ", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
