"""The bad-input campaign, kept: every request here once answered 500, froze the server or saved something it
should not. Each must now answer a Chinese 4xx (or, for the CLI, one Chinese line and exit code 2) and leave every
table and the audit log as they were. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from zhenwu.reports import actions as report_actions
from zhenwu.reports import services

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def chinese(text: str) -> bool:
    return bool(CHINESE.search(text))


@pytest.fixture
def report(org):
    return report_actions.get_or_create_report(None, org("清河镇"), services.outline_for("annual"), "2023")[0]


def _upload(data: bytes, name: str = "导入.xlsx"):
    buf = io.BytesIO(data)
    buf.name = name
    return buf


# -- bounded work: input caps -------------------------------------------------------------------------------

def test_proofreading_page_refuses_text_over_the_cap(login, state):
    client = login("shiling-wg")
    before = state()
    resp = client.post("/reports/check/", {"text": "X" * 30_001})
    assert resp.status_code == 200 and resp.context["result"] is None  # the form again, with the message
    assert "报告不能超过 30,000 个字" in resp.content.decode()
    assert state() == before


def test_report_section_over_the_cap_is_refused_on_the_page_and_the_api(login, report, state):
    client = login("qinghe")
    before = state()
    resp = client.put(f"/api/reports/{report.pk}/sections/problems", {"body": "x" * 100_000, "narrative": ""},
                      content_type="application/json")
    assert resp.status_code == 400 and "不能超过 20000 个字" in resp.json()["detail"]
    resp = client.post(f"/reports/{report.pk}/s/problems/save/", {"body": "x" * 100_000, "narrative": ""}, follow=True)
    assert "不能超过 20000 个字" in resp.content.decode()
    assert state() == before


def test_an_api_title_of_100000_characters_is_a_chinese_400(login, org, state):
    client = login("qinghe")
    before = state()
    resp = client.post("/api/ledgers/entries", {
        "kind": "safety_hazard", "org_code": org("泉湖村").code, "title": "隐" * 100_000, "occurred_on": "2024-05-06",
        "data": {"place": "加油站", "severity": "一般隐患", "source": "自查"}}, content_type="application/json")
    assert resp.status_code == 400 and "事项：不能超过 200 个字" in resp.json()["detail"]
    assert state() == before


# -- control characters: stripped on every path, so every download keeps working ------------------------------

def test_control_characters_never_reach_a_download(login, org, report):
    client = login("qinghe")
    resp = client.post("/api/ledgers/entries", {
        "kind": "safety_hazard", "org_code": org("泉湖村").code, "title": "隐患\x01\x00排查", "occurred_on": "2024-05-06",
        "data": {"place": "加油\x00站\x01", "severity": "一般隐患", "source": "自查"}}, content_type="application/json")
    assert resp.status_code == 201, resp.content
    assert resp.json()["title"] == "隐患排查" and resp.json()["data"]["place"] == "加油站"
    resp = client.put(f"/api/reports/{report.pk}/sections/problems", {"body": "问题\x01一\x00", "narrative": "补\x0b充"},
                      content_type="application/json")
    assert resp.status_code == 200 and resp.json()["body"] == "问题一" and resp.json()["narrative"] == "补充"
    client.post(f"/reports/{report.pk}/s/work/save/", {"body": "工作\x01\x02", "narrative": ""})
    assert client.get(f"/reports/{report.pk}/docx/").status_code == 200
    assert client.get(f"/api/reports/{report.pk}/docx").status_code == 200
    export = client.get("/ledgers/entries/export.xlsx?kind=safety_hazard")
    assert export.status_code == 200
    titles = [c.value for c in load_workbook(io.BytesIO(export.getvalue())).active["B"]]
    assert "隐患排查" in titles


# -- parameters that once were 500s ------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/ledgers/entries/?org=abc", "/ledgers/entries/export.xlsx?org=abc",
                                 "/ledgers/entries/?org=12a9", "/indicators/charts/?year=abc"])
def test_bad_query_parameters_on_pages_are_not_server_errors(login, url):
    resp = login("qinghe").get(url)
    assert resp.status_code < 500


def test_bad_parameters_on_the_api_are_chinese_4xx(login):
    client = login("qinghe")
    resp = client.get("/api/ledgers/entries?org=abc")
    assert resp.status_code == 200 and resp.json() == []
    resp = client.get("/api/ledgers/entries?offset=-1")
    assert resp.status_code == 422 and "查询参数 offset：不能小于 0" in resp.json()["detail"]
    resp = client.get("/api/plans/projects?year=abc")
    assert resp.status_code == 422 and chinese(resp.json()["detail"])
    resp = client.get("/api/plans/projects?year=99999999999999999999999")
    assert resp.status_code == 422 and chinese(resp.json()["detail"])
    resp = client.post("/api/ledgers/entries", "{not json", content_type="application/json")
    assert resp.status_code in (400, 422) and chinese(resp.json()["detail"])


def test_charts_year_out_of_range_is_a_chinese_400(login):
    resp = login("qinghe").get("/indicators/charts/?year=99999")
    assert resp.status_code == 400 and "年度应在 2000–2099 之间" in resp.content.decode()
    resp = login("qinghe").get("/indicators/charts/data/?year=99999")
    assert resp.status_code == 400


def test_baseline_save_with_a_year_that_is_not_a_number(login, org, state):
    client = login("qinghe")
    before = state()
    resp = client.post("/indicators/import/save/", {"org": org("清河镇").pk, "year": "abc"})
    assert resp.status_code == 400 and "年度应为整数" in resp.content.decode()
    resp = client.post("/indicators/import/save/", {"org": "abc", "year": "2023"})
    assert resp.status_code == 404
    assert state() == before


def test_period_2023q5_on_the_lock_page(login, state):
    client = login("qinghe")
    before = state()
    resp = client.post("/indicators/lock/", {"period": "2023Q5"}, follow=True)
    assert resp.status_code == 200 and "季度只能是 Q1–Q4" in resp.content.decode()
    assert state() == before


@pytest.mark.parametrize("nxt", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_next_never_leaves_the_site(login, org, nxt):
    client = login("qinghe")
    resp = client.post("/org/switch/", {"org": org("清河镇").pk, "next": nxt})
    assert resp.status_code == 302 and not resp["Location"].startswith(("http", "//", "javascript"))
    resp = client.post("/indicators/lock/", {"period": "2023Q5", "next": nxt})
    assert resp.status_code == 302 and not resp["Location"].startswith(("http", "//", "javascript"))


# -- uploads -------------------------------------------------------------------------------------------------------

def _ledger_import(client, data):
    return client.post("/ledgers/import/safety_hazard/", {"file": _upload(data)})


def _indicator_import(client, data):
    return client.post("/indicators/excel/upload/", {"file": _upload(data)})


@pytest.mark.parametrize("importer", [_ledger_import, _indicator_import])
def test_malformed_sheet_xml_is_one_chinese_message(login, state, make_xlsx, importer):
    client = login("qinghe")
    before = state()
    broken = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ORG</t></is></c></row><row r="2"><c'
    resp = importer(client, make_xlsx(broken))
    assert resp.status_code in (200, 400) and ("损坏" in resp.content.decode() or "无法读取" in resp.content.decode())
    assert state() == before


@pytest.mark.parametrize("importer", [_ledger_import, _indicator_import])
def test_billion_laughs_is_refused(login, state, make_xlsx, importer):
    client = login("qinghe")
    before = state()
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
           b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
           b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           b'<c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>')
    resp = importer(client, make_xlsx(lol))
    assert resp.status_code in (200, 400) and "DTD" in resp.content.decode()
    assert state() == before


@pytest.mark.parametrize("importer", [_ledger_import, _indicator_import])
def test_decompression_bomb_is_refused_before_parsing(login, state, make_xlsx, importer):
    client = login("qinghe")
    before = state()
    bomb = make_xlsx(stream_rows=400_000)  # about 3 MB packed (under the upload cap), 64 MB unpacked
    assert len(bomb) < 10 * 1024 * 1024
    resp = importer(client, bomb)
    body = resp.content.decode()
    assert resp.status_code in (200, 400) and "解压后" in body and len(body) < 100_000
    assert state() == before


def test_ledger_import_stops_reading_at_the_row_cap(login, state):
    client = login("qinghe")
    wb = load_workbook(io.BytesIO(client.get("/ledgers/import/safety_hazard/template.xlsx").getvalue()))
    header = [c.value for c in wb.active[1]]
    row = ["泉湖村", "测试", "2024-05-06"] + [None] * (len(header) - 3)
    for _ in range(6_000):
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    before = state()
    resp = _ledger_import(client, buf.getvalue())
    assert "一次最多导入 5,000 行" in resp.content.decode()
    assert state() == before


def test_a_20000_by_20000_png_is_refused_as_a_photo(login, org, state, make_png):
    client = login("qinghe")
    png = make_png(20_000, 20_000)
    assert len(png) < 100_000
    before = state()
    photo = io.BytesIO(png)
    photo.name = "现场.png"
    resp = client.post("/ledgers/new/safety_hazard/", {
        "org": org("泉湖村").pk, "title": "测试", "occurred_on": "2024-05-06", "place": "加油站",
        "severity": "一般隐患", "source": "自查", "photo": photo})
    assert resp.status_code == 200 and "照片像素过大" in resp.content.decode()
    assert state() == before


def test_exported_cells_never_start_a_formula(login, org):
    client = login("qinghe")
    for title in ('=HYPERLINK("http://evil.example","点我")', "+1+2", "-2+3", "@SUM(A1)"):
        resp = client.post("/api/ledgers/entries", {
            "kind": "safety_hazard", "org_code": org("泉湖村").code, "title": title, "occurred_on": "2024-05-06",
            "data": {"place": title, "severity": "一般隐患", "source": "自查"}}, content_type="application/json")
        assert resp.status_code == 201
    export = client.get("/ledgers/entries/export.xlsx?kind=safety_hazard")
    ws = load_workbook(io.BytesIO(export.getvalue())).active
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@")), cell.value


# -- plausible values, declared once on the models -----------------------------------------------------------------

def test_plans_refuse_implausible_dates_and_numbers(org):
    from django.core.exceptions import ValidationError

    from zhenwu.core import actions
    from zhenwu.plans.models import Project, Task

    town = org("清河镇")
    cases = [
        (Project(org=town, year=2024, name="测试", end=__import__("datetime").date(2999, 12, 31)), "日期应在"),
        (Project(org=town, year=2024, name="测试", start=__import__("datetime").date(1, 1, 1)), "日期应在"),
        (Project(org=town, year=2024, name="测试", start=__import__("datetime").date(2024, 5, 1),
                 end=__import__("datetime").date(2024, 4, 1)), "不能早于开工日期"),
        (Project(org=town, year=99999, name="测试"), "年度应在"),
        (Project(org=town, year=2024, name="测试", planned_investment=10 ** 30), "位"),
        (Task(org=town, year=2024, title="测试", deadline=__import__("datetime").date(2023, 1, 1)), "完成时限不能早于"),
        (Task(org=town, year=2024, title="测试", score=__import__("decimal").Decimal("12.345")), "小数不能超过 1 位"),
    ]
    for record, message in cases:
        with pytest.raises(ValidationError) as exc:
            actions.save(None, record)
        assert any(message in m for m in exc.value.messages), (record, exc.value.messages)


# -- the command line -----------------------------------------------------------------------------------------------

def test_cli_errors_are_one_chinese_line_and_exit_2(capsys):
    from zhenwu.cli import main

    for argv in (["serve", "--threads", "0"], ["serve", "--port", "abc"],
                 ["createadmin", "--username", "u" * 1000, "--password", "zhenwu-pass-123"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and err.startswith("错误：") and chinese(err[3:]), err
        assert not re.match(r"错误：[A-Za-z]", err), err


def test_an_api_query_parameter_given_twice_is_refused(login):
    resp = login("shiling").get("/api/plans/orders?state=pending&state=closed")
    assert resp.status_code == 422 and "只能给一个值" in resp.json()["detail"]
    assert login("shiling").get("/api/plans/orders?state=pending").status_code == 200
