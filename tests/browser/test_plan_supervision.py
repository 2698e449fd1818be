"""The year plan in a real browser: the town 督办s a task to its 安监站, the station files progress and feedback on a
phone, the dashboard shows the new percent, and the quarterly snapshot keeps the old one."""

import datetime as dt
from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_supervised_task_from_town_to_station_on_a_phone(live_server, make_page, login_page, demo_db):
    from zhenwu.core.models import Notification, OrgUnit
    from zhenwu.plans import actions
    from zhenwu.plans.models import OrderState, SupervisionOrder, Task, TaskProgress, TaskSnapshot

    today = dt.date.today()
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    town = OrgUnit.objects.get(name="清河镇")
    station = OrgUnit.objects.get(name="清河镇安监站")
    first_month = f"{today.year}-{(today.month - 1) // 3 * 3 + 1:02d}"
    task = actions.save_task(None, Task(org=town, year=today.year, title="燃气安全隐患整治",
                                        deadline=dt.date(today.year, 12, 31)), units=[station])
    actions.save_progress(None, TaskProgress(task=task, period=first_month, percent=Decimal(20)))
    actions.take_snapshots(None, town, quarter)

    leader = make_page()
    login_page(leader, "leader")
    card = leader.locator(f'#dashboard-cards [data-label="{today.year}年任务完成进度"]')
    before, count = _card(card.inner_text())

    # the town issues a 督办单 to the station
    town_page = make_page()
    login_page(town_page, "qinghe")
    town_page.goto(f"{live_server.url}/plans/tasks/{task.pk}/")
    town_page.click("#supervise")
    town_page.select_option("#id_org", label="清河镇安监站")
    town_page.select_option("#id_assignee", label="清河镇安监站（qinghe-aj）")
    town_page.fill("#id_requirement", "请反馈燃气隐患整治进展")
    town_page.fill("#id_due", (today + dt.timedelta(days=7)).isoformat())
    town_page.click("main form button.btn-primary")
    town_page.wait_for_selector("#order-state")
    order = SupervisionOrder.objects.get(task=task)
    assert order.state == OrderState.PENDING

    # the station, on a phone: the bell, the order, progress, feedback
    phone = make_page(**PHONE)
    login_page(phone, "qinghe-aj")
    assert phone.locator("#notify-count").count() == 1
    phone.goto(f"{live_server.url}/notifications/")
    phone.locator("#notifications li", has_text="燃气安全隐患整治").locator("button").first.click()
    phone.wait_for_selector("#order-state")
    phone.click("text=填报任务进展")
    phone.fill("#id_period", today.strftime("%Y-%m"))
    phone.fill("#id_percent", "60")
    phone.fill("#id_note", "已整改隐患6处")
    phone.click("main form button.btn-primary")
    phone.wait_for_selector("#task-percent")
    assert phone.locator("#task-percent").inner_text() == "60%"
    wide = phone.evaluate("[...document.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > 391).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right))")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391, wide
    phone.goto(f"{live_server.url}/plans/orders/{order.pk}/")
    phone.fill("#feedback-form textarea", "已整改隐患6处，剩余4处本月底前完成")
    phone.click("#feedback-form button")
    phone.wait_for_selector("text=已反馈")
    order.refresh_from_db()
    assert order.state == OrderState.ANSWERED
    assert Notification.objects.filter(recipient__username="qinghe", text__contains="已反馈").exists()

    # the leader's dashboard moves by the task's 40 points spread over the year's tasks; the snapshot keeps 20%
    leader.reload()
    after, same_count = _card(card.inner_text())
    assert same_count == count and abs((after - before) - Decimal(40) / count) <= Decimal("0.1")  # two roundings to 0.1
    leader.goto(f"{live_server.url}/plans/tasks/?year={today.year}&q=燃气安全隐患整治")
    assert "60%" in leader.locator("#task-table").inner_text()
    leader.goto(f"{live_server.url}/plans/snapshots/?period={quarter}")
    row = leader.locator("#snapshot-table tr", has_text="燃气安全隐患整治")
    assert "20%" in row.inner_text() and "60%" not in row.inner_text()
    assert TaskSnapshot.objects.get(task=task, period=quarter).percent == Decimal(20)


def _card(text):
    """(average percent, number of tasks) read from the dashboard card's text."""
    import re

    percent = re.search(r"([\d.]+)%", text).group(1)
    return Decimal(percent), int(re.search(r"任务(\d+)项", text).group(1))
