import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from zhenwu.core.audit import acting_as
from zhenwu.core.models import AuditLog, Level, OrgUnit

pytestmark = pytest.mark.django_db


def _log(obj):
    ct = ContentType.objects.get_for_model(OrgUnit)
    return AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("id")


def test_create_update_delete_are_logged(org, demo_user):
    village = org("泉湖村")
    user = demo_user("qinghe")
    with acting_as(user):
        grid = OrgUnit.objects.create(code=village.next_child_code(), name="测试网格", level=Level.GRID, parent=village)
        grid.name = "测试网格甲"
        grid.save()
        grid.save()  # no change → no row
        pk = grid.pk
        grid.delete()
    rows = list(AuditLog.objects.filter(content_type__model="orgunit", object_id=str(pk)).order_by("id"))
    assert [r.action for r in rows] == ["create", "update", "delete"]
    assert all(r.user == user and r.username == "qinghe" for r in rows)
    assert rows[0].changes["name"] == [None, "测试网格"]
    assert rows[1].changes == {"name": ["测试网格", "测试网格甲"]}
    assert rows[2].changes["name"] == ["测试网格甲", None]
    assert rows[2].org_code == village.code + "003"


def test_audit_row_rolls_back_with_the_change(org):
    village = org("泉湖村")
    before = AuditLog.objects.count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            village.name = "回滚村"
            village.save()
            raise RuntimeError
    assert AuditLog.objects.count() == before
    assert OrgUnit.objects.get(pk=village.pk).name == "泉湖村"


def test_web_edit_writes_history_page(login, org):
    client = login("qinghe")
    village = org("古城村")
    client.post(reverse("orgunit_edit", args=[village.pk]), {"name": "古城村", "population": "2345", "note": "整村推进"})
    row = _log(village).last()
    assert row.action == "update" and row.username == "qinghe"
    assert row.changes["population"][1] == 2345
    ct = ContentType.objects.get_for_model(OrgUnit)
    page = client.get(reverse("object_history", args=[ct.pk, village.pk])).content.decode()
    assert "户籍人口" in page and "2345" in page and "整村推进" in page


def test_history_and_global_log_are_scoped(login, org):
    qinghe_client = login("qinghe")
    updates = reverse("auditlog_list") + "?q=古城村&action=update"
    before = qinghe_client.get(updates).context["table"].paginator.count  # the demo's own changes there
    qinghe_client.post(reverse("orgunit_edit", args=[org("古城村").pk]), {"name": "古城村", "note": "清河备注"})
    ct = ContentType.objects.get_for_model(OrgUnit)
    shiling_wg = login("shiling-wg")
    assert shiling_wg.get(reverse("object_history", args=[ct.pk, org("古城村").pk])).status_code == 404
    page = shiling_wg.get(reverse("auditlog_list") + "?q=古城村")
    assert page.status_code == 200 and page.context["table"].paginator.count == 0
    mine = login("qinghe").get(updates)
    assert mine.context["table"].paginator.count == before + 1


def test_global_log_filters(login, demo_user):
    client = login("admin")
    resp = client.get(reverse("auditlog_list") + "?username=%E7%B3%BB%E7%BB%9F&action=create")
    assert resp.status_code == 200
    expected = AuditLog.objects.visible_to(demo_user("admin")).filter(username="系统", action="create").count()
    assert resp.context["table"].paginator.count == expected > 0
    bad = client.get(reverse("auditlog_list") + "?since=not-a-date")
    assert bad.status_code == 200 and "输入一个有效的日期" in bad.content.decode()


def test_county_admin_sees_the_history_of_the_configuration_they_edit(login):
    """Ledger kinds, indicators and outlines are logged at the county root: a county admin opens their history,
    a town clerk (outside the county root's log) does not."""
    from django.contrib.contenttypes.models import ContentType

    from zhenwu.core.audit import acting_as
    from zhenwu.indicators.models import Indicator
    from zhenwu.ledgers.models import LedgerKind
    from zhenwu.reports.models import Outline

    for obj in (LedgerKind.objects.first(), Indicator.objects.first(), Outline.objects.first()):
        with acting_as(None):
            obj.description = "改一下说明"
            obj.save()
        url = f"/audit/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"
        page = login("admin").get(url)
        assert page.status_code == 200 and "改一下说明" in page.content.decode(), type(obj).__name__
        assert login("qinghe").get(url).status_code == 404
