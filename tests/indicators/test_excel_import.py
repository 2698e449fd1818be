"""Excel round trip (bad file: every bad cell listed, nothing saved) and the seed-000 baseline import."""

import glob
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from zhenwu.indicators.models import DataValue

pytestmark = pytest.mark.django_db
SEED_000 = glob.glob("tests/data/corpus/docs/000_*.txt")[0]


def download(client, query):
    resp = client.get(reverse("indicator_excel_template") + query)
    assert resp.status_code == 200
    return load_workbook(io.BytesIO(resp.getvalue()))


def upload(client, wb, **extra):
    buf = io.BytesIO()
    wb.save(buf)
    return client.post(reverse("indicator_excel_upload"), {"file": SimpleUploadedFile("t.xlsx", buf.getvalue()), **extra})


def rows_by_code(ws):
    return {(r[0].value, r[2].value, r[3].value): r for r in ws.iter_rows(min_row=5) if r[0].value}


def test_template_is_prefilled_with_dropdowns_and_round_trips(login, org):
    client = login("qinghe")
    wb = download(client, "?mode=org&period=2023&category=agriculture")
    ws = wb["填报"]
    assert "清河镇" in ws["B2"].value
    assert {str(dv.sqref)[0] for dv in ws.data_validations.dataValidation} >= {"B", "C", "E", "G"}
    rows = rows_by_code(ws)
    village = org("泉湖村")
    row = rows[(village.code, "2023", "early_rice_area")]
    assert row[6].value == float(DataValue.objects.get(indicator__code="early_rice_area", org=village, period="2023").value)
    row[6].value = 1234
    row[7].value = "村委会核实"
    assert upload(client, wb).status_code == 302
    dv = DataValue.objects.get(indicator__code="early_rice_area", org=village, period="2023")
    assert dv.value == 1234 and dv.note == "村委会核实"


def test_export_grid_as_xlsx(login):
    resp = login("qinghe").get(reverse("indicator_grid") + "?mode=year&year=2023&category=economy&format=xlsx")
    ws = load_workbook(io.BytesIO(resp.getvalue())).active
    assert ws["A1"].value == "指标" and any(r[0].value == "工农业总值" for r in ws.iter_rows(min_row=2))


def test_bad_file_lists_every_bad_cell_and_saves_nothing(login, org):
    client = login("qinghe-cun")
    wb = download(client, "?mode=org&period=2024")
    ws = wb["填报"]
    first = 5
    ws.cell(first, 7, 88)  # a good cell: must not be saved either
    ws.cell(first + 1, 7, "十几")
    ws.cell(first + 2, 3, "2024Q7")
    ws.cell(first + 3, 1, org("古城村").code)  # another village
    ws.cell(first + 4, 4, "no_such_indicator")
    ws.append(["", "", "2024", "hazard_rectification_rate", "", "%", 150, ""])  # no unit + over 100
    before = DataValue.objects.count()
    resp = upload(client, wb)
    assert resp.status_code == 400
    page = resp.content.decode()
    for text in [f"第 {first + 1} 行 G 列（数值）：“十几”不是数字", f"第 {first + 2} 行 C 列（期间）", "季度只能是 Q1–Q4",
                 f"第 {first + 3} 行 A 列（单位代码）", "不在您的管辖范围内", f"第 {first + 4} 行 D 列（指标代码）",
                 "未填写单位"]:
        assert text in page, text
    assert DataValue.objects.count() == before


def test_not_an_excel_file(login):
    resp = login("qinghe").post(reverse("indicator_excel_upload"), {"file": SimpleUploadedFile("t.xlsx", b"hello")})
    assert resp.status_code == 400 and "文件无法读取" in resp.content.decode()


HEADLINES = {  # code: (value in 元 or 元/人, growth %)
    "gross_output": ("1814000000", "9.8"),
    "industrial_output_above_scale": ("28430000", "11.2"),
    "fixed_asset_investment": ("136730000", "38.19"),
    "rural_disposable_income": ("14145", "11.5"),
    "retail_sales": ("574000000", "21.5"),
    "local_budget_revenue": ("3892000", "8.6"),
}


def test_seed_000_baseline_import(login, org):
    town = org("清河镇")
    DataValue.objects.filter(org=town, year__in=[2022, 2023]).delete()  # start from an empty baseline
    client = login("qinghe")
    with open(SEED_000, "rb") as fh:
        resp = client.post(reverse("baseline_import"), {"org": town.pk, "year": 2023, "file": SimpleUploadedFile("000.txt", fh.read())})
    assert resp.status_code == 200
    formset = resp.context["formset"]
    initial = {f.initial["indicator"].code: f.initial for f in formset.forms}
    assert set(HEADLINES) <= set(initial)
    # the clerk drops one match and corrects another, then saves
    data = {"org": town.pk, "year": 2023, "source_name": "000.txt",
            "form-TOTAL_FORMS": len(formset.forms), "form-INITIAL_FORMS": len(formset.forms)}
    for i, f in enumerate(formset.forms):
        for k, v in f.initial.items():
            data[f"form-{i}-{k}"] = v.pk if k == "indicator" else ("" if v is None else v)
        code = f.initial["indicator"].code
        if code == "tax_revenue":
            data.pop(f"form-{i}-accept")
    resp = client.post(reverse("baseline_save"), data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    for code, (value, growth) in HEADLINES.items():
        dv = DataValue.objects.get(indicator__code=code, org=town, period="2023")
        assert (dv.value, dv.source) == (Decimal(value), "imported"), code
        prior = DataValue.objects.get(indicator__code=code, org=town, period="2022")
        assert prior.source == "derived"
        assert abs(prior.value * (1 + Decimal(growth) / 100) - Decimal(value)) < Decimal("0.01"), code
    assert not DataValue.objects.filter(indicator__code="tax_revenue", org=town, period="2023").exists()
    assert DataValue.objects.get(indicator__code="disputes_mediated", org=town, period="2023").value == 107


def test_import_never_overwrites_an_entered_prior_year(login, org):
    from zhenwu.indicators.baseline import cells_for
    from zhenwu.indicators.models import Indicator

    town = org("清河镇")
    ind = Indicator.objects.get(code="gross_output")
    cells, skipped = cells_for(None, town, 2023, [{"indicator": ind, "value": Decimal("18.14"), "unit": "亿元",
                                                  "growth": Decimal("9.8"), "text": "18.14亿元"}], "x")
    assert [c.period.code for c in cells] == ["2023"] and "已有填报值" in skipped[0]
