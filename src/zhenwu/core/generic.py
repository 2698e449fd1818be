"""Generic list/detail/edit/delete views that apply data scope and audit by construction.

An app registers a page in a few lines (model, filterset, form, template); scope comes from the model's
ScopedQuerySet, so no view filters by org itself. Lists show the chosen org's subtree (the switcher).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .actions import form_errors
from .excel import workbook_response
from .roles import PACK_ADMIN_MESSAGE, configures_packs
from .scope import CHANGE, VIEW, get_scoped_or_404

NO_ORG_MESSAGE = "您的账号尚未分配任何单位，请联系管理员分配单位和角色"


def org_required(view):
    """The guard of every page: logged in, and the account holds a unit (`request.org`, set by the middleware)."""

    @login_required
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.org is None:
            raise PermissionDenied(NO_ORG_MESSAGE)
        return view(request, *args, **kwargs)

    return guarded


READ_ONLY_MESSAGE = "您的角色只能查看，不能登记、导入或修改"


def write_required(view):
    """For pages whose only purpose is to write (quick entry, imports): refused to read-only roles."""
    from .scope import writes_within

    @org_required
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not writes_within(request.user, request.org):
            raise PermissionDenied(READ_ONLY_MESSAGE)
        return view(request, *args, **kwargs)

    return guarded


def pack_admin_required(view):
    """For pages that change the county-wide configuration (`core.roles.configures_packs`)."""

    @org_required
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not configures_packs(request.user):
            raise PermissionDenied(PACK_ADMIN_MESSAGE)
        return view(request, *args, **kwargs)

    return guarded


def safe_next(request, default: str) -> str:
    """Where to go after a form: the `next` the page sent if it stays on this site, else `default`."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return nxt
    return default


def int_param(request, name: str, default: int | None, lo: int, hi: int, label: str = "年度") -> int | None:
    """An integer query or form parameter, `default` when absent; anything else is a 400 with a Chinese message
    (never a ValueError turned into a 500)."""
    raw = request.POST.get(name) if name in request.POST else request.GET.get(name)
    if raw is None or not str(raw).strip():
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise BadRequest(f"{label}应为整数（收到“{str(raw)[:20]}”）") from None
    if not lo <= value <= hi:
        raise BadRequest(f"{label}应在 {lo}–{hi} 之间（收到 {value}）")
    return value


class ScopedViewMixin:
    model = None
    action = VIEW  # what the user must be allowed to do to the object

    @method_decorator(org_required)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        return get_scoped_or_404(self.model.objects.all(), self.request.user, self.action, pk=self.kwargs["pk"])


class ObjectListView(ScopedViewMixin, SingleTableMixin, FilterView):
    """A list page: the chosen org's subtree the user may see, filtered by the list's FilterSet, shown by its
    Table (`table_class`), and the same rows as Excel with `?format=xlsx` (`export_name` names the file)."""

    table_class = None
    table_pagination = {"per_page": 50}
    export_name = None
    export_only = False  # the same view at an address of its own that always downloads

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, within=self.request.org)

    def get_table_kwargs(self):
        from .scope import writes_within

        kwargs = {"request": self.request, "paginated_by_view": True}
        write_columns = getattr(self.get_table_class(), "write_columns", ())
        if write_columns and not writes_within(self.request.user, self.request.org):
            kwargs["exclude"] = write_columns
        return kwargs

    def render_to_response(self, context, **kwargs):
        if self.export_name and (self.export_only or self.request.GET.get("format") == "xlsx"):
            return self.export()
        return super().render_to_response(context, **kwargs)

    def export(self):
        """The rows as Excel: streamed at once when they are few; more than `settings.EXPORT_INLINE_ROWS` are
        written by a background job (`core.exports`) whose page shows its progress and then offers the file."""
        from .exports import EXPORTING, submit_export

        writer = getattr(self.request, EXPORTING, None)
        limit = settings.EXPORT_INLINE_ROWS
        # .all(): a fresh query, also when the page's context has already read the rows (a sliced list otherwise)
        if writer is None and self.object_list.all()[:limit + 1].count() > limit:
            job = submit_export(self.request, self.get_export_name())
            return redirect(job)
        table = self.get_table_class()(self.object_list, **self.get_table_kwargs())
        title = self.get_export_name()
        name = f"{self.request.org.name}{title}{timezone.localdate():%Y%m%d}.xlsx"
        rows = table.export_rows() if writer is None else writer.rows(table.export_rows(), self.object_list)
        response = workbook_response(name, [(title, table.export_header(), rows)])
        table.exported(self.request)
        return response

    def get_export_name(self) -> str:
        return self.export_name

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.export_name:
            query = self.request.GET.copy()
            query["format"] = "xlsx"
            query.pop("page", None)
            ctx["export_url"] = f"?{query.urlencode()}"
        return ctx


def history_url(obj) -> str:
    """The page listing every audited change of `obj`."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return reverse("object_history", args=[ct.pk, obj.pk])


class ObjectDetailView(ScopedViewMixin, generic.DetailView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(history_url=history_url(self.object), **kwargs)


class ObjectEditView(ScopedViewMixin, generic.UpdateView):
    """Saves through the app's action (`save_action(user, obj)`), the one write path of every record."""

    action = CHANGE
    save_action = None

    def form_valid(self, form):
        try:
            self.object = self.save_action(self.request.user, form.instance)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.object}")
        return redirect(self.get_success_url())


class ObjectDeleteView(ScopedViewMixin, generic.DeleteView):
    """Deletes through the app's action (`delete_action(user, obj)`), so scope, the audit row and protected
    relations are handled where every other delete is."""

    action = CHANGE
    template_name = "web/confirm_delete.html"
    success_url_name = None
    delete_action = None

    def form_valid(self, form):
        name = str(self.object)
        try:
            self.delete_action(self.request.user, self.object)
        except ValidationError as exc:
            messages.error(self.request, "；".join(exc.messages))
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, f"已删除：{name}")
        return redirect(reverse(self.success_url_name))
