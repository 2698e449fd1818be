"""党员积分 by branch from Excel, through the same import as households: the template, 身份证号 and phone checked,
sealed and masked, every bad row named in Chinese with nothing saved, malformed files refused, a background job
with progress."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from zhenwu.assess.excel import MEMBERS
from zhenwu.assess.models import PartyMember
from zhenwu.core.models import AuditLog, Job, OrgUnit
from zhenwu.core.pii import idcard_check_digit

pytestmark = pytest.mark.django_db

GOOD_ID = "42011119850312004" + idcard_check_digit("42011119850312004")


def _sheet(rows, columns=MEMBERS.columns) -> io.BytesIO:
    wb = Workbook()
    wb.active.append(list(columns))
    for row in rows:
        wb.active.append([row.get(c) for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "党员.xlsx"
    return buf


def _communities(org):
    return list(OrgUnit.objects.filter(parent=org("城关街道")).order_by("code").values_list("name", flat=True))


def test_the_template_lists_the_columns_and_the_units_to_fill(login, org):
    resp = login("chengguan").get("/assess/members/import/template.xlsx")
    wb = load_workbook(io.BytesIO(resp.getvalue()))
    assert [c.value for c in wb.worksheets[0][1]] == list(MEMBERS.columns)
    units = [r[0].value for r in wb.worksheets[1].iter_rows()]
    assert set(_communities(org)) <= set(units) and "清河镇" not in units
    page = login("chengguan").get("/assess/members/").content.decode()
    assert "/assess/members/import/" in page


def test_every_bad_row_is_named_and_nothing_is_saved(login, org):
    client = login("chengguan")
    a, b = _communities(org)[:2]
    rows = [{"单位": a, "姓名": "刘一", "类别": "在职党员", "身份证号": GOOD_ID, "联系电话": "13911112222"},
            {"单位": "泉湖村", "姓名": "陈二"},  # another town's village
            {"单位": b, "姓名": "张三", "身份证号": "420111198503120041"},  # wrong check digit
            {"单位": b, "姓名": "李四", "联系电话": "1391111"},  # not a phone number
            {"单位": b, "姓名": "", "类别": "社区党员"}]  # no name
    before = (PartyMember.objects.count(), AuditLog.objects.exclude(action=AuditLog.LOGIN).count())
    resp = client.post("/assess/members/import/", {"file": _sheet(rows)})
    errors = resp.context["errors"]
    assert any(e.startswith("第 3 行") and "泉湖村" in e for e in errors)
    assert any(e.startswith("第 4 行") and "身份证号" in e for e in errors)
    assert any(e.startswith("第 5 行") and "联系电话" in e for e in errors)
    assert any(e.startswith("第 6 行") and "姓名" in e for e in errors)
    assert not any(e.startswith("第 2 行") for e in errors)
    assert "未导入任何记录" in resp.content.decode()
    assert (PartyMember.objects.count(), AuditLog.objects.exclude(action=AuditLog.LOGIN).count()) == before


def test_good_rows_are_saved_sealed_and_masked_by_a_job(login, org):
    client = login("chengguan")
    a = _communities(org)[0]
    rows = [{"单位": a, "姓名": "刘一", "类别": "在职党员", "身份证号": GOOD_ID, "联系电话": "13911112222"},
            {"单位": a, "姓名": "王二", "类别": "两新组织党员"}]
    resp = client.post("/assess/members/import/", {"file": _sheet(rows)})
    assert resp.status_code == 302 and resp["Location"] == "/assess/members/"
    job = Job.objects.filter(kind="assess.import_members").latest("pk")
    assert job.status == job.DONE and job.percent == 100 and "已导入 2 名党员" in job.message
    m = PartyMember.objects.get(name="刘一")
    assert m.org.name == a and m.idcard == GOOD_ID and m.phone_masked == "139****2222"
    raw = str(PartyMember._meta.get_field("personal").get_prep_value(m.personal))
    assert GOOD_ID not in raw and "13911112222" not in raw
    page = client.get(f"/assess/members/{m.pk}/").content.decode()
    assert "139****2222" in page and "13911112222" not in page
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(PartyMember)
    assert AuditLog.objects.filter(content_type=ct, object_id=str(m.pk), action=AuditLog.CREATE).count() == 1


@pytest.mark.parametrize("content,message", [
    (b"not a spreadsheet", "文件无法读取"),
    ("households", "表头缺少“姓名”“类别”列：请使用党员导入模板填写"),
    ("empty", "文件中没有党员"),
])
def test_malformed_files_are_refused_in_chinese(login, org, content, message):
    from zhenwu.assess.excel import HOUSEHOLDS

    client = login("chengguan")
    if content == "households":  # the households' template sent to the members' import
        content = _sheet([{"单位": _communities(org)[0], "户主": "某某"}], HOUSEHOLDS.columns).getvalue()
    elif content == "empty":
        content = _sheet([]).getvalue()
    upload = io.BytesIO(content)
    upload.name = "党员.xlsx"
    before = PartyMember.objects.count()
    resp = client.post("/assess/members/import/", {"file": upload})
    assert resp.status_code == 200 and any(message in e for e in resp.context["errors"])
    assert PartyMember.objects.count() == before


def test_too_many_rows_are_refused_before_reading_them_all(login, org, monkeypatch):
    from zhenwu.assess import excel

    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    a = _communities(org)[0]
    resp = login("chengguan").post("/assess/members/import/",
                                   {"file": _sheet([{"单位": a, "姓名": f"党员{i}"} for i in range(5)])})
    assert any("一次最多导入 3 行" in e for e in resp.context["errors"])
    assert not PartyMember.objects.filter(name__startswith="党员").exists()


def test_a_reader_cannot_import(login):
    assert login("leader").get("/assess/members/import/").status_code == 403
