"""The outline editor: an administrator adds, drops, reorders and renames sections and picks builders and their
parameters from lists; an unknown builder or bad parameters are refused in Chinese and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from zhenwu.core.periods import Period
from zhenwu.reports import actions
from zhenwu.reports.builders import BuildContext, build
from zhenwu.reports.models import Outline, OutlineSection

pytestmark = pytest.mark.django_db


def formset_data(outline, extra=None, **changes):
    sections = list(outline.sections.all())
    data = {"form-TOTAL_FORMS": len(sections) + (1 if extra else 0), "form-INITIAL_FORMS": len(sections),
            "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000}
    for i, s in enumerate(sections):
        data.update({f"form-{i}-id": s.pk, f"form-{i}-order": s.order, f"form-{i}-level": s.level,
                     f"form-{i}-title": s.title, f"form-{i}-builder": s.builder, f"form-{i}-enabled": "on"})
        data.update({f"form-{i}-{k}": v for k, v in changes.get(s.key, {}).items()})
    if extra:
        n = len(sections)
        data.update({f"form-{n}-{k}": v for k, v in {"level": 1, "enabled": "on", **extra}.items()})
    return data


def test_a_breakdown_section_is_built_from_lists(login, org):
    outline = Outline.objects.get(code="township-safety")
    data = formset_data(outline, extra={"order": 5, "title": "平安建设活动", "builder": "breakdown",
                                        "ledger": "activity", "area": "平安建设"})
    r = login("admin").post(f"/reports/outlines/{outline.pk}/", data)
    assert r.status_code == 302
    section = outline.sections.get(title="平安建设活动")
    assert section.params["ledger"] == "activity" and section.params["filter"] == {"area": "平安建设"}
    assert section.params["by"] == ["activity_type", "unit"]
    result = build("breakdown", BuildContext(org("城关街道"), Period.parse("2023")), section.params)
    assert "开展毒品预防宣传活动134期" in result.body


def test_an_indicator_is_added_from_the_list(login):
    outline = Outline.objects.get(code="township-safety")
    key = outline.sections.filter(builder="facts").first().key
    before = len(outline.sections.get(key=key).params["items"])
    r = login("admin").post(f"/reports/outlines/{outline.pk}/",
                            formset_data(outline, **{key: {"indicator": "grain_output"}}))
    assert r.status_code == 302
    items = outline.sections.get(key=key).params["items"]
    assert len(items) == before + 1 and items[-1] == {"indicator": "grain_output", "text": "粮食产量{value}"}


def test_bad_input_saves_nothing(login):
    outline = Outline.objects.get(code="township-safety")
    snapshot = list(outline.sections.values_list("id", "order", "title", "builder", "params"))
    client = login("admin")
    key = outline.sections.first().key
    # an unknown builder, and a rename in the same post: neither is saved
    r = client.post(f"/reports/outlines/{outline.pk}/",
                    formset_data(outline, **{key: {"builder": "no_such_builder", "title": "改名"}}))
    assert r.status_code == 200 and "选择一个有效的选项" in r.content.decode()
    # a breakdown without a ledger to sum up
    r = client.post(f"/reports/outlines/{outline.pk}/",
                    formset_data(outline, extra={"order": 1, "title": "新章节", "builder": "breakdown"}))
    assert r.status_code == 200 and "请选择要汇总的台账" in r.content.decode()
    # an indicator for a section that is not a facts section
    narrative = outline.sections.filter(builder="narrative").first() or outline.sections.exclude(builder="facts").first()
    r = client.post(f"/reports/outlines/{outline.pk}/",
                    formset_data(outline, **{narrative.key: {"indicator": "grain_output", "title": "改名"}}))
    assert r.status_code == 200 and "只有“指标与台账数据”章节可以添加指标" in r.content.decode()
    assert list(outline.sections.values_list("id", "order", "title", "builder", "params")) == snapshot


def test_bad_parameters_are_refused_by_the_action(org):
    outline = Outline.objects.get(code="township-safety")
    count = outline.sections.count()
    good = OutlineSection(title="好章节", builder="narrative", order=1)
    bad = OutlineSection(title="坏章节", builder="facts", order=2,
                         params={"items": [{"indicator": "no_such_indicator", "text": "{value}"}]})
    with pytest.raises(ValidationError) as e:
        actions.save_outline_sections(None, outline, [good, bad], [])
    assert "未知的指标“no_such_indicator”" in str(e.value)
    bad.params = {"ledger": "activity"}
    bad.builder = "breakdown"
    with pytest.raises(ValidationError, match="需要选择台账类型和分组方式"):
        actions.save_outline_sections(None, outline, [bad], [])
    assert outline.sections.count() == count


def test_an_outline_is_created_for_a_unit_type_that_had_none(login, org):
    from zhenwu.reports import services

    Outline.objects.filter(audience="department").update(audience="finance", code="was-department")
    with pytest.raises(ValidationError, match="还没有“年度”报告提纲"):
        services.outline_for("annual", org("县民政局"))
    assert login("qinghe").post("/reports/outlines/", {"name": "x", "kind": "annual", "audience": "department"}).status_code == 403
    client = login("admin")
    r = client.post("/reports/outlines/", {"name": "县直部门年度总结", "kind": "annual", "audience": "department",
                                          "copy_from": Outline.objects.get(code="was-department").pk})
    assert r.status_code == 302
    outline = services.outline_for("annual", org("县民政局"))
    assert outline.name == "县直部门年度总结" and outline.sections.count() == Outline.objects.get(
        code="was-department").sections.count()
    r = client.post("/reports/outlines/", {"name": "", "kind": "annual", "audience": "nobody"})
    assert r.status_code == 200 and "这个字段是必填项" in r.content.decode()


def test_the_editor_pages_render(login):
    client = login("admin")
    assert "新建提纲" in client.get("/reports/outlines/").content.decode()
    outline = Outline.objects.get(code="township-annual")
    page = client.get(f"/reports/outlines/{outline.pk}/").content.decode()
    assert "汇总的台账" in page and "添加指标" in page and "活动开展" in page


def test_the_new_report_form_offers_the_units_own_outlines(login):
    page = login("caizheng").get("/reports/").content.decode()
    assert "县财政局年度工作总结" in page and "党建工作总结" in page
    assert "年度工作总结及下年工作计划" not in page and "县供销社年度工作总结" not in page
    r = login("caizheng").post("/reports/", {"outline": Outline.objects.get(code="township-annual").pk, "period": "2023"})
    assert r.status_code == 200 and "选择一个有效的选项" in r.content.decode()
    r = login("caizheng").post("/reports/", {"outline": Outline.objects.get(code="finance-annual").pk, "period": "2023"})
    assert r.status_code == 302
