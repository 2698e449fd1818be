from __future__ import annotations

import mimetypes
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2.paginators import LazyPaginator

from zhenwu.core import actions as core_actions
from zhenwu.core import generic
from zhenwu.core import jobs
from zhenwu.core.audit import log_event
from zhenwu.core.excel import check_xlsx, download
from zhenwu.core.models import AuditLog, Level, OrgUnit
from zhenwu.core.pii import PII_TYPES
from zhenwu.core.replica import lag_tolerant
from zhenwu.core.views import own_job
from zhenwu.core.periods import Period, PeriodError
from zhenwu.core.roles import configures_packs, may_see_pii
from zhenwu.core.scope import CHANGE, get_scoped_or_404

from . import actions, excel
from . import fields as ftypes
from .filtersets import LedgerEntryFilterSet
from .forms import EntryForm, ImportForm, KindForm, TransitionForm
from .models import LedgerEntry, LedgerKind
from .packs import PACKS
from .schema import FILE_TYPES
from .stats import stats_many, summarize
from .tables import EntryTable

LEAF_LEVELS = {Level.VILLAGE, Level.COMMUNITY, Level.GRID, Level.STATION}




def _kind(code) -> LedgerKind:
    kind = LedgerKind.objects.filter(code=code, active=True).first()
    if kind is None:
        raise Http404("台账类型不存在或已停用")
    return kind


@generic.org_required
@lag_tolerant
def home(request):
    """Every kind's key figures for the current org and a period (default: the working period)."""
    try:
        period = Period.parse(request.GET.get("period") or request.period)
    except PeriodError as exc:
        messages.error(request, str(exc))
        period = request.period
    rows = list(stats_many(LedgerKind.objects.filter(active=True), request.org, period).values())
    years = [str(y) for y in range(timezone.localdate().year, 2020, -1)]
    return render(request, "ledgers/home.html", {
        "rows": rows, "period": period, "years": years, "can_admin": configures_packs(request.user),
        "title": "台账",
    })


class EntryListView(generic.ObjectListView):
    model = LedgerEntry
    filterset_class = LedgerEntryFilterSet
    table_class = EntryTable
    template_name = "ledgers/entry_list.html"
    export_name = "台账"

    def get_queryset(self):
        # the kind prefetched, not joined: a page's rows share a few kinds, each built (its JSON decoded) once
        return super().get_queryset().select_related("org").prefetch_related("kind")

    def get_table_pagination(self, table):
        """Above a village, pages are counted only as far as the next one (no COUNT over a town's or the
        county's entries); a kind's list shows its total in the totals card instead."""
        paginate = super().get_table_pagination(table)
        if paginate is not False and self.request.org.level not in LEAF_LEVELS:
            paginate = {**(paginate or {}), "paginator_class": LazyPaginator}
        return paginate

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "kind": self.filterset.selected_kind}

    def get_export_name(self):
        kind = self.filterset.selected_kind
        return kind.name if kind else self.export_name

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        fs = ctx["filter"]
        kind = fs.selected_kind
        if kind is not None:
            ctx["totals"] = summarize(kind, fs.qs, fs.selected_period, org_code=self.request.org.code)
            ctx["kind"] = kind
        ctx["query"] = self.request.GET.urlencode()
        ctx["quick_kinds"] = LedgerKind.objects.filter(active=True)
        return ctx


class EntryDetailView(generic.ObjectDetailView):
    model = LedgerEntry
    template_name = "ledgers/entry_detail.html"

    def get_context_data(self, **kwargs):
        entry, user = self.object, self.request.user
        pii = may_see_pii(user, entry.org)
        reveal = pii and self.request.GET.get("pii") == "1"
        personal = [f["label"] for f in entry.kind.fields if f["type"] in PII_TYPES and entry.data.get(f["key"])]
        if reveal and personal:  # every unmasked view is logged
            log_event(user, AuditLog.VIEW, LedgerEntry, entry.pk, f"查看{entry}的{'、'.join(personal)}"[:200],
                      entry.org.code)
        names = dict(OrgUnit.objects.visible_to(user).filter(code__in=[
            v for f in entry.kind.fields if f["type"] == "org" for v in [entry.data.get(f["key"])] if v
        ]).values_list("code", "name"))
        rows = []
        for f in entry.kind.fields:
            value = entry.data.get(f["key"])
            if f["type"] in FILE_TYPES:
                url = reverse("ledger_entry_file", args=[entry.pk, f["key"]]) if value else ""
                rows.append({"label": f["label"], "file": url, "photo": f["type"] == "photo"})
            else:
                rows.append({"label": f["label"], "value": ftypes.display(f, value, reveal=reveal, org_names=names)})
        can_change = entry.__class__.objects.editable_by(user).filter(pk=entry.pk).exists()
        timeline = [
            {"t": t, "from": entry.kind.state_label(t.from_state) if t.from_state else "", "to": entry.kind.state_label(t.to_state),
             "color": entry.kind.states.get(t.to_state, {}).get("color", "secondary")}
            for t in entry.transitions.all()
        ]
        return super().get_context_data(
            rows=rows, timeline=timeline, can_change=can_change, pii=pii, reveal=reveal,
            actions=actions.allowed_transitions(user, entry) if can_change else [], **kwargs,
        )


def _entry_form(request, kind, instance=None, quick=False):
    form = EntryForm(request.POST or None, request.FILES or None, kind=kind, user=request.user, org=request.org,
                     instance=instance, quick=quick)
    if not form.fields["org"].queryset.exists():
        raise PermissionDenied("您的角色无权在当前单位登记台账")
    if request.method == "POST" and form.is_valid():
        try:
            entry = form.submit()
        except ValidationError as exc:
            core_actions.form_errors(form, exc)
        else:
            messages.success(request, f"已保存：{entry.title}")
            return redirect(entry)
    template = "ledgers/quick_form.html" if quick else "ledgers/entry_form.html"
    title = f"{'编辑' if instance else '登记'}{kind.name}"
    return render(request, template, {"form": form, "kind": kind, "title": title, "object": instance})


@generic.org_required
def entry_create(request, kind):
    return _entry_form(request, _kind(kind), quick=request.GET.get("quick") == "1" or "quick" in request.POST)


@generic.write_required
def quick_entry(request):
    """The phone page of a 网格员: pick a kind, then a short form with the camera."""
    kinds = LedgerKind.objects.filter(active=True, quick=True)
    return render(request, "ledgers/quick_pick.html", {"kinds": kinds, "title": "快速登记"})


@generic.org_required
def entry_edit(request, pk):
    entry = get_scoped_or_404(LedgerEntry.objects.select_related("kind"), request.user, CHANGE, pk=pk)
    return _entry_form(request, entry.kind, instance=entry)


class EntryDeleteView(generic.ObjectDeleteView):
    model = LedgerEntry
    success_url_name = "ledger_entry_list"
    delete_action = staticmethod(actions.delete_entry)


@require_POST
@generic.org_required
def entry_transition(request, pk):
    entry = get_scoped_or_404(LedgerEntry.objects.select_related("kind", "org"), request.user, CHANGE, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请求不完整，请刷新页面后重试")
        return redirect(entry)
    try:
        t = actions.transition(request.user, entry, form.cleaned_data["to"], form.cleaned_data["note"],
                               form.cleaned_data["version"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已办理：{entry.kind.state_label(t.from_state)} → {entry.kind.state_label(t.to_state)}")
    return redirect(entry)


@generic.org_required
def entry_file(request, pk, key):
    entry = get_scoped_or_404(LedgerEntry.objects.select_related("kind"), request.user, pk=pk)
    f = entry.kind.field(key)
    path = entry.data.get(key)
    if f is None or f["type"] not in FILE_TYPES or not path or not default_storage.exists(path):
        raise Http404("附件不存在")
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return FileResponse(default_storage.open(path, "rb"), content_type=content_type)


@generic.org_required
def _import_units(request):
    return list(OrgUnit.objects.editable_by(request.user, within=request.org).order_by("code"))


@generic.org_required
def entry_template(request, kind):
    kind = _kind(kind)
    return download(excel.template(kind, _import_units(request)), f"{kind.name}导入模板.xlsx")


@generic.org_required
def entry_import(request, kind):
    kind = _kind(kind)
    units = _import_units(request)
    if not units:
        raise PermissionDenied("您的角色无权在当前单位登记台账")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, job = [], None
    if request.GET.get("job", "").isdigit():
        job = own_job(request, int(request.GET["job"]))
    if request.method == "POST" and form.is_valid():
        # The file is checked at once (size, unpacked size, XML declarations); the rows are read, checked and
        # saved by a background job whose progress this page shows.
        content = form.cleaned_data["file"].read()
        try:
            check_xlsx(content)
        except ValidationError as exc:
            errors = exc.messages
        else:
            job, _ = jobs.submit(request.user, "ledgers.import", f"导入{kind.name}：{form.cleaned_data['file'].name}"[:120],
                                 org=request.org, params={"kind": kind.code}, content=content,
                                 key=request.POST.get("once", ""))
            if not job.finished:
                return redirect(f"{reverse('ledger_entry_import', args=[kind.code])}?job={job.pk}")
            if job.status == job.DONE:
                messages.success(request, job.message)
                return redirect(job.result_url)
            errors, job = job.errors, None
    return render(request, "ledgers/import.html", {"form": form, "kind": kind, "errors": errors, "job": job,
                                                   "once": uuid.uuid4().hex, "title": f"导入{kind.name}"})


# -- kinds (catalogue administration) --------------------------------------------------------------
@generic.org_required
def kind_list(request):
    return render(request, "ledgers/kind_list.html", {
        "kinds": LedgerKind.objects.all(), "can_admin": configures_packs(request.user), "packs": PACKS,
        "title": "台账类型",
    })


@generic.pack_admin_required
def kind_edit(request, pk=None):
    instance = get_object_or_404(LedgerKind, pk=pk) if pk else LedgerKind()
    copy_of = request.GET.get("copy")
    initial = {}
    if copy_of and not pk:
        src = get_object_or_404(LedgerKind, code=copy_of)
        instance = LedgerKind(**{k: v for k, v in src.definition().items()})
        instance.code, instance.name = f"{src.code}_copy", f"{src.name}（副本）"
    form = KindForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            kind = form.submit(request.user)
        except ValidationError as exc:
            form.add_error("definition", exc.messages)
        else:
            messages.success(request, f"已保存台账类型：{kind.name}")
            return redirect("ledger_kind_list")
    return render(request, "ledgers/kind_form.html", {"form": form, "title": f"台账类型：{instance.name or '新建'}"})


@require_POST
@generic.pack_admin_required
def kind_load_pack(request):
    name = request.POST.get("pack", "township")
    if name not in PACKS:
        raise Http404("台账包不存在")
    created = actions.load_pack(request.user, name)
    messages.success(request, f"已载入{PACKS[name]}：新增 {len(created)} 类" if created else "台账包中的类型均已存在")
    return redirect("ledger_kind_list")
