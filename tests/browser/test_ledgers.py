"""A 网格员 records a hazard on a phone with a photo; the 安监站 and the 网格员 take it through its workflow;
the ledger statistics follow."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _figure(page, url, key):
    page.goto(url)
    return int(page.locator(f'.ledger-kind[data-kind="safety_hazard"] .figure[data-key="{key}"]').inner_text().rstrip("处"))


def _act(page, label, note=""):
    form = page.locator("#transitions form", has=page.get_by_role("button", name=label))
    if note:
        form.locator("input[name=note]").fill(note)
    with page.expect_navigation():
        form.get_by_role("button", name=label).click()


def test_grid_worker_records_a_hazard_on_a_phone_and_station_closes_it(
    live_server, phone_page, browser_page, login_page, demo_db, tmp_path
):
    from PIL import Image

    photo = tmp_path / "hazard.jpg"
    Image.new("RGB", (64, 48), "orange").save(photo, "JPEG")
    from django.utils import timezone

    home = f"{live_server.url}/ledgers/?period={timezone.localdate().year}"
    station = login_page(browser_page, "shiling-aj")
    found_before = _figure(station, home, "found")
    rectified_before = _figure(station, home, "rectified")

    # the grid worker, on a phone: quick entry → 安全隐患 → short form with the camera input
    phone = login_page(phone_page, "shiling-wg")
    phone.goto(f"{live_server.url}/ledgers/quick/")
    phone.get_by_role("link", name="安全隐患").click()
    camera = phone.locator("input[type=file][name=photo]")
    assert camera.get_attribute("capture") == "environment" and camera.get_attribute("accept") == "image/*"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.fill("#id_title", "石岭村农家乐液化气瓶露天存放")
    phone.fill("#id_place", "石岭村农家乐")
    phone.select_option("#id_severity", "重大隐患")
    camera.set_input_files(str(photo))
    with phone.expect_navigation(url="**/ledgers/entries/*/"):
        phone.get_by_role("button", name="提交").click()
    assert phone.locator("#entry-status").inner_text() == "已排查"
    entry_url = phone.url
    assert phone.locator("#entry-fields img").count() == 1
    # a grid worker cannot assign the rectification
    assert phone.locator("#transitions").count() == 0

    # the 安监站 assigns it
    station.goto(entry_url)
    _act(station, "交办整改")
    assert station.locator("#entry-status").inner_text() == "整改中"

    # the grid worker reports it rectified; the note is required
    phone.goto(entry_url)
    _act(phone, "整改完成", "气瓶已移入专用储存间")
    assert phone.locator("#entry-status").inner_text() == "已整改"
    assert "气瓶已移入专用储存间" in phone.locator("#timeline").inner_text()

    # the station signs it off
    station.goto(entry_url)
    _act(station, "复核销号")
    assert station.locator("#entry-status").inner_text() == "复核销号"
    assert station.locator("#timeline li").count() == 4

    assert _figure(station, home, "found") == found_before + 1
    assert _figure(station, home, "rectified") == rectified_before + 1
