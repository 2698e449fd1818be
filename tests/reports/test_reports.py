import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from zhenwu.cli import main
from zhenwu.core.periods import Period
from zhenwu.reports import actions, services, writer
from zhenwu.reports.builders import BuildContext, build_facts
from zhenwu.reports.models import Outline

pytestmark = pytest.mark.django_db


@pytest.fixture
def annual(org):
    return actions.get_or_create_report(None, org("清河镇"), services.outline_for("annual"), "2023")[0]


def test_sections_cover_every_area_of_seed_000(annual):
    titles = [s.title for s in services.visible_sections(annual)]
    for expected in ["2023年主要经济指标完成情况", "2023年重要工作开展情况", "党建工作全面加强", "经济发展全面提速",
                     "安全生产全面保障", "平安建设扎实推进", "生态环境全面提升", "民生福祉全面改善",
                     "2023年重大项目建设情况", "2024年重点工作谋划"]:
        assert expected in titles


def test_figures_carry_their_source(annual):
    section = annual.sections.get(key="indicators")
    fig = section.figures[0]
    assert fig["source"] == {"type": "indicator", "code": "gross_output", "name": "工农业总值",
                             "org": "990102101", "org_name": "清河镇", "period": "2023"}
    assert fig["text"] == "18.14亿元" and fig["query"].startswith("SELECT") and fig["records"]
    assert any(f["metric"] == "yoy" and "÷" in f["computation"] for f in section.figures)


def test_nothing_is_said_without_data(org):
    ctx = BuildContext(org("清河镇"), Period.parse("1999"))
    result = build_facts(ctx, {"items": [{"indicator": "gross_output", "text": "完成工农业总值{value}[，{yoy}]"}]})
    assert result.paragraphs == [] and result.figures == []
    ctx = BuildContext(org("清河镇"), Period.parse("2023"))
    result = build_facts(ctx, {"items": [{"indicator": "gross_output", "sources": {"b": {"indicator": "no_such_code"}},
                                          "text": "完成工农业总值{value}[，其中{b.value}]"}]})
    assert result.paragraphs == ["完成工农业总值18.14亿元。"]


def test_regenerating_one_section_keeps_the_edits_of_the_others(annual):
    party = annual.sections.get(key="party")
    actions.save_section_text(None, party, party.body + "\n镇党委书记讲党课1次。", "亮点：村湾党支部全覆盖。")
    safety = annual.sections.get(key="safety")
    actions.save_section_text(None, safety, "改掉的文字", "安全亮点")
    actions.regenerate_section(None, safety)
    party.refresh_from_db()
    safety.refresh_from_db()
    assert party.edited and "讲党课1次" in party.body and party.narrative == "亮点：村湾党支部全覆盖。"
    assert not safety.edited and safety.body == safety.generated_body and safety.narrative == "安全亮点"
    actions.generate(None, annual, only_unedited=True)
    party.refresh_from_db()
    assert "讲党课1次" in party.body


def test_docx_layout_gbt_9704(annual):
    doc = Document(io.BytesIO(writer.docx_bytes(annual)))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [37, 35, 28, 26]
    assert doc.settings.odd_and_even_pages_header_footer
    title = doc.paragraphs[0]
    assert title.text == "清河镇2023年工作总结及2024年工作安排"
    assert title.runs[0].font.size == Pt(22)
    assert title.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    h2 = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert h2.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"
    body = next(p for p in doc.paragraphs if p.text.startswith("全镇完成工农业总值"))
    run = body.runs[0]
    fonts = run._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) == "仿宋_GB2312"
    assert run.font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert body.paragraph_format.first_line_indent == Pt(32)
    spacing = run._r.rPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:val")) == "-5"
    assert list(run._r.rPr).index(spacing) < list(run._r.rPr).index(run._r.rPr.find(qn("w:sz")))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    for footer, align in ((sec.footer, "right"), (sec.even_page_footer, "left")):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and footer.paragraphs[0].text.startswith("— ")
        assert footer.paragraphs[0].alignment.name.lower() == align
    assert doc.inline_shapes, "charts are embedded as pictures"
    assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", doc.paragraphs[-1].text)  # no leading zeros


def test_web_flow(login, annual, org):
    client = login("qinghe")
    assert "清河镇2023年工作总结" in client.get("/reports/").content.decode()
    page = client.get(f"/reports/{annual.pk}/").content.decode()
    assert "校对：未发现问题" in page and "按最新数据重新生成本节" in page
    preview = client.get(f"/reports/{annual.pk}/preview/").content.decode()
    assert 'class="zw-figure"' in preview and "gross_output" in preview
    r = client.get(f"/reports/{annual.pk}/docx/")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert client.get(f"/reports/{annual.pk}/s/indicators/chart.png").content[:4] == b"\x89PNG"
    r = client.post(f"/reports/{annual.pk}/s/problems/save/", {"body": "", "narrative": "招商引资优势不强。"})
    assert r.status_code == 302 and annual.sections.get(key="problems").narrative == "招商引资优势不强。"
    r = client.post("/reports/", {"outline": Outline.objects.get(code="township-annual").pk, "period": "2023年"})
    assert "无效的期间" in r.content.decode()


def test_pdf_without_libreoffice_says_so(login, annual, monkeypatch):
    monkeypatch.setattr(writer, "soffice", lambda: None)
    r = login("qinghe").get(f"/reports/{annual.pk}/pdf/", follow=True)
    assert "未安装 LibreOffice" in r.content.decode()


def test_scope(login, annual):
    assert login("shiling").get(f"/reports/{annual.pk}/").status_code == 404
    assert "清河镇2023年" not in login("shiling").get("/reports/").content.decode()
    assert login("leader").get(f"/reports/{annual.pk}/").status_code == 200
    assert login("leader").post(f"/reports/{annual.pk}/s/party/regenerate/").status_code == 403
    assert login("qinghe-cun").get(f"/reports/{annual.pk}/").status_code == 404


def test_outline_admin_reorders_renames_adds_and_drops(login):
    outline = Outline.objects.get(code="township-safety")
    sections = list(outline.sections.all())
    data = {"form-TOTAL_FORMS": len(sections) + 1, "form-INITIAL_FORMS": len(sections), "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000}
    for i, s in enumerate(sections):
        data.update({f"form-{i}-id": s.pk, f"form-{i}-order": 100 - i, f"form-{i}-level": s.level,
                     f"form-{i}-title": s.title + "（改）", f"form-{i}-builder": s.builder, f"form-{i}-enabled": "on"})
    data[f"form-{len(sections) - 1}-DELETE"] = "on"
    n = len(sections)
    data.update({f"form-{n}-order": 1, f"form-{n}-level": 1, f"form-{n}-title": "工作亮点", f"form-{n}-builder": "narrative",
                 f"form-{n}-enabled": "on"})
    assert login("qinghe").post(f"/reports/outlines/{outline.pk}/", data).status_code == 403
    r = login("admin").post(f"/reports/outlines/{outline.pk}/", data)
    assert r.status_code == 302
    titles = list(outline.sections.values_list("title", flat=True))
    assert titles[0] == "工作亮点" and len(titles) == n and all(t.endswith("（改）") for t in titles[1:])


def test_cli(tmp_path, capsys):
    out = tmp_path / "r.docx"
    assert main(["report", "--org", "清河镇", "--period", "2023", "--out", str(out)]) == 0
    assert Document(str(out)).paragraphs[0].text.startswith("清河镇2023年工作总结")
    assert main(["report", "--org", "无此镇", "--period", "2023", "--out", str(out)]) == 2
    assert "找不到单位" in capsys.readouterr().err
    assert main(["report", "--org", "清河镇", "--period", "2023X", "--out", str(out)]) == 2
    assert main(["report", "--org", "990102101", "--period", "2023", "--kind", "half", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "无效的期间" in err and "半年报告的期间" in err and err.count("\n") == 2
    assert main(["report", "--org", "清河镇", "--period", "2023H1", "--kind", "half", "--out", str(out)]) == 0


def test_half_year_and_safety_outlines_generate_clean_text(org):
    from zhenwu.textkit import proofread

    for kind, period in (("half", "2023H1"), ("safety", "2023")):
        report = actions.get_or_create_report(None, org("清河镇"), services.outline_for(kind), period)[0]
        assert report.sections.exists()
        for s in report.sections.all():
            assert proofread(s.text) == [], s.text


def test_api(login, annual):
    client = login("qinghe")
    data = client.get(f"/api/reports/{annual.pk}").json()
    assert data["sections"][0]["figures"][0]["text"] == "18.14亿元"
    r = client.put(f"/api/reports/{annual.pk}/sections/problems", {"body": "", "narrative": "基础设施有待完善。"},
                   content_type="application/json")
    assert r.status_code == 200 and r.json()["narrative"] == "基础设施有待完善。"
    assert login("shiling").get(f"/api/reports/{annual.pk}").status_code == 404


def test_one_rule_for_who_configures_packs(demo_user, login):
    """Report outlines, the indicator catalogue and ledger kinds: county administrators (and superusers) only,
    decided by core.roles.configures_packs, not by the length of an org code."""
    from django.contrib.auth.models import AnonymousUser

    from zhenwu.core.roles import configures_packs

    assert configures_packs(demo_user("admin"))
    for name in ("qinghe", "leader", "ducha", "qinghe-cun", "shiling-wg"):
        assert not configures_packs(demo_user(name)), name
    assert not configures_packs(AnonymousUser())
    outline = Outline.objects.get(code="township-annual")
    assert login("leader").get(f"/reports/outlines/{outline.pk}/").status_code == 403
    assert login("admin").get(f"/reports/outlines/{outline.pk}/").status_code == 200
    for url in ("/indicators/catalogue/add/", "/ledgers/kinds/new/"):
        resp = login("qinghe").get(url)
        assert resp.status_code == 403 and "只有县级管理员" in resp.content.decode(), url
