"""The report as PDF through LibreOffice (headless): A4 pages, Chinese text that can be extracted; without
LibreOffice the report page says how to install it."""

import io
import re

import pytest

from zhenwu.reports import writer

pytestmark = pytest.mark.django_db

A4 = (595.3, 841.9)  # points


@pytest.fixture
def annual(org):
    from zhenwu.reports import actions, services

    report, _ = actions.get_or_create_report(None, org("清河镇"), services.outline_for("annual"), "2023")
    return report


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(writer.soffice() is None, reason="LibreOffice 未安装：scripts/test.sh 会安装 libreoffice-writer-nogui")
def test_report_pdf_is_a4_with_chinese_text(login, annual):
    from pypdf import PdfReader

    resp = login("qinghe").get(f"/reports/{annual.pk}/pdf/")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content[:5] == b"%PDF-"
    pdf = PdfReader(io.BytesIO(resp.content))
    assert len(pdf.pages) >= 2  # a whole year's report runs over several pages
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, (width, height)
    text = _flat("".join(page.extract_text() for page in pdf.pages))
    assert _flat(annual.title) in text
    body = next(s.body for s in annual.sections.order_by("order") if len(s.body) > 40)
    first_sentence = _flat(re.split(r"[。；]", body)[0])[:20]
    assert first_sentence and first_sentence in text
    assert "2023年12月31日" in text  # dated the end of its period


def test_without_libreoffice_the_page_says_how_to_install(login, annual, monkeypatch):
    monkeypatch.setattr(writer, "soffice", lambda: None)
    client = login("qinghe")
    page = client.get(f"/reports/{annual.pk}/").content.decode()
    assert "apt-get install libreoffice-writer-nogui" in page and 'id="pdf-link"' not in page
    resp = client.get(f"/reports/{annual.pk}/pdf/", follow=True)
    assert "未安装 LibreOffice" in resp.content.decode()
