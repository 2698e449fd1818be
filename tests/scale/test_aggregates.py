"""The pre-computed ledger aggregates always equal the raw counts: after random creates, edits, transitions,
deletes and an import, the aggregate rows equal a rebuild from the entries, and every kind's statistics read
from them equal the statistics computed from the entries."""

import datetime as dt
import random

import pytest



def _table():
    from zhenwu.scale.models import LedgerCount, LedgerSum

    counts = {r[:-1]: r[-1] for r in LedgerCount.objects.values_list(
        "org_code", "kind_id", "item", "status", "month", "n") if r[-1]}
    sums = {r[:-1]: r[-1] for r in LedgerSum.objects.values_list(
        "org_code", "kind_id", "item", "status", "month", "field", "total") if r[-1]}
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
        for key in ("aid_type", "dispute_type", "source", "origin"):  # conditioned figures met or not
            if key in payload or (key == "origin" and code == "dispute" and rng.random() < 0.7):
                payload[key] = rng.choice(kinds[code].field(key)["options"])
        made.append(actions.create_entry(user, kinds[code], rng.choice(villages), title=f"随机 {i}",
                                         occurred_on=dt.date(2023, rng.randint(1, 12), rng.randint(1, 28)),
                                         data=payload))
    for entry in rng.sample(made, 25):  # move along the workflow, sometimes twice
        for _ in range(rng.randint(1, 2)):
            entry = LedgerEntry.objects.get(pk=entry.pk)
            steps = [t for t in actions.allowed_transitions(user, entry)]
            if steps:
                actions.transition(user, entry, rng.choice(steps)["to"], "随机流转", entry.version)
    for entry in rng.sample(made, 10):  # edits: another village, another month, other amounts and sources
        entry = LedgerEntry.objects.get(pk=entry.pk)
        changed = dict(entry.data)
        if "amount" in changed:
            changed["amount"] = str(rng.randint(1, 9000))
        if "source" in changed:
            changed["source"] = rng.choice(kinds["safety_hazard"].field("source")["options"])
        actions.update_entry(user, entry, entry.version, org=rng.choice(villages), title=entry.title,
                             occurred_on=dt.date(2023, rng.randint(1, 12), 5), responsible="李明",
                             deadline=None, data=changed)
    for entry in rng.sample(made, 8):
        actions.delete_entry(user, LedgerEntry.objects.get(pk=entry.pk))

    kept = _table()
    items = {key[2] for key in kept[0]}
    assert {"supervised", "screened", "dibao"} <= items, items  # conditioned figures have rows of their own
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


@pytest.mark.django_db
def test_a_changed_report_is_counted_again(org, demo_user):
    """An administrator adds a conditioned figure and changes a condition: the kind's aggregates are rebuilt in
    the same save, and its statistics still equal the entries'."""
    from zhenwu.core.models import OrgUnit
    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerKind

    kind = LedgerKind.objects.get(code="safety_hazard")
    report = dict(kind.report)
    report["counts"] = [*report["counts"], {"key": "self_found", "label": "自查隐患", "unit": "处",
                                            "where": {"field": "source", "in": ["自查"]}}]
    report["counts"] = [dict(c, where={"field": "source", "in": ["县级督办单"]}) if c["key"] == "supervised" else c
                        for c in report["counts"]]
    actions.save_kind(demo_user("admin"), kind, {**kind.definition(), "report": report})
    for unit in (org("清河镇"), OrgUnit.objects.get(parent__isnull=True)):
        _assert_stats_equal(unit, ["2023", "2023H1"])
    county = OrgUnit.objects.get(parent__isnull=True)
    assert _figures(county)["self_found"] > 0
    kept = _table()
    from zhenwu.scale.actions import rebuild_aggregates

    rebuild_aggregates()
    assert _table() == kept


def _figures(unit) -> dict:
    from zhenwu.ledgers.stats import stats

    return {k: f.value for k, f in stats("safety_hazard", unit, "2023").figures.items()}
