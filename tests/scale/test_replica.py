"""Read replicas with a real second database: a copy of the test database (a second SQLite file, or a second
PostgreSQL database filled by pg_dump) attached as `replica`. The dashboard reads from it; a save and the page
that shows it use the primary; reads inside a transaction and memberships never leave the primary."""

import shutil
import sqlite3
import subprocess
import datetime as dt

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhenwu.core.models import Membership
from zhenwu.core.replica import REPLICA, reading_replica
from zhenwu.ledgers.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def replica(tmp_path):
    primary = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        name = str(tmp_path / "replica.sqlite3")
        source, target = sqlite3.connect(primary["NAME"]), sqlite3.connect(name)
        source.backup(target)  # the committed demo county, as a streaming replica would hold it
        source.close(), target.close()
        cleanup = lambda: None  # noqa: E731
    else:
        if not shutil.which("pg_dump"):
            pytest.skip("需要 pg_dump 复制测试数据库")
        name = f"{primary['NAME']}_replica"
        args = ["-h", primary["HOST"] or "127.0.0.1", "-p", str(primary["PORT"] or 5432), "-U", primary["USER"]]
        subprocess.run(["psql", *args, "-d", "postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)
        dump = subprocess.run(["pg_dump", *args, "-d", primary["NAME"]], check=True, capture_output=True)
        subprocess.run(["psql", *args, "-d", name, "-q"], input=dump.stdout, check=True, capture_output=True)
        cleanup = lambda: subprocess.run(["psql", *args, "-d", "postgres", "-qc",  # noqa: E731
                                          f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    connections.settings[REPLICA] = {**primary, "NAME": name, "TEST": {**primary.get("TEST", {}), "NAME": name}}
    connections[REPLICA].connect()  # opened here: the test case allows only the databases it was set up with
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
        cleanup()


def tables(queries):
    return {t for q in queries for t in ("ledgers_", "indicators_", "core_orgunit", "core_membership",
                                            "django_session") if t in q["sql"]}


def test_the_dashboard_reads_the_replica_and_a_save_and_its_page_the_primary(replica, login, org, demo_user):
    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerKind

    client = login("qinghe")
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        assert client.get(reverse("dashboard")).status_code == 200
    assert {"ledgers_", "indicators_"} <= tables(on_replica.captured_queries)
    assert "core_membership" not in tables(on_replica.captured_queries)  # scope is decided on the primary
    # the primary only keeps the figures computed from the replica (`indicators.figures.keep`: not if the replica
    # had not yet seen the last write that changed figures)
    read_on_primary = [q for q in on_primary.captured_queries if "indicators_figure" not in q["sql"]]
    assert not {"ledgers_", "indicators_"} & tables(read_on_primary)

    with CaptureQueriesContext(replica) as on_replica:
        entry = actions.create_entry(demo_user("qinghe"), LedgerKind.objects.get(code="safety_hazard"), org("泉湖村"),
                                     title="副本测试隐患", occurred_on=dt.date(2023, 5, 6),
                                     data={"place": "加油站", "severity": "一般隐患", "source": "自查"})
        page = client.get(reverse("ledger_entry_detail", args=[entry.pk]))
        assert page.status_code == 200 and "副本测试隐患" in page.content.decode()
    assert on_replica.captured_queries == []
    # the replica is another database: it has not (yet) got the new entry
    assert not LedgerEntry.objects.using(REPLICA).filter(pk=entry.pk).exists()
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_reads_inside_a_transaction_and_memberships_stay_on_the_primary(replica):
    assert router.db_for_read(LedgerEntry) == "default"  # outside a lag-tolerant view
    with reading_replica():
        assert router.db_for_read(LedgerEntry) == REPLICA
        assert router.db_for_read(Membership) == "default"
        with transaction.atomic():
            assert router.db_for_read(LedgerEntry) == "default"
        assert router.db_for_write(LedgerEntry) == "default"
