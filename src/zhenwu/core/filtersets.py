import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import AuditLog, Level, Membership, OrgUnit
from .roles import Role


class OrgUnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="搜索")
    level = django_filters.ChoiceFilter(choices=Level.choices, label="层级", empty_label="全部层级")

    class Meta:
        model = OrgUnit
        fields = ["q", "level"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))


class AuditLogFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="object_repr", lookup_expr="icontains", label="记录")
    username = django_filters.CharFilter(field_name="username", lookup_expr="iexact", label="操作人")
    action = django_filters.ChoiceFilter(choices=AuditLog.ACTIONS, label="操作", empty_label="全部操作")
    content_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.exclude(app_label__in=["auth", "contenttypes", "sessions"]).order_by("app_label", "model"),
        label="记录类型",
        empty_label="全部类型",
    )
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label="起始日期")
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label="截止日期")

    class Meta:
        model = AuditLog
        fields = ["q", "username", "action", "content_type", "since", "until"]


class MembershipFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="搜索")
    role = django_filters.ChoiceFilter(choices=Role.choices, label="角色", empty_label="全部角色")

    class Meta:
        model = Membership
        fields = ["q", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(user__username__icontains=value) | Q(user__first_name__icontains=value) | Q(org__name__icontains=value)
        )
