"""Evaluations: scores per unit and item (in range, all or none), scores from records, ranking with a minimum of
scored items and trend arrows, the red/black list with supervised rectification tasks, appeals before the
deadline, the printable list and the GB/T 9704 通报."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from zhenwu.assess import actions, services
from zhenwu.assess.models import Board, Round, Scheme, SchemeItem, Score, Source, Standing
from zhenwu.core.models import AuditLog, OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def shiling(org, demo_user):
    """石岭镇 rates its 12 villages on three items, two on the spot and one from the hazard ledger."""
    town = org("石岭镇")
    scheme = actions.save_scheme(None, Scheme(org=town, name="测试月末小检查", min_items=2, red_n=2, black_n=2))
    items = [actions.save_item(None, SchemeItem(scheme=scheme, name=n, max_score=Decimal(m), source=s, order=i,
                                                ledger_kind="safety_hazard" if s != Source.MANUAL else ""))
             for i, (n, m, s) in enumerate([("环境整治", 40, Source.MANUAL), ("十户共治", 40, Source.MANUAL),
                                            ("隐患整改率", 20, Source.HAZARD_RATE)])]
    villages = list(scheme.rated_units())
    return town, scheme, items, villages


def _round(scheme, title, day):
    return actions.save_round(None, Round(scheme=scheme, title=title, held_on=day))


def _score_all(rnd, items, villages, base, user=None):
    for k, v in enumerate(villages):
        for item in items[:2]:
            actions.set_score(user, rnd, v, item, base(k, item))


def test_a_score_out_of_range_is_refused_in_chinese(shiling, demo_user):
    town, scheme, items, villages = shiling
    rnd = _round(scheme, "测试第一轮", dt.date(2024, 3, 30))
    before = (Score.objects.count(), AuditLog.objects.count())
    with pytest.raises(ValidationError, match="得分应在 0–40 之间（环境整治）"):
        actions.set_score(demo_user("shiling"), rnd, villages[0], items[0], "45")
    with pytest.raises(ValidationError, match="应为数字"):
        actions.set_score(demo_user("shiling"), rnd, villages[0], items[0], "好")
    with pytest.raises(ValidationError, match="不是本次考评的对象"):
        actions.set_score(None, rnd, OrgUnit.objects.get(name="泉湖村"), items[0], "30")
    assert (Score.objects.count(), AuditLog.objects.count()) == before


def test_the_score_grid_is_saved_all_or_none(shiling, login):
    town, scheme, items, villages = shiling
    rnd = _round(scheme, "测试第一轮", dt.date(2024, 3, 30))
    client = login("shiling")
    before = Score.objects.count()
    resp = client.post(f"/assess/rounds/{rnd.pk}/scores/", {
        f"s_{villages[0].pk}_{items[0].pk}": "35", f"s_{villages[1].pk}_{items[0].pk}": "-3"}, follow=True)
    assert "未保存" in resp.content.decode() and "得分应在 0–40 之间" in resp.content.decode()
    assert Score.objects.count() == before
    client.post(f"/assess/rounds/{rnd.pk}/scores/", {f"s_{villages[0].pk}_{items[0].pk}": "35"})
    assert Score.objects.get(round=rnd, org=villages[0]).score == Decimal(35)
    # a village may not score, a station of another town neither
    assert login("shiling-wg").post(f"/assess/rounds/{rnd.pk}/scores/", {}).status_code in (403, 404)


def test_minimum_items_ranking_and_trend_arrows(shiling):
    town, scheme, items, villages = shiling
    first = _round(scheme, "测试第一轮", dt.date(2024, 3, 30))
    _score_all(first, items, villages[:-1], lambda k, item: 30 - k)  # village k ranks k+1
    actions.set_score(None, first, villages[-1], items[0], 40)  # one lucky score only
    rows = services.ranking(first)
    lucky = next(r for r in rows if r.unit == villages[-1])
    assert lucky.rank is None and lucky.items == 1 and lucky.board == ""
    assert [r.unit for r in rows[:3]] == villages[:3]
    assert [r.board for r in rows[:2]] == [Board.RED, Board.RED]
    ranked = [r for r in rows if r.rank]
    assert [r.board for r in ranked[-2:]] == [Board.BLACK, Board.BLACK]
    second = _round(scheme, "测试第二轮", dt.date(2024, 4, 29))
    _score_all(second, items, villages[:-1], lambda k, item: 20 + k)  # the order turned round
    rows = {r.unit: r for r in services.ranking(second)}
    assert rows[villages[0]].trend == "↓" and rows[villages[-2]].trend == "↑"
    assert rows[villages[0]].trend_text == f"下降{len(villages) - 2}位"


def test_items_from_records_follow_the_ledgers(org):
    from zhenwu.ledgers.models import LedgerEntry

    scheme = actions.save_scheme(None, Scheme(org=org("清河镇"), name="测试取数方案"))
    items = [None, None, actions.save_item(None, SchemeItem(scheme=scheme, name="隐患整改率", max_score=Decimal(20),
                                                            source=Source.HAZARD_RATE, ledger_kind="safety_hazard"))]
    villages = list(scheme.rated_units())
    rnd = _round(scheme, "测试取数", dt.date(2023, 12, 30))
    n = actions.fill_from_records(None, rnd)
    hazard = items[2]
    scored = {s.org_id: s for s in Score.objects.filter(round=rnd, item=hazard)}
    assert n == len(scored) > 0
    for v in villages:
        entries = LedgerEntry.objects.within(v).filter(kind__code="safety_hazard", occurred_on__year=2023)
        total, closed = entries.count(), entries.filter(closed=True).count()
        if not total:
            assert v.pk not in scored  # nothing to judge by: no score, not a zero
            continue
        expected = (Decimal(20) * closed / total).quantize(Decimal("0.1"))
        assert scored[v.pk].score == expected and scored[v.pk].from_records
        assert f"{total}条" in scored[v.pk].evidence


def test_publish_black_list_task_appeal_and_documents(shiling, demo_user, login):
    from zhenwu.plans.models import Task, TaskStatus

    town, scheme, items, villages = shiling
    rnd = _round(scheme, "测试公布", dt.date(2024, 5, 30))
    _score_all(rnd, items, villages, lambda k, item: 38 - 2 * k)
    organiser = demo_user("shiling")
    standings = actions.publish(organiser, rnd, today=dt.date(2024, 6, 1))
    black = [s for s in standings if s.board == Board.BLACK]
    assert {s.org for s in black} == set(villages[-2:])
    for s in black:
        assert s.task.supervised and s.task.org == s.org and s.task.status == TaskStatus.OPEN
    assert Task.objects.filter(title__startswith="测试公布").count() == 2
    rnd.refresh_from_db()
    assert rnd.published and rnd.appeal_deadline == dt.date(2024, 6, 8)
    with pytest.raises(ValidationError, match="已公布"):
        actions.publish(organiser, rnd)
    with pytest.raises(ValidationError, match="不能再修改评分"):
        actions.set_score(organiser, rnd, villages[0], items[0], 10)
    # an appeal after the deadline
    with pytest.raises(ValidationError, match=r"申诉期限已过（截止 2024-06-08）"):
        actions.file_appeal(None, black[0], "理由", today=dt.date(2024, 6, 9))
    with pytest.raises(ValidationError, match="只有列入黑榜的单位"):
        actions.file_appeal(None, next(s for s in standings if s.board == Board.RED), "理由", today=dt.date(2024, 6, 2))
    appeal = actions.file_appeal(None, black[0], "检查当天正在清运", today=dt.date(2024, 6, 3))
    with pytest.raises(ValidationError, match="待处理的申诉"):
        actions.file_appeal(None, black[0], "再次申诉", today=dt.date(2024, 6, 4))
    actions.decide_appeal(organiser, appeal, True, "情况属实")
    black[0].refresh_from_db()
    black[0].task.refresh_from_db()
    assert black[0].board == "" and black[0].task.status == TaskStatus.DROPPED
    with pytest.raises(ValidationError, match="已处理"):
        actions.decide_appeal(organiser, appeal, False)
    # the printable list and the 通报
    client = login("shiling")
    page = client.get(f"/assess/rounds/{rnd.pk}/board/").content.decode()
    assert villages[0].name in page and villages[-1].name in page
    resp = client.get(f"/assess/rounds/{rnd.pk}/board/?format=docx")
    doc = Document(io.BytesIO(resp.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "关于测试公布考评结果的通报"
    assert f"{villages[0].name}（76分）" in text and "予以通报批评" in text and villages[-1].name in text
    assert villages[-2].name not in text.split("二、黑榜")[1].split("三、")[0]  # its appeal was accepted
    section = doc.sections[0]
    assert [round(x.mm) for x in (section.page_width, section.page_height, section.top_margin,
                                  section.bottom_margin, section.left_margin, section.right_margin)] == [
        210, 297, 37, 35, 28, 26]
    body = doc.paragraphs[2].runs[0]._r.rPr.rFonts  # the opening paragraph
    assert body.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    assert text.rstrip().endswith("2024年6月1日")


def test_rated_villages_see_published_rounds_only(shiling, login):
    town, scheme, items, villages = shiling
    rnd = _round(scheme, "测试可见", dt.date(2024, 5, 30))
    _score_all(rnd, items, villages, lambda k, item: 30)
    wg = login("shiling-wg")  # 石岭村第一网格
    assert wg.get(f"/assess/rounds/{rnd.pk}/").status_code == 404
    actions.publish(None, rnd)
    assert wg.get(f"/assess/rounds/{rnd.pk}/").status_code == 200
    assert login("qinghe-cun").get(f"/assess/rounds/{rnd.pk}/").status_code == 404  # another town's


def test_the_demo_rounds_and_the_county_view(login, org):
    rounds = Round.objects.filter(org=org("清河镇"))
    assert rounds.count() == 6 and all(r.published for r in rounds)
    assert Standing.objects.filter(round__in=rounds, board=Board.BLACK).exists()
    page = login("qinghe").get(f"/assess/rounds/{rounds.order_by('-held_on').first().pk}/").content.decode()
    assert "↑" in page or "↓" in page
    client = login("leader")
    resp = client.get("/assess/county/?period=2023")
    rows = {r.unit.name: r for r in resp.context["rows"]}
    assert set(rows) == {"清河镇", "石岭镇", "城关街道"}
    assert rows["城关街道"].score is None and "无数据" in resp.content.decode()  # it reports no economic figures
    assert sorted(r.board for r in rows.values()) == ["", "black", "red"]
    assert [r.rank for r in resp.context["rows"]] == [1, 2, None]
    assert "综合考评得分" in resp.content.decode()  # the county's evaluation of its three units


def test_the_economic_board_reads_the_indicator_services(org):
    from zhenwu.indicators import services as indicators

    county = org("示例县")
    rows = {r.unit.name: r for r in services.county_board(county, "2023", ["local_budget_revenue"])}
    expected = indicators.yoy("local_budget_revenue", org("清河镇"), "2023").growth
    assert rows["清河镇"].growth == expected and rows["清河镇"].rank == 1
    assert rows["清河镇"].completion == indicators.completion("local_budget_revenue", org("清河镇"), "2023").rate
    assert rows["石岭镇"].rank is None and rows["清河镇"].board == ""  # one town ranked: no lists


def test_a_scheme_and_its_rounds_are_made_on_pages(login, org):
    client = login("shiling")
    data = {"name": "测试季末大评比", "period_type": "quarter", "min_items": 2, "red_n": 3, "black_n": 2,
            "items": "人居环境|40|每处问题扣2分\n隐患整改|三十|整改率×30|隐患整改率"}
    resp = client.post("/assess/schemes/new/", data)
    assert resp.status_code == 200 and "第 2 项：分值应为数字" in resp.content.decode()
    assert not Scheme.objects.filter(name="测试季末大评比").exists()
    resp = client.post("/assess/schemes/new/", {**data, "items": "人居环境|40|每处问题扣2分\n隐患整改|30||隐患整改率"})
    assert resp.status_code == 302
    scheme = Scheme.objects.get(name="测试季末大评比")
    assert [(i.name, i.max_score, i.source) for i in scheme.items.all()] == [
        ("人居环境", 40, Source.MANUAL), ("隐患整改", 30, Source.HAZARD_RATE)]
    resp = client.post(f"/assess/schemes/{scheme.pk}/rounds/new/", {"title": "2024年第一季度大评比",
                                                                   "held_on": "2024-03-29"})
    assert resp.status_code == 302 and scheme.rounds.get().org == org("石岭镇")
    # a village cannot make a scheme
    assert login("shiling-wg").get("/assess/schemes/new/").status_code == 403
