"""Load test: N simulated staff against a running `zhenwu serve`, for S seconds, reads and writes mixed as their
roles do (county admins and leaders read the dashboards and county lists, town offices their town's ledgers and
indicator grid, villages their own lists; village and town offices register entries through the API).

Bounded: one thread per user, one request at a time each (a person waits for the page). Logins happen before the
clock starts. Reports requests/s, p50/p95/p99 and every error.

    .venv/bin/python benchmarks/scale/load.py --base http://127.0.0.1:8161 --users 100 --seconds 60 --accounts bench
    .venv/bin/python benchmarks/scale/load.py --base http://127.0.0.1:8162 --users 20 --seconds 60 --accounts demo
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import threading
import time
from collections import Counter

import requests

DEMO = [("admin", "county"), ("leader", "leader"), ("ducha", "leader"), ("qinghe", "town"), ("qinghe-aj", "station"),
        ("qinghe-cun", "village"), ("shiling", "town"), ("shiling-aj", "station"), ("shiling-wg", "village"),
        ("chengguan", "town")]


def bench_accounts(towns: int = 20, villages: int = 5) -> list[tuple[str, str]]:
    out = [("bench-admin", "county"), ("bench-leader", "leader")]
    for i in range(1, towns + 1):
        out += [(f"bench-t{i:02d}", "town"), (f"bench-t{i:02d}-aj", "station")]
        out += [(f"bench-t{i:02d}-v{j:02d}", "village") for j in range(1, villages + 1)]
    return out


READS = {
    "county": ["/", "/ledgers/", "/ledgers/entries/", "/ledgers/entries/?kind=safety_hazard", "/indicators/?mode=org"],
    "leader": ["/", "/ledgers/", "/ledgers/entries/?open=true"],
    "town": ["/", "/ledgers/?period={year}", "/ledgers/entries/?kind=grid_event", "/indicators/?mode=org",
             "/ledgers/entries/?period={year}"],
    "station": ["/", "/ledgers/entries/?kind=safety_hazard", "/ledgers/"],
    "village": ["/", "/ledgers/entries/", "/ledgers/entries/?kind=grid_event&period={year}", "/ledgers/"],
}
WRITERS = {"town", "village"}


class User(threading.Thread):
    def __init__(self, base, username, role, password, deadline_box, results, write_share, rng):
        super().__init__(daemon=True)
        self.base, self.username, self.role, self.password = base, username, role, password
        self.deadline_box, self.results, self.write_share, self.rng = deadline_box, results, write_share, rng
        self.s = requests.Session()
        self.villages: list[str] = []
        self.ready = threading.Event()
        self.login_error = None

    def login(self) -> None:
        r = self.s.get(f"{self.base}/login/", timeout=60)
        token = self.s.cookies.get("csrftoken")
        r = self.s.post(f"{self.base}/login/", data={"username": self.username, "password": self.password,
                                                      "csrfmiddlewaretoken": token}, timeout=120, allow_redirects=False)
        if r.status_code not in (302, 303):
            raise RuntimeError(f"{self.username} 登录失败：{r.status_code}")
        if self.role in WRITERS:
            r = self.s.get(f"{self.base}/api/core/orgs", params={"level": "village"}, timeout=120)
            self.villages = [o["code"] for o in r.json()][:50]

    def run(self) -> None:
        try:
            self.login()
        except Exception as exc:  # noqa: BLE001 - reported
            self.login_error = repr(exc)
        self.ready.set()
        while self.deadline_box[0] is None:
            time.sleep(0.05)
        year = dt.date.today().year - 1
        while not self.login_error and time.time() < self.deadline_box[0]:
            write = self.role in WRITERS and self.villages and self.rng.random() < self.write_share
            t0 = time.perf_counter()
            try:
                if write:
                    kind = "write"
                    r = self.s.post(f"{self.base}/api/ledgers/entries", timeout=30, data=json.dumps({
                        "kind": "safety_hazard", "org_code": self.rng.choice(self.villages),
                        "title": f"压力测试隐患 {self.username}", "occurred_on": dt.date.today().isoformat(),
                        "data": {"place": "村委会", "severity": "一般隐患", "source": "自查"}}),
                        headers={"Content-Type": "application/json", "X-CSRFToken": self.s.cookies.get("csrftoken", "")})
                    ok = r.status_code == 201
                else:
                    path = self.rng.choice(READS[self.role]).format(year=year)
                    kind = path.split("?")[0]
                    r = self.s.get(f"{self.base}{path}", timeout=30)
                    ok = r.status_code == 200
                status = r.status_code
            except Exception as exc:  # noqa: BLE001 - a timeout or a refused connection is an error too
                ok, status = False, type(exc).__name__
            self.results.append((time.perf_counter() - t0, ok, status, kind, write))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8161")
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--accounts", choices=["bench", "demo"], default="bench")
    ap.add_argument("--write-share", type=float, default=0.25, help="share of a writer's requests that write")
    args = ap.parse_args()
    accounts = bench_accounts() if args.accounts == "bench" else DEMO
    password = "zhenwu-bench" if args.accounts == "bench" else "zhenwu-demo"
    rng = random.Random(16)
    results: list = []
    deadline = [None]
    users = [User(args.base, *accounts[i % len(accounts)], password, deadline, results, args.write_share,
                  random.Random(rng.random())) for i in range(args.users)]
    for _ in range(120):  # the server may still be starting
        try:
            requests.get(f"{args.base}/login/", timeout=10)
            break
        except requests.ConnectionError:
            time.sleep(0.5)
    t_login = time.perf_counter()
    for u in users:
        u.start()
    for u in users:
        u.ready.wait(600)
    failed = [u.login_error for u in users if u.login_error]
    print(f"{args.users} users logged in ({time.perf_counter() - t_login:.0f} s); login errors: {len(failed)}")
    for e in failed[:3]:
        print("  ", e)
    start = time.time()
    deadline[0] = start + args.seconds
    for u in users:
        u.join(args.seconds + 60)
    elapsed = time.time() - start
    times = sorted(r[0] for r in results)
    errors = Counter((r[3], r[2]) for r in results if not r[1])
    writes = sum(1 for r in results if r[4])

    def pct(p):
        return times[min(len(times) - 1, int(p * len(times)))] * 1000 if times else float("nan")

    print(f"{len(results)} requests in {elapsed:.0f} s = {len(results) / elapsed:.1f}/s "
          f"({writes} writes, {len(results) - writes} reads); p50 {pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms, "
          f"p99 {pct(0.99):.0f} ms, max {times[-1] * 1000 if times else 0:.0f} ms; errors {sum(errors.values())}")
    by_page = {}
    for t, ok, status, kind, write in results:
        by_page.setdefault(kind, []).append(t)
    for kind, ts in sorted(by_page.items()):
        ts.sort()
        print(f"  {kind:28s} n={len(ts):5d} p50 {statistics.median(ts) * 1000:6.0f} ms  p95 {ts[int(0.95 * len(ts))] * 1000:6.0f} ms")
    for (kind, status), n in errors.most_common(10):
        print(f"  error {kind} {status}: {n}")
    return 1 if errors or failed else 0


if __name__ == "__main__":
    sys.exit(main())
