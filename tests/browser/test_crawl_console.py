"""Every page of the navigation in a real browser, as the roles that use it (a village clerk on a phone): no
JavaScript error, no failed request for a page's own assets, and on a phone no list wider than the screen."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("username,phone", [("qinghe", False), ("leader", False), ("qinghe-cun", True)])
def test_navigation_pages_have_no_console_errors(live_server, make_page, login_page, demo_db, username, phone):
    options = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True} if phone else {}
    page = make_page(**options)
    errors = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"{page.url}: failed {r.url}") if live_server.url in r.url else None)
    login_page(page, username)
    links = page.locator("#mainnav .nav-link").evaluate_all("els => els.map(e => e.href)")
    assert len(links) >= 8
    wide = []
    for url in links:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if phone and width > 391:
            wide.append(f"{url}: {width} px")
    assert not wide, "pages wider than a 390 px screen: " + "; ".join(wide)
    assert not errors, "\n".join(errors)
