"""Ledger items with `by`: one sentence per group of records (activities, inspections, work quantities, 包保企业),
their figures the counts and sums of exactly those records."""

import datetime as dt

import pytest

from zhenwu.core.periods import Period
from zhenwu.ledgers import actions as ledger_actions
from zhenwu.ledgers.models import LedgerEntry, LedgerKind
from zhenwu.ledgers.stats import summarize, summarize_rows
from zhenwu.reports.builders import BuildContext, build_breakdown, build_facts

pytestmark = pytest.mark.django_db

ACT = ("开展{=activity_type}{figure:sessions}{=unit}[，参与{figure:participants}人次][，参与{figure:people}人]"
       "[，发放资料{figure:materials}份]")
WORK = "{=item}{figure:quantity}{=unit}[，涉及{figure:households}户][，资金{figure:funds}]"
INSP = ("{=campaign}检查{=target_type}{figure:targets}{=target_unit}[，发现问题{figure:problems}条]"
        "[，已整改{figure:rectified}条][，整改率{figure:rectify_rate}]")


def add(org, kind, title, day, **data):
    return ledger_actions.create_entry(None, LedgerKind.objects.get(code=kind), org, title=title,
                                       occurred_on=dt.date(2021, 3, day), data=data)


@pytest.fixture
def village(org):
    return org("泉湖村")


def ctx_of(org, period="2021"):
    return BuildContext(org, Period.parse(period))


def test_activities_say_sessions_people_and_materials_per_type(village):
    add(village, "activity", "禁毒宣传（一）", 2, area="平安建设", activity_type="禁毒宣传活动", unit="场次",
        sessions=3, participants=120, materials=200)
    add(village, "activity", "禁毒宣传（二）", 9, area="平安建设", activity_type="禁毒宣传活动", unit="场次",
        sessions=2, participants=80)
    add(village, "activity", "义诊", 5, area="民生服务", activity_type="义诊义剪活动", unit="次", sessions=4, people=90)
    result = build_breakdown(ctx_of(village), {"ledger": "activity", "by": ["activity_type", "unit"], "text": ACT})
    assert result.paragraphs == ["开展禁毒宣传活动5场次，参与200人次，发放资料200份；开展义诊义剪活动4次，参与90人。"]
    sessions = next(f for f in result.figures if f.metric == "figure:sessions")
    assert sessions.value == 5 and sessions.source["filter"] == {"activity_type": "禁毒宣传活动", "unit": "场次"}
    # a filter keeps one area's activities only
    result = build_facts(ctx_of(village), {"items": [
        {"ledger": "activity", "filter": {"area": "民生服务"}, "by": ["activity_type", "unit"], "text": ACT}]})
    assert result.paragraphs == ["开展义诊义剪活动4次，参与90人。"]


def test_group_figures_carry_their_own_records(village):
    from zhenwu.reports.builders import build_all

    add(village, "work_item", "泉湖村清理沟渠", 3, area="人居环境", item="清理沟渠", unit="公里", quantity="2.5")
    add(village, "work_item", "泉湖村整治乱堆乱放", 4, area="人居环境", item="整治乱堆乱放", unit="处", quantity=7,
        households=3, funds="12000")
    results = build_all(ctx_of(village), [("breakdown", {"ledger": "work_item", "by": ["item", "unit"], "text": WORK})])
    assert results[0].paragraphs == ["清理沟渠2.5公里；整治乱堆乱放7处，涉及3户，资金1.2万元。"]
    by_text = {f.text: f for f in results[0].figures}
    assert [r.split(" ", 1)[1] for r in by_text["2.5"].records] == ["泉湖村清理沟渠（已完成）"]
    assert [r.split(" ", 1)[1] for r in by_text["1.2万元"].records] == ["泉湖村整治乱堆乱放（已完成）"]


def test_inspections_say_targets_problems_and_the_rate(village):
    add(village, "inspection", "消防检查", 6, campaign="消防安全检查", target_type="学校", target_unit="所", targets=4,
        problems=10, rectified=8)
    add(village, "inspection", "消防检查", 7, campaign="消防安全检查", target_type="学校", target_unit="所", targets=2)
    result = build_breakdown(ctx_of(village), {"ledger": "inspection", "by": ["campaign", "target_type", "target_unit"],
                                               "text": INSP})
    assert result.paragraphs == ["消防安全检查检查学校6所，发现问题10条，已整改8条，整改率80%。"]


def test_enterprise_register_sums_employees_output_and_tax(village):
    add(village, "enterprise", "甲公司", 1, name="甲公司", employees=30, output="5000000", tax="120000")
    add(village, "enterprise", "乙公司", 2, name="乙公司", employees=12)
    result = build_facts(ctx_of(village), {"items": [
        {"ledger": "enterprise", "text": "包保经营主体{figure:enterprises}家，员工{figure:employees}人[，年产值{figure:output}]"},
        {"ledger": "enterprise", "by": "name", "text": "{=name}有员工{figure:employees}人[，年纳税{figure:tax}]"}]})
    assert result.paragraphs == ["包保经营主体2家，员工42人，年产值500万元，甲公司有员工30人，年纳税12万元，乙公司有员工12人。"]


def test_nothing_is_said_without_records(village, org):
    params = {"ledger": "activity", "by": ["activity_type", "unit"], "text": ACT}
    assert build_breakdown(ctx_of(village, "1999"), params).paragraphs == []
    assert build_breakdown(ctx_of(village), {**params, "ledger": "no_such_kind"}).paragraphs == []
    # a group whose figures are all zero or absent is silent, the others speak
    add(village, "activity", "空记录", 3, area="其他", activity_type="座谈会", unit="次")
    assert build_breakdown(ctx_of(village), params).paragraphs == []
    add(village, "activity", "座谈", 4, area="其他", activity_type="座谈会", unit="次", sessions=2)
    assert build_breakdown(ctx_of(village), params).paragraphs == ["开展座谈会2次。"]


def test_grouped_statistics_agree_with_the_database(org):
    """summarize_rows (groups split in Python) says what summarize (the database) says for the same entries."""
    town, period = org("清河镇"), Period.parse("2023")
    for code in ["safety_hazard", "social_assistance", "poverty_monitor", "farmland_outflow", "work_item", "activity"]:
        kind = LedgerKind.objects.get(code=code)
        from zhenwu.ledgers.stats import period_filter

        qs = LedgerEntry.objects.within(town).filter(kind=kind).filter(period_filter(kind, period))
        rows = list(qs.values("status", "closed", "deadline", "occurred_on", "data"))
        db, py = summarize(kind, qs, period), summarize_rows(kind, rows, period)
        assert (db.total, db.closed, db.overdue, db.by_state) == (py.total, py.closed, py.overdue, py.by_state)
        assert {k: f.value for k, f in db.figures.items()} == {k: f.value for k, f in py.figures.items()}, code


def test_the_new_kinds_are_valid_and_loaded():
    from zhenwu.ledgers.packs import read_pack
    from zhenwu.ledgers.schema import validate_definition

    kinds = {k["code"]: k for k in read_pack()}
    for code in ["activity", "inspection", "enterprise", "work_item"]:
        assert validate_definition(kinds[code]) == []
        assert LedgerKind.objects.filter(code=code).exists()
