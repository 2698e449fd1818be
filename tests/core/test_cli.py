"""The `zhenwu` command, run as a user would: a fresh data dir, the real console script, no traceback ever."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ZHENWU = str(Path(sys.executable).with_name("zhenwu"))


def run(*args, data_dir, env=None, timeout=180):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWU_", "DJANGO_"))}
    full_env.update({"ZHENWU_DATA_DIR": str(data_dir), **(env or {})})
    return subprocess.run([ZHENWU, *args], capture_output=True, text=True, env=full_env, timeout=timeout)


def assert_clean_error(proc, fragment, code=None):
    assert proc.returncode != 0 if code is None else proc.returncode == code
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert fragment in lines[0]


def counts(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables if t != "django_session"}


def test_demo_is_idempotent(tmp_path):
    first = run("demo", "--no-serve", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "qinghe-cun" in first.stdout and "zhenwu-demo" in first.stdout
    db = tmp_path / "zhenwu.sqlite3"
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    before = counts(db)
    assert before["core_orgunit"] > 200 and before["core_auditlog"] > 0
    second = run("demo", "--no-serve", data_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert counts(db) == before
    # the secret key was generated once and kept
    assert (tmp_path / "secret_key").stat().st_size > 40


def test_serve_needs_a_migrated_database(tmp_path):
    assert_clean_error(run("serve", "--port", "8765", data_dir=tmp_path), "zhenwu migrate", code=2)


def test_usage_errors_are_one_chinese_line(tmp_path):
    assert_clean_error(run("bogus", data_dir=tmp_path), "参数有误", code=2)
    assert_clean_error(run("serve", "--port", "99999", data_dir=tmp_path), "端口应在 1–65535 之间", code=2)
    assert_clean_error(run("demo", "--port", "abc", data_dir=tmp_path), "端口应为数字", code=2)


def test_unreachable_database(tmp_path):
    proc = run("migrate", data_dir=tmp_path, env={"ZHENWU_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    assert_clean_error(proc, "无法访问数据库", code=1)


def test_createadmin(tmp_path):
    assert run("migrate", data_dir=tmp_path).returncode == 0
    ok = run("createadmin", "--username", "boss", "--password", "long-enough-1", data_dir=tmp_path)
    assert ok.returncode == 0 and "系统管理员" in ok.stdout
    assert_clean_error(run("createadmin", "--username", "boss", "--password", "long-enough-1", data_dir=tmp_path), "已存在")
    assert_clean_error(run("createadmin", "--username", "x", "--password", "short", data_dir=tmp_path), "至少 8 位")
    assert_clean_error(
        run("createadmin", "--username", "y", "--password", "long-enough-1", "--org", "不存在镇", data_dir=tmp_path),
        "找不到单位",
    )
    assert_clean_error(run("createadmin", "--username", "z", data_dir=tmp_path), "ZHENWU_ADMIN_PASSWORD")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("path,needle", [("/login/", "镇务 · 登录"), ("/static/vendor/bootstrap/bootstrap.min.css", "Bootstrap")])
def test_serve_runs_gunicorn_with_static_files(tmp_path, path, needle):
    assert run("migrate", data_dir=tmp_path).returncode == 0
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWU_", "DJANGO_"))}
    env["ZHENWU_DATA_DIR"] = str(tmp_path)
    proc = subprocess.Popen([ZHENWU, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as resp:
                    assert resp.status == 200
                    assert resp.headers.get("Server") == "gunicorn"  # runserver says WSGIServer
                    body = resp.read().decode("utf-8", "replace")
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None and needle in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_init_from_a_division_code(tmp_path):
    first = run("init", "--division", "420222100", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "已创建数据库结构" in first.stdout and "阳新县" in first.stdout
    again = run("init", "--division", "420222100", data_dir=tmp_path)
    assert again.returncode == 0 and "新建 0 个单位" in again.stdout
    assert_clean_error(run("init", "--division", "999999", data_dir=tmp_path), "找不到县级区划", code=2)
