"""Ledger entries and transitions partitioned by year (`zhenwu partition-ledgers`): on PostgreSQL the planner
scans one year's partition for a period, and the whole write path, the aggregates and the pages work on the
partitioned tables; on SQLite the command does nothing and says so. (On PostgreSQL the conversion runs inside the
test's transaction and is rolled back with it.)"""

import datetime as dt
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from zhenwu.ledgers import partition
from zhenwu.ledgers.models import LedgerEntry, Transition

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.database("postgresql")  # 按年分区只用于 PostgreSQL


def scanned(queryset, table):
    """The partitions of `table` that the plan of `queryset` reads."""
    return set(re.findall(rf"\b{table}_(?:y\d{{4}}|other)\b", queryset.explain()))


@pytest.mark.database("sqlite")
def test_on_sqlite_the_command_changes_nothing_and_says_so(capsys):
    from zhenwu.cli import main

    with pytest.raises(partition.PartitionError, match="SQLite"):
        partition.partition_ledgers()
    assert main(["partition-ledgers"]) == 0
    assert "SQLite 数据库无需按年分区" in capsys.readouterr().out
    assert LedgerEntry.objects.exists()


@postgresql
def test_a_period_filter_scans_one_year_and_a_second_run_changes_nothing(capsys):
    from zhenwu.cli import main

    entries, transitions = LedgerEntry.objects.count(), Transition.objects.count()
    assert main(["partition-ledgers"]) == 0
    out = capsys.readouterr().out
    assert "ledgers_ledgerentry：已转为按年分区表" in out and "ledgers_transition：已转为按年分区表" in out
    assert partition.is_partitioned(partition.ENTRY) and partition.is_partitioned(partition.TRANSITION)
    assert (LedgerEntry.objects.count(), Transition.objects.count()) == (entries, transitions)
    year = LedgerEntry.objects.order_by("-occurred_on").first().occurred_on.year
    assert f"ledgers_ledgerentry_y{year}" in partition.partitions(partition.ENTRY)

    period = LedgerEntry.objects.filter(occurred_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    assert scanned(period, "ledgers_ledgerentry") == {f"ledgers_ledgerentry_y{year}"}
    beijing = timezone.get_current_timezone()
    steps = Transition.objects.filter(at__gte=dt.datetime(year, 1, 1, tzinfo=beijing),
                                      at__lt=dt.datetime(year + 1, 1, 1, tzinfo=beijing))
    assert scanned(steps, "ledgers_transition") == {f"ledgers_transition_y{year}"}
    # without a period every year is read (and by id, each year's primary-key index answers)
    assert len(scanned(LedgerEntry.objects.all(), "ledgers_ledgerentry")) > 2
    entry = period.first()
    assert LedgerEntry.objects.get(pk=entry.pk) == entry

    assert main(["partition-ledgers"]) == 0
    assert "分区已是最新，未做改动" in capsys.readouterr().out


@postgresql
def test_the_write_path_aggregates_and_pages_work_on_partitioned_tables(org, demo_user, login):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("random_writes", Path(__file__).parents[1] / "scale" / "test_aggregates.py")
    random_writes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(random_writes)

    partition.partition_ledgers()
    # create, transition, edit (dates moving rows between years), delete; aggregates equal a rebuild
    random_writes.test_aggregates_equal_raw_counts_after_random_writes(org, demo_user)

    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerKind

    kind = LedgerKind.objects.get(code="safety_hazard")
    entry = actions.create_entry(demo_user("qinghe"), kind, org("泉湖村"), title="分区后登记",
                                 occurred_on=dt.date(2023, 3, 1),
                                 data={"place": "加油站", "severity": "一般隐患", "source": "自查"})
    entry = actions.update_entry(demo_user("qinghe"), entry, entry.version, org=entry.org, title=entry.title,
                                 occurred_on=dt.date(2024, 3, 1), responsible="", deadline=None, data=entry.data) \
        or LedgerEntry.objects.get(pk=entry.pk)
    assert LedgerEntry.objects.get(pk=entry.pk).occurred_on == dt.date(2024, 3, 1)  # moved to the 2024 partition
    client = login("qinghe")
    assert client.get(reverse("ledger_entry_detail", args=[entry.pk])).status_code == 200
    assert client.get(reverse("ledger_entry_list"), {"period": "2024"}).status_code == 200
    assert client.get(reverse("ledger_home")).status_code == 200

    # what the foreign key did, the triggers do: no transition without its entry, no entry deleted from under one
    with pytest.raises(IntegrityError, match="不存在"), transaction.atomic():
        Transition.objects.create(entry_id=10**12, to_state="x", by_name="测试")
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.cursor().execute("SET CONSTRAINTS ALL DEFERRED")
    with_steps = Transition.objects.values_list("entry_id", flat=True).first()
    with pytest.raises(IntegrityError, match="仍有流转记录"), transaction.atomic():
        connection.cursor().execute("DELETE FROM ledgers_ledgerentry WHERE id = %s", [with_steps])
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.cursor().execute("SET CONSTRAINTS ALL DEFERRED")
