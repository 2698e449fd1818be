import pytest

from zhenwu.core.models import OrgUnit
from zhenwu.reports import service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_a_section_regenerate_another_then_download(demo_db, browser_page, login_page, live_server, tmp_path):
    report, _ = service.get_or_create_report(OrgUnit.objects.get(name="清河镇"), service.outline_for("annual"), "2023")
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
