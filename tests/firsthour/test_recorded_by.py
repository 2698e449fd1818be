"""Recorded by vs place: a record belongs to the place it happened and keeps who recorded it and from which unit;
the village and the recording unit both see it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from zhenwu.core.models import Membership, OrgUnit
from zhenwu.core.roles import Role
from zhenwu.ledgers import actions
from zhenwu.ledgers.models import LedgerEntry, LedgerKind

pytestmark = pytest.mark.django_db


def _hazard(user, org, village, title="泉湖加油站消防通道堵塞"):
    kind = LedgerKind.objects.get(code="safety_hazard")
    field = next(f for f in kind.fields if f["type"] == "org")
    data = {f["key"]: None for f in kind.fields}
    base = LedgerEntry.objects.filter(kind=kind).exclude(data={}).first().data
    data.update({k: v for k, v in base.items() if not hasattr(v, "ftype")})
    data[field["key"]] = village.code
    return actions.create_entry(user, kind, org, title=title, occurred_on=dt.date(2023, 5, 6), data=data)


def test_town_station_files_for_a_village_which_then_sees_it(demo_user, org, login):
    station_clerk, village = demo_user("qinghe-aj"), org("泉湖村")
    entry = _hazard(station_clerk, org("清河镇"), village)
    assert entry.org == village and entry.recorded_org == org("清河镇") and entry.created_by == station_clerk
    assert LedgerEntry.objects.visible_to(demo_user("qinghe-cun")).filter(pk=entry.pk).exists()
    assert LedgerEntry.objects.visible_to(station_clerk).filter(pk=entry.pk).exists()
    assert not LedgerEntry.objects.visible_to(demo_user("shiling")).filter(pk=entry.pk).exists()
    page = login("qinghe-cun").get(reverse("ledger_entry_detail", args=[entry.pk])).content.decode()
    assert "清河镇安监站" in page and "（清河镇）" in page


def test_a_station_unit_records_for_a_village_of_its_town_and_both_see_it(org, login):
    station, village = org("清河镇安监站"), org("泉湖村")
    clerk = get_user_model().objects.create(username="aj-unit", first_name="安监站值班员")
    Membership.objects.create(user=clerk, org=station, role=Role.STATION)
    entry = _hazard(clerk, station, village)
    assert entry.org == village and entry.recorded_org == station
    assert set(LedgerEntry.objects.visible_to(clerk).values_list("pk", flat=True)) == {entry.pk}
    assert LedgerEntry.objects.editable_by(clerk).filter(pk=entry.pk).exists()
    # the list of the station (its switcher unit) shows it; the village's list too
    assert LedgerEntry.objects.visible_to(clerk, within=station).filter(pk=entry.pk).exists()
    client = login("aj-unit")
    assert client.get(reverse("ledger_entry_detail", args=[entry.pk])).status_code == 200
    # a village of another town is not among its places
    with pytest.raises(Exception):
        _hazard(clerk, station, org("石岭村"))
    assert LedgerEntry.objects.filter(recorded_org=station).count() == 1
    # the village's statistics count it where it happened
    from zhenwu.ledgers.stats import stats
    assert stats("safety_hazard", village, "2023").total >= 1
    other = OrgUnit.objects.get(name="古城村")
    assert not LedgerEntry.objects.within(other).filter(pk=entry.pk).exists()
