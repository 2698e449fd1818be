from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenwu.core import actions as core_actions
from zhenwu.core import fmt, generic, jobs
from zhenwu.core.excel import check_xlsx, workbook_response
from zhenwu.core.replica import lag_tolerant
from zhenwu.core.generic import history_url
from zhenwu.core.periods import Period, PeriodError
from zhenwu.core.roles import configures_packs
from zhenwu.core.scope import MANAGE, get_scoped_or_404, user_can
from zhenwu.core.validators import EARLIEST_YEAR, LATEST_YEAR
from zhenwu.core.views import own_job

from . import actions, charts, excel, services
from .jobs import WARNINGS_ONLY
from .actions import Cell, save_cells, write_block
from .filtersets import DataValueFilterSet, IndicatorFilterSet, TargetFilterSet
from .forms import IndicatorForm, PackForm, TargetForm, UploadForm, ValueForm
from .grid import CATEGORIES, MODES, Grid, default_year
from .models import DataValue, Indicator, PeriodLock, Target
from .packs import PackError, dump_pack
from .tables import DataValueTable, IndicatorTable, TargetTable


def _grid(request) -> Grid:
    org = request.org
    params = request.GET if request.method == "GET" else request.POST
    mode = params.get("mode") or "year"
    if mode not in dict(MODES):
        mode = "year"
    try:
        year = int(params.get("year") or default_year(org))
        period = Period.parse(params["period"]) if params.get("period") else None
    except (ValueError, PeriodError):
        raise Http404("期间有误：年度写作 2023，期间写作 2023、2023Q3 或 2023-05") from None
    if period is not None:
        year = period.year
    category = params.get("category") or None
    return Grid(request.user, org, mode, year, period, category)


@generic.org_required
def indicator_grid(request):
    grid = _grid(request)
    outcome = None
    if request.method == "POST":
        cells = grid.cells_from_post(request.POST)
        outcome = save_cells(request.user, cells, confirmed=request.POST.get("confirm") == "1")
        if outcome.ok:
            messages.success(request, f"已保存 {outcome.saved} 个数值" if outcome.saved else "没有改动")
            return redirect(f"{reverse('indicator_grid')}?{request.POST.get('query', '')}")
        grid.mark(outcome)
    if request.GET.get("format") == "xlsx":
        header, rows = grid.table()
        return workbook_response(f"{grid.title}.xlsx", [(grid.title, header, rows)])
    lock = PeriodLock.objects.filter(org=grid.org, period=grid.period.code).first() if grid.mode != "month" else None
    return render(request, "indicators/grid.html", {
        "grid": grid, "outcome": outcome, "modes": MODES, "categories": CATEGORIES, "lock": lock,
        "can_lock": user_can(request.user, MANAGE, grid.org),
        "years": range(grid.year - 4, grid.year + 2), "query": request.GET.urlencode(),
        "upload_form": UploadForm(), "once": uuid.uuid4().hex,
        "job": own_job(request, int(request.GET["job"])) if request.GET.get("job", "").isdigit() else None,
    })


@require_POST
@generic.org_required
def period_lock(request):
    org = request.org
    try:
        period = Period.parse(request.POST.get("period", ""))
        if request.POST.get("action") == "unlock":
            actions.unlock_period(request.user, org, period)
            messages.success(request, f"已解锁{org.name}{period.label}，下级可再修改")
        else:
            actions.lock_period(request.user, org, period, request.POST.get("note", ""))
            messages.success(request, f"已报送并锁定{org.name}{period.label}：下级单位不能再修改")
    except (PeriodError, ValidationError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    return redirect(generic.safe_next(request, reverse("indicator_grid")))


@generic.org_required
def value_edit(request, pk):
    dv = get_scoped_or_404(DataValue.objects.select_related("indicator", "org", "updated_by"), request.user, pk=pk)
    ind = dv.indicator
    block = write_block(request.user, dv.org, dv.period_obj)
    form = ValueForm(request.POST or None, initial={"value": fmt.trimmed(ind.to_display(dv.value), 12), "note": dv.note})
    outcome = None
    if request.method == "POST":
        if block:
            raise PermissionDenied(block)
        if form.is_valid():
            cell = Cell(ind, dv.org, dv.period_obj, form.cleaned_data["value"], note=form.cleaned_data["note"], where="数值")
            outcome = save_cells(request.user, [cell], confirmed=form.cleaned_data["confirm"])
            if outcome.ok:
                messages.success(request, f"已保存：{dv}")
                return redirect(f"{reverse('indicator_grid')}?mode=year&year={dv.year}")
    cmp = services.yoy(ind, dv.org, dv.period_obj)
    return render(request, "indicators/value_edit.html", {
        "dv": dv, "form": form, "outcome": outcome, "write_block": block, "history_url": history_url(dv),
        "yoy": fmt.growth(cmp.growth, prefix=""), "previous": services.display(ind, cmp.previous),
        "current": services.display(ind, dv.value),
    })


class DataValueListView(generic.ObjectListView):
    model = DataValue
    filterset_class = DataValueFilterSet
    table_class = DataValueTable
    template_name = "indicators/value_list.html"
    export_name = "指标值"

    def get_queryset(self):
        return super().get_queryset().select_related("indicator", "org", "updated_by")


@generic.org_required
def excel_template(request):
    grid = _grid(request)
    return excel.template_response(grid.org, grid)


@require_POST
@generic.org_required
def excel_upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的 .xlsx 文件")
        return redirect(reverse("indicator_grid"))
    content = form.cleaned_data["file"].read()
    try:
        check_xlsx(content)  # size, unpacked size and XML declarations at once; the rows in the background job
    except ValidationError as exc:
        return render(request, "indicators/upload_errors.html", {"result": excel.UploadResult(exc.messages)},
                      status=400)
    query = request.POST.get("query", "")
    confirmed = bool(form.cleaned_data["confirm"])
    job, _ = jobs.submit(request.user, "indicators.import", f"导入指标值：{form.cleaned_data['file'].name}"[:120],
                         org=request.org, params={"confirmed": confirmed, "query": query}, content=content,
                         key=request.POST.get("once") or f"{jobs.file_key(content)}:{confirmed}")
    if not job.finished:
        return redirect(f"{reverse('indicator_grid')}?{query}{'&' if query else ''}job={job.pk}")
    if job.status == job.FAILED:
        warnings_only = bool(job.errors) and job.errors[0] == WARNINGS_ONLY
        result = excel.UploadResult(job.errors[1:] if warnings_only else job.errors, warnings_only=warnings_only)
        return render(request, "indicators/upload_errors.html", {"result": result}, status=400)
    messages.success(request, job.message)
    return redirect(reverse("indicator_grid") + "?" + query)


# ---- catalogue (the whole county's: only a county-level manager changes it) ----

class IndicatorListView(generic.ObjectListView):
    model = Indicator
    filterset_class = IndicatorFilterSet
    table_class = IndicatorTable
    table_pagination = {"per_page": 100}
    template_name = "indicators/indicator_list.html"
    export_name = "指标目录"

    def get_queryset(self):
        return Indicator.objects.all()  # the catalogue is shared by everyone

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=configures_packs(self.request.user), pack_form=PackForm(), **kwargs)


@generic.org_required
def indicator_detail(request, pk):
    ind = get_object_or_404(Indicator, pk=pk)
    org = request.org
    return render(request, "indicators/indicator_detail.html", {
        "ind": ind, "org": org, "can_edit": configures_packs(request.user), "history_url": history_url(ind),
        "trend": charts.trend(ind, org),
    })


@generic.pack_admin_required
def indicator_edit(request, pk=None):
    ind = get_object_or_404(Indicator, pk=pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=ind)
    if request.method == "POST" and form.is_valid():
        try:
            ind = actions.save_indicator(request.user, form.instance)
        except ValidationError as exc:
            core_actions.form_errors(form, exc)
        else:
            messages.success(request, f"已保存指标：{ind.name}")
            return redirect(ind)
    return render(request, "web/object_form.html", {"form": form, "title": f"编辑指标：{ind}" if ind else "新建指标"})


@generic.org_required
def indicator_pack(request):
    if request.method == "GET":
        resp = HttpResponse(dump_pack(), content_type="application/x-yaml; charset=utf-8")
        resp["Content-Disposition"] = "attachment; filename*=UTF-8''township-indicators.yaml"
        return resp
    if not configures_packs(request.user):
        raise PermissionDenied(generic.PACK_ADMIN_MESSAGE)
    form = PackForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择指标包文件")
        return redirect("indicator_list")
    try:
        created, updated = actions.load_pack(request.user, form.cleaned_data["file"].read())
    except PackError as e:
        for m in e.errors[:50]:
            messages.error(request, m)
        messages.error(request, "指标包有误，未做任何修改")
    else:
        messages.success(request, f"指标包已导入：新增 {created} 个，修改 {updated} 个")
    return redirect("indicator_list")


# ---- targets ----

class TargetListView(generic.ObjectListView):
    model = Target
    filterset_class = TargetFilterSet
    table_class = TargetTable
    template_name = "indicators/target_list.html"
    export_name = "年度目标"

    def get_queryset(self):
        return super().get_queryset().select_related("indicator", "org")

    def can_add(self):
        return user_can(self.request.user, MANAGE, self.request.org)

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "can_edit": self.can_add()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.can_add(), **kwargs)


class TargetEditView(generic.ObjectEditView):
    model = Target
    action = MANAGE
    form_class = TargetForm
    template_name = "web/object_form.html"
    save_action = staticmethod(actions.save_target)

    def get_success_url(self):
        return reverse("target_list")


@generic.org_required
def target_add(request):
    org = request.org
    if not user_can(request.user, MANAGE, org):
        raise PermissionDenied("只有本单位管理员可以设定目标")
    form = TargetForm(request.POST or None)
    form.instance.org = org
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_target(request.user, form.instance)
        except ValidationError as exc:
            core_actions.form_errors(form, exc)
        else:
            messages.success(request, f"已设定目标：{form.instance}")
            return redirect("target_list")
    return render(request, "web/object_form.html", {"form": form, "title": f"为{org.name}设定年度目标"})


# ---- charts ----

@generic.org_required
@lag_tolerant
def indicator_charts(request):
    org = request.org
    ind = Indicator.objects.filter(code=request.GET.get("indicator") or "").first() or charts.default_indicator()
    year = generic.int_param(request, "year", None, EARLIEST_YEAR, LATEST_YEAR) or default_year(org, annual=True)
    return render(request, "indicators/charts.html", {
        "org": org, "ind": ind, "year": year, "indicators": Indicator.objects.all(),
        "data": charts.chart_data(ind, org, year, request.user), "years": range(year - 4, year + 2),
    })


@generic.org_required
@lag_tolerant
def chart_data(request):
    org = request.org
    ind = Indicator.objects.filter(code=request.GET.get("indicator") or "").first() or charts.default_indicator()
    year = generic.int_param(request, "year", None, EARLIEST_YEAR, LATEST_YEAR) or default_year(org, annual=True)
    return JsonResponse(charts.chart_data(ind, org, year, request.user))
