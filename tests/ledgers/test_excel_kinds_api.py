"""Excel import (all-or-nothing, line errors) and export (PII masking by role), the kind editor, the API."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhenwu.core.models import AuditLog
from zhenwu.core.pii import idcard_check_digit, validate_idcard
from zhenwu.ledgers.models import LedgerEntry, LedgerKind
from zhenwu.ledgers.packs import read_pack
from zhenwu.ledgers.schema import validate_definition

pytestmark = pytest.mark.django_db
GOOD_ID = "110105194912310021"[:17] + idcard_check_digit("11010519491231002")


def _filled_template(client, kind, rows):
    resp = client.get(reverse("ledger_entry_template", args=[kind]))
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.getvalue()))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    for row in rows:
        ws.append([row.get(h) for h in header])
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "台账.xlsx"
    buf.seek(0)
    return buf, header, wb


def test_template_has_dropdowns_and_required_columns(login):
    buf, header, wb = _filled_template(login("qinghe"), "social_assistance", [])
    assert header[:4] == ["单位", "事项", "发生日期", "责任人"] and "救助类别" in header and "发放金额（元）" in header
    ws = wb.worksheets[0]
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert len(formulas) >= 3  # 单位, 救助类别, 所在村
    options = wb["选项"]
    values = {c.value for col in options.iter_cols() for c in col}
    assert {"泉湖村", "低保", "五保"} <= values and "石岭村" not in values


def test_import_is_all_or_nothing_with_line_errors(login):
    client = login("qinghe")
    rows = [
        {"单位": "泉湖村", "事项": "王某低保申请", "发生日期": "2024-02-03", "救助类别": "低保", "户主（救助对象）": "王某",
         "保障人数（人）": 3, "身份证号": GOOD_ID, "发放金额（元）": 1800},
        {"单位": "石岭村", "事项": "越权的行", "发生日期": "2024-02-03", "救助类别": "低保", "户主（救助对象）": "李某",
         "保障人数（人）": 2},
        {"单位": "古城村", "事项": "", "发生日期": "2024-13-01", "救助类别": "救济粮", "户主（救助对象）": "赵某",
         "保障人数（人）": "三", "身份证号": "110105194912310022"},
    ]
    buf, _, _ = _filled_template(client, "social_assistance", rows)
    before = (LedgerEntry.objects.count(), AuditLog.objects.count())
    resp = client.post(reverse("ledger_entry_import", args=["social_assistance"]), {"file": buf})
    errors = resp.context["errors"]
    assert resp.status_code == 200 and len(errors) == 2
    assert errors[0].startswith("第 3 行：") and "石岭村" in errors[0] and "不在您可填报的范围内" in errors[0]
    assert errors[1].startswith("第 4 行：")
    for text in ("事项：此字段不能为空", "发生日期", "救助类别", "保障人数", "校验位不正确"):
        assert text in errors[1]
    assert (LedgerEntry.objects.count(), AuditLog.objects.count()) == before

    buf, _, _ = _filled_template(client, "social_assistance", [rows[0], {**rows[0], "事项": "刘某低保申请"}])
    resp = client.post(reverse("ledger_entry_import", args=["social_assistance"]), {"file": buf})
    assert resp.status_code == 302
    imported = LedgerEntry.objects.filter(title__in=["王某低保申请", "刘某低保申请"])
    assert imported.count() == 2
    assert imported.first().data == {"aid_type": "低保", "head": "王某", "id_number": GOOD_ID, "members": 3,
                                     "amount": "1800"}
    assert AuditLog.objects.count() == before[1] + 2


def test_import_rejects_a_file_that_is_not_a_workbook(login):
    buf = io.BytesIO(b"PK not really")
    buf.name = "x.xlsx"
    resp = login("qinghe").post(reverse("ledger_entry_import", args=["dispute"]), {"file": buf})
    assert "文件无法读取" in resp.context["errors"][0]


def _export(client, **params):
    resp = client.get(reverse("ledger_entry_export"), params)
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.getvalue())).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_export_masks_pii_unless_the_role_may_see_it(login):
    header, rows = _export(login("chengguan"), kind="petition", period="2023")
    col = header.index("身份证号")
    assert len(rows) == 24 and all(len(r[col]) == 18 and "*" not in r[col] for r in rows)
    validate_idcard(rows[0][col])
    header, rows = _export(login("leader"), kind="petition", period="2023")
    assert len(rows) == 24 and all("********" in r[col] for r in rows)
    phone = header.index("联系电话")
    assert all("****" in r[phone] for r in rows)


def test_export_follows_the_filters(login):
    _, rows = _export(login("shiling"), kind="dispute", period="2023", status="unresolved")
    assert len(rows) == 3 and {r[5] for r in rows} == {"未化解"}


def test_pack_kinds_are_valid_and_cover_the_corpus():
    kinds = read_pack()
    assert all(validate_definition(k) == [] for k in kinds)
    names = {k["name"] for k in kinds}
    assert {"安全隐患", "矛盾纠纷", "信访件", "12345工单", "网格事件", "巡河记录", "巡林记录", "防返贫监测户", "社会救助对象",
            "扶贫资产", "耕地流出图斑", "党建活动", "纪检案件", "应急演练", "征兵"} <= names


def test_definition_errors_are_listed_in_chinese():
    bad = {"code": "X", "name": "", "fields": [{"key": "a", "label": "甲", "type": "choice"}, {"key": "a", "type": "nope"}],
           "workflow": {"initial": "z", "states": [{"code": "s", "label": "S", "terminal": True, "color": "pink"}],
                        "transitions": [{"from": "s", "to": "s", "roles": ["boss"]}]},
           "report": {"sums": [{"key": "k", "label": "合计", "field": "a"}]}}
    errors = "\n".join(validate_definition(bad))
    for text in ("代码 code", "名称 name", "options", "key“a”重复", "类型“nope”无效", "颜色", "初始状态", "终态",
                 "角色 roles", "不是数值字段"):
        assert text in errors


def test_admin_edits_a_kind_in_the_ui(login):
    url = reverse("ledger_kind_add")
    assert login("qinghe").get(url).status_code == 403
    client = login("admin")
    definition = """
fields:
- {key: place, label: 地点, type: text, required: true}
- {key: count, label: 数量, type: integer, unit: 个}
workflow:
  initial: open
  states:
  - {code: open, label: 登记, color: secondary}
  - {code: done, label: 完成, color: success, terminal: true}
  transitions:
  - {from: open, to: done, label: 完成, roles: [village, town_admin], note: true}
deadline: {days: 10}
report:
  counts: [{key: all, label: 登记, unit: 件}]
  sums: [{key: count, label: 数量, field: count}]
"""
    form = {"code": "garbage_point", "name": "垃圾收集点", "order": 200, "active": "on", "definition": definition}
    resp = client.post(url, {**form, "definition": definition.replace("type: integer", "type: number")})
    assert resp.status_code == 200 and "类型“number”无效" in resp.content.decode()
    assert not LedgerKind.objects.filter(code="garbage_point").exists()
    resp = client.post(url, {**form, "definition": "fields: [unclosed"})
    assert "YAML 格式错误" in resp.content.decode()
    assert client.post(url, form).status_code == 302
    kind = LedgerKind.objects.get(code="garbage_point")
    assert kind.deadline == {"days": 10} and AuditLog.objects.filter(object_id=str(kind.pk)).exists()
    # a clerk can use it at once
    village = login("qinghe-cun")
    resp = village.post(reverse("ledger_entry_create", args=["garbage_point"]),
                        {"org": village.get("/").wsgi_request.org.pk, "title": "村口垃圾点", "occurred_on": "2024-01-02",
                         "place": "村口", "count": "2"})
    assert resp.status_code == 302
    # a state still used by entries cannot be removed
    client = login("admin")
    edit = reverse("ledger_kind_edit", args=[kind.pk])
    resp = client.post(edit, {**form, "definition": definition.replace("code: open, label: 登记", "code: new, label: 新")
                              .replace("initial: open", "initial: new").replace("from: open", "from: new")})
    assert "仍有台账记录使用" in resp.content.decode()


def test_api_entries_stats_and_conflict(login, org, make_entry):
    client = login("shiling")
    query = {"kind": "poverty_monitor", "org": org("石岭镇").code, "period": "2023"}
    body = client.get("/api/ledgers/stats", {**query, "as_of": "2023-12-31"}).json()  # as the 2023 report says
    assert body["figures"]["households"]["value"] == 125
    assert body["figures"]["eliminate_rate"]["text"] == "79.43%"
    now = client.get("/api/ledgers/stats", query).json()  # the households still helped then were lifted since
    assert now["figures"]["households"]["value"] == 125 and now["figures"]["eliminate_rate"]["text"] == "100%"
    assert client.get("/api/ledgers/stats", {**query, "as_of": "2023-13-01"}).status_code in (400, 422)
    assert client.get("/api/ledgers/stats", {"kind": "dispute", "org": org("清河镇").code}).status_code == 404
    resp = client.get("/api/ledgers/entries", {"kind": "conscription", "period": "2023", "status": "enlisted"})
    assert [e["status_label"] for e in resp.json()] == ["批准入伍"]
    assert client.get("/api/ledgers/entries", {"period": "2023Q9"}).status_code == 400
    # a read-only leader sees ID numbers masked
    ids = [e["data"].get("id_number") for e in login("leader").get(
        "/api/ledgers/entries", {"kind": "poverty_monitor"}).json()]
    assert ids and all("********" in i for i in ids if i)
    client = login("shiling")
    payload = {"kind": "safety_hazard", "org_code": org("石岭村").code, "title": "API登记的隐患", "occurred_on": "2024-04-01",
               "data": {"place": "石岭小学", "severity": "重大隐患"}}
    resp = client.post("/api/ledgers/entries", json.dumps(payload), content_type="application/json")
    assert resp.status_code == 201 and resp.json()["deadline"] == "2024-04-08"
    bad = {**payload, "data": {"place": "x", "severity": "特大"}}
    resp = client.post("/api/ledgers/entries", json.dumps(bad), content_type="application/json")
    assert resp.status_code == 400 and "隐患等级" in resp.json()["detail"]
    entry_id = resp_id = client.get("/api/ledgers/entries", {"q": "API登记"}).json()[0]["id"]
    move = {"to": "rectifying", "note": "", "version": 1}
    url = f"/api/ledgers/entries/{entry_id}/transition"
    assert client.post(url, json.dumps(move), content_type="application/json").status_code == 200
    resp = client.post(url, json.dumps({**move, "to": "rectified", "note": "ok"}), content_type="application/json")
    assert resp.status_code == 409 and "已被他人修改" in resp.json()["detail"]
    assert resp_id == entry_id
