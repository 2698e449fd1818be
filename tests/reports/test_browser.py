import pytest

from zhenwu.core.models import OrgUnit
from zhenwu.reports import actions, services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_a_section_regenerate_another_then_download(demo_db, browser_page, login_page, live_server, tmp_path):
    report, _ = actions.get_or_create_report(None, OrgUnit.objects.get(name="清河镇"), services.outline_for("annual"), "2023")
    page = login_page(browser_page, "qinghe")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    party = page.locator("#section-party")
    party.locator("textarea.section-narrative").fill("在全镇11个村建立了村湾党支部。")
    with page.expect_navigation():
        party.locator("button.section-save").click()
    with page.expect_navigation():
        page.locator("#section-safety button.section-regenerate").click()
    assert "已按最新数据重新生成" in page.content()
    assert page.locator("#section-party textarea.section-narrative").input_value() == "在全镇11个村建立了村湾党支部。"
    with page.expect_download() as info:
        page.locator("#docx-link").click()
    path = tmp_path / "r.docx"
    info.value.save_as(path)
    from docx import Document

    assert any("村湾党支部" in p.text for p in Document(str(path)).paragraphs)
    page.goto(f"{live_server.url}/reports/{report.pk}/preview/")
    page.locator(".zw-figure").first.click()
    page.wait_for_selector("#figure-modal.show")
    assert "gross_output" in page.locator("#fig-source").inner_text()


def test_check_an_uploaded_report_in_the_browser(demo_db, browser_page, login_page, live_server, tmp_path):
    report = tmp_path / "村里报来的总结.txt"
    report.write_text("今年完成村道硬化XX公里，开展学习共计次。\n全村脱贫户125户564人。\n", encoding="gb18030")
    page = login_page(browser_page, "qinghe-cun")
    page.goto(f"{live_server.url}/reports/")
    with page.expect_navigation():
        page.locator("#check-link").click()
    page.set_input_files("#id_file", str(report))
    with page.expect_navigation():
        page.locator("#check-form button[type=submit]").click()
    rows = page.locator("#defect-table tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().startswith("1:9")
    assert "数字未填写" in rows.nth(0).inner_text() and "缺少数字" in rows.nth(1).inner_text()
    assert "村里报来的总结.txt" in page.locator("#check-result h2").inner_text()
    with page.expect_navigation():
        page.locator("#check-form button[type=submit]").click()  # nothing chosen this time
    assert "请粘贴报告文字或选择一个文件" in page.locator("#check-error").inner_text()
