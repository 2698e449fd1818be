import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_village_clerk_sees_only_its_village(live_server, browser_page, login_page, demo_db):
    page = login_page(browser_page, "qinghe-cun")
    assert page.locator("#current-org").inner_text() == "当前单位：泉湖村"
    # the switcher offers only the clerk's own village
    options = page.locator("#org-switcher option").all_inner_texts()
    assert [o.strip() for o in options] == ["泉湖村"]
    page.goto(f"{live_server.url}/org/")
    names = page.locator("#org-table tbody td:nth-child(2)").all_inner_texts()
    assert sorted(names) == ["泉湖村", "泉湖村第一网格", "泉湖村第二网格"]
    assert "石岭" not in page.content() and "古城村" not in page.content()
    # a tampered URL to another town's unit is refused with a Chinese message
    from zhenwu.core.models import OrgUnit

    other = OrgUnit.objects.get(name="石岭镇")
    resp = page.goto(f"{live_server.url}/org/{other.pk}/")
    assert resp.status == 404
    assert "不在您的管辖范围内" in page.locator("#error-detail").inner_text()


def test_wrong_password_and_dashboard_on_a_phone(live_server, phone_page, login_page, demo_db):
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "qinghe")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.content()
    login_page(page, "qinghe")
    cards = page.locator(".dash-card")
    labels = dict(zip(page.locator(".dash-card").evaluate_all("els => els.map(e => e.dataset.label)"),
                      page.locator(".dash-card .fs-3").all_inner_texts()))
    assert cards.count() >= 3
    assert labels["村"] == "11" and labels["社区"] == "1" and labels["网格"] == "22"
    # the navigation collapses behind the toggler on a phone and opens on tap
    assert not page.locator("#mainnav").is_visible()
    page.click(".navbar-toggler")
    page.locator("#mainnav").wait_for(state="visible")
    # switching to a village narrows every count
    with page.expect_navigation():  # the switcher submits itself on change
        page.select_option("#org-switcher select", label="　　古城村")
    assert page.locator("#current-org").inner_text() == "当前单位：古城村"
