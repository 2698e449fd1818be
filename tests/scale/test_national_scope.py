"""Scope and the org switcher at provincial size: many memberships, a switcher that cannot list every unit, and
its search — each kept inside the user's reach."""

import pytest
from django.urls import reverse

from zhenwu.core import scope, switcher
from zhenwu.core.models import Membership, OrgUnit
from zhenwu.core.roles import Role
from zhenwu.ledgers.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_many_memberships_see_exactly_the_union_of_their_subtrees(django_user_model, monkeypatch):
    units = list(OrgUnit.objects.exclude(parent=None).order_by("code"))
    villages = [o for o in units if len(o.code) == 12]
    chosen = villages[::2][:10]  # more than MANY_CODES, of two lengths, one nested in another
    chosen += [o for o in units if len(o.code) == 15 and o.code[:12] not in {c.code for c in chosen}][:3]
    chosen += [o for o in units if len(o.code) == 15 and o.code[:12] == chosen[0].code][:1]
    user = django_user_model.objects.create(username="many-units")
    Membership.objects.bulk_create([Membership(user=user, org=o, role=Role.LEADER) for o in chosen])
    codes = scope.scope_codes(user)
    assert len(codes) > scope.MANY_CODES and len({len(c) for c in codes}) > 1
    expected_units = {o.pk for o in units + list(OrgUnit.objects.filter(parent=None))
                      if any(o.code.startswith(c) for c in codes)}
    expected_entries = {e.pk for e in LedgerEntry.objects.select_related("org", "recorded_org")
                        if any(e.org.code.startswith(c) or (e.recorded_org and e.recorded_org.code.startswith(c))
                               for c in codes)}
    assert set(OrgUnit.objects.visible_to(user).values_list("pk", flat=True)) == expected_units
    assert set(LedgerEntry.objects.visible_to(user).values_list("pk", flat=True)) == expected_entries
    monkeypatch.setattr(scope, "MANY_CODES", 1000)  # the plain OR of ranges gives the same rows
    assert set(OrgUnit.objects.visible_to(user).values_list("pk", flat=True)) == expected_units
    assert set(LedgerEntry.objects.visible_to(user).values_list("pk", flat=True)) == expected_entries


def test_a_switcher_too_long_for_a_page_lists_the_way_to_the_current_unit(login, org, monkeypatch):
    client = login("admin")
    whole = client.get(reverse("dashboard")).context["switcher_orgs"]
    town = org("清河镇")
    expected = {town.pk, town.parent_id} | set(town.children.filter(level__in=switcher.SWITCHER_LEVELS)
                                               .values_list("pk", flat=True))
    assert len(whole) > len(expected) + 1
    monkeypatch.setattr(switcher, "SWITCHER_LIMIT", len(expected) + 1)
    client.post(reverse("switch_org"), {"org": town.pk})
    resp = client.get(reverse("dashboard"))
    listed = {o["id"] for o in resp.context["switcher_orgs"]}
    assert resp.context["switcher_more"] and "更多单位" in resp.content.decode()
    assert listed == expected


def test_the_switcher_search_finds_only_units_in_reach(login, org):
    found = login("qinghe-cun").get(reverse("org_search"), {"q": "村"}).json()
    names = {r["name"] for r in found["results"]}
    assert "泉湖村" in names and "石岭村" not in names and "古城村" not in names
    assert login("admin").get(reverse("org_search"), {"q": org("石岭村").code}).json()["results"][0]["name"] == "石岭村"
    assert login("admin").get(reverse("org_search"), {"q": ""}).json() == {"results": [], "more": False}
