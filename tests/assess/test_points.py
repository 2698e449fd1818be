"""积分制: households and their personal data, point records from a phone reviewed by the village, monthly caps,
balances and rankings; bad input is refused in Chinese with nothing saved."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from zhenwu.assess import actions
from zhenwu.assess.models import Household, PointRecord, PointState
from zhenwu.core.models import AuditLog

DAY = dt.date(2024, 5, 6)

pytestmark = pytest.mark.django_db


def _counts():
    return PointRecord.objects.count(), Household.objects.count(), AuditLog.objects.count()


def test_grid_worker_records_with_a_photo_and_the_village_approves(login, demo_user, household, rule, photo):
    h = household()
    client = login("qinghe-wg")
    resp = client.post("/assess/points/new/", {"subject": h.pk, "rule": rule().pk, "occurred_on": DAY.isoformat(),
                                               "note": "门前屋后清理干净", "photo": photo()})
    assert resp.status_code == 302, resp.context["form"].errors
    record = PointRecord.objects.get(household=h)
    assert record.state == PointState.PENDING and record.photo and record.points == 5
    assert client.get(f"/assess/points/{record.pk}/photo/").status_code == 200
    h.refresh_from_db()
    assert h.balance == 0  # counted once approved
    # the grid worker may not approve
    with pytest.raises(PermissionDenied):
        actions.review_points(demo_user("qinghe-wg"), record, True)
    village = login("qinghe-cun")
    resp = village.post(f"/assess/points/{record.pk}/review/", {"decision": "approve"})
    assert resp.status_code == 302
    h.refresh_from_db()
    record.refresh_from_db()
    assert h.balance == 5 and record.state == PointState.APPROVED
    assert record.reviewed_by == demo_user("qinghe-cun")
    # approved once only
    with pytest.raises(ValidationError, match="已审核"):
        actions.review_points(demo_user("qinghe-cun"), record, True)
    h.refresh_from_db()
    assert h.balance == 5


def test_a_returned_record_does_not_count(demo_user, household, rule, photo):
    h = household()
    record = actions.record_points(demo_user("qinghe-wg"), household=h, rule=rule(), occurred_on=DAY, photo=photo())
    actions.review_points(demo_user("qinghe-cun"), record, False, "照片不清楚")
    h.refresh_from_db()
    assert h.balance == 0 and record.state == PointState.RETURNED


def test_household_outside_the_grid_is_refused_with_nothing_saved(login, demo_user, household, rule, photo):
    outside = household(grid="泉湖村第二网格")
    client = login("qinghe-wg")  # a login is logged: before the counts
    before = _counts()
    with pytest.raises(ValidationError, match="不在您负责的网格"):
        actions.record_points(demo_user("qinghe-wg"), household=outside, rule=rule(), occurred_on=DAY, photo=photo())
    resp = client.post("/assess/points/new/", {
        "subject": outside.pk, "rule": rule().pk, "occurred_on": DAY.isoformat(), "photo": photo()})
    assert resp.status_code == 200 and "不在您负责的网格" in resp.content.decode()
    assert _counts() == before


def test_monthly_cap_and_missing_photo(demo_user, household, rule, photo):
    h = household()
    user = demo_user("qinghe-cun")
    r = rule()  # 5 points, at most 10 a month
    actions.record_points(user, household=h, rule=r, occurred_on=DAY, photo=photo())
    actions.record_points(user, household=h, rule=r, occurred_on=DAY.replace(day=20), photo=photo())
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        actions.record_points(user, household=h, rule=r, occurred_on=DAY.replace(day=28), photo=photo())
    assert "每月上限 10 分" in str(exc.value) and "本月已记 10 分" in str(exc.value)
    with pytest.raises(ValidationError, match="须附现场照片"):
        actions.record_points(user, household=h, rule=r, occurred_on=dt.date(2024, 6, 1))
    assert _counts() == before
    # next month counts afresh
    actions.record_points(user, household=h, rule=r, occurred_on=dt.date(2024, 6, 1), photo=photo())


def test_a_future_date_and_another_towns_rule_are_refused(demo_user, household, org, photo):
    from zhenwu.assess.models import PointRule

    h = household()
    member_rule = PointRule.objects.filter(org=org("城关街道")).first()
    with pytest.raises(ValidationError, match="本乡镇的积分规则"):
        actions.record_points(None, household=h, rule=member_rule, occurred_on=DAY, photo=photo())
    own = PointRule.objects.get(org=org("清河镇"), name="十户长协助化解矛盾纠纷")
    with pytest.raises(ValidationError, match="日期"):
        actions.record_points(None, household=h, rule=own, occurred_on=dt.date.today() + dt.timedelta(days=2))


def test_personal_data_is_validated_sealed_and_masked(login, org):
    client = login("qinghe-cun")
    data = {"org": org("泉湖村").pk, "head": "张三", "members": 3, "idcard": "420000199001011234",
            "phone": "13812345678"}
    resp = client.post("/assess/households/new/", data)
    assert resp.status_code == 200 and "身份证号校验位不正确" in resp.content.decode()
    from zhenwu.core.pii import idcard_check_digit

    good = "42000019900101123" + idcard_check_digit("42000019900101123")
    resp = client.post("/assess/households/new/", {**data, "idcard": good})
    assert resp.status_code == 302
    h = Household.objects.get(head="张三")
    stored = Household.objects.filter(pk=h.pk).values_list("personal", flat=True).first()
    raw = str(Household._meta.get_field("personal").get_prep_value(h.personal))
    assert good not in raw and "enc1:" in raw and stored
    page = client.get(f"/assess/households/{h.pk}/").content.decode()
    assert "420000********" in page and good not in page and "138****5678" in page
    # the clerk may reveal it, and that is logged; a grid worker sees it masked and cannot reveal it
    before = AuditLog.objects.filter(action=AuditLog.VIEW).count()
    assert good in client.get(f"/assess/households/{h.pk}/?pii=1").content.decode()
    assert AuditLog.objects.filter(action=AuditLog.VIEW).count() == before + 1
    api = client.get(f"/api/assess/households/{h.pk}").json()
    assert api["idcard_masked"].startswith("420000****") and good not in str(api)
    # the edit form shows it masked and keeps it when sent back unchanged
    form = client.get(f"/assess/households/{h.pk}/edit/").context["form"]
    assert form.initial["idcard"] == h.idcard_masked
    resp = client.post(f"/assess/households/{h.pk}/edit/", {
        "org": h.org_id, "head": "张三", "members": 4, "idcard": h.idcard_masked, "phone": h.phone_masked})
    assert resp.status_code == 302
    h.refresh_from_db()
    assert h.idcard == good and h.members == 4


def _sheet(rows) -> io.BytesIO:
    from zhenwu.assess.excel import COLUMNS

    wb = Workbook()
    wb.active.append(COLUMNS)
    for row in rows:
        wb.active.append([row.get(c) for c in COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "农户.xlsx"
    return buf


def test_households_imported_from_excel_all_or_nothing(login):
    client = login("qinghe-cun")
    before = Household.objects.count()
    bad = [{"单位": "泉湖村第一网格", "户主": "李四", "家庭人口": 4, "联系电话": "13900001111"},
           {"单位": "古城村", "户主": "王五", "家庭人口": 2},  # not the clerk's village
           {"单位": "泉湖村", "户主": "赵六", "家庭人口": 3, "身份证号": "123"}]
    resp = client.post("/assess/households/import/", {"file": _sheet(bad)})
    errors = resp.context["errors"]
    assert any("第 3 行" in e and "古城村" in e for e in errors) and any("第 4 行" in e and "身份证号" in e for e in errors)
    assert Household.objects.count() == before
    resp = client.post("/assess/households/import/", {"file": _sheet([bad[0]])})
    assert resp.status_code == 302
    h = Household.objects.get(head="李四")
    assert h.org.name == "泉湖村第一网格" and h.phone == "13900001111" and h.phone_masked == "139****1111"


def test_ranking_and_history_per_village(login, org):
    client = login("qinghe-cun")
    resp = client.get("/assess/households/?rank=1")
    rows = [r.record for r in resp.context["table"].paginated_rows]
    assert rows and all(r.org.code.startswith(org("泉湖村").code) for r in rows)
    balances = [r.balance for r in rows]
    assert balances == sorted(balances, reverse=True)
    # the balance is the approved points less the redemptions
    top = rows[0]
    approved = sum(PointRecord.objects.filter(household=top, state=PointState.APPROVED).values_list("points", flat=True))
    spent = sum(top.redemptions.values_list("points", flat=True))
    assert top.balance == approved - spent
    page = client.get(f"/assess/households/{top.pk}/").content.decode()
    assert "积分记录" in page and str(top.balance) in page


def test_api_records_points_with_the_same_messages(login, household, rule):
    h = household()
    client = login("qinghe-wg")
    resp = client.post("/api/assess/points", {"household_id": h.pk, "rule_id": rule().pk,
                                              "occurred_on": DAY.isoformat()}, content_type="application/json")
    assert resp.status_code == 400 and "须附现场照片" in resp.json()["detail"]
    from zhenwu.assess.models import PointRule

    plain = PointRule.objects.get(name="十户长协助化解矛盾纠纷")
    resp = client.post("/api/assess/points", {"household_id": h.pk, "rule_id": plain.pk,
                                              "occurred_on": DAY.isoformat()}, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["state"] == "pending"


def test_the_home_page_shows_the_latest_year_with_records(login):
    from django.db.models import Sum

    from zhenwu.core.models import OrgUnit

    resp = login("qinghe").get("/assess/")
    assert resp.status_code == 200 and resp.context["year"] == 2023
    town = OrgUnit.objects.get(name="清河镇")
    given = PointRecord.objects.within(town).filter(state=PointState.APPROVED, points__gt=0,
                                                    occurred_on__year=2023).aggregate(s=Sum("points"))["s"]
    assert resp.context["totals"]["given"] == given
    assert login("qinghe").get("/assess/?year=abc").status_code == 400


def test_the_history_shows_personal_data_masked_under_its_labels(login, org):
    from django.contrib.contenttypes.models import ContentType

    from zhenwu.core.pii import idcard_check_digit

    client = login("qinghe-cun")
    good = "42000019880202123" + idcard_check_digit("42000019880202123")
    client.post("/assess/households/new/", {"org": org("泉湖村").pk, "head": "史记户", "members": 2, "idcard": good,
                                             "phone": "13712345678"})
    h = Household.objects.get(head="史记户")
    ct = ContentType.objects.get_for_model(Household)
    page = client.get(f"/audit/{ct.pk}/{h.pk}/").content.decode()
    assert "身份证号" in page and "137****5678" in page and good not in page and "idcard" not in page
