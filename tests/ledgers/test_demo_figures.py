"""The demo ledgers' statistics equal the figures the 2023 reports state (seeds 000, 001, 004)."""

from decimal import Decimal

import pytest

from zhenwu.core.periods import Period
from zhenwu.ledgers.models import LedgerEntry
from zhenwu.ledgers.stats import stats

pytestmark = pytest.mark.django_db

D = Decimal
# (town, kind, period, {figure key: value as the report states it})
FIGURES = [
    ("清河镇", "safety_hazard", "2023", {"found": 62, "rectified": 62, "rectify_rate": D("100.00")}),  # 发现问题62处并已彻底整改
    ("清河镇", "dispute", "2023", {"screened": 65, "mediated": 107}),  # 排查矛盾纠纷65次，调解矛盾纠纷107件
    ("清河镇", "discipline", "2023",
     {"filed": 11, "concluded": 10, "punished": 10, "talks": 5, "criticized": 8}),  # 立案11起 结案10起 处分10人 约谈5人 批评教育8人
    ("清河镇", "party_activity", "2023",
     {"study": 13, "committee": 20, "cadre_study": 11, "member_meeting": 10}),  # 中心组学习13次、党委会20次…
    ("清河镇", "river_patrol", "2023", {"patrols": 539, "cleaned_km": D("18.00")}),  # 巡河共539次，清理河道约18公里
    ("清河镇", "forest_patrol", "2023", {"problems": 132, "solved": 132}),  # 发现并解决问题132个
    ("清河镇", "poverty_monitor", "2023", {"new_households": 2, "new_people": 7}),  # 新增监测户2户7人
    ("清河镇", "social_assistance", "2023", {"new_wubao_people": 2, "new_dibao": 40}),  # 新增五保户2人，低保户40户
    ("石岭镇", "dispute", "2023", {"mediated": 464}),  # 累积调解矛盾纠纷464件
    ("石岭镇", "poverty_monitor", "2023",
     {"households": 125, "people": 564, "open_households": 28, "open_people": 116, "eliminate_rate": D("79.43"),
      "new_households": 3, "new_people": 18}),  # 监测户125户564人，风险未消除28户116人，风险消除率79.43％，新识别3户18人
    ("石岭镇", "party_activity", "2023", {"study": 23, "theme_day": 9, "lecture": 39}),
    ("石岭镇", "conscription", "2023", {"registered": 29, "examined": 27, "enlisted": 1}),  # 报名29人，上站体检27人，输送新兵1人
    ("石岭镇", "emergency_drill", "2023", {"drills": 13}),
    ("石岭镇", "farmland_outflow", "2023",
     {"basic_patches": 71, "basic_area": D("63.67"), "general_patches": 32, "general_area": D("28.20"),
      "local_fixed": 15, "local_area": D("8.43"), "remote_fixed": 65, "remote_area": D("89.78"),
      "fixed_area": D("98.21")}),
    ("石岭镇", "grid_event", "2023", {"reported": 2120}),  # “天水综治”App录入事件2120件
    ("城关街道", "hotline_12345", "2023", {"handled": 1978, "satisfaction_rate": D("83.1")}),  # 1-9月办理12345工单1978件、满意率83.1%
    ("城关街道", "petition", "2023", {"received": 24, "concluded": 24, "satisfaction_rate": D("95.0")}),
    ("城关街道", "dispute", "2023", {"screened": 354, "resolve_rate": D("100.00")}),  # 矛盾纠纷排查354起、化解率100%
    ("城关街道", "conscription", "2023", {"enlisted": 16, "enlisted_college": 13, "enlisted_graduates": 12}),
    ("城关街道", "grid_event", "2023", {"solved": 434, "households": 12763}),  # 入户12763户，解决问题434条
    ("城关街道", "safety_hazard", "2023", {"found": 24, "rectified": 15}),  # 自建房24户，已修缮加固15户
]


@pytest.mark.parametrize("town,kind,period,expected", FIGURES, ids=[f"{t}-{k}" for t, k, _, _ in FIGURES])
def test_demo_reproduces_report(org, town, kind, period, expected):
    result = stats(kind, org(town), period, as_of=Period.parse(period).end)  # as the report reads them
    assert {key: result.value(key) for key in expected} == expected


def test_demo_is_spread_over_villages_and_months(org):
    qs = LedgerEntry.objects.within(org("石岭镇")).filter(kind__code="dispute", occurred_on__year=2023)
    assert qs.values("org").distinct().count() >= 10
    assert qs.dates("occurred_on", "month").count() == 12


def test_demo_load_is_idempotent():
    from zhenwu.core.models import AuditLog
    from zhenwu.demo import load_demo

    before = (LedgerEntry.objects.count(), AuditLog.objects.count())
    load_demo()
    assert (LedgerEntry.objects.count(), AuditLog.objects.count()) == before
