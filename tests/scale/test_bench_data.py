"""`zhenwu bench-data`: a realistic generated county, refused on a non-empty database unless appending, and all
or nothing."""

import os
import subprocess
from datetime import date
import sys
from pathlib import Path

import pytest

ZHENWU = str(Path(sys.executable).with_name("zhenwu"))


def _counts():
    from zhenwu.core.models import AuditLog, OrgUnit
    from zhenwu.indicators.models import DataValue
    from zhenwu.ledgers.models import LedgerEntry, Transition
    from zhenwu.plans.models import Project, Task

    return {m.__name__: m.objects.count() for m in (OrgUnit, LedgerEntry, Transition, DataValue, Project, Task, AuditLog)}


@pytest.mark.django_db
def test_generates_a_realistic_county():
    from django.db.models import Max, Min

    from zhenwu.core.models import AuditLog, OrgUnit
    from zhenwu.ledgers.models import LedgerEntry, LedgerKind, Transition
    from zhenwu.ledgers.stats import stats_many
    from zhenwu.scale.benchdata import COUNTY_CODE, generate

    before = _counts()
    summary = generate(2, 3, 3, 3000, append=True)
    after = _counts()
    assert (summary.towns, summary.villages, summary.entries) == (2, 6, 3000)
    assert after["LedgerEntry"] - before["LedgerEntry"] == 3000
    assert after["Transition"] - before["Transition"] == summary.transitions >= 3000
    assert after["DataValue"] > before["DataValue"] and after["Project"] > before["Project"]
    assert after["Task"] > before["Task"]
    county = OrgUnit.objects.get(code=COUNTY_CODE)
    entries = LedgerEntry.objects.within(county)
    # every kind, several states, dates over the years, every entry's history ending in its state
    assert entries.values("kind").distinct().count() == LedgerKind.objects.filter(active=True).count()
    assert entries.values("status").distinct().count() > 10
    span = entries.aggregate(a=Min("occurred_on"), b=Max("occurred_on"))
    assert (span["b"] - span["a"]).days > 600
    assert entries.filter(closed=True).exists() and entries.filter(closed=False).exists()
    sample = entries.order_by("?")[:50]
    for e in sample:
        steps = list(Transition.objects.filter(entry=e).order_by("at", "id").values_list("from_state", "to_state"))
        assert steps[0][0] == "" and steps[-1][1] == e.status
        assert all(a[1] == b[0] for a, b in zip(steps, steps[1:]))
        e.full_clean()  # each generated record is valid like any other
    # audit rows, marked generated
    marked = AuditLog.objects.filter(org_code__startswith=COUNTY_CODE, changes__generated__1="bench-data")
    assert marked.count() >= 3000
    # the aggregates were built with them
    kinds = list(LedgerKind.objects.all())
    fast, raw = stats_many(kinds, county, "2025"), stats_many(kinds, county, "2025", raw=True)
    assert {k: v.as_dict() for k, v in fast.items()} == {k: v.as_dict() for k, v in raw.items()}


@pytest.mark.django_db
def test_refuses_a_non_empty_database_and_a_failed_run_leaves_nothing(monkeypatch):
    from zhenwu.scale import benchdata

    before = _counts()
    with pytest.raises(benchdata.GenerationError, match="数据库不是空的.*--append"):
        benchdata.generate(1, 1, 1, 10)

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(benchdata, "_plans", broken)
    with pytest.raises(RuntimeError):
        benchdata.generate(2, 2, 2, 500, append=True)
    assert _counts() == before
    with pytest.raises(benchdata.GenerationError, match="乡镇数"):
        benchdata.generate(0, 2, 2, 10, append=True)


def test_cli_on_an_empty_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWU_", "DJANGO_"))}
    env["ZHENWU_DATA_DIR"] = str(tmp_path)
    args = [ZHENWU, "bench-data", "--towns", "2", "--villages", "2", "--years", "2", "--entries", "800"]
    first = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "台账记录 800 条" in first.stdout
    again = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 2 and "Traceback" not in again.stderr
    assert again.stderr.strip().splitlines() == [again.stderr.strip()] and "--append" in again.stderr
    more = subprocess.run([*args, "--append"], env=env, capture_output=True, text=True, timeout=300)
    assert more.returncode == 0, more.stderr
    # the generated county has its report outlines: a town's annual report is written from its records
    report = subprocess.run([ZHENWU, "report", "--org", "980100101", "--period", str(date.today().year - 1), "--out",
                             str(tmp_path / "r.docx")], env=env, capture_output=True, text=True, timeout=300)
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "r.docx").stat().st_size > 10_000


@pytest.mark.django_db
def test_loaded_rows_read_back_equal():
    """Rows written by `load_rows` (COPY on PostgreSQL) come back as they were: awkward text, a literal \\N,
    NULL, JSON with quotes, backslashes and control characters, aware times; reserved ids are not handed out
    again."""
    import datetime as dt
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from zhenwu.core.models import AuditLog, OrgUnit
    from zhenwu.scale import actions

    ct = ContentType.objects.get_for_model(OrgUnit).pk
    at = timezone.now().replace(microsecond=123456)
    changes = json.dumps({"note": ['说"明"', "a\\b\tc\nd\re"], "n": None}, ensure_ascii=False)
    texts = ["制表\t换行\n回车\r反斜杠\\", "\\N", "", "\\.", "末尾\\"]
    ids = actions.reserve_ids(AuditLog, len(texts))
    rows = [(pk, at + dt.timedelta(days=i), None, "系统", "create", ct, str(pk), text, "980100", changes)
            for i, (pk, text) in enumerate(zip(ids, texts))]
    assert actions.load_rows(AuditLog, ("id", *actions.AUDIT_COLUMNS), rows) == len(texts)
    back = {a.pk: a for a in AuditLog.objects.filter(pk__in=ids)}
    for pk, when, _, username, action, _, object_id, text, org_code, _ in rows:
        a = back[pk]
        assert (a.at, a.user_id, a.username, a.action, a.object_id, a.object_repr, a.org_code) == (
            when, None, username, action, object_id, text, org_code)
        assert a.changes == json.loads(changes)
    later = AuditLog.objects.create(at=at, username="x", action="create", content_type_id=ct, object_id="0",
                                    object_repr="x", org_code="980100", changes={})
    assert later.pk > max(ids)
