"""报告校对: a clerk pastes or uploads a report written elsewhere and gets its defects and figures."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

pytestmark = pytest.mark.django_db

REPORT = ("今年以来，全镇完成固定资产投资XX万元。\n"
          "共排查矛盾纠纷128宗，调结111宗，调结率90.13%。走访退役军人182人人。\n")


def test_pasted_text_lists_each_defect_with_its_place_and_the_working(login):
    response = login("qinghe").post("/reports/check/", {"text": REPORT})
    assert response.status_code == 200
    defects = response.context["result"]["defects"]
    assert [(d["where"], d["kind"]) for d in defects] == [
        ("1:16", "placeholder"), ("2:1", "arithmetic"), ("2:36", "duplicate_char")]
    html = response.content.decode()
    assert "数字未填写" in html and "111/128 = 86.72%" in html and "182人人" in html
    assert response.context["result"]["fact_count"] == 4  # 128宗 111宗 90.13% 182人


def test_new_kinds_are_labelled_and_explained_with_their_arithmetic(login):
    text = "党员986名，其中女党员251名，占29.6%。\n深入学习贯彻新时代中国特色社会主义思想。\n"
    response = login("qinghe").post("/reports/check/", {"text": text})
    result = response.context["result"]
    assert [(d["kind"], d["label"]) for d in result["defects"]] == [
        ("arithmetic", "占比与数量不符"), ("formula", "规范提法有误")]
    html = response.content.decode()
    assert "251名÷986名=25.46%，文中为29.6%" in html and 'id="defect-explained"' in html
    assert "部分÷总数应等于所写的比例" in html and "漏写“习近平”" in html


def test_an_uploaded_docx_is_read_and_nothing_is_saved(login):
    from zhenwu.core.models import AuditLog

    document = Document()
    document.add_paragraph("2023年全镇实现工农业总值18.14亿元，同比增长9.8%，其中工业XX亿元。")
    buffer = io.BytesIO()
    document.save(buffer)
    client = login("qinghe")  # logging in is itself logged; what follows must not be
    before = AuditLog.objects.count()
    upload = SimpleUploadedFile("去年总结.docx", buffer.getvalue())
    response = client.post("/reports/check/", {"file": upload})
    result = response.context["result"]
    assert result["name"] == "去年总结.docx"
    assert [d["kind"] for d in result["defects"]] == ["placeholder"]
    assert [(f["value"], f["unit"], f["label"]) for f in result["facts"]] == [(18.14, "亿元", "金额"), (9.8, "%", "增幅")]
    assert AuditLog.objects.count() == before


@pytest.mark.parametrize("data, message", [
    ({}, "请粘贴报告文字或选择一个文件"),
    ({"text": "   "}, "请粘贴报告文字或选择一个文件"),
    ({"file": ("坏文件.docx", b"PK\x03\x04 not really a zip")}, "docx"),
    ({"file": ("图片.png", b"\x89PNG\r\n")}, "不支持的文件类型"),
])
def test_bad_input_gets_one_chinese_message(login, data, message):
    if "file" in data:
        name, content = data["file"]
        data = {"file": SimpleUploadedFile(name, content)}
    response = login("qinghe").post("/reports/check/", data)
    assert response.status_code == 200
    assert response.context["result"] is None
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and message in errors[0]


def test_only_signed_in_users(client):
    response = client.get("/reports/check/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_menu_marks_the_check_page_not_the_report_list(login):
    html = login("qinghe").get("/reports/check/").content.decode()
    assert 'class="nav-link active" href="/reports/check/"' in html
    assert 'class="nav-link" href="/reports/"' in html


def test_changes_against_a_base_are_labelled_and_explained(login):
    text = "全年植树4200株，比上年的3500株增700株，增25%。\n"
    result = login("qinghe").post("/reports/check/", {"text": text}).context["result"]
    assert [(d["kind"], d["label"]) for d in result["defects"]] == [("arithmetic", "增幅与基数不符")]
    assert dict(result["explained"])["增幅与基数不符"].startswith("增幅=增减量÷基数")
