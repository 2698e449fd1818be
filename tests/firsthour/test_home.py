"""A home for each role; no chart without data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenwu.core.roles import home_of

pytestmark = pytest.mark.django_db


def _home(client):
    resp = client.get(reverse("dashboard"))
    assert resp.status_code == 200
    return resp


@pytest.mark.parametrize("username, home", [
    ("shiling-wg", "grid"), ("qinghe-cun", "village"), ("qinghe-aj", "station"), ("qinghe", "town"),
    ("admin", "town"), ("leader", "reader"), ("ducha", "reader"),
])
def test_each_role_has_its_home(demo_user, username, home):
    from zhenwu.core.models import Membership

    user = demo_user(username)
    org = Membership.objects.filter(user=user).first().org
    assert home_of(user, org) == home


def test_grid_home_lists_my_open_cases_overdue_first_and_a_big_quick_button(login):
    from zhenwu.ledgers.models import LedgerEntry

    client = login("shiling-wg")
    resp = _home(client)
    html = resp.content.decode()
    assert 'id="quick-entry"' in html and "快速登记" in html
    assert "dashboard-indicators" not in html  # no economy charts on a 网格员's phone
    panel = next(p for p in resp.context["panels"] if p["id"] == "my-cases")
    org = resp.context["org"]
    today = timezone.localdate()
    open_cases = LedgerEntry.objects.within(org).filter(closed=False)
    assert len(panel["rows"]) == min(12, open_cases.count()) > 0
    flags = [r["alert"] for r in panel["rows"]]
    assert flags == sorted(flags, reverse=True)  # overdue ones first
    assert sum(flags) == min(12, open_cases.filter(deadline__lt=today).count())


def test_village_home_has_tasks_waiting_and_ledgers(login):
    client = login("qinghe-cun")
    resp = _home(client)
    ids = [p["id"] for p in resp.context["panels"]]
    assert {"my-tasks", "awaiting", "my-ledgers"} <= set(ids)
    assert 'id="quick-entry"' not in resp.content.decode()


def test_station_home_has_ledgers_and_supervised(login):
    ids = [p["id"] for p in _home(login("qinghe-aj")).context["panels"]]
    assert {"awaiting", "my-ledgers", "supervised"} <= set(ids)


def test_reader_home_has_overview_supervised_and_ranking(login):
    client = login("leader")
    client.post(reverse("switch_period"), {"period": "2023"})
    resp = _home(client)
    panels = {p["id"]: p for p in resp.context["panels"]}
    assert {"supervised", "ranking"} <= set(panels)
    assert resp.context["cards"]  # the overview figures
    ranking = panels["ranking"]["rows"]
    assert [r["label"][3:] for r in ranking][:3] and all(r["label"].startswith(f"{i}. ") for i, r in enumerate(ranking, 1))
    rates = [float(r["note"].split("办结率 ")[1].split("%")[0]) for r in ranking]
    assert rates == sorted(rates, reverse=True)
    html = resp.content.decode()
    assert "quick-entry" not in html


def test_town_home_is_the_dashboard(login):
    resp = _home(login("qinghe"))
    assert resp.context["panels"] == [] and resp.context["cards"]
    assert "dashboard-indicators" in resp.content.decode()


def test_empty_panel_says_so(login):
    client = login("qinghe-cun")
    client.post(reverse("switch_period"), {"period": "2001"})
    resp = _home(client)
    ledgers = next(p for p in resp.context["panels"] if p["id"] == "my-ledgers")
    assert ledgers["rows"] == [] and "暂无台账记录" in resp.content.decode()


def test_grid_home_lists_my_grids_households_by_points(login, demo_user):
    """The 网格员 of 泉湖村第一网格 sees the households of that grid only, highest balance first."""
    from zhenwu.assess.models import Household

    resp = _home(login("qinghe-wg"))
    panel = next(p for p in resp.context["panels"] if p["id"] == "my-households")
    mine = Household.objects.filter(org=resp.context["org"])
    assert mine.exists() and len(panel["rows"]) == min(12, mine.count())
    assert f"（{mine.count()} 户，按余额）" in panel["title"]
    shown = [Household.objects.get(pk=int(r["url"].rstrip("/").split("/")[-1])) for r in panel["rows"]]
    assert all(h.org_id == resp.context["org"].pk for h in shown)
    assert [h.balance for h in shown] == sorted((h.balance for h in shown), reverse=True)
    # a station has no households panel; a village has its own
    assert "my-households" not in [p["id"] for p in _home(login("qinghe-aj")).context["panels"]]
    assert "my-households" in [p["id"] for p in _home(login("qinghe-cun")).context["panels"]]
