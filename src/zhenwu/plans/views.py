from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import CreateView

from zhenwu.core import fmt, generic
from zhenwu.core.actions import form_errors
from zhenwu.core.scope import CHANGE, get_scoped_or_404, user_can
from zhenwu.core.validators import EARLIEST_YEAR, LATEST_YEAR

from . import actions
from .filtersets import CandidateFilterSet, OrderFilterSet, ProjectFilterSet, TaskFilterSet
from .forms import (
    CandidateForm,
    CloseProjectForm,
    DecisionForm,
    FeedbackForm,
    OrderForm,
    ProjectForm,
    ProjectProgressForm,
    RatingForm,
    TaskForm,
    TaskProgressForm,
)
from .models import (
    SIGNED_STAGES,
    Candidate,
    Project,
    ProjectProgress,
    ProjectStage,
    SupervisionOrder,
    Task,
    TaskProgress,
    TaskSnapshot,
    TaskStatus,
)
from .scores import score_rows
from .tables import CandidateTable, OrderTable, ProjectTable, ScoreTable, SnapshotTable, TaskTable


def _year(request, years):
    default = request.period.year  # the session's working period (core.period)
    return generic.int_param(request, "year", default, EARLIEST_YEAR, LATEST_YEAR)


def project_totals(qs) -> dict:
    """count, planned (总投资), year_plan, done (完成投资 to date), rate (done ÷ year plan)."""
    agg = qs.aggregate(n=Count("id"), planned=Sum("planned_investment"), year_plan=Sum("year_plan"))
    done = ProjectProgress.objects.filter(project__in=qs.values("pk")).aggregate(s=Sum("investment_done"))["s"]
    agg["done"] = done or Decimal(0)
    agg["rate"] = (agg["done"] * 100 / agg["year_plan"]) if agg["year_plan"] else None
    return agg


@generic.org_required
def plans_home(request):
    """The leader's dashboard of the year plan: totals, 招商 pipeline, the lists with progress."""
    projects_all = Project.objects.visible_to(request.user, within=request.org)
    tasks_all = Task.objects.visible_to(request.user, within=request.org)
    years = sorted(set(projects_all.values_list("year", flat=True)) | set(tasks_all.values_list("year", flat=True)),
                   reverse=True)
    year = _year(request, years)
    projects = projects_all.filter(year=year)
    tasks = tasks_all.filter(year=year)
    totals = project_totals(projects.filter(key=True))
    pipeline = {label: projects.filter(stage=code).count() for code, label in ProjectStage.choices}
    task_totals = tasks.aggregate(
        n=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE)), supervised=Count("id", filter=Q(supervised=True))
    )
    orders = SupervisionOrder.objects.visible_to(request.user, within=request.org).filter(task__year=year)
    return render(request, "plans/home.html", {
        "year": year, "years": years,
        "projects": ProjectTable(projects.select_related("org", "leader")[:50], request=request, orderable=False),
        "tasks": TaskTable(tasks.filter(parent__isnull=True).select_related("org", "leader")
                           .prefetch_related("units")[:50], request=request, orderable=False),
        "project_totals": totals, "task_totals": task_totals, "pipeline": pipeline,
        "signed": projects.filter(stage__in=SIGNED_STAGES).count(),
        "orders_open": orders.exclude(state="closed").count(),
        "can_edit": user_can(request.user, CHANGE, request.org),
    })


class ProjectListView(generic.ObjectListView):
    model = Project
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    template_name = "plans/project_list.html"
    export_name = "项目"

    def get_queryset(self):
        return super().get_queryset().select_related("org", "leader")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["totals"] = project_totals(self.object_list)
        return ctx


class ProjectDetailView(generic.ObjectDetailView):
    model = Project
    template_name = "plans/project_detail.html"

    def get_context_data(self, **kwargs):
        children = self.object.children.select_related("org")
        goals = list(self.object.goals.all())
        last = self.object.progress.order_by("-period").first()
        for g in goals:
            g.done_text = fmt.quantity(Decimal(last.goals_done[str(g.pk)]), g.unit) \
                if last and str(g.pk) in last.goals_done else ""
        return super().get_context_data(
            children=ProjectTable(children, request=self.request, orderable=False), goals=goals,
            close_form=CloseProjectForm(initial={"version": self.object.version}),
            can_edit=user_can(self.request.user, CHANGE, self.object.org), **kwargs)


class _PlanFormMixin:
    """Create/edit pages of projects and tasks: the form gets the user and unit; the action saves."""

    template_name = "web/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user,
                "org": getattr(getattr(self, "object", None), "org", None) or self.request.org}

    def run_action(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.run_action(form)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.object}")
        return redirect(self.object.get_absolute_url())


class ProjectEditView(_PlanFormMixin, generic.ObjectEditView):
    model = Project
    form_class = ProjectForm

    def run_action(self, form):
        return actions.save_project(self.request.user, form.instance, form.cleaned_data.get("version"),
                                    goals=form.cleaned_data["goals_text"])


class ProjectCreateView(_PlanFormMixin, generic.ScopedViewMixin, CreateView):
    model = Project
    form_class = ProjectForm
    extra_context = {"title": "新建项目"}

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def run_action(self, form):
        form.instance.org = self.request.org
        return actions.save_project(self.request.user, form.instance, goals=form.cleaned_data["goals_text"])


@require_POST
@generic.org_required
def project_close(request, pk):
    project = get_scoped_or_404(Project.objects.all(), request.user, CHANGE, pk=pk)
    form = CloseProjectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(m for ms in form.errors.values() for m in ms))
        return redirect(project.get_absolute_url())
    try:
        actions.close_project(request.user, project, form.cleaned_data["stage"], form.cleaned_data["version"],
                              form.cleaned_data.get("closed_on"))
        messages.success(request, f"已办结：{project}")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(project.get_absolute_url())


def _reportable(request, model, pk):
    """A project or task the user's unit reports on: one it can see, or one its unit is responsible for."""
    obj = model.objects.filter(pk=pk).select_related("org").first() if str(pk).isdigit() else None
    if obj is not None:
        if model.objects.visible_to(request.user).filter(pk=obj.pk).exists():
            return obj
        units = list(obj.units.all()) if model is Task else [obj.unit] if obj.unit_id else []
        if any(user_can(request.user, CHANGE, u) for u in units):
            return obj
    raise Http404


@generic.org_required
def progress_entry(request, kind, pk):
    """月度进度填报: a phone-sized form for the responsible unit."""
    model, form_class = (Project, ProjectProgressForm) if kind == "project" else (Task, TaskProgressForm)
    item = _reportable(request, model, pk)
    extra = {"project": item} if model is Project else {}
    instance = (ProjectProgress if model is Project else TaskProgress)(**{kind: item})
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=instance, **extra)
        if form.is_valid():
            try:
                actions.save_progress(request.user, form.instance,
                                      goals_done=form.goals_done() if model is Project else None,
                                      photo=form.cleaned_data.get("photo_upload"))
            except ValidationError as exc:
                form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已填报 {form.instance.period} 进度：{item}")
                return redirect(item.get_absolute_url())
    else:
        form = form_class(instance=instance, initial={"period": timezone.localdate().strftime("%Y-%m")}, **extra)
    return render(request, "web/object_form.html", {"form": form, "title": f"填报进度：{item}"})


class TaskListView(generic.ObjectListView):
    model = Task
    filterset_class = TaskFilterSet
    table_class = TaskTable
    template_name = "plans/task_list.html"
    export_name = "任务"

    def get_queryset(self):
        return super().get_queryset().select_related("org", "leader").prefetch_related("units")


class TaskDetailView(generic.ObjectDetailView):
    model = Task
    template_name = "plans/task_detail.html"

    def get_context_data(self, **kwargs):
        children = self.object.children.select_related("org")
        return super().get_context_data(
            children=TaskTable(children, request=self.request, orderable=False),
            orders=self.object.orders.select_related("org"),
            can_edit=user_can(self.request.user, CHANGE, self.object.org), **kwargs)


class TaskEditView(_PlanFormMixin, generic.ObjectEditView):
    model = Task
    form_class = TaskForm

    def run_action(self, form):
        task = form.instance
        return actions.save_task(self.request.user, task, form.cleaned_data.get("version"),
                                 units=list(form.cleaned_data["units"]))


class TaskCreateView(_PlanFormMixin, generic.ScopedViewMixin, CreateView):
    model = Task
    form_class = TaskForm
    extra_context = {"title": "新建任务"}

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def run_action(self, form):
        form.instance.org = self.request.org
        return actions.save_task(self.request.user, form.instance, units=list(form.cleaned_data["units"]))


# -- 项目库 ----------------------------------------------------------------------------------------------------

class CandidateListView(generic.ObjectListView):
    model = Candidate
    filterset_class = CandidateFilterSet
    table_class = CandidateTable
    template_name = "plans/candidate_list.html"
    export_name = "项目库"

    def get_queryset(self):
        return super().get_queryset().select_related("org", "project")


class CandidateEditView(generic.ObjectEditView):
    model = Candidate
    form_class = CandidateForm
    template_name = "plans/candidate_form.html"
    save_action = staticmethod(actions.save_candidate)

    def get_success_url(self):
        return reverse("candidate_list")


@generic.org_required
def candidate_add(request):
    form = CandidateForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        form.instance.org = request.org
        try:
            actions.save_candidate(request.user, form.instance)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已加入项目库：{form.instance.name}")
            return redirect("candidate_list")
    return render(request, "web/object_form.html", {"form": form, "title": "加入项目库"})


@require_POST
@generic.org_required
def candidate_promote(request, pk):
    candidate = get_scoped_or_404(Candidate.objects.all(), request.user, CHANGE, pk=pk)
    try:
        project = actions.promote_candidate(request.user, candidate)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("candidate_list")
    messages.success(request, f"已转为项目：{project}")
    return redirect(project.get_absolute_url())


# -- 督办 -------------------------------------------------------------------------------------------------------

class OrderListView(generic.ObjectListView):
    """督查通报: the orders of a period (by issue date) with their state, overdue ones flagged."""

    model = SupervisionOrder
    filterset_class = OrderFilterSet
    table_class = OrderTable
    template_name = "plans/order_list.html"
    export_name = "督查通报"

    def get_queryset(self):
        return super().get_queryset().select_related("org", "task")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = self.object_list
        ctx["summary"] = {label: qs.filter(state=code).count() for code, label in SupervisionOrder.state.field.choices}
        ctx["overdue"] = sum(1 for o in qs if o.overdue)
        ctx["can_remind"] = user_can(self.request.user, CHANGE, self.request.org)
        return ctx


class OrderDetailView(generic.ObjectDetailView):
    model = SupervisionOrder
    template_name = "plans/order_detail.html"

    def get_context_data(self, **kwargs):
        o = self.object
        user = self.request.user
        return super().get_context_data(
            feedback_form=FeedbackForm(initial={"version": o.version, "feedback": o.feedback})
            if user_can(user, CHANGE, o.org) and o.state in ("pending", "returned") else None,
            decision_form=DecisionForm(initial={"version": o.version})
            if user_can(user, CHANGE, o.task.org) and o.state == "answered" else None, **kwargs)


@generic.org_required
def order_add(request, task_pk):
    task = get_scoped_or_404(Task.objects.all(), request.user, CHANGE, pk=task_pk)
    instance = SupervisionOrder(task=task)
    form = OrderForm(request.POST or None, instance=instance, user=request.user, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            actions.issue_order(request.user, form.instance)
        except ValidationError as exc:
            form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已督办：{task.title}")
            return redirect(form.instance.get_absolute_url())
    return render(request, "web/object_form.html", {"form": form, "title": f"督办：{task.title}"})


@require_POST
@generic.org_required
def order_feedback(request, pk):
    order = get_scoped_or_404(SupervisionOrder.objects.select_related("task", "org"), request.user, CHANGE, pk=pk)
    form = FeedbackForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for ms in form.errors.values() for m in ms])
        actions.answer_order(request.user, order, form.cleaned_data["feedback"], form.cleaned_data["version"])
        messages.success(request, "已反馈")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(order.get_absolute_url())


@require_POST
@generic.org_required
def order_decide(request, pk):
    order = get_scoped_or_404(SupervisionOrder.objects.select_related("task", "org"), request.user, pk=pk)
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for ms in form.errors.values() for m in ms])
        cd = form.cleaned_data
        if cd["decision"] == "close":
            actions.close_order(request.user, order, cd["reply"], cd["version"])
            messages.success(request, "已办结")
        else:
            actions.return_order(request.user, order, cd["reply"], cd["version"])
            messages.success(request, "已退回")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(order.get_absolute_url())


@require_POST
@generic.org_required
def order_remind(request):
    n = actions.remind_overdue(request.user, request.org)
    messages.success(request, f"已催办 {n} 件逾期督办单" if n else "没有需要催办的逾期督办单")
    return redirect("order_list")


# -- 季度督查评责 and 年终考核 --------------------------------------------------------------------------------------

class SnapshotListView(generic.ObjectListView):
    model = TaskSnapshot
    table_class = SnapshotTable
    template_name = "plans/snapshot_list.html"
    export_name = "季度督查"

    def get_queryset(self):
        qs = super().get_queryset().select_related("org")
        period = self.request.GET.get("period")
        return qs.filter(period=period) if period else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        ctx["quarter"] = f"{today.year}Q{(today.month - 1) // 3 + 1}"
        ctx["periods"] = sorted(set(TaskSnapshot.objects.visible_to(self.request.user, within=self.request.org)
                                    .values_list("period", flat=True)), reverse=True)
        ctx["can_take"] = user_can(self.request.user, CHANGE, self.request.org)
        return ctx


@require_POST
@generic.org_required
def snapshot_take(request):
    period = (request.POST.get("period") or "").strip()
    try:
        n = actions.take_snapshots(request.user, request.org, period)
        messages.success(request, f"已留存 {period} 任务状态 {n} 项")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(reverse("snapshot_list") + f"?period={period}")


@generic.org_required
def snapshot_rate(request, pk):
    snap = get_scoped_or_404(TaskSnapshot.objects.select_related("org"), request.user, pk=pk)
    form = RatingForm(request.POST or None, initial={"rating": snap.rating, "comment": snap.comment})
    if request.method == "POST" and form.is_valid():
        try:
            actions.rate_snapshot(request.user, snap, form.cleaned_data["rating"], form.cleaned_data["comment"])
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已评价：{snap}")
            return redirect(snap.get_absolute_url())
    return render(request, "web/object_form.html", {"form": form, "title": f"督查评价：{snap}"})


@generic.org_required
def scores(request):
    """年终考核: the year's task scores rolled up per unit and per leader, ranked; `?format=xlsx` exports."""
    from zhenwu.core.excel import workbook_response

    tasks = Task.objects.visible_to(request.user, within=request.org)
    years = sorted(set(tasks.values_list("year", flat=True)), reverse=True)
    year = _year(request, years)
    by = request.GET.get("by") if request.GET.get("by") in ("unit", "leader") else "unit"
    rows = score_rows(tasks.filter(year=year), by)
    table = ScoreTable(rows, request=request, orderable=False)
    if request.GET.get("format") == "xlsx":
        title = f"{year}年年终考核（按{'单位' if by == 'unit' else '领导'}）"
        return workbook_response(f"{request.org.name}{title}.xlsx", [(title, table.export_header(), table.export_rows())])
    return render(request, "plans/scores.html", {"table": table, "year": year, "years": years, "by": by})
