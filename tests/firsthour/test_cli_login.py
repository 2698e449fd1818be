"""CLI messages (one Chinese line and a non-zero exit for a missing database or an unknown division code; what the
schema step did) and the demo accounts on the login page."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ZHENWU = str(Path(sys.executable).with_name("zhenwu"))


def run(*args, data_dir, env=None, timeout=180):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWU_", "DJANGO_"))}
    full_env.update({"ZHENWU_DATA_DIR": str(data_dir), **(env or {})})
    return subprocess.run([ZHENWU, *args], capture_output=True, text=True, env=full_env, timeout=timeout)


def one_chinese_line(proc) -> str:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("错误：")
    return lines[0]


@pytest.mark.parametrize("code, says", [("999999", "找不到县级区划"), ("420102999", "找不到乡级区划"),
                                        ("12ab", "应为 6 位")])
def test_unknown_division_code_is_one_line_and_nothing_is_created(tmp_path, code, says):
    proc = run("init", "--division", code, data_dir=tmp_path)
    assert says in one_chinese_line(proc)
    assert proc.stdout == ""  # not even the schema: nothing was touched
    assert not (tmp_path / "zhenwu.sqlite3").exists() or (tmp_path / "zhenwu.sqlite3").stat().st_size == 0


def _postgres_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _postgres_up(), reason="needs a PostgreSQL server on 127.0.0.1:5432")
def test_missing_database_is_one_line(tmp_path):
    url = "postgresql://postgres@127.0.0.1:5432/h_firsthour_no_such_db"
    for args in (("migrate",), ("demo", "--no-serve"), ("report", "--org", "990102101", "--period", "2023")):
        line = one_chinese_line(run(*args, data_dir=tmp_path, env={"ZHENWU_DATABASE_URL": url}))
        assert "数据库“h_firsthour_no_such_db”不存在" in line, line


def test_fresh_database_says_it_was_created(tmp_path):
    first = run("migrate", data_dir=tmp_path)
    assert first.returncode == 0 and first.stdout.strip() == "已创建数据库结构。"
    again = run("migrate", data_dir=tmp_path)
    assert again.stdout.strip() == "数据库已是最新结构。"


@pytest.mark.django_db
def test_login_page_lists_demo_accounts(client):
    from zhenwu.core.demo import ACCOUNTS, DEMO_PASSWORD

    page = client.get("/login/").content.decode()
    assert 'id="demo-accounts"' in page and DEMO_PASSWORD in page
    for username, name, _code, role in ACCOUNTS:
        assert f'data-fill-login="{username}"' in page and name in page


@pytest.mark.django_db
def test_login_page_of_a_real_county_lists_nothing(client):
    from zhenwu.core.demo import COUNTY_CODE
    from zhenwu.core.models import OrgUnit

    OrgUnit.objects.filter(code=COUNTY_CODE).update(code="420102")  # rolled back after the test
    page = client.get("/login/").content.decode()
    assert "demo-accounts" not in page and "zhenwu-demo" not in page
