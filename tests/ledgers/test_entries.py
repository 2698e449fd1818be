"""Entries through the web: the scope matrix, workflow roles and notes, optimistic locking, forms, uploads."""

import io

import pytest
from django.urls import reverse

from zhenwu.core.models import AuditLog
from zhenwu.ledgers.models import LedgerEntry, Transition

pytestmark = pytest.mark.django_db

# user → (unit of an entry inside the user's subtree, a unit outside it, may change records)
MATRIX = {
    "admin": ("泉湖村", None, True),
    "leader": ("泉湖村", None, False),
    "ducha": ("泉湖村", None, False),
    "qinghe": ("泉湖村", "石岭村", True),
    "qinghe-aj": ("泉湖村", "石岭村", True),
    "qinghe-cun": ("泉湖村第一网格", "古城村", True),
    "shiling-wg": ("石岭村第一网格", "泉湖村", True),
    "shiling-aj": ("石岭村第一网格", "泉湖村", True),
    "chengguan": ("木灵州社区", "泉湖村", True),
}
CASES = [(u, *v) for u, v in MATRIX.items()]


def _edit_data(entry, **over):
    return {"org": entry.org_id, "title": "已改名的隐患", "occurred_on": "2024-05-07", "version": entry.version,
            "place": "泉湖加油站", "severity": "一般隐患", **over}


@pytest.mark.parametrize("username,inside,outside,write", CASES)
def test_list_and_detail(login, make_entry, username, inside, outside, write):
    client = login(username)
    mine = make_entry(inside, title="范围内的隐患")
    resp = client.get(reverse("ledger_entry_list"), {"kind": "safety_hazard", "q": "范围"})
    assert "范围内的隐患" in resp.content.decode()
    assert client.get(reverse("ledger_entry_detail", args=[mine.pk])).status_code == 200
    if outside:
        other = make_entry(outside, title="范围外的隐患")
        assert "范围外的隐患" not in client.get(reverse("ledger_entry_list"), {"q": "范围"}).content.decode()
        resp = client.get(reverse("ledger_entry_detail", args=[other.pk]))
        assert resp.status_code == 404 and "不在您的管辖范围内" in resp.content.decode()


@pytest.mark.parametrize("username,inside,outside,write", CASES)
def test_edit_and_delete(login, make_entry, username, inside, outside, write):
    client = login(username)
    entry = make_entry(inside)
    resp = client.post(reverse("ledger_entry_edit", args=[entry.pk]), _edit_data(entry))
    assert resp.status_code == (302 if write else 403)
    assert LedgerEntry.objects.get(pk=entry.pk).title == ("已改名的隐患" if write else entry.title)
    resp = client.post(reverse("ledger_entry_delete", args=[entry.pk]))
    assert resp.status_code == (302 if write else 403)
    assert LedgerEntry.objects.filter(pk=entry.pk).exists() is not write
    if outside:
        other = make_entry(outside)
        before = AuditLog.objects.count()
        assert client.post(reverse("ledger_entry_edit", args=[other.pk]), _edit_data(other)).status_code == 404
        assert client.post(reverse("ledger_entry_delete", args=[other.pk])).status_code == 404
        assert client.post(reverse("ledger_entry_transition", args=[other.pk]),
                           {"to": "rectifying", "version": 1}).status_code == 404
        assert AuditLog.objects.count() == before and LedgerEntry.objects.get(pk=other.pk).version == 1


def _move(client, entry, to, note=""):
    entry.refresh_from_db()
    return client.post(reverse("ledger_entry_transition", args=[entry.pk]),
                       {"to": to, "note": note, "version": entry.version})


def test_workflow_roles_and_required_notes(login, make_entry):
    entry = make_entry("石岭村第一网格")
    grid, station = login("shiling-wg"), None
    # a 网格员 may not assign the rectification; the 安监站 may
    assert _move(grid, entry, "rectifying").status_code == 403
    station = login("shiling-aj")
    assert _move(station, entry, "rectifying").status_code == 302
    entry.refresh_from_db()
    assert entry.status == "rectifying"
    # 整改完成 needs a note: refused without one, nothing changes
    grid = login("shiling-wg")
    resp = _move(grid, entry, "rectified")
    page = grid.get(resp["Location"]).content.decode()
    assert "必须填写说明" in page
    entry.refresh_from_db()
    assert entry.status == "rectifying" and entry.transitions.count() == 2
    assert _move(grid, entry, "rectified", "已更换灭火器").status_code == 302
    # the grid worker cannot sign off (复核销号); a state the workflow does not allow is refused
    assert _move(grid, entry, "verified").status_code == 403
    station = login("shiling-aj")
    resp = _move(station, entry, "found")
    assert "不能转为" in station.get(resp["Location"]).content.decode()
    assert _move(station, entry, "verified").status_code == 302
    entry.refresh_from_db()
    assert entry.status == "verified" and entry.closed
    steps = list(entry.transitions.values_list("from_state", "to_state", "note"))
    assert steps == [("", "found", ""), ("found", "rectifying", ""), ("rectifying", "rectified", "已更换灭火器"),
                     ("rectified", "verified", "")]
    # read-only roles see no buttons and are refused
    leader = login("leader")
    assert 'id="transitions"' not in leader.get(entry.get_absolute_url()).content.decode()


def test_stale_edit_is_refused_not_lost(login, make_entry):
    entry = make_entry("泉湖村")
    a = login("qinghe")
    first = _edit_data(entry, title="甲的修改")
    stale = _edit_data(entry, title="乙的修改")  # both loaded version 1
    assert a.post(reverse("ledger_entry_edit", args=[entry.pk]), first).status_code == 302
    resp = login("qinghe-aj").post(reverse("ledger_entry_edit", args=[entry.pk]), stale)
    assert resp.status_code == 200
    assert "已被他人修改" in resp.content.decode()
    entry.refresh_from_db()
    assert entry.title == "甲的修改" and entry.version == 2
    # a transition from a stale page is refused the same way
    resp = a.post(reverse("ledger_entry_transition", args=[entry.pk]), {"to": "rectifying", "version": 1})
    assert "已被他人修改" in a.get(resp["Location"]).content.decode()
    entry.refresh_from_db()
    assert entry.status == "found"


def test_create_validates_fields_and_computes_deadline(login, org):
    client = login("qinghe")
    url = reverse("ledger_entry_create", args=["petition"])
    base = {"org": org("泉湖村").pk, "title": "张某反映道路破损", "occurred_on": "2024-03-01", "channel": "来访"}
    resp = client.post(url, {**base, "id_number": "110105194912310021", "phone": "12345"})
    page = resp.content.decode()
    assert resp.status_code == 200 and "校验位不正确" in page and "电话号码应为" in page
    assert not LedgerEntry.objects.filter(title="张某反映道路破损").exists()
    resp = client.post(url, {**base, "id_number": "11010519491231002X", "phone": "13812345678"})
    assert resp.status_code == 302
    entry = LedgerEntry.objects.get(title="张某反映道路破损")
    assert entry.status == "registered" and str(entry.deadline) == "2024-04-30"  # 60 days
    assert entry.data["id_number"] == "11010519491231002X"
    assert AuditLog.objects.filter(object_id=str(entry.pk), action="create").exists()
    # masked for a read-only leader, shown to the town clerk on request
    assert "110105********002X" in login("leader").get(entry.get_absolute_url()).content.decode()
    assert "11010519491231002X" in login("qinghe").get(entry.get_absolute_url() + "?pii=1").content.decode()
    assert "11010519491231002X" not in login("leader").get(entry.get_absolute_url() + "?pii=1").content.decode()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, "PNG")
    return buf.getvalue()


def test_quick_form_photo_upload_checked_and_served(login, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("shiling-wg")
    url = reverse("ledger_entry_create", args=["grid_event"]) + "?quick=1"
    page = client.get(url).content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page
    base = {"quick": "1", "org": org("石岭村第一网格").pk, "title": "路灯损坏", "occurred_on": "2024-06-01",
            "event_type": "群众诉求"}
    bad = SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")
    resp = client.post(url, {**base, "photo": bad})
    assert resp.status_code == 200 and "照片无法识别" in resp.content.decode()
    good = SimpleUploadedFile("a.png", _png(), content_type="image/png")
    resp = client.post(url, {**base, "photo": good})
    assert resp.status_code == 302
    entry = LedgerEntry.objects.get(title="路灯损坏")
    assert entry.data["photo"].startswith("ledgers/grid_event/") and entry.data["photo"].endswith(".png")
    served = client.get(reverse("ledger_entry_file", args=[entry.pk, "photo"]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert login("qinghe").get(reverse("ledger_entry_file", args=[entry.pk, "photo"])).status_code == 404


def test_pages_render(login):
    client = login("qinghe")
    for name in ("ledger_home", "ledger_entry_list", "ledger_quick", "ledger_kind_list"):
        assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse("ledger_home"), {"period": "2023"}).content.decode()
    assert "安全隐患" in page and ">100%<" in page
    resp = client.get(reverse("ledger_entry_list"), {"kind": "dispute", "period": "2023"})
    assert "调解矛盾纠纷" in resp.content.decode() and resp.context["totals"].value("mediated") == 107
    resp = client.get(reverse("ledger_entry_list"), {"period": "2023X"})
    assert "无效的期间" in resp.content.decode()
    for kind in ("safety_hazard", "poverty_monitor"):
        assert client.get(reverse("ledger_entry_create", args=[kind])).status_code == 200
        assert client.get(reverse("ledger_entry_import", args=[kind])).status_code == 200


def test_dashboard_flags_overdue(login):
    resp = login("qinghe").get(reverse("dashboard"))
    cards = {c["label"]: c for c in resp.context["cards"]}
    assert cards["逾期台账"]["value"] >= 1 and cards["逾期台账"]["alert"]


def test_transition_history_is_scoped():
    assert Transition.objects.visible_to(None).count() == 0
