import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from zhenwu.core.models import Level, OrgUnit
from zhenwu.core.periods import Period, PeriodError
from zhenwu.core.scope import subtree_q

from .models import LedgerEntry, LedgerKind


class LedgerEntryFilterSet(django_filters.FilterSet):
    """One filter set for the list page, the Excel export and the API."""

    kind = django_filters.ModelChoiceFilter(
        queryset=LedgerKind.objects.filter(active=True), to_field_name="code", label="台账类型", empty_label="全部类型"
    )
    org = django_filters.CharFilter(method="filter_org", label="单位")
    status = django_filters.CharFilter(field_name="status", label="状态")
    period = django_filters.CharFilter(method="filter_period", label="期间", help_text="如 2023、2023H1、2023Q3、2023-05")
    open = django_filters.BooleanFilter(method="filter_open", label="在办", widget=forms.CheckboxInput)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="逾期", widget=forms.CheckboxInput)
    q = django_filters.CharFilter(method="search", label="搜索")

    class Meta:
        model = LedgerEntry
        fields = ["kind", "org", "status", "period", "open", "overdue", "q"]

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.request
        if org is None and request is not None:
            org = getattr(request, "org", None)
        if org is not None and request is not None:
            # The org filter offers the villages/communities of the current org (and the org itself).
            units = OrgUnit.objects.visible_to(request.user, within=org).filter(
                level__in=[Level.TOWN, Level.STREET, Level.VILLAGE, Level.COMMUNITY, Level.STATION]
            ).values_list("code", "name")
            self.filters["org"].extra["widget"] = forms.Select(choices=[("", "全部单位")] + list(units))
        kind = self._selected_kind()
        states = kind.workflow["states"] if kind else []
        self.filters["status"].extra["widget"] = forms.Select(
            choices=[("", "全部状态")] + [(s["code"], s["label"]) for s in states]
        )
        self.filters["period"].extra["widget"] = forms.TextInput(attrs={"placeholder": "如 2023、2023Q3", "size": 10})

    def _selected_kind(self):
        code = (self.data or {}).get("kind")
        return LedgerKind.objects.filter(code=code).first() if code else None

    @property
    def selected_kind(self):
        return self.form.cleaned_data.get("kind") if self.is_bound and self.is_valid() else None

    @property
    def selected_period(self):
        value = self.form.cleaned_data.get("period") if self.is_bound and self.is_valid() else None
        return Period.parse(value) if value else None

    def filter_org(self, queryset, name, value):
        return queryset.filter(subtree_q("org__code", value))

    def filter_period(self, queryset, name, value):
        try:
            period = Period.parse(value)
        except PeriodError as exc:
            raise ValidationError(str(exc)) from None
        return queryset.filter(occurred_on__gte=period.start, occurred_on__lte=period.end)

    def filter_overdue(self, queryset, name, value):
        late = Q(closed=False, deadline__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset

    def filter_open(self, queryset, name, value):
        return queryset.filter(closed=False) if value else queryset

    def search(self, queryset, name, value):
        q = Q(title__icontains=value) | Q(ref__icontains=value) | Q(responsible__icontains=value)
        code = LedgerEntry.pii_lookup(value)  # a whole 身份证号 or phone: exact match on its keyed hash
        if code:
            q |= Q(pii_index__contains=code)
        return queryset.filter(q)

    def filter_queryset(self, queryset):
        try:
            return super().filter_queryset(queryset)
        except ValidationError as exc:
            self.form.add_error("period", exc)
            return queryset.none()
