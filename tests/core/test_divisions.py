"""Start from the real division codes: a township (or county) code makes its whole tree, idempotently, and grids
and stations added later never touch the statistical codes."""

import pytest

from zhenwu.core import actions, divisions
from zhenwu.core.models import AuditLog, Level, OrgUnit

pytestmark = pytest.mark.django_db
TOWN = "420222100"  # 湖北省阳新县兴国镇


def test_a_township_code_makes_the_county_the_town_and_every_village():
    loaded = divisions.load(TOWN)
    county = OrgUnit.objects.get(code="420222")
    town = OrgUnit.objects.get(code=TOWN)
    assert (county.name, county.level, town.name, town.level) == ("阳新县", Level.COUNTY, "兴国镇", Level.TOWN)
    villages = OrgUnit.objects.filter(parent=town)
    assert loaded.created == 2 + villages.count() and villages.count() > 20
    assert all(len(v.code) == 12 and v.code.startswith(TOWN) for v in villages)
    names = set(villages.values_list("name", flat=True))
    assert "山川台社区" in names and not any(n.endswith(("委员会", "居委会", "村委会")) for n in names)
    assert {v.level for v in villages} == {Level.VILLAGE, Level.COMMUNITY}
    audit = AuditLog.objects.count()
    again = divisions.load(TOWN)
    assert (again.created, again.existing, AuditLog.objects.count()) == (0, loaded.created, audit)


def test_stations_and_grids_go_on_top_without_touching_the_codes():
    divisions.load(TOWN)
    town = OrgUnit.objects.get(code=TOWN)
    station = actions.save_org(None, OrgUnit(name="兴国镇安监站", level=Level.STATION), town)
    village = OrgUnit.objects.filter(parent=town, level=Level.VILLAGE).order_by("code").first()
    grid = actions.save_org(None, OrgUnit(name="第一网格", level=Level.GRID), village)
    assert station.code == f"{TOWN}901" and grid.code == f"{village.code}001"
    assert actions.save_org(None, OrgUnit(name="兴国镇农业站", level=Level.STATION), town).code == f"{TOWN}902"


@pytest.mark.parametrize("code,message", [("4202", "应为 6 位"), ("42022210", "应为 6 位"), ("999999", "找不到县级"),
                                          ("420222999", "找不到乡级"), ("abcdef", "应为 6 位")])
def test_codes_that_name_no_county_or_township_are_refused(code, message):
    before = OrgUnit.objects.count()
    with pytest.raises(divisions.DivisionError, match=message):
        divisions.load(code)
    assert OrgUnit.objects.count() == before


def test_short_names():
    assert divisions.short_name("多福巷社区居委会") == "多福巷社区"
    assert divisions.short_name("石岭村委会") == "石岭村"
    assert divisions.short_name("东风居民委员会") == "东风社区"
    assert divisions.short_name("兴国镇") == "兴国镇"


def test_a_province_loads_in_bulk_with_its_audit_rows_and_a_second_run_creates_nothing():
    divisions.load("640104")  # one county already there (宁夏 银川市兴庆区): left as it is
    before_units, before_audit = OrgUnit.objects.count(), AuditLog.objects.count()
    loaded = divisions.load_region("64", batch=500)
    units = OrgUnit.objects.filter(code__startswith="64")
    assert loaded.name == "宁夏回族自治区"
    assert loaded.existing == OrgUnit.objects.filter(code__startswith="640104").count() > 50
    assert OrgUnit.objects.count() == before_units + loaded.created and units.count() > 3000
    assert AuditLog.objects.count() == before_audit + loaded.created  # one CREATE row per unit
    assert not units.filter(level=Level.COUNTY, parent__isnull=False).exists()
    assert not units.exclude(level=Level.COUNTY).filter(parent__isnull=True).exists()
    # every unit's parent is the unit whose code is its own minus the last three digits
    for unit in units.exclude(level=Level.COUNTY).select_related("parent").order_by("?")[:200]:
        assert unit.parent.code == unit.code[:-3]
    again = divisions.load_region("64")
    assert (again.created, again.existing) == (0, units.count())


@pytest.mark.parametrize("code,message", [("99", "找不到省级"), ("4", "应为 6 位")])
def test_an_unknown_province_is_refused(code, message):
    with pytest.raises(divisions.DivisionError, match=message):
        divisions.load_region(code) if divisions.is_region(code) else divisions.find(code)
