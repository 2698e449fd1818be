"""The pre-computed ledger aggregates always equal the raw counts: after random creates, edits, transitions,
deletes and an import, the aggregate rows equal a rebuild from the entries, and every kind's statistics read
from them equal the statistics computed from the entries."""

import datetime as dt
import random

import pytest



def _table():
    from zhenwu.scale.models import LedgerCount, LedgerSum

    counts = {(r[0], r[1], r[2], r[3]): r[4] for r in LedgerCount.objects.values_list(
        "org_code", "kind_id", "status", "month", "n") if r[4]}
    sums = {(r[0], r[1], r[2], r[3], r[4]): r[5] for r in LedgerSum.objects.values_list(
        "org_code", "kind_id", "status", "month", "field", "total") if r[5]}
    return counts, sums


def _assert_stats_equal(org, periods):
    from zhenwu.ledgers.models import LedgerKind
    from zhenwu.ledgers.stats import stats_many

    kinds = list(LedgerKind.objects.all())
    for period in periods:
        fast = stats_many(kinds, org, period)
        raw = stats_many(kinds, org, period, raw=True)
        for code in raw:
            assert fast[code].as_dict() == raw[code].as_dict(), (org.name, period, code)


@pytest.mark.django_db
def test_aggregates_equal_raw_counts_after_random_writes(org, demo_user):
    from zhenwu.core.models import Level, OrgUnit
    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerEntry, LedgerKind
    from zhenwu.scale.actions import rebuild_aggregates

    rng = random.Random(2024)
    town, user = org("清河镇"), demo_user("qinghe")
    villages = list(OrgUnit.objects.within(town).filter(level=Level.VILLAGE))
    data = {"safety_hazard": {"place": "加油站", "severity": "一般隐患", "source": "自查"},
            "dispute": {"dispute_type": "邻里纠纷", "amount": "1200.50", "people": 3},
            "social_assistance": {"aid_type": "低保", "head": "王建国", "members": 3, "amount": "860"}}
    kinds = {k.code: k for k in LedgerKind.objects.filter(code__in=data)}
    made = []
    for i in range(40):
        code = rng.choice(list(kinds))
        payload = dict(data[code])
        if "aid_type" in payload:
            payload["aid_type"] = rng.choice(kinds[code].field("aid_type")["options"])
        if "dispute_type" in payload:
            payload["dispute_type"] = rng.choice(kinds[code].field("dispute_type")["options"])
        made.append(actions.create_entry(user, kinds[code], rng.choice(villages), title=f"随机 {i}",
                                         occurred_on=dt.date(2023, rng.randint(1, 12), rng.randint(1, 28)),
                                         data=payload))
    for entry in rng.sample(made, 25):  # move along the workflow, sometimes twice
        for _ in range(rng.randint(1, 2)):
            entry = LedgerEntry.objects.get(pk=entry.pk)
            steps = [t for t in actions.allowed_transitions(user, entry)]
            if steps:
                actions.transition(user, entry, rng.choice(steps)["to"], "随机流转", entry.version)
    for entry in rng.sample(made, 10):  # edits: another village, another month, other amounts
        entry = LedgerEntry.objects.get(pk=entry.pk)
        changed = dict(entry.data)
        if "amount" in changed:
            changed["amount"] = str(rng.randint(1, 9000))
        actions.update_entry(user, entry, entry.version, org=rng.choice(villages), title=entry.title,
                             occurred_on=dt.date(2023, rng.randint(1, 12), 5), responsible="李明",
                             deadline=None, data=changed)
    for entry in rng.sample(made, 8):
        actions.delete_entry(user, LedgerEntry.objects.get(pk=entry.pk))

    kept = _table()
    assert rebuild_aggregates()[0] > 0
    assert _table() == kept  # kept current write by write == recomputed from the entries
    _assert_stats_equal(town, ["2023", "2023H2", "2023-05", "2024"])
    _assert_stats_equal(OrgUnit.objects.get(parent__isnull=True), ["2023", "2023Q4"])
    _assert_stats_equal(villages[0], ["2023"])


@pytest.mark.django_db
def test_demo_statistics_match_the_entries(org):
    """The demo's figures (which its reports state) come out the same from the aggregates."""
    from zhenwu.core.models import OrgUnit

    for unit in (org("清河镇"), org("石岭镇"), org("城关街道"), OrgUnit.objects.get(parent__isnull=True)):
        _assert_stats_equal(unit, ["2023", "2023H1", "2022"])


@pytest.mark.django_db
def test_a_failed_write_leaves_the_aggregates_alone(org, demo_user):
    from django.core.exceptions import ValidationError

    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerKind

    before = _table()
    with pytest.raises(ValidationError):
        actions.create_entry(demo_user("qinghe"), LedgerKind.objects.get(code="safety_hazard"), org("泉湖村"),
                             title="缺少必填项", occurred_on=dt.date(2023, 5, 6), data={})
    assert _table() == before


@pytest.mark.django_db
def test_rebuild_command(capsys):
    from zhenwu.cli import main

    before = _table()
    assert main(["rebuild-aggregates"]) == 0
    assert "已重算台账汇总" in capsys.readouterr().out
    assert _table() == before
