"""One working period per session, used as the default by every area; the demo's current year runs to today."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenwu.core.workperiod import SESSION_PERIOD_KEY

pytestmark = pytest.mark.django_db


def _switch(client, text, next_url="/"):
    return client.post(reverse("switch_period"), {"period": text, "next": next_url}, follow=True)


def test_default_is_this_year_and_choice_is_remembered(login):
    client = login("qinghe")
    year = timezone.localdate().year
    page = client.get("/").content.decode()
    assert f'value="{year}"' in page and "工作期间" in page
    resp = _switch(client, "2023")
    assert client.session[SESSION_PERIOD_KEY] == "2023"
    assert "工作期间已切换为2023年" in resp.content.decode()
    # every area now defaults to 2023
    assert client.get(reverse("ledger_home")).context["period"].code == "2023"
    assert client.get(reverse("plans_home")).context["year"] == 2023
    assert client.get(reverse("indicator_grid")).context["grid"].year == 2023
    form = client.get(reverse("report_list")).context["form"]
    assert form.initial["period"] == "2023"
    # a page that names its own period still wins
    assert client.get(reverse("ledger_home"), {"period": "2024H1"}).context["period"].code == "2024H1"


def test_period_that_does_not_parse_is_refused_in_chinese(login):
    client = login("qinghe")
    _switch(client, "2023Q2")
    resp = _switch(client, "二〇二三年")
    assert "无效的期间" in resp.content.decode()
    assert client.session[SESSION_PERIOD_KEY] == "2023Q2"  # the previous choice stays
    resp = _switch(client, "2023Q5")
    assert "季度只能是 Q1–Q4" in resp.content.decode()
    assert client.session[SESSION_PERIOD_KEY] == "2023Q2"


def test_switch_needs_post(login):
    assert login("qinghe").get(reverse("switch_period")).status_code == 405


def test_demo_current_year_runs_to_today_with_plausible_overdue():
    from zhenwu.ledgers.models import LedgerEntry

    today = timezone.localdate()
    this_year = LedgerEntry.objects.filter(occurred_on__year=today.year)
    assert not LedgerEntry.objects.filter(occurred_on__gt=today).exists()
    assert not LedgerEntry.objects.filter(closed_on__gt=today).exists()
    if today.year == 2023:
        return
    # every kind the corpus fills has records this year, the latest in the last two months
    kinds_2023 = set(LedgerEntry.objects.filter(occurred_on__year=2023).values_list("kind__code", flat=True))
    kinds_now = set(this_year.values_list("kind__code", flat=True))
    assert kinds_2023 <= kinds_now
    latest = this_year.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    assert (today - latest) < dt.timedelta(days=62)
    open_now = this_year.filter(closed=False)
    overdue = open_now.filter(deadline__lt=today).count()
    assert open_now.count() > 0
    assert overdue < open_now.count()  # some, not all, of this year's open cases are late


def test_demo_working_year_has_plans_up_to_last_month(login):
    """The year a clerk lands in is not empty: last planned year's projects and tasks carried on with monthly
    progress up to last month, 督办单 due around today (one overdue)."""
    from zhenwu.plans.models import OrderState, Project, ProjectProgress, SupervisionOrder, Task, TaskProgress

    today = timezone.localdate()
    year = today.year
    if year <= 2024:
        return  # the reports' own plan year is the working year
    months = today.month - 1
    tasks = Task.objects.filter(year=year)
    assert set(tasks.values_list("org__name", flat=True)) == set(
        Task.objects.filter(year=2024).values_list("org__name", flat=True))
    leaves = tasks.filter(children=None)
    assert TaskProgress.objects.filter(task__in=leaves).count() == months * leaves.count()
    assert not TaskProgress.objects.filter(period__gte=f"{year}-{today.month:02d}").exists()
    building = Project.objects.filter(year=year, stage="building")
    assert building.exists() and ProjectProgress.objects.filter(project__in=building).exists()
    orders = SupervisionOrder.objects.filter(task__year=year)
    pending = orders.filter(state=OrderState.PENDING)
    assert pending.filter(due__lt=today).exists() and pending.filter(due__gte=today).exists()
    # the town's dashboard for the working year shows them
    page = login("qinghe").get(reverse("plans_home")).content.decode()
    assert Project.objects.filter(org__name="清河镇", year=year).first().name in page
