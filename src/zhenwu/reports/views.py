from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from zhenwu.core import generic
from zhenwu.core.generic import history_url
from zhenwu.core.roles import configures_packs
from zhenwu.core.scope import CHANGE, VIEW, get_scoped_or_404, user_can

from . import actions, services, writer
from .charts import render_png
from .forms import (
    CheckReportForm,
    NewOutlineForm,
    NewReportForm,
    OutlineSectionFormSet,
    SectionTextForm,
)
from .models import Outline, Report, ReportSection
from .preview import annotate
from .tables import ReportTable

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"



@generic.org_required
def report_list(request):
    form = NewReportForm(request.POST or None, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            report, created = actions.get_or_create_report(request.user, request.org, form.cleaned_data["outline"],
                                                           form.cleaned_data["period"])
        except ValidationError as e:
            form.add_error("period", e)
        else:
            messages.success(request, f"已生成：{report.title}" if created else f"该报告已存在：{report.title}")
            return redirect(report)
    reports = Report.objects.visible_to(request.user, within=request.org).select_related("org", "outline")
    table = ReportTable(reports, request=request)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "reports/report_list.html", {"table": table, "form": form,
                                                         "can_edit_outlines": configures_packs(request.user)})


def _report(request, pk, action=VIEW):
    return get_scoped_or_404(Report.objects.all(), request.user, action, pk=pk)


@generic.org_required
def report_detail(request, pk):
    report = _report(request, pk)
    sections = []
    for s in report.sections.all():
        sections.append({"obj": s, "form": SectionTextForm(initial={"body": s.body, "narrative": s.narrative}),
                         "defects": services.proofread_section(s)})
    return render(request, "reports/report_detail.html", {
        "report": report, "sections": sections, "can_edit": user_can(request.user, CHANGE, report.org),
        "history_url": history_url(report), "pdf_available": writer.soffice() is not None,
    })


def _section(request, pk, key):
    report = _report(request, pk, CHANGE)
    return get_object_or_404(ReportSection, report=report, key=key)


@require_POST
@generic.org_required
def section_save(request, pk, key):
    section = _section(request, pk, key)
    form = SectionTextForm(request.POST)
    if form.is_valid():
        try:
            actions.save_section_text(request.user, section, form.cleaned_data["body"], form.cleaned_data["narrative"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages) + "（未保存）")
        else:
            messages.success(request, f"已保存：{section.title}")
    return redirect(f"{section.report.get_absolute_url()}#section-{key}")


@require_POST
@generic.org_required
def section_regenerate(request, pk, key):
    section = _section(request, pk, key)
    actions.regenerate_section(request.user, section)
    messages.success(request, f"已按最新数据重新生成：{section.title}（补充内容保留）")
    return redirect(f"{section.report.get_absolute_url()}#section-{key}")


@require_POST
@generic.org_required
def report_regenerate(request, pk):
    report = _report(request, pk, CHANGE)
    actions.sync_sections(request.user, report)
    actions.generate(request.user, report, only_unedited=True)
    messages.success(request, "已重新生成所有未人工修改的章节")
    return redirect(report)


@generic.org_required
def report_preview(request, pk):
    report = _report(request, pk)
    blocks = [{"number": n, "section": s, "paragraphs": annotate(s)} for n, s in services.numbered(report)]
    return render(request, "reports/report_preview.html", {"report": report, "blocks": blocks})


def _filename(report, ext):
    return f"{report.title}.{ext}"


@generic.org_required
def report_docx(request, pk):
    report = _report(request, pk)
    response = HttpResponse(writer.docx_bytes(report), content_type=DOCX)
    response["Content-Disposition"] = _disposition(_filename(report, "docx"))
    return response


@generic.org_required
def report_pdf(request, pk):
    report = _report(request, pk)
    try:
        data = writer.pdf_bytes(report)
    except writer.PdfUnavailable as e:
        messages.warning(request, str(e))
        return redirect(report)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = _disposition(_filename(report, "pdf"))
    return response


def _disposition(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=report; filename*=UTF-8''{quote(name)}"


@generic.org_required
def section_chart(request, pk, key):
    report = _report(request, pk)
    section = get_object_or_404(ReportSection, report=report, key=key)
    if not section.chart:
        raise PermissionDenied("该章节没有图表")
    return HttpResponse(render_png(section.chart), content_type="image/png")


@generic.org_required
def outline_list(request):
    can_edit = configures_packs(request.user)
    form = NewOutlineForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            outline = actions.create_outline(request.user, form.cleaned_data["name"], form.cleaned_data["kind"],
                                             form.cleaned_data["audience"], form.cleaned_data["copy_from"])
            messages.success(request, f"已新建提纲：{outline.name}")
            return redirect("outline_edit", pk=outline.pk)
    return render(request, "reports/outline_list.html", {"outlines": Outline.objects.prefetch_related("sections"),
                                                         "can_edit": can_edit, "form": form})


@generic.pack_admin_required
def outline_edit(request, pk):
    outline = get_object_or_404(Outline, pk=pk)
    formset = OutlineSectionFormSet(request.POST or None, queryset=outline.sections.all())
    if request.method == "POST" and formset.is_valid():
        changed = []
        for f in formset.forms:
            if f not in formset.deleted_forms and (f.has_changed() or f.instance.pk):
                changed.append(f.instance)
        try:
            actions.save_outline_sections(request.user, outline, changed, [f.instance for f in formset.deleted_forms])
        except ValidationError as e:
            formset._non_form_errors = formset.error_class(
                [f"未保存：{m}" for m in e.messages])
        else:
            messages.success(request, f"已保存提纲：{outline.name}（新建的报告按新提纲生成，已有报告可点“全部重新生成”补上新章节）")
            return redirect("outline_edit", pk=outline.pk)
    return render(request, "reports/outline_edit.html", {"outline": outline, "formset": formset})


FACTS_SHOWN = 2000  # a long report's facts table is cut here; the defects are always all shown


@generic.org_required
def report_check(request):
    """Proof-read a report written elsewhere (last year's, a village's draft): its defects and its figures."""
    from zhenwu.textkit import (
        DEFECT_LABELS,
        FACT_LABELS,
        extract,
        line_column,
        proofread,
    )

    form = CheckReportForm(request.POST, request.FILES) if request.method == "POST" else CheckReportForm()
    result = None
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["report_text"]
        facts = extract(text)
        locate = line_column(text)
        defects = [{"where": "%d:%d" % locate(d.start), "kind": d.kind, "label": DEFECT_LABELS.get(d.kind, d.kind),
                    "text": d.text, "message": d.message} for d in proofread(text, facts)]
        result = {
            "name": form.cleaned_data["file"].name if form.cleaned_data.get("file") else "粘贴的文字",
            "chars": len(text), "defects": defects, "fact_count": len(facts),
            "facts": [{"where": "%d:%d" % locate(f.start), "text": f.text, "subject": f.subject, "value": f.value,
                       "unit": f.unit, "label": FACT_LABELS[f.kind], "approx": f.approx} for f in facts[:FACTS_SHOWN]],
            "by_kind": Counter(d["label"] for d in defects).most_common(),
        }
    return render(request, "reports/report_check.html", {"form": form, "result": result, "facts_shown": FACTS_SHOWN})
