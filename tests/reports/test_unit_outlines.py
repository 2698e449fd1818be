"""Outlines per kind of unit: a 乡镇, a 街道, the 县财政局 and the 县供销社 each get their own outline; a unit type
without one, or an outline written for another type, is refused in Chinese and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from zhenwu.core.models import Level, OrgUnit
from zhenwu.core.roles import Role, roles_on
from zhenwu.core.scope import CHANGE, user_can
from zhenwu.reports import actions, services
from zhenwu.reports.models import Outline, Report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("unit,code", [
    ("清河镇", "township-annual"), ("城关街道", "street-annual"), ("县财政局", "finance-annual"),
    ("县供销社", "supply-annual"), ("县应急管理局", "department-annual"),
])
def test_the_annual_outline_follows_the_unit_type(org, unit, code):
    assert services.outline_for("annual", org(unit)).code == code


def test_every_unit_may_write_a_party_report(org):
    for unit in ("清河镇", "城关街道", "县财政局"):
        assert services.outline_for("party", org(unit)).code == "party-annual"


def test_department_reports_state_their_own_figures(org):
    finance, _ = actions.get_or_create_report(None, org("县财政局"), services.outline_for("annual", org("县财政局")),
                                              "2023")
    text = "\n".join(s.text for s in finance.sections.all())
    assert "完成地方一般公共预算收入5.12亿元，同比增长8.5%" in text
    assert "一般公共预算支出23.60亿元，同比下降8.2%" in text
    assert "落实组合式税费政策的小型微利企业327户" in text
    coop, _ = actions.get_or_create_report(None, org("县供销社"), services.outline_for("annual", org("县供销社")), "2023")
    text = "\n".join(s.text for s in coop.sections.all())
    assert "实现再生资源销售额147.6万元" in text
    assert "开展农资质量安全检查11次" in text and "全系统共销售化肥143412吨，农药618.7吨" in text
    assert "组织系统企业开展应急消防演练活动2次" in text and "机关编制11名，实际在岗人员9名" in text
    assert "党委理论学习中心组" not in text  # not the township's outline


def test_a_unit_type_without_an_outline_is_refused(org):
    Outline.objects.filter(audience="department", kind="annual").update(audience="finance", code="tmp-finance-2")
    with pytest.raises(ValidationError) as e:
        services.outline_for("annual", org("县应急管理局"))
    assert "县应急管理局（县直部门）还没有“年度”报告提纲" in e.value.messages[0]


def test_an_outline_for_another_unit_type_is_refused(org):
    before = Report.objects.count()
    with pytest.raises(ValidationError) as e:
        actions.get_or_create_report(None, org("县财政局"), services.outline_for("annual", org("清河镇")), "2023")
    assert "不适用于县财政局（县直部门）" in e.value.messages[0]
    with pytest.raises(ValidationError):
        actions.get_or_create_report(None, org("清河镇"), Outline.objects.get(code="supply-annual"), "2023")
    assert Report.objects.count() == before


def test_demo_departments_have_their_type(org):
    assert org("县财政局").level == Level.DEPARTMENT and org("县财政局").unit_type == "finance"
    assert org("县供销社").unit_type == "supply_coop"


def test_department_role_reaches_its_own_department_only(demo_user, org):
    user = demo_user("caizheng")
    assert Role.DEPARTMENT in roles_on(user, org("县财政局"))
    assert user_can(user, CHANGE, org("县财政局"))
    assert not user_can(user, CHANGE, org("县供销社"))
    assert not user_can(user, CHANGE, org("清河镇"))
    assert set(OrgUnit.objects.visible_to(user).values_list("name", flat=True)) == {"县财政局"}


def test_every_indicator_and_ledger_kind_reaches_a_built_in_outline():
    """Everything recorded can be reported: each catalogue indicator and each ledger kind of the packs is named by
    some item of a built-in outline."""
    import json

    from zhenwu.indicators.packs import DEFAULT_PACK, read_pack as read_indicators
    from zhenwu.ledgers.packs import read_pack as read_kinds
    from zhenwu.reports.packs import PACK_DIR

    text = (PACK_DIR / "township.json").read_text(encoding="utf-8")
    named = set()

    def walk(node):
        if isinstance(node, dict):
            for key in ("indicator", "ledger"):
                if isinstance(node.get(key), str):
                    named.add(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(text))
    indicators = {i["code"] for i in read_indicators(DEFAULT_PACK)["indicators"]}
    kinds = {k["code"] for k in read_kinds()}
    assert indicators - named == set()
    assert kinds - named == set()


@pytest.mark.parametrize("unit,kind,period", [
    ("城关街道", "party", "2023"), ("石岭镇", "progress", "2024-01..06"), ("清河镇", "progress", "2023-01..05"),
    ("城关街道", "half", "2023H1"), ("县供销社", "annual", "2023"), ("县财政局", "annual", "2023"),
])
def test_every_kind_of_report_proofreads_clean(org, unit, kind, period):
    from zhenwu.textkit import proofread

    report, _ = actions.get_or_create_report(None, org(unit), services.outline_for(kind, org(unit)), period)
    text = "\n".join(s.text for s in report.sections.all())
    assert text.strip() and proofread(text) == []
    if kind == "party":  # the party outline says each activity once
        assert text.count("开展小微邻里活动1172场次") == 1
