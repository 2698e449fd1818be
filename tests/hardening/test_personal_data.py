"""Personal data (身份证号, phones): encrypted at rest and in the audit trail, masked by one rule on every way out
(pages, the edit form, the API, the audit API, exports) unless the role may see it, and every unmasked view or
export logged."""

import io
import json

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from zhenwu.core.models import AuditLog
from zhenwu.ledgers.models import LedgerEntry

pytestmark = pytest.mark.django_db

ID, ID_MASKED = "11010519491231002X", "110105********002X"
PHONE, PHONE_MASKED = "13812345678", "138****5678"


@pytest.fixture
def petition(login, org):
    client = login("shiling")
    resp = client.post(reverse("ledger_entry_create", args=["petition"]), {
        "org": org("石岭村").pk, "title": "王某反映低保评定", "occurred_on": "2024-03-01", "channel": "来访",
        "id_number": ID, "phone": PHONE})
    assert resp.status_code == 302
    return LedgerEntry.objects.get(title="王某反映低保评定")


def _raw(sql, *params):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return " ".join(str(v) for row in cur.fetchall() for v in row)


def test_stored_encrypted_in_the_record_and_in_the_audit_trail(petition):
    raw = _raw("SELECT data FROM ledgers_ledgerentry WHERE id = %s", petition.pk)
    assert ID not in raw and PHONE not in raw and "enc1:idcard:" in raw
    logged = _raw("SELECT changes FROM core_auditlog WHERE object_id = %s", str(petition.pk))
    assert logged and ID not in logged and PHONE not in logged
    assert petition.data["id_number"] == ID  # read back in clear, for those who may see it


@pytest.mark.parametrize("username", ["shiling-wg", "leader", "ducha"])
def test_the_audit_api_masks_personal_data(login, petition, username):
    body = login(username).get("/api/core/audit", {"object_id": str(petition.pk)}).content.decode()
    assert ID not in body and PHONE not in body
    if username != "shiling-wg":  # a 网格员 does not see the village's petitions at all
        assert ID_MASKED in json.loads(body)[0]["changes"]["data"][1]["id_number"]


def test_the_edit_form_is_not_prefilled_in_clear_and_keeps_the_stored_value(login, petition, org):
    client = login("shiling")
    url = reverse("ledger_entry_edit", args=[petition.pk])
    page = client.get(url).content.decode()
    assert ID not in page and PHONE not in page and ID_MASKED in page and PHONE_MASKED in page
    form = {"org": org("石岭村").pk, "title": "王某反映低保评定（补充）", "occurred_on": "2024-03-01", "channel": "来访",
            "id_number": ID_MASKED, "phone": PHONE_MASKED, "version": petition.version}
    assert client.post(url, form).status_code == 302
    petition.refresh_from_db()
    assert petition.data["id_number"] == ID and petition.data["phone"] == PHONE
    updates = AuditLog.objects.filter(object_id=str(petition.pk), action="update").first()
    assert "data" not in updates.changes  # unchanged personal data is no change
    assert client.post(url, {**form, "phone": "13900001111", "version": petition.version}).status_code == 302
    petition.refresh_from_db()
    assert petition.data["phone"] == "13900001111"


def test_exact_search_by_keyed_hash(login, petition):
    body = login("shiling").get("/api/ledgers/entries", {"q": ID}).json()
    assert [e["id"] for e in body] == [petition.pk]
    assert login("shiling").get("/api/ledgers/entries", {"q": "110105194912310038"}).json() == []


def test_masked_for_roles_that_may_not_see_it_and_every_unmasked_view_logged(login, petition):
    views = AuditLog.objects.filter(action=AuditLog.VIEW)
    # a leader: masked everywhere, nothing logged
    leader = login("leader")
    assert ID not in leader.get(petition.get_absolute_url() + "?pii=1").content.decode()
    data = leader.get(f"/api/ledgers/entries/{petition.pk}").json()["data"]
    assert data["id_number"] == ID_MASKED and data["phone"] == PHONE_MASKED
    assert views.count() == 0
    # the town clerk: masked on the page until asked, then shown and logged
    clerk = login("shiling")
    assert ID not in clerk.get(petition.get_absolute_url()).content.decode()
    assert views.count() == 0
    assert ID in clerk.get(petition.get_absolute_url() + "?pii=1").content.decode()
    assert views.count() == 1 and views.first().username == "shiling"
    assert clerk.get(f"/api/ledgers/entries/{petition.pk}").json()["data"]["id_number"] == ID
    assert views.count() == 2


def test_exports_mask_or_log(login, petition):
    exports = AuditLog.objects.filter(action=AuditLog.EXPORT)
    wb = load_workbook(io.BytesIO(login("leader").get("/ledgers/entries/export.xlsx?kind=petition").getvalue()))
    cells = " ".join(str(c.value) for row in wb.active.iter_rows() for c in row)
    assert ID not in cells and ID_MASKED in cells and exports.count() == 0
    wb = load_workbook(io.BytesIO(login("shiling").get("/ledgers/entries/export.xlsx?kind=petition").getvalue()))
    cells = " ".join(str(c.value) for row in wb.active.iter_rows() for c in row)
    assert ID in cells and exports.count() == 1 and "导出信访件" in exports.first().object_repr


def test_an_export_written_by_a_job_masks_or_logs_the_same_way(login, petition, settings):
    from zhenwu.core.models import Job

    settings.EXPORT_INLINE_ROWS = 0  # every export goes through the background job
    exports = AuditLog.objects.filter(action=AuditLog.EXPORT)
    for user, shown in (("leader", ID_MASKED), ("shiling", ID)):
        client = login(user)
        assert client.get("/ledgers/entries/export.xlsx?kind=petition").status_code == 302
        job = Job.objects.filter(kind="core.export", user__username=user).latest("pk")
        wb = load_workbook(io.BytesIO(b"".join(client.get(job.result_url).streaming_content)))
        assert shown in " ".join(str(c.value) for row in wb.active.iter_rows() for c in row)
    assert exports.count() == 1 and exports.first().username == "shiling"


def test_a_changed_data_key_masks_instead_of_failing(petition, monkeypatch, settings):

    monkeypatch.setenv("ZHENWU_DATA_KEY", "another-key")
    entry = LedgerEntry.objects.get(pk=petition.pk)
    assert "无法解密" in entry.data["id_number"]
