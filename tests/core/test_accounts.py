import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from zhenwu.core.models import AuditLog, Membership

pytestmark = pytest.mark.django_db


def test_town_admin_creates_a_village_account(login, org):
    client = login("qinghe")
    form = {"username": "gucheng", "full_name": "古城村村委会", "password": "shanhe-lu-7391", "org": org("古城村").pk, "role": "village"}
    resp = client.post(reverse("account_add"), form)
    assert resp.status_code == 302
    m = Membership.objects.get(user__username="gucheng")
    assert (m.org.name, m.role) == ("古城村", "village")
    assert AuditLog.objects.filter(content_type__model="membership", object_id=str(m.pk), action="create").exists()
    client.logout()
    resp = client.post("/login/", {"username": "gucheng", "password": "shanhe-lu-7391"})
    assert resp.status_code == 302 and resp["Location"] == "/"


def test_town_admin_cannot_grant_outside_or_upwards(login, org):
    client = login("qinghe")
    base = {"full_name": "越权", "password": "long-enough-1"}
    resp = client.post(reverse("account_add"), {**base, "username": "x1", "org": org("石岭村").pk, "role": "village"})
    assert resp.status_code == 200 and "选择一个有效的选项" in resp.content.decode()
    resp = client.post(reverse("account_add"), {**base, "username": "x2", "org": org("清河镇").pk, "role": "county_admin"})
    assert resp.status_code == 200
    assert not get_user_model().objects.filter(username__in=["x1", "x2"]).exists()


def test_only_managers_create_accounts(login):
    assert login("qinghe-cun").get(reverse("account_add")).status_code == 403
    assert login("leader").get(reverse("account_add")).status_code == 403


def test_duplicate_username_is_refused(login, org):
    resp = login("admin").post(
        reverse("account_add"),
        {"username": "QINGHE", "full_name": "重复", "password": "long-enough-1", "org": org("清河镇").pk, "role": "leader"},
    )
    assert "该用户名已被使用" in resp.content.decode()


def test_password_reset_is_scoped(login, demo_user):
    target = demo_user("shiling-wg")
    assert login("qinghe").post(reverse("account_password", args=[target.pk]), {"password": "new-password-1"}).status_code == 404
    assert login("shiling").post(reverse("account_password", args=[target.pk]), {"password": "new-password-1"}).status_code == 302
    target.refresh_from_db()
    assert target.check_password("new-password-1")


def test_membership_list_is_scoped(login):
    rows = login("qinghe-cun").get(reverse("membership_list")).context["object_list"]
    assert {m.user.username for m in rows} == {"qinghe-cun", "qinghe-wg"}  # the village and its grid
    resp = login("qinghe").get(reverse("membership_list"))
    names = {m.user.username for m in resp.context["object_list"]}
    assert {"qinghe", "qinghe-aj", "qinghe-cun"} <= names and "shiling" not in names
