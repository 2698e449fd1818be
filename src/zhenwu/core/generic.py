"""Generic list/detail/edit/delete views that apply data scope and audit by construction.

An app registers a page in a few lines (model, filterset, form, template); scope comes from the model's
ScopedQuerySet, so no view filters by org itself. Lists show the chosen org's subtree (the switcher).
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import generic
from django_filters.views import FilterView

from .roles import configures_packs
from .scope import CHANGE, VIEW, get_scoped_or_404

NO_ORG_MESSAGE = "您的账号尚未分配任何单位，请联系管理员分配单位和角色"
PACK_ADMIN_MESSAGE = "只有县级管理员可以修改全县的配置（指标目录、台账类型、报告提纲）"


def org_required(view):
    """The guard of every page: logged in, and the account holds a unit (`request.org`, set by the middleware)."""

    @login_required
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.org is None:
            raise PermissionDenied(NO_ORG_MESSAGE)
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


class ObjectListView(ScopedViewMixin, FilterView):
    paginate_by = 50

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, within=self.request.org)


def history_url(obj) -> str:
    """The page listing every audited change of `obj`."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return reverse("object_history", args=[ct.pk, obj.pk])


class ObjectDetailView(ScopedViewMixin, generic.DetailView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(history_url=history_url(self.object), **kwargs)


class ObjectEditView(ScopedViewMixin, generic.UpdateView):
    action = CHANGE

    def form_valid(self, form):
        messages.success(self.request, f"已保存：{form.instance}")
        return super().form_valid(form)


class ObjectDeleteView(ScopedViewMixin, generic.DeleteView):
    action = CHANGE
    template_name = "web/confirm_delete.html"
    success_url_name = None

    def form_valid(self, form):
        name = str(self.object)
        try:
            self.object.delete()
        except ProtectedError:
            messages.error(self.request, f"“{name}”下还有下级单位或关联记录，不能删除")
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, f"已删除：{name}")
        return redirect(reverse(self.success_url_name))
