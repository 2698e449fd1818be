"""The data-scope matrix: each role × a record inside and outside its subtree × list, detail, edit, delete."""

import pytest
from django.urls import reverse

from zhenwu.core.models import AuditLog, OrgUnit
from zhenwu.core.scope import scope_codes

pytestmark = pytest.mark.django_db

# user → (a unit inside the user's subtree, a unit outside it, may manage units)
MATRIX = {
    "admin": ("泉湖村第一网格", None, True),
    "leader": ("泉湖村第一网格", None, False),
    "ducha": ("泉湖村第一网格", None, False),
    "qinghe": ("泉湖村第一网格", "石岭村第一网格", True),
    "qinghe-aj": ("泉湖村第一网格", "石岭村第一网格", False),
    "qinghe-cun": ("泉湖村第一网格", "古城村第一网格", False),
    "shiling-wg": ("石岭村第一网格", "泉湖村第一网格", False),
    "chengguan": ("木灵州社区1号网格", "泉湖村第一网格", True),
}
EDIT_CASES = [(u, inside, outside, manage) for u, (inside, outside, manage) in MATRIX.items()]


@pytest.mark.parametrize("username,inside,outside,manage", EDIT_CASES)
def test_detail(login, org, username, inside, outside, manage):
    client = login(username)
    assert client.get(reverse("orgunit_detail", args=[org(inside).pk])).status_code == 200
    if outside:
        resp = client.get(reverse("orgunit_detail", args=[org(outside).pk]))
        assert resp.status_code == 404
        assert "不在您的管辖范围内" in resp.content.decode()


@pytest.mark.parametrize("username,inside,outside,manage", EDIT_CASES)
def test_edit(login, org, username, inside, outside, manage):
    client = login(username)
    target = org(inside)
    url = reverse("orgunit_edit", args=[target.pk])
    resp = client.post(url, {"name": "改名网格", "note": "测试"})
    if manage:
        assert resp.status_code == 302
        assert OrgUnit.objects.get(pk=target.pk).name == "改名网格"
    else:
        assert resp.status_code == 403
        assert OrgUnit.objects.get(pk=target.pk).name == inside
    if outside:
        before = AuditLog.objects.count()
        resp = client.post(reverse("orgunit_edit", args=[org(outside).pk]), {"name": "越权改名"})
        assert resp.status_code == 404
        assert OrgUnit.objects.get(name=outside)  # unchanged
        assert AuditLog.objects.count() == before


@pytest.mark.parametrize("username,inside,outside,manage", EDIT_CASES)
def test_delete(login, org, username, inside, outside, manage):
    client = login(username)
    target = org(inside)
    if manage:  # delete a fresh, empty sibling: units holding records or members are protected (tested below)
        parent = target.parent
        target = OrgUnit.objects.create(code=parent.next_child_code(), name="待删网格", level="grid", parent=parent)
    resp = client.post(reverse("orgunit_delete", args=[target.pk]))
    assert resp.status_code == (302 if manage else 403)
    assert OrgUnit.objects.filter(pk=target.pk).exists() is not manage
    if outside:
        resp = client.post(reverse("orgunit_delete", args=[org(outside).pk]))
        assert resp.status_code == 404
        assert OrgUnit.objects.filter(name=outside).exists()


def test_a_unit_with_members_is_not_deleted(login, org):
    village = org("泉湖村")
    client = login("qinghe")
    resp = client.post(reverse("orgunit_delete", args=[village.pk]), follow=True)
    assert "不能删除" in resp.content.decode()
    assert OrgUnit.objects.filter(pk=village.pk).exists()


@pytest.mark.parametrize("username", list(MATRIX))
def test_list_counts_never_leak(login, demo_user, username):
    client = login(username)
    user = demo_user(username)
    resp = client.get(reverse("orgunit_list") + "?level=grid")
    assert resp.status_code == 200
    shown = resp.context["table"].paginator.count
    codes = scope_codes(user)
    expected = sum(OrgUnit.objects.filter(level="grid", code__startswith=c).count() for c in codes)
    assert shown == expected
    names = {o.name for o in resp.context["object_list"]}
    outside = MATRIX[username][1]
    if outside:
        assert outside not in names


def test_switcher_refuses_a_tampered_org(login, org):
    client = login("qinghe-cun")
    resp = client.post(reverse("switch_org"), {"org": org("石岭镇").pk})
    assert resp.status_code == 404
    resp = client.post(reverse("switch_org"), {"org": "abc"})
    assert resp.status_code == 404
    # a legitimate switch inside the subtree is kept for later pages
    grid = org("泉湖村第二网格")
    assert client.post(reverse("switch_org"), {"org": grid.pk}).status_code == 302
    assert client.get(reverse("dashboard")).context["org"] == grid


def test_switching_up_is_not_possible(login, org):
    client = login("qinghe-cun")
    assert client.post(reverse("switch_org"), {"org": org("清河镇").pk}).status_code == 404
    assert client.get(reverse("orgunit_detail", args=[org("清河镇").pk])).status_code == 404


def test_user_without_membership_gets_a_clear_403(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x-password")
    client.force_login(user)
    resp = client.get(reverse("orgunit_list"))
    assert resp.status_code == 403
    assert "尚未分配任何单位" in resp.content.decode()
    assert "尚未分配任何单位" in client.get(reverse("dashboard")).content.decode()
    assert client.post(reverse("switch_org"), {"org": OrgUnit.objects.first().pk}).status_code == 403


def test_anonymous_is_sent_to_login(client, org):
    resp = client.get(reverse("orgunit_detail", args=[org("清河镇").pk]))
    assert resp.status_code == 302 and resp.url.startswith(reverse("login"))


def test_create_child_only_with_manage_rights(login, org):
    village = org("泉湖村")
    resp = login("qinghe-cun").post(reverse("orgunit_add", args=[village.pk]), {"name": "新网格", "level": "grid"})
    assert resp.status_code == 403
    client = login("qinghe")
    resp = client.post(reverse("orgunit_add", args=[village.pk]), {"name": "泉湖村第三网格", "level": "grid"})
    assert resp.status_code == 302
    new = OrgUnit.objects.get(name="泉湖村第三网格")
    assert new.code == village.code + "003" and new.parent == village
    # a level that does not belong under a village is refused with a message, nothing saved
    resp = client.post(reverse("orgunit_add", args=[village.pk]), {"name": "错层级", "level": "town"})
    assert resp.status_code == 200 and not OrgUnit.objects.filter(name="错层级").exists()
    assert "选择一个有效的选项" in resp.content.decode()


def test_unknown_url_gets_a_chinese_page_without_internals(login):
    resp = login("qinghe").get("/no-such-page/")
    body = resp.content.decode()
    assert resp.status_code == 404 and "页面不存在" in body
    assert "tried" not in body and "URLResolver" not in body


@pytest.mark.parametrize("username", ["qinghe-cun", "qinghe-aj", "qinghe", "leader", "shiling-wg"])
def test_records_seen_from_two_units_are_filtered_by_unit_ids(username, demo_user, monkeypatch):
    """A ledger entry is seen from its place and from the unit that recorded it. Within MANY_IDS units the filter is
    two id lists (both indexed, no join to the unit table) and selects exactly what the code ranges select."""
    from zhenwu.core import scope
    from zhenwu.core.models import OrgUnit
    from zhenwu.ledgers.models import LedgerEntry

    user = demo_user(username)
    by_ids = LedgerEntry.objects.visible_to(user)
    assert "JOIN" not in str(by_ids.query).upper() and "recorded_org_id" in str(by_ids.query)
    monkeypatch.setattr(scope, "MANY_IDS", 0)
    by_codes = LedgerEntry.objects.visible_to(demo_user(username))  # a fresh user object: nothing cached
    assert "JOIN" in str(by_codes.query).upper()
    assert set(by_ids.values_list("pk", flat=True)) == set(by_codes.values_list("pk", flat=True))
    town = OrgUnit.objects.get(name="清河镇")
    assert set(LedgerEntry.objects.visible_to(user, within=town).values_list("pk", flat=True)) == set(
        LedgerEntry.objects.visible_to(demo_user(username), within=town).values_list("pk", flat=True))
