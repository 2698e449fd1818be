"""A 网格员 records points with a photo on a phone (390 px); the village approves them; the balance changes.
Bad input on the phone page is refused in Chinese with nothing saved."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _balance(page, url) -> int:
    page.goto(url)
    return int(page.locator("#balance").inner_text().rstrip("分").replace(",", ""))


def test_grid_worker_records_points_on_a_phone_and_the_village_approves(
    live_server, make_page, browser_page, login_page, demo_db, tmp_path
):
    from PIL import Image

    from zhenwu.assess.models import Household, PointRecord, PointRule

    photo = tmp_path / "yard.jpg"
    Image.new("RGB", (80, 60), "green").save(photo, "JPEG")
    household = Household.objects.filter(org__name="泉湖村第一网格").order_by("id").first()
    outside = Household.objects.filter(org__name="泉湖村第二网格").order_by("id").first()
    rule = PointRule.objects.get(org__name="清河镇", name="参与村湾环境集中整治")  # 3 points, photo required
    household_url = f"{live_server.url}/assess/households/{household.pk}/"
    village = login_page(browser_page, "qinghe-cun")
    before = _balance(village, household_url)

    phone = login_page(make_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True), "qinghe-wg")
    phone.goto(f"{live_server.url}/assess/")
    with phone.expect_navigation():
        phone.locator("#record-points").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    camera = phone.locator("input[type=file][name=photo]")
    assert camera.get_attribute("capture") == "environment" and camera.get_attribute("accept") == "image/*"
    # only the households of the worker's own grid are offered
    offered = phone.locator("#id_subject option").all_inner_texts()
    assert str(household) in offered and str(outside) not in " ".join(offered)

    # without the photo the rule asks for: refused, nothing saved
    count = PointRecord.objects.count()
    phone.select_option("#id_subject", str(household.pk))
    phone.select_option("#id_rule", str(rule.pk))
    phone.fill("#id_note", "参加村湾垃圾清运")
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交").click()
    assert "该规则须附现场照片" in phone.locator("#point-form").inner_text()
    assert PointRecord.objects.count() == count

    phone.select_option("#id_subject", str(household.pk))
    phone.select_option("#id_rule", str(rule.pk))
    camera.set_input_files(str(photo))
    with phone.expect_navigation(url="**/assess/points/*/"):
        phone.get_by_role("button", name="提交").click()
    assert phone.locator("#point-state").inner_text() == "待审核"
    assert phone.locator("#point-photo").count() == 1
    assert phone.locator("#review-form").count() == 0  # a grid worker does not approve
    record_url = phone.url
    assert _balance(village, household_url) == before

    # the village approves it
    village.goto(record_url)
    with village.expect_navigation():
        village.locator("#approve").click()
    assert "已通过" in village.content()
    assert _balance(village, household_url) == before + rule.points
