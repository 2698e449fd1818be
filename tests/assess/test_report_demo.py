"""Report figures counted from the records ("对全镇12个村（社区）开展考核6次", "累计发放积分X分，兑换商品X件",
"创建县级示范村湾3个、乡镇级13个"), nothing said without data; campaigns; the demo is idempotent."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from zhenwu.assess import actions
from zhenwu.assess.models import (Campaign, CampaignLevel, Candidate, CandidateResult, PointRecord, PointState,
                                  Redemption, Round)
from zhenwu.assess.report import build_ranking
from zhenwu.core.models import AuditLog
from zhenwu.core.periods import Period
from zhenwu.core.reporting import BuildContext

pytestmark = pytest.mark.django_db


def test_the_annual_sentences_are_counted_from_the_records(org):
    town = org("清河镇")
    result = build_ranking(BuildContext(town, Period.parse("2023")), {})
    rounds = Round.objects.filter(org=town, held_on__year=2023).count()
    villages = town.children.filter(level__in=("village", "community")).count()
    given = PointRecord.objects.within(town).filter(state=PointState.APPROVED, points__gt=0,
                                                    occurred_on__year=2023).aggregate(s=Sum("points"))["s"]
    items = Redemption.objects.within(town).filter(redeemed_on__year=2023).aggregate(s=Sum("quantity"))["s"]
    named = Candidate.objects.within(town).filter(result=CandidateResult.AWARDED, campaign__name="示范村湾")
    county = named.filter(campaign__level=CampaignLevel.COUNTY).count()
    local = named.filter(campaign__level=CampaignLevel.TOWN).count()
    assert (villages, rounds) == (12, 6)
    assert result.paragraphs[:3] == [
        f"按照月末小检查、季末大评比考核要求，对全镇{villages}个村（社区）开展考核{rounds}次。",
        f"以“积分制”管理带动十户共治，累计发放积分{given}分，兑换商品{items}件。",
        f"创建县级示范村湾{county}个、乡镇级{local}个。",
    ]
    assert "列入红榜" in result.paragraphs[3]
    figure = next(f for f in result.figures if f.metric == "given")
    assert figure.value == Decimal(given) and "清河镇" in figure.computation


def test_nothing_is_said_without_data(org):
    # 石岭镇 has no points, rounds or campaigns; 清河镇 had none in 2021
    assert build_ranking(BuildContext(org("石岭镇"), Period.parse("2023")), {}).paragraphs == []
    assert build_ranking(BuildContext(org("清河镇"), Period.parse("2021")), {}).paragraphs == []


def test_a_campaign_names_candidates_reaching_the_pass_score(org, login):
    town = org("石岭镇")
    c = actions.save_campaign(None, Campaign(org=town, name="美丽庭院", level=CampaignLevel.TOWN, year=2024,
                                             criteria=[{"name": "整洁", "max": 50}, {"name": "绿化", "max": 50}],
                                             pass_score=Decimal(80)))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="“整洁”得分应在 0–50 之间"):
        actions.save_candidate(None, Candidate(campaign=c, org=org("石岭村"), scores={"整洁": 60, "绿化": 40}))
    with pytest.raises(ValidationError, match="不是本次评选的标准"):
        actions.save_candidate(None, Candidate(campaign=c, org=org("石岭村"), scores={"卫生": 10}))
    a = actions.save_candidate(None, Candidate(campaign=c, org=org("石岭村"), scores={"整洁": 45, "绿化": 40}))
    b = actions.save_candidate(None, Candidate(campaign=c, org=org("河湾村"), scores={"整洁": 30, "绿化": 40}))
    assert a.total == 85 and b.total == 70
    assert actions.close_campaign(None, c) == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.result, b.result) == (CandidateResult.AWARDED, CandidateResult.NOT_AWARDED)
    page = login("shiling").get(f"/assess/campaigns/{c.pk}/").content.decode()
    assert "已命名" in page and "未通过" in page


def test_the_demo_runs_again_without_changing_anything():
    from zhenwu.assess import demo

    before = AuditLog.objects.count(), PointRecord.objects.count(), Round.objects.count()
    demo.load()
    assert (AuditLog.objects.count(), PointRecord.objects.count(), Round.objects.count()) == before


def test_chengguan_party_members_and_the_county_round(org, login):
    from zhenwu.assess.models import PartyMember, Standing

    street = org("城关街道")
    members = PartyMember.objects.within(street)
    assert members.count() == 75 and members.filter(balance__gt=0).exists()
    page = login("chengguan").get("/assess/members/").content.decode()
    assert "党员积分" in page and "两新组织党员" in page or "在职党员" in page
    county_round = Round.objects.get(org=org("示例县"))
    boards = dict(Standing.objects.filter(round=county_round).values_list("org__name", "board"))
    assert set(boards) == {"清河镇", "石岭镇", "城关街道"} and sorted(boards.values()) == ["", "black", "red"]
    assert dt.date(2023, 12, 29) == county_round.held_on


def test_a_campaign_is_run_on_pages(login, org):
    client = login("shiling")
    resp = client.post("/assess/campaigns/new/", {"name": "文明家庭", "level": "town", "year": 2024, "pass_score": 60,
                                                  "criteria_text": "家风|50\n邻里|50"})
    assert resp.status_code == 302
    c = Campaign.objects.get(name="文明家庭")
    assert c.criteria == [{"name": "家风", "max": 50}, {"name": "邻里", "max": 50}]
    resp = client.post(f"/assess/campaigns/{c.pk}/candidates/new/", {"org": org("石岭村").pk, "c_家风": 70, "c_邻里": 10})
    assert resp.status_code == 200 and "“家风”得分应在 0–50 之间" in resp.content.decode()
    resp = client.post(f"/assess/campaigns/{c.pk}/candidates/new/", {"org": org("石岭村").pk, "c_家风": 40, "c_邻里": 30})
    assert resp.status_code == 302
    client.post(f"/assess/campaigns/{c.pk}/close/")
    assert c.candidates.get().result == CandidateResult.AWARDED
