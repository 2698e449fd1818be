"""Twenty users keep working while a 20,000-value indicator import runs: a real server, real HTTP.

Starts `zhenwu demo` (SQLite in a temp data dir, or ZHENWU_DATABASE_URL) on 127.0.0.1:8611 with its embedded job
worker, logs in 20 sessions of the demo accounts and one importer, uploads a 20,000-row filled entry template, and
while the import runs every user keeps reading pages and API lists and writing ledger entries. The reference is
the same users doing the same for 20 s before the import. Prints the import's duration and, for reads and writes
with and without the import, the number of requests, of errors (5xx or no answer) and latency percentiles.

    .venv/bin/python benchmarks/core/bench_concurrent_import.py
    ZHENWU_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhenwu_bench .venv/bin/python benchmarks/core/bench_concurrent_import.py

Target: 0 errors for the 20 users during the import.
"""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

PORT = int(os.environ.get("BENCH_PORT", "8611"))
BASE = f"http://127.0.0.1:{PORT}"
USERS = 20
ROWS = 20_000
BASELINE_SECONDS = 20
ACCOUNTS = ["qinghe", "qinghe-aj", "qinghe-cun", "shiling", "shiling-aj", "shiling-wg", "chengguan", "admin",
            "leader", "ducha"]
WRITERS = {"qinghe", "qinghe-aj", "qinghe-cun", "shiling", "shiling-aj", "chengguan", "admin"}
PAGES = ["/", "/ledgers/", "/ledgers/entries/", "/indicators/", "/plans/projects/", "/reports/",
         "/api/ledgers/entries", "/api/core/orgs", "/indicators/values/"]
VENV_BIN = Path(sys.executable).parent


class Session:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method, path, data=None, headers=None, timeout=120):
        req = urllib.request.Request(BASE + path, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                return resp.status, resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), dict(exc.headers)

    def login(self, username, password="zhenwu-demo"):
        self.request("GET", "/login/")
        body = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": self.csrf()}).encode()
        status, _, headers = self.request("POST", "/login/", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                                    "Referer": BASE + "/login/"})
        assert status == 302, (username, status)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def workbook(data_dir: str) -> bytes:
    """A filled entry template for 清河镇 with ROWS values (indicators × units × months)."""
    os.environ["ZHENWU_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings")
    import django

    django.setup()
    from openpyxl import Workbook

    from zhenwu.core.models import OrgUnit
    from zhenwu.indicators.excel import HEADER
    from zhenwu.indicators.models import Indicator

    town = OrgUnit.objects.get(name="清河镇")
    units = list(OrgUnit.objects.within(town).order_by("code"))
    indicators = [i for i in Indicator.objects.filter(formula="").order_by("code") if i.unit in ("个", "人", "户", "次", "元", "万元", "亩", "%", "")] or list(Indicator.objects.all())
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("填报")
    ws.append(["镇务指标填报表"])
    ws.append(["填报单位", town.name])
    ws.append([])
    ws.append(HEADER)
    n = 0
    for year in range(2010, 2020):
        for month in range(1, 13):
            for unit in units:
                for ind in indicators:
                    ws.append([unit.code, unit.name, f"{year}-{month:02d}", ind.code, ind.name, ind.shown_unit,
                               (n % 97) + 1, ""])
                    n += 1
                    if n >= ROWS:
                        buf = io.BytesIO()
                        wb.save(buf)
                        return buf.getvalue()
    raise SystemExit(f"only {n} cells available")


def multipart(fields: dict, filename: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main() -> int:
    data_dir = os.environ.get("ZHENWU_DATA_DIR") or tempfile.mkdtemp(prefix="zhenwu-bench-")
    env = {**os.environ, "ZHENWU_DATA_DIR": data_dir, "ZHENWU_SECRET_KEY": "bench-only", "ZHENWU_LOGIN_LIMIT": "1000"}
    env.pop("ZHENWU_JOBS_IMMEDIATE", None)
    subprocess.run([str(VENV_BIN / "zhenwu"), "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    content = workbook(data_dir)
    print(f"import file: {ROWS:,} rows, {len(content) / 1024:.0f} KB")
    server = subprocess.Popen([str(VENV_BIN / "zhenwu"), "serve", "--port", str(PORT), "--threads", "24"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        users = []
        for i in range(USERS):
            s = Session()
            s.name = ACCOUNTS[i % len(ACCOUNTS)]
            s.login(s.name)
            users.append(s)
        importer = Session()
        importer.login("qinghe")
        importer.request("GET", "/indicators/")
        lock = threading.Lock()

        def work(s: Session, n: int, stop: threading.Event, results: list):
            i = 0
            while not stop.is_set():
                i += 1
                if s.name in WRITERS and i % 5 == 0:
                    path = "/api/ledgers/entries"
                    body = json.dumps({"kind": "safety_hazard", "org_code": _org_code(s.name),
                                       "title": f"并发登记 {n}-{i}", "occurred_on": "2024-05-06",
                                       "data": {"place": "加油站", "severity": "一般隐患", "source": "自查"}}).encode()
                    t = time.perf_counter()
                    try:
                        status, _, _ = s.request("POST", path, body, {"Content-Type": "application/json",
                                                                      "X-CSRFToken": s.csrf(), "Referer": BASE + "/"})
                    except OSError as exc:
                        status, path = 0, f"{path} ({exc})"
                    path = "POST " + path
                else:
                    path = PAGES[(n + i) % len(PAGES)]
                    t = time.perf_counter()
                    try:
                        status, _, _ = s.request("GET", path)
                    except OSError as exc:
                        status, path = 0, f"{path} ({exc})"
                with lock:
                    results.append((status, time.perf_counter() - t, path))

        def start(results):
            stop = threading.Event()
            threads = [threading.Thread(target=work, args=(s, n, stop, results)) for n, s in enumerate(users)]
            for t in threads:
                t.start()
            return stop, threads

        # the reference: the same users, the same mix, no import
        before: list[tuple[int, float, str]] = []
        stop, threads = start(before)
        time.sleep(BASELINE_SECONDS)
        stop.set()
        for t in threads:
            t.join()

        during: list[tuple[int, float, str]] = []
        body, ctype = multipart({"csrfmiddlewaretoken": importer.csrf(), "confirm": "on", "once": uuid.uuid4().hex},
                                "bench.xlsx", content)
        stop, threads = start(during)
        time.sleep(2)
        started = time.perf_counter()
        status, page, headers = importer.request("POST", "/indicators/excel/upload/", body,
                                                 {"Content-Type": ctype, "Referer": BASE + "/indicators/"})
        submitted = time.perf_counter() - started
        location = headers.get("Location", "")
        job = re.search(r"job=(\d+)", location)
        outcome = {}
        if job:
            while time.perf_counter() - started < 600:
                _, raw, _ = importer.request("GET", f"/jobs/{job.group(1)}/status/")
                outcome = json.loads(raw)
                if outcome.get("finished"):
                    break
                time.sleep(0.5)
        else:
            outcome = {"status": f"synchronous answer {status}"}
        import_seconds = time.perf_counter() - started
        time.sleep(1)
        stop.set()
        for t in threads:
            t.join()
        errors = [r for r in during + before if _failed(r)]
        print(f"upload answered in {submitted:.2f} s (status {status}); import {outcome.get('status')} "
              f"in {import_seconds:.1f} s: {outcome.get('message', '')}")
        for label, results in ((f"no import, {BASELINE_SECONDS} s", before), ("during the import", during)):
            for kind, rows in (("reads", [r for r in results if not r[2].startswith("POST ")]),
                               ("writes", [r for r in results if r[2].startswith("POST ")])):
                print(f"{USERS} users, {label}, {kind}: {summary(rows)}")
        for e in errors[:10]:
            print("  error:", e)
        return 0 if not errors and outcome.get("status") == "done" else 1
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def _failed(row: tuple[int, float, str]) -> bool:
    return row[0] == 0 or row[0] >= 500  # no answer, or a server error


def summary(rows: list[tuple[int, float, str]]) -> str:
    if not rows:
        return "no requests"
    lat = sorted(r[1] for r in rows)
    errors = sum(1 for r in rows if _failed(r))
    return (f"{len(rows):,} requests, {errors} errors, p50 {statistics.median(lat) * 1000:.0f} ms, "
            f"p95 {lat[int(len(lat) * 0.95)] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")


_CODES = {"qinghe": "990102101", "qinghe-aj": "990102101", "qinghe-cun": "990102101201", "shiling": "990102102",
          "shiling-aj": "990102102", "chengguan": "990102001", "admin": "990102101"}


def _org_code(username: str) -> str:
    return _CODES[username]


if __name__ == "__main__":
    sys.exit(main())
