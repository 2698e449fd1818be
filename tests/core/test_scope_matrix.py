"""The data-scope matrix, generated for every scoped model an app registers (`core.registry`): every demo role ×
a record inside / outside its subtree × list, detail, edit, delete, history, export, API list and detail →
allowed, or 403 / 404; lists, exports and API lists never include a record outside the role's scope; every
allowed write through a page leaves exactly one audit row, every refused one none."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from zhenwu.core.models import AuditLog, OrgScopedModel
from zhenwu.core.registry import pages
from zhenwu.core.scope import CHANGE, MANAGE

ROLES = ["admin", "leader", "ducha", "qinghe", "qinghe-aj", "qinghe-cun", "shiling-wg", "chengguan"]
PAGES = pages()
CASES = [(username, p) for p in PAGES for username in ROLES]


def test_every_scoped_model_is_registered_with_its_pages():
    registered = {p.model_class() for p in PAGES}
    scoped = {m for m in apps.get_models() if issubclass(m, OrgScopedModel)}
    assert scoped - registered == set(), f"scoped models with no registered pages: {scoped - registered}"


@pytest.fixture
def reports(org, django_db_blocker):
    """Reports are made by clerks, not by the demo: one per town for the matrix."""
    from zhenwu.reports import actions, services

    for town in ("清河镇", "石岭镇", "城关街道"):
        actions.get_or_create_report(None, org(town), services.outline_for("annual"), "2023")


def _records(model, user):
    """What the role reaches, a record of its own subtree, and one outside its reach. A model whose records are
    read beyond the subtree (a town's evaluation schemes by the villages it rates) names that reach
    `readable_to`; everything else is refused as for any model."""
    visible = model.objects.visible_to(user)
    reach = getattr(model.objects, "readable_to", None)
    readable = reach(user) if reach is not None else visible
    inside = visible.order_by("-pk").first()
    outside = model.objects.exclude(pk__in=readable.values("pk")).order_by("pk").first()
    return readable, inside, outside


def _form_data(form) -> dict:
    """What the browser would post back for an unchanged form, with one text field changed."""
    data, changed = {}, False
    for bf in form:
        value = bf.value()
        if value is None or value is False:
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        if hasattr(value, "pk"):
            value = value.pk
        data[bf.name] = value
    for name in ("name", "title", "note"):
        if name in data and isinstance(data[name], str):
            data[name] = data[name][:100] + "改"
            changed = True
            break
    return data if changed else {}


def _audit(obj) -> int:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk)).count()


@pytest.mark.django_db
@pytest.mark.parametrize("username,page", CASES, ids=[f"{u}-{p.model}" for u, p in CASES])
def test_scope_matrix(request, login, demo_user, username, page):
    model, user = page.model_class(), demo_user(username)
    if model._meta.app_label == "reports":  # generating them takes seconds: only where they are the records
        request.getfixturevalue("reports")
    client = login(username)
    visible, inside, outside = _records(model, user)
    visible_ids = set(visible.values_list("pk", flat=True))
    _outside_is_refused(client, page, model, outside)
    _lists_stay_inside(client, page, visible_ids)
    if inside is not None:  # a grid has no targets of its own, say: then only the refusals above apply
        _inside_as_the_role_may(client, page, model, user, inside)


@pytest.mark.django_db
def test_every_registered_model_has_records_to_test_with(reports):
    for page in PAGES:
        assert page.model_class().objects.exists(), f"no {page.model} in the demo data"


def _outside_is_refused(client, page, model, outside):
    if outside is None:
        return
    before = AuditLog.objects.count()
    if page.detail:
        assert client.get(reverse(page.detail, args=[outside.pk])).status_code == 404
    if _audit(outside):
        ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
        assert client.get(reverse("object_history", args=[ct.pk, outside.pk])).status_code == 404
    if page.api and page.api_detail:
        assert client.get(page.api_detail_path(outside.pk)).status_code == 404
    if page.edit:
        assert client.get(reverse(page.edit, args=[outside.pk])).status_code == 404
        assert client.post(reverse(page.edit, args=[outside.pk]), {"name": "越权", "title": "越权"}).status_code == 404
    if page.delete:
        assert client.post(reverse(page.delete, args=[outside.pk])).status_code == 404
        assert model.objects.filter(pk=outside.pk).exists()
    assert AuditLog.objects.count() == before


def _lists_stay_inside(client, page, visible_ids):
    if page.list:
        resp = client.get(reverse(page.list) + (f"?{page.list_query}" if page.list_query else ""))
        assert resp.status_code == 200
        assert {r.record.pk for r in resp.context["table"].paginated_rows} <= visible_ids
    if page.export:
        resp = client.get(page.export_url())
        if resp.status_code == 302:  # more rows than an inline export: written by a background job
            from zhenwu.core.models import Job

            job = Job.objects.filter(kind="core.export").latest("pk")
            assert resp["Location"] == job.get_absolute_url() and job.status == Job.DONE
            content = b"".join(client.get(job.result_url).streaming_content)
        else:
            assert resp.status_code == 200
            content = resp.getvalue()
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        assert sum(1 for _ in sheet.iter_rows(min_row=2)) <= len(visible_ids)
    if page.api:
        resp = client.get(page.api)
        assert resp.status_code == 200
        assert {item["id"] for item in resp.json()} <= visible_ids


def _inside_as_the_role_may(client, page, model, user, inside):
    may_edit = model.objects.all()._scoped(user, {"change": CHANGE, "manage": MANAGE}[page.edit_action]).filter(
        pk=inside.pk).exists()
    if page.detail:
        assert client.get(reverse(page.detail, args=[inside.pk])).status_code == 200
    if _audit(inside):
        ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
        assert client.get(reverse("object_history", args=[ct.pk, inside.pk])).status_code == 200
    if page.api and page.api_detail:
        assert client.get(page.api_detail_path(inside.pk)).status_code == 200
    if page.edit:
        url = reverse(page.edit, args=[inside.pk])
        resp = client.get(url)
        assert resp.status_code == (200 if may_edit else 403)
        if may_edit:
            data = _form_data(resp.context["form"])
            if data:
                before = _audit(inside)
                resp = client.post(url, data)
                assert resp.status_code == 302, resp.context["form"].errors if resp.context else resp
                assert _audit(inside) == before + 1
        else:
            before = AuditLog.objects.count()
            assert client.post(url, {"title": "越权", "name": "越权"}).status_code == 403
            assert AuditLog.objects.count() == before
    if page.delete:
        before = AuditLog.objects.count()
        resp = client.post(reverse(page.delete, args=[inside.pk]))
        gone = not model.objects.filter(pk=inside.pk).exists()
        if may_edit:
            assert resp.status_code == 302
            assert AuditLog.objects.count() - before == (1 if gone else 0)
        else:
            assert resp.status_code == 403 and not gone and AuditLog.objects.count() == before
