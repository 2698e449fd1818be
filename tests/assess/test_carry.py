"""Evaluation results carried into the plans app's year-end assessment (年终考核): the preview, the rule (the mean
of the ranked rounds' totals as a percentage of full marks), refusal while a round is unpublished, all or
nothing, a second run that writes nothing, and who may see and do it."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError

from zhenwu.assess import actions, services
from zhenwu.assess.models import Round, Scheme, SchemeItem, Standing, YearScore
from zhenwu.core.models import AuditLog
from zhenwu.plans.models import Task

pytestmark = pytest.mark.django_db


def _expected(scheme, year) -> dict:
    """The rule computed from the published standings, independently of the service."""
    full = sum(i.max_score for i in scheme.items.all())
    per_unit: dict[str, list] = {}
    for s in Standing.objects.filter(round__scheme=scheme, round__held_on__year=year, rank__isnull=False):
        per_unit.setdefault(s.org.name, []).append(Decimal(s.total) * 100 / full)
    return {name: (sum(v) / len(v)).quantize(Decimal("0.1"), ROUND_HALF_UP) for name, v in per_unit.items()}


def test_the_demo_carries_qinghes_quarterly_results_into_the_year_end_scores(login, org):
    scheme = Scheme.objects.get(org=org("清河镇"), name="村（社区）季末大评比")
    expected = _expected(scheme, 2023)
    assert len(expected) == 12
    carried = {y.org.name: y for y in YearScore.objects.filter(scheme=scheme, year=2023).select_related("org", "task")}
    assert {name: y.score for name, y in carried.items()} == expected
    assert all(y.task.score == y.score and y.task.org == y.org and y.task.year == 2023 for y in carried.values())
    # the plans app's 年终考核 page ranks the villages by them (their other 2023 tasks carry no score)
    rows = {r["name"]: r for r in login("qinghe").get("/plans/scores/?year=2023").context["table"].data.data}
    for name, score in expected.items():
        assert rows[name]["score"] == score
    # the county's yearly evaluation of its towns, one round: the town's total as a percentage of 100
    county_scheme = Scheme.objects.get(org=org("示例县"))
    for y in YearScore.objects.filter(scheme=county_scheme, year=2023):
        standing = Standing.objects.get(round__scheme=county_scheme, org=y.org)
        assert y.rounds == 1 and y.score == Decimal(standing.total).quantize(Decimal("0.1"))


@pytest.fixture
def shiling(org):
    """石岭镇's test scheme (two items, 30 + 50: full marks 80, not 100, on purpose) with two rounds of 2024; the
    first round leaves one village with a single item (not ranked)."""
    town = org("石岭镇")
    scheme = actions.save_scheme(None, Scheme(org=town, name="测试季度考评", period_type="quarter", min_items=2,
                                              red_n=1, black_n=1))
    items = [actions.save_item(None, SchemeItem(scheme=scheme, name=n, max_score=Decimal(m), order=i))
             for i, (n, m) in enumerate([("人居环境", 30), ("十户共治", 50)])]
    villages = list(scheme.rated_units())
    rounds = []
    for k, day in enumerate([dt.date(2024, 3, 29), dt.date(2024, 6, 28)]):
        rnd = actions.save_round(None, Round(scheme=scheme, title=f"测试第{k + 1}季度", held_on=day))
        for n, v in enumerate(villages):
            actions.set_score(None, rnd, v, items[0], 20 + n % 10)
            if not (k == 0 and n == 0):
                actions.set_score(None, rnd, v, items[1], 30 + n + k * 5)
        rounds.append(rnd)
    return town, scheme, villages, rounds


def _state():
    """Tasks, carried results and changes logged (signing in is logged too, and is not a change)."""
    return Task.objects.count(), YearScore.objects.count(), AuditLog.objects.exclude(action=AuditLog.LOGIN).count()


def test_an_unpublished_round_refuses_the_carry_and_saves_nothing(shiling, login):
    town, scheme, villages, rounds = shiling
    actions.publish(None, rounds[0], today=dt.date(2024, 4, 2))
    client = login("shiling")
    page = client.get(f"/assess/schemes/{scheme.pk}/carry/?year=2024")
    assert "尚有 1 轮考评未公布红黑榜（测试第2季度）" in page.content.decode()
    assert b"carry-submit" not in page.content
    before = _state()
    resp = client.post(f"/assess/schemes/{scheme.pk}/carry/", {"year": "2024"}, follow=True)
    assert "未计入：2024年尚有 1 轮考评未公布红黑榜" in resp.content.decode()
    with pytest.raises(ValidationError, match="没有“测试季度考评”的考评轮次"):
        actions.carry_year(None, scheme, 2023)
    assert _state() == before


def test_preview_carry_and_a_second_run_that_writes_nothing(shiling, login):
    town, scheme, villages, rounds = shiling
    for rnd in rounds:
        actions.publish(None, rnd, today=rnd.held_on + dt.timedelta(days=2))
    expected = _expected(scheme, 2024)
    client = login("shiling")
    page = client.get(f"/assess/schemes/{scheme.pk}/carry/?year=2024")
    rows = {r.unit.name: r for r in page.context["carry"].rows}
    assert {n: r.score for n, r in rows.items()} == expected
    assert rows[villages[0].name].rounds == 1 and rows[villages[1].name].rounds == 2  # unranked in round 1
    assert {r.change for r in rows.values()} == {"新增"} and b"carry-submit" in page.content
    before = _state()
    resp = client.post(f"/assess/schemes/{scheme.pk}/carry/", {"year": "2024"}, follow=True)
    assert f"已将 {len(villages)} 个单位的2024年考评结果计入年终考核" in resp.content.decode()
    tasks = {t.org.name: t for t in Task.objects.filter(title="测试季度考评（2024年度考评结果）")}
    assert {n: t.score for n, t in tasks.items()} == expected
    # a task and a result per unit, each with its audit row
    after = _state()
    assert after == (before[0] + len(villages), before[1] + len(villages), before[2] + 2 * len(villages))
    # run again: nothing written
    resp = client.post(f"/assess/schemes/{scheme.pk}/carry/", {"year": "2024"}, follow=True)
    assert "本次无变化" in resp.content.decode() and _state() == after
    assert b"carry-done" in resp.content
    # a score changed by hand on the task is shown as to be updated, and the carry restores it on that unit only
    from zhenwu.plans import actions as plan_actions

    task = tasks[villages[3].name]
    plan_actions.set_score(None, task, Decimal("99.0"))
    rows = {r.unit.name: r for r in services.year_carry(scheme, 2024).rows}
    assert rows[villages[3].name].change == "更新" and rows[villages[3].name].previous == Decimal("99.0")
    assert sum(r.change == "不变" for r in rows.values()) == len(villages) - 1
    assert len(actions.carry_year(None, scheme, 2024)) == 1
    task.refresh_from_db()
    assert task.score == expected[villages[3].name]


def test_a_failure_on_one_unit_saves_no_unit(shiling, monkeypatch):
    from zhenwu.plans import actions as plan_actions

    town, scheme, villages, rounds = shiling
    for rnd in rounds:
        actions.publish(None, rnd, today=rnd.held_on + dt.timedelta(days=2))
    real, calls = plan_actions.save_task, []

    def failing(user, task, *args, **kwargs):
        calls.append(task)
        if len(calls) == 5:
            raise ValidationError("保存失败：该记录已被他人修改")
        return real(user, task, *args, **kwargs)

    monkeypatch.setattr(plan_actions, "save_task", failing)
    before = _state()
    with pytest.raises(ValidationError):
        actions.carry_year(None, scheme, 2024)
    assert len(calls) == 5 and _state() == before


def test_only_the_organiser_carries_and_other_units_cannot_see_it(shiling, login, demo_user):
    town, scheme, villages, rounds = shiling
    for rnd in rounds:
        actions.publish(None, rnd, today=rnd.held_on + dt.timedelta(days=2))
    before = _state()
    # the county inspector reads the preview but has no button and is refused the write
    ducha = login("ducha")
    page = ducha.get(f"/assess/schemes/{scheme.pk}/carry/?year=2024")
    assert page.status_code == 200 and b"carry-submit" not in page.content
    assert ducha.post(f"/assess/schemes/{scheme.pk}/carry/", {"year": "2024"}).status_code == 403
    # a rated village's grid worker and another town's clerk do not reach it at all
    for username in ("shiling-wg", "qinghe"):
        client = login(username)
        assert client.get(f"/assess/schemes/{scheme.pk}/carry/").status_code == 404
        assert client.post(f"/assess/schemes/{scheme.pk}/carry/", {"year": "2024"}).status_code == 404
    with pytest.raises(Exception, match="只有组织考评的单位可以将考评结果计入年终考核"):
        actions.carry_year(demo_user("qinghe"), scheme, 2024)
    assert _state() == before
    # a bad year is a 400 with a Chinese message, not a crash
    resp = login("shiling").get(f"/assess/schemes/{scheme.pk}/carry/?year=abc")
    assert resp.status_code == 400


def test_a_rated_village_reads_the_scheme_without_links_it_cannot_follow(login, org):
    """The scheme page offered a rated village its 操作日志 (a 404 for it): only the organiser's side gets the
    history and the 计入年终考核 links now."""
    from zhenwu.core.generic import history_url

    scheme = Scheme.objects.get(org=org("清河镇"), name="村（社区）季末大评比")
    history = history_url(scheme)
    client = login("qinghe-cun")
    page = client.get(f"/assess/schemes/{scheme.pk}/").content.decode()
    assert history not in page and "carry-link" not in page
    assert client.get(history).status_code == 404  # what the link led to
    page = login("qinghe").get(f"/assess/schemes/{scheme.pk}/").content.decode()
    assert history in page and "计入年终考核" in page
