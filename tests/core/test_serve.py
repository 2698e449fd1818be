"""`zhenwu serve` (gunicorn) and SQLite under concurrent writers."""

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path


ZHENWU = str(Path(sys.executable).with_name("zhenwu"))


def _env(data_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWU_", "DJANGO_"))}
    env["ZHENWU_DATA_DIR"] = str(data_dir)
    return env


def test_busy_port_is_one_chinese_line_before_starting(tmp_path):
    assert subprocess.run([ZHENWU, "migrate"], env=_env(tmp_path), capture_output=True).returncode == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([ZHENWU, "serve", "--port", str(port)], env=_env(tmp_path), capture_output=True,
                              text=True, timeout=60)
    assert proc.returncode == 1
    assert "已启动" not in proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith(f"错误：端口 {port} 已被占用")


def test_workers_default_to_the_core_count():
    from zhenwu.cli import build_parser, default_workers
    from zhenwu.server import options

    assert default_workers() == len(os.sched_getaffinity(0))
    args = build_parser().parse_args(["serve"])
    assert args.workers == 0  # 0: the core count, decided when serving
    opts = options("127.0.0.1", 8000, workers=default_workers(), threads=args.threads)
    assert opts["worker_class"] == "gthread" and opts["workers"] == default_workers() and opts["threads"] == 8
    assert options("::1", 8000, 1, 1)["bind"] == ["[::1]:8000"]


def test_sqlite_survives_concurrent_writers(transactional_db, demo_db, demo_user, org, settings):
    """Writers in several threads (each its own connection, as gunicorn's threads have): no "database is locked"."""
    from django.db import connection, connections

    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerEntry, LedgerKind

    if connection.vendor == "sqlite":
        assert connection.cursor().execute("pragma journal_mode").fetchone()[0] == "wal"
    kind = LedgerKind.objects.get(code="safety_hazard")
    unit, user = org("泉湖村"), demo_user("qinghe")
    before = LedgerEntry.objects.count()
    errors = []
    threads, per_thread = 6, 8

    def work(n):
        try:
            for i in range(per_thread):
                entry = actions.create_entry(user, kind, unit, title=f"并发登记 {n}-{i}", occurred_on=dt.date(2024, 5, 6),
                                             data={"place": "泉湖加油站", "severity": "一般隐患", "source": "自查"})
                step = actions.allowed_transitions(user, entry)
                if step:
                    actions.transition(user, entry, step[0]["to"], "已处理", entry.version)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(120)
    assert errors == []
    assert LedgerEntry.objects.count() == before + threads * per_thread
