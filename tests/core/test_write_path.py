"""One write path per app: nothing but the apps' `actions` modules (and the models themselves) saves a record, and
the same bad value gets the same Chinese message on every path, with nothing saved."""

import ast
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from zhenwu.core.models import AuditLog
from zhenwu.ledgers.models import LedgerEntry

SRC = Path(__file__).resolve().parents[2] / "src" / "zhenwu"
WRITES = {"save", "delete", "bulk_create", "bulk_update", "create", "get_or_create", "update_or_create", "update",
          "create_many", "update_many", "create_user"}
# Receivers whose save() is not a record's: a workbook, a Word document, stored files, the session.
NOT_RECORDS = ("wb", "default_storage", "build_document(", "build_official_document(", "request.session")
# Demo accounts share one password hash (hashing each would cost 0.3 s × 35); the account is auth's, its
# role goes through the write path.
ALLOWED = {("core/demo.py", "User.objects.get_or_create")}
# Derived tables, not records: the kept indicator figures are computed from the values and forgotten when the
# actions write them (`indicators.figures`, called from `indicators.actions`); nobody edits them.
DERIVED = {"indicators/figures.py"}


def _writes(path: Path, rel: str):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES):
            continue
        receiver = ast.unparse(node.func.value)
        call = ast.unparse(node.func)
        if (rel, call) in ALLOWED or receiver.startswith(NOT_RECORDS):
            continue
        if node.func.attr in ("save", "delete") or "objects" in receiver or "manager" in receiver \
                or node.func.attr in ("create_many", "update_many", "bulk_create", "bulk_update", "create_user"):
            yield f"{rel}:{node.lineno} {call}(…)"


def test_only_actions_write_records():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("textkit/") or "/migrations/" in rel or rel == "core/audit.py" \
                or rel.endswith(("/actions.py", "/models.py")) or rel in DERIVED:
            continue
        found += list(_writes(path, rel))
    assert not found, "records written outside an app's actions module:\n" + "\n".join(found)


LONG = "隐" * 250
LIMIT = "事项：不能超过 200 个字（现有 250 个）。"


def _counts():
    return LedgerEntry.objects.count(), AuditLog.objects.count()


@pytest.mark.django_db
def test_a_250_character_title_is_refused_the_same_way_on_every_path(login, org):
    village = org("泉湖村")
    client = login("qinghe")
    before = _counts()
    # the page
    resp = client.post("/ledgers/new/safety_hazard/", {
        "org": village.pk, "title": LONG, "occurred_on": "2024-05-06", "place": "加油站", "severity": "一般隐患",
        "source": "自查"})
    assert resp.status_code == 200 and LIMIT in resp.content.decode()
    # the API
    resp = client.post("/api/ledgers/entries", {
        "kind": "safety_hazard", "org_code": village.code, "title": LONG, "occurred_on": "2024-05-06",
        "data": {"place": "加油站", "severity": "一般隐患", "source": "自查"}}, content_type="application/json")
    assert resp.status_code == 400 and LIMIT in resp.json()["detail"]
    # the Excel import
    wb = load_workbook(io.BytesIO(client.get("/ledgers/import/safety_hazard/template.xlsx").getvalue()))
    header = [c.value for c in wb.active[1]]
    row = {"单位": "泉湖村", "事项": LONG, "发生日期": "2024-05-06"}
    row |= {h: v for h in header for k, v in (("地点", "泉湖加油站"), ("等级", "一般隐患"), ("来源", "自查")) if k in h}
    wb.active.append([row.get(h) for h in header])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "隐患.xlsx"
    resp = client.post("/ledgers/import/safety_hazard/", {"file": buf})
    assert resp.status_code == 200 and any(LIMIT in e for e in resp.context["errors"]), resp.context["errors"]
    assert _counts() == before


@pytest.mark.django_db
def test_implausible_dates_are_refused_on_every_path(login, org):
    village = org("泉湖村")
    client = login("qinghe")
    before = _counts()
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    for occurred, deadline, message in ((future, "", "发生日期不能晚于今天"), ("0001-01-01", "", "日期应在 2000-01-01"),
                                        ("2024-05-06", "2999-12-31", "日期应在"),
                                        ("2024-05-06", "2024-05-01", "期限不能早于发生日期")):
        payload = {"kind": "safety_hazard", "org_code": village.code, "title": "测试", "occurred_on": occurred,
                   "data": {"place": "加油站", "severity": "一般隐患", "source": "自查"}}
        if deadline:
            payload["deadline"] = deadline
        resp = client.post("/api/ledgers/entries", payload, content_type="application/json")
        assert resp.status_code == 400 and message in resp.json()["detail"], (occurred, deadline, resp.content)
        page = client.post("/ledgers/new/safety_hazard/", {
            "org": village.pk, "title": "测试", "occurred_on": occurred, "deadline": deadline, "place": "加油站",
            "severity": "一般隐患", "source": "自查"})
        assert message in page.content.decode()
    assert _counts() == before
