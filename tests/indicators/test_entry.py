"""Entry: the grid, scope (404/403), period locks, the 5× confirmation, audit rows, the value page and the API."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from zhenwu.core.models import AuditLog
from zhenwu.indicators.models import DataValue, Indicator, PeriodLock

pytestmark = pytest.mark.django_db

# The year in progress: the demo stores its month-reported figures to date and no yearly figure yet.
OPEN_YEAR = str(timezone.localdate().year)


def cell(code, org, period):
    return f"v|{Indicator.objects.get(code=code).pk}|{org.pk}|{period}"


def test_grid_pages_render_for_every_mode(login):
    client = login("qinghe")
    for q in ["", "?mode=month&year=2024", "?mode=quarter&year=2023", "?mode=org&period=2023&category=safety"]:
        resp = client.get(reverse("indicator_grid") + q)
        assert resp.status_code == 200, q
    page = client.get(reverse("indicator_grid") + "?mode=year&year=2023&category=economy").content.decode()
    assert "工农业总值" in page and "亿元" in page and "增长9.8%" in page


def test_grid_cells_escape_what_users_typed(login, org):
    """Unit names, indicator names and value notes are written into the cells' attributes escaped."""
    evil = '"><img src=x onerror=alert(1)>'
    village = org("泉湖村")
    village.name = "泉湖村" + evil
    village.save()
    assert DataValue.objects.filter(org=village, period="2023").update(note=evil)  # shown in the cells' titles
    page = login("qinghe").get(reverse("indicator_grid") + "?mode=org&period=2023").content.decode()
    assert "<img src=x" not in page and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'data-label="泉湖村&quot;&gt;&lt;img' in page


def test_grid_save_is_audited_and_shows_who(login, org):
    client = login("qinghe")
    town = org("清河镇")
    name = cell("gross_output", town, OPEN_YEAR)
    resp = client.post(reverse("indicator_grid"), {"mode": "year", "year": OPEN_YEAR, name: "19.9"})
    assert resp.status_code == 302
    dv = DataValue.objects.get(indicator__code="gross_output", org=town, period=OPEN_YEAR)
    assert dv.value == Decimal("1990000000") and dv.updated_by.username == "qinghe" and dv.source == "entered"
    log = AuditLog.objects.filter(content_type=ContentType.objects.get_for_model(DataValue), object_id=str(dv.pk))
    assert log.get().username == "qinghe"
    client.post(reverse("indicator_grid"), {"mode": "year", "year": OPEN_YEAR, name: "20.1"})
    change = log.filter(action="update").get().changes
    assert change["value"] == ["1990000000.0000", "2010000000.0000"]
    assert client.get(reverse("datavalue_edit", args=[dv.pk])).status_code == 200


def test_bad_cells_are_listed_and_nothing_saved(login, org):
    client = login("qinghe")
    town = org("清河镇")
    before = DataValue.objects.count()
    resp = client.post(reverse("indicator_grid"), {
        "mode": "year", "year": OPEN_YEAR,
        cell("gross_output", town, OPEN_YEAR): "19.9",
        cell("retail_sales", town, OPEN_YEAR): "很多",
        cell("hazard_rectification_rate", town, OPEN_YEAR): "120",
    })
    assert resp.status_code == 200
    page = resp.content.decode()
    assert "“很多”不是数字" in page and "不能大于 100%" in page
    assert DataValue.objects.count() == before


def test_jump_against_last_year_needs_confirmation(login, org):
    client = login("qinghe")
    name = cell("gross_output", org("清河镇"), "2023")
    data = {"mode": "year", "year": "2023", name: "181.4"}  # ten times the report's figure
    resp = client.post(reverse("indicator_grid"), data)
    assert resp.status_code == 200 and "相差 5 倍以上" in resp.content.decode()
    assert DataValue.objects.get(indicator__code="gross_output", org=org("清河镇"), period="2023").value == Decimal("1814000000")
    resp = client.post(reverse("indicator_grid"), {**data, "confirm": "1"})
    assert resp.status_code == 302
    assert DataValue.objects.get(indicator__code="gross_output", org=org("清河镇"), period="2023").value == Decimal("18140000000")


def test_village_clerk_writes_only_its_own_village(login, org):
    client = login("qinghe-cun")
    own, other = org("泉湖村"), org("古城村")
    client.post(reverse("indicator_grid"), {"mode": "org", "period": OPEN_YEAR, cell("disputes_mediated", own, OPEN_YEAR): "7"})
    assert DataValue.objects.get(indicator__code="disputes_mediated", org=own, period=OPEN_YEAR).value == 7
    resp = client.post(reverse("indicator_grid"), {"mode": "org", "period": OPEN_YEAR, cell("disputes_mediated", other, OPEN_YEAR): "9"})
    assert not DataValue.objects.filter(indicator__code="disputes_mediated", org=other, period=OPEN_YEAR).exists()
    # another village's stored value: 404 to see, and the API refuses the write the same way
    theirs = DataValue.objects.filter(org=other).first()
    assert client.get(reverse("datavalue_edit", args=[theirs.pk])).status_code == 404
    resp = client.post("/api/indicators/values", [{"indicator": "disputes_mediated", "org_code": other.code,
                                                   "period": OPEN_YEAR, "value": "9"}], content_type="application/json")
    assert resp.status_code == 404
    # read-only roles see but may not write: 403
    leader = login("leader")
    resp = leader.post(reverse("datavalue_edit", args=[theirs.pk]), {"value": "1"})
    assert resp.status_code == 403


def test_locked_period_is_read_only_to_villages_not_to_the_town(login, org):
    town, village = org("清河镇"), org("泉湖村")
    assert PeriodLock.objects.filter(org=town, period="2022").exists()  # the demo's submitted year
    stored = DataValue.objects.get(indicator__code="disputes_mediated", org=village, period="2022")
    client = login("qinghe-cun")
    page = client.get(reverse("indicator_grid") + "?mode=org&period=2022").content.decode()
    assert "已报送" in page
    resp = client.post(reverse("indicator_grid"), {"mode": "org", "period": "2022",
                                                   cell("disputes_mediated", village, "2022"): "99"})
    assert "已锁定" in resp.content.decode()
    assert DataValue.objects.get(pk=stored.pk).value == stored.value
    assert client.post(reverse("datavalue_edit", args=[stored.pk]), {"value": "99"}).status_code == 403
    resp = client.post("/api/indicators/values", [{"indicator": "disputes_mediated", "org_code": village.code,
                                                   "period": "2022-05", "value": "1"}], content_type="application/json")
    assert resp.status_code == 403
    # the town's office may still correct it, and may unlock
    town_client = login("qinghe")
    town_client.post(reverse("indicator_grid"), {"mode": "org", "period": "2022", cell("disputes_mediated", village, "2022"): "12"})
    assert DataValue.objects.get(pk=stored.pk).value == 12
    town_client.post(reverse("indicator_lock"), {"period": "2022", "action": "unlock"})
    assert not PeriodLock.objects.filter(org=town, period="2022").exists()
    assert login("qinghe-cun").post(reverse("indicator_lock"), {"period": "2023"}).status_code == 403


def test_api_figure_and_values(login, org):
    client = login("qinghe")
    resp = client.get("/api/indicators/figure", {"indicator": "fixed_asset_investment", "org_code": "990102101", "period": "2023"})
    body = resp.json()
    assert resp.status_code == 200 and body["text"] == "1.37亿元" and Decimal(body["growth"]) == Decimal("38.19")
    assert len(client.get("/api/indicators/indicators").json()) >= 40
    resp = client.post("/api/indicators/values", [{"indicator": "grain_area", "org_code": "990102101", "period": "2024",
                                                   "value": "12000"}], content_type="application/json")
    assert resp.status_code == 200 and Decimal(resp.json()[0]["value"]) == 12000
    resp = client.get("/api/indicators/figure", {"indicator": "gross_output", "org_code": "990102102001", "period": "2023"})
    assert resp.status_code == 404


def test_dashboard_shows_headline_cards_and_chart_data(login):
    client = login("qinghe")
    client.post(reverse("switch_period"), {"period": "2023"})  # the corpus year as the working period
    page = client.get(reverse("dashboard")).content.decode()
    assert "工农业总值" in page and "18.14亿元" in page and "同比增长9.8%" in page and "dashboard-indicators" in page
    data = client.get(reverse("indicator_chart_data") + "?indicator=village_collective_income&year=2023").json()
    assert data["trend"]["years"][-1] == "2023年"
    county = login("admin")
    data = county.get(reverse("indicator_chart_data") + "?indicator=disputes_mediated&year=2023").json()
    assert dict(zip(data["units"]["names"], data["units"]["current"]))["石岭镇"] == 464
    for name in ["indicator_charts", "indicator_list", "target_list", "datavalue_list", "baseline_import"]:
        assert client.get(reverse(name)).status_code == 200, name


def test_posting_an_untouched_grid_changes_nothing(login):
    client = login("qinghe")
    resp = client.get(reverse("indicator_grid") + "?mode=year&year=2023")
    grid = resp.context["grid"]
    data = {"mode": "year", "year": "2023", **{c.name: c.text for r in grid.rows for c in r.cells if c.column.editable}}
    before = AuditLog.objects.count()
    client.post(reverse("indicator_grid"), data)
    assert AuditLog.objects.count() == before
