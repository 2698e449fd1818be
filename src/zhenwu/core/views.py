from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import actions, generic
from .filtersets import AuditLogFilterSet, MembershipFilterSet, OrgUnitFilterSet
from .forms import AccountForm, OrgUnitCreateForm, OrgUnitForm, PasswordResetForm
from .history import describe
from .middleware import SESSION_ORG_KEY
from .models import AuditLog, Membership, OrgUnit
from .roles import grantable_roles
from .scope import MANAGE, get_scoped_or_404, user_can
from .tables import AuditLogTable, MembershipTable, OrgUnitTable


class OrgUnitListView(generic.ObjectListView):
    model = OrgUnit
    filterset_class = OrgUnitFilterSet
    table_class = OrgUnitTable
    template_name = "core/orgunit_list.html"
    export_name = "单位"

    def get_queryset(self):
        return super().get_queryset().select_related("parent")


class OrgUnitDetailView(generic.ObjectDetailView):
    model = OrgUnit
    template_name = "core/orgunit_detail.html"

    def get_context_data(self, **kwargs):
        org = self.object
        user = self.request.user
        return super().get_context_data(
            children=org.children.all(),
            ancestors=org.ancestors().visible_to(user),
            members=org.membership_set.select_related("user"),
            can_manage=user_can(user, MANAGE, org),
            **kwargs,
        )


class OrgUnitEditView(generic.ObjectEditView):
    model = OrgUnit
    action = MANAGE
    form_class = OrgUnitForm
    template_name = "web/object_form.html"
    save_action = staticmethod(actions.save_org)


class OrgUnitDeleteView(generic.ObjectDeleteView):
    model = OrgUnit
    action = MANAGE
    success_url_name = "orgunit_list"
    delete_action = staticmethod(actions.delete_org)


@generic.org_required
def orgunit_add(request, pk):
    parent = get_scoped_or_404(OrgUnit.objects.all(), request.user, MANAGE, pk=pk)
    form = OrgUnitCreateForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            org = actions.save_org(request.user, form.instance, parent)
        except ValidationError as exc:
            actions.form_errors(form, exc)
        else:
            messages.success(request, f"已新建：{org.name}（{org.code}）")
            return redirect(org)
    return render(request, "web/object_form.html", {"form": form, "title": f"在“{parent.name}”下新建单位"})


@require_POST
@generic.org_required
def switch_org(request):
    try:
        org_id = int(request.POST.get("org", ""))
    except ValueError:
        raise Http404("单位不存在") from None
    org = get_scoped_or_404(OrgUnit.objects.all(), request.user, pk=org_id)
    request.session[SESSION_ORG_KEY] = org.pk
    return redirect(generic.safe_next(request, reverse("dashboard")))


SEARCH_LIMIT = 20
SEARCH_SCAN = 200  # matches read at most; beyond them the user narrows the search ("more")


@generic.org_required
def org_search(request):
    """The switcher's search: the units the user may see whose name contains `q` or whose code starts with it,
    at most 20 in code order (of the first 200 matches found), as JSON ({"results": [{id, code, name, level}], "more": bool})."""
    from django.http import JsonResponse

    from .switcher import SWITCHER_LEVELS

    q = request.GET.get("q", "").strip()[:40]
    if not q:
        return JsonResponse({"results": [], "more": False})
    match = Q(code__startswith=q) if q.isdigit() else Q(name__contains=q)
    # Sorted here, not by ORDER BY … LIMIT: for a name scattered across the country the planner would walk the
    # whole code index looking for the first 21 (555 ms on the national tree instead of one 130 ms scan).
    rows = list(OrgUnit.objects.visible_to(request.user).filter(match, level__in=SWITCHER_LEVELS)
                .order_by().values("id", "code", "name", "level")[:SEARCH_SCAN])
    rows.sort(key=lambda r: r["code"])
    return JsonResponse({"results": rows[:SEARCH_LIMIT], "more": len(rows) > SEARCH_LIMIT},
                        json_dumps_params={"ensure_ascii": False})


@require_POST
@generic.org_required
def switch_period(request):
    """The working period beside the unit switcher; a period that does not parse is said in Chinese and kept out."""
    from .periods import PeriodError
    from .workperiod import choose

    try:
        period = choose(request, request.POST.get("period", ""))
    except PeriodError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"工作期间已切换为{period.label}")
    return redirect(generic.safe_next(request, reverse("dashboard")))


class AuditLogListView(generic.ObjectListView):
    model = AuditLog
    filterset_class = AuditLogFilterSet
    table_class = AuditLogTable
    template_name = "core/auditlog_list.html"
    export_name = "操作日志"

    def get_queryset(self):
        return super().get_queryset().select_related("content_type")

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.describe_page()
        return table


@generic.org_required
def object_history(request, content_type_id, object_id):
    ct = ContentType.objects.filter(pk=content_type_id).first()
    rows = AuditLog.objects.visible_to(request.user).filter(content_type=ct, object_id=str(object_id))
    if ct is None or not rows.exists():
        raise Http404("没有该记录的操作日志，或不在您的管辖范围内")
    return render(request, "core/history.html", {
        "described": describe(rows.select_related("content_type")), "title": rows.first().object_repr,
    })







class MembershipListView(generic.ObjectListView):
    model = Membership
    filterset_class = MembershipFilterSet
    table_class = MembershipTable
    template_name = "core/membership_list.html"
    export_name = "人员"

    def get_queryset(self):
        return super().get_queryset().select_related("user", "org")

    def can_manage(self):
        return user_can(self.request.user, MANAGE, self.request.org)

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "can_manage": self.can_manage()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=self.can_manage(), **kwargs)


@generic.org_required
def account_add(request):
    if not grantable_roles(request.user):
        raise PermissionDenied("只有县、乡镇管理员可以新建账号")
    form = AccountForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.create_account(request.user, username=data["username"], password=data["password"],
                                          full_name=data["full_name"], org=data["org"], role=data["role"])
        except ValidationError as exc:
            actions.form_errors(form, exc)
        else:
            messages.success(request, f"已新建账号 {user.username}（{data['org'].name}）")
            return redirect("membership_list")
    return render(request, "web/object_form.html", {"form": form, "title": "新建账号"})


class MembershipDeleteView(generic.ObjectDeleteView):
    model = Membership
    action = MANAGE
    success_url_name = "membership_list"
    delete_action = staticmethod(actions.delete_membership)


@generic.org_required
def account_password(request, pk):
    """Reset a password: only when every unit the account belongs to is within the manager's reach."""
    account = get_object_or_404(get_user_model(), pk=pk)
    held = Membership.objects.filter(user=account)
    if not held.exists() or held.exclude(pk__in=Membership.objects.manageable_by(request.user)).exists():
        raise Http404("账号不存在，或不在您的管辖范围内")
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_password(request.user, account, form.cleaned_data["password"])
        except ValidationError as exc:
            actions.form_errors(form, exc)
        else:
            messages.success(request, f"已重设 {account.username} 的密码")
            return redirect("membership_list")
    return render(request, "web/object_form.html", {"form": form, "title": f"重设密码：{account.username}"})


# -- personal API tokens ----------------------------------------------------------------------------------------

@login_required
def token_list(request):
    """The user's own API tokens: make one (its text shown once, on this page only), revoke one."""
    from .models import ApiToken

    created = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            record = ApiToken.objects.filter(user=request.user, pk=request.POST["revoke"]
                                             if request.POST["revoke"].isdigit() else None).first()
            if record is None:
                raise Http404("令牌不存在")
            actions.revoke_token(request.user, record)
            messages.success(request, f"已撤销令牌：{record.name}")
            return redirect("token_list")
        try:
            record, created = actions.create_token(request.user, request.POST.get("name", ""))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(request, "core/token_list.html", {"tokens": tokens, "created": created, "title": "API 令牌"})
    response["Cache-Control"] = "no-store"  # the new token must not stay in a cache
    return response


# -- background jobs (only the user who started one sees it) -------------------------------------------------------

def own_job(request, pk):
    from .models import Job

    job = Job.objects.filter(pk=pk, user=request.user).first()
    if job is None:
        raise Http404("任务不存在")
    return job


@login_required
def job_list(request):
    from .models import Job

    return render(request, "core/job_list.html", {"jobs": Job.objects.filter(user=request.user)[:30],
                                                  "title": "后台任务"})


@login_required
def job_detail(request, pk):
    return render(request, "core/job_detail.html", {"job": own_job(request, pk), "title": "后台任务"})


@login_required
def job_download(request, pk):
    from .exports import download

    return download(own_job(request, pk))


@login_required
def job_status(request, pk):
    from django.http import JsonResponse

    job = own_job(request, pk)
    return JsonResponse({"id": job.pk, "status": job.status, "status_label": job.get_status_display(),
                         "percent": job.percent, "message": job.message, "finished": job.finished,
                         "result_url": job.result_url, "errors": job.errors[:50]})
