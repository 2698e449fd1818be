"""POST /api/reports/check: a file or text in, the same facts and defects as `zhenwu extract` / `zhenwu check`."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from zhenwu.textkit import extract, proofread

pytestmark = pytest.mark.django_db

TEXT = "党员986名，其中女党员251名，占29.6%。全镇完成固定资产投资XX万元。\n深入学习贯彻新时代中国特色社会主义思想。\n"


def test_text_gives_the_cli_records(login):
    r = login("qinghe").post("/api/reports/check", {"text": TEXT})
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["facts"] == [f.to_dict() for f in extract(TEXT)]
    assert data["defects"] == [d.to_dict() for d in proofread(TEXT)]
    kinds = [(d["kind"], d.get("family")) for d in data["defects"]]
    assert ("arithmetic", "share") in kinds and ("formula", None) in kinds and ("placeholder", None) in kinds


def test_docx_upload_is_read_and_nothing_is_saved(login):
    from zhenwu.core.models import AuditLog

    document = Document()
    document.add_paragraph("开展培训12期，培训1044人次，期均97人次。")
    buffer = io.BytesIO()
    document.save(buffer)
    client = login("qinghe")
    before = AuditLog.objects.count()
    r = client.post("/api/reports/check", {"file": SimpleUploadedFile("总结.docx", buffer.getvalue())})
    assert r.status_code == 200, r.content
    assert [d["family"] for d in r.json()["defects"]] == ["average"]
    assert AuditLog.objects.count() == before


@pytest.mark.parametrize("files, data, status, words", [
    ({"file": SimpleUploadedFile("坏.docx", b"PK\x03\x04 not really a docx")}, {}, 400, "文件"),
    ({"file": SimpleUploadedFile("x.exe", b"MZ")}, {}, 400, ""),
    ({}, {"text": "   "}, 400, "请粘贴报告文字或选择一个文件"),
    ({}, {"text": "字" * 30_001}, 413, "不能超过 30,000 个字"),
])
def test_bad_input_is_one_chinese_line(login, files, data, status, words):
    r = login("qinghe").post("/api/reports/check", {**data, **files})
    assert r.status_code == status, r.content
    detail = r.json()["detail"]
    assert words in detail and any("\u4e00" <= c <= "\u9fff" for c in detail)


def test_too_large_file_is_413(login, settings):
    from zhenwu.core import forms

    big = SimpleUploadedFile("大.txt", b"a" * (forms.REPORT_UPLOAD_MAX_BYTES + 1))
    r = login("qinghe").post("/api/reports/check", {"file": big})
    assert r.status_code == 413 and "MB" in r.json()["detail"]


def test_anonymous_is_401(client):
    r = client.post("/api/reports/check", {"text": TEXT})
    assert r.status_code == 401 and "登录" in r.json()["detail"]


def test_openapi_documents_the_operation(login):
    spec = login("qinghe").get("/api/openapi.json").json()
    op = spec["paths"]["/api/reports/check"]["post"]
    assert {"200", "400", "401", "413", "422"} <= set(op["responses"])
    assert op["responses"]["413"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    body = op["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert json.dumps(body)  # file and text fields are described


def test_new_relations_come_with_their_family_and_arithmetic(login):
    text = "参加失业保险7920人，完成年度目标任务7900人的110.25%。全年受理纠纷312件，较去年同期的260件，增加62件。"
    defects = login("qinghe").post("/api/reports/check", {"text": text}).json()["defects"]
    assert [(d["family"], d["message"]) for d in defects] == [
        ("completion", "7920人÷7900人=100.25%，文中为110.25%"), ("difference", "312件−260件=52件，文中为62件")]
    assert all(text[d["start"]:d["end"]] == d["text"] for d in defects)


def test_openapi_names_the_kinds_and_families(login):
    op = login("qinghe").get("/api/openapi.json").json()["paths"]["/api/reports/check"]["post"]
    assert "family" in op["description"] and "growth 增幅" in op["description"]
