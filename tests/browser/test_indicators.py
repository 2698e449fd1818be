import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enter_a_value_then_see_chart_and_yoy_on_the_dashboard(live_server, browser_page, login_page, demo_db):
    page = login_page(browser_page, "qinghe")
    page.fill("#period-switcher input[name=period]", "2023")  # the corpus year as the working period
    with page.expect_navigation():
        page.click("#period-switcher button")
    assert page.locator("#current-period").inner_text() == "工作期间：2023年"
    # the dashboard's headline table and charts load from the indicators' data endpoint
    page.locator("#dashboard-indicators[data-loaded='1']").wait_for()
    row = page.locator("#dashboard-indicators .headline-table tr[data-code='gross_output']")
    assert row.locator("td").nth(1).inner_text() == "18.14亿元"
    assert row.locator(".yoy").inner_text() == "增长9.8%"
    assert page.locator("#dashboard-indicators .chart-trend canvas").count() == 1

    page.click("text=指标")
    page.select_option("#grid-filter select[name=year]", "2023")
    page.select_option("#grid-filter select[name=category]", "economy")
    with page.expect_navigation():
        page.click("#grid-filter button")
    cell = page.get_by_label("工农业总值 2023年")
    assert cell.input_value() == "18.14"
    # a value ten times last year's is flagged while typing
    cell.fill("200")
    cell.dispatch_event("change")
    assert "相差 5 倍以上" in page.locator("tr[data-code='gross_output'] td:has(input[aria-label='工农业总值 2023年']) .cell-hint").inner_text()
    cell.fill("19.9")
    cell.dispatch_event("change")
    with page.expect_navigation():
        page.click("#grid-save")
    assert "已保存 1 个数值" in page.content()  # untouched cells post back unchanged
    assert page.locator("tr[data-code='gross_output'] .summary-cell").inner_text() == "增长20.5%"

    page.click("text=工作台")
    page.locator("#dashboard-indicators[data-loaded='1']").wait_for()
    row = page.locator("#dashboard-indicators .headline-table tr[data-code='gross_output']")
    assert row.locator("td").nth(1).inner_text() == "19.90亿元"
    assert row.locator(".yoy").inner_text() == "增长20.5%"
    card = page.locator(".dash-card", has_text="2023年工农业总值").inner_text()
    assert "19.90亿元" in card and "同比增长20.5%" in card
