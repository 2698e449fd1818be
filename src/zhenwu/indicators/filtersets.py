import django_filters
from django.db.models import Q

from .models import Category, DataValue, Indicator, Source, Target


class IndicatorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="搜索")
    category = django_filters.ChoiceFilter(choices=Category.choices, label="类别", empty_label="全部类别")

    class Meta:
        model = Indicator
        fields = ["q", "category"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(synonyms__icontains=value))


class DataValueFilterSet(django_filters.FilterSet):
    indicator = django_filters.ModelChoiceFilter(queryset=Indicator.objects.all(), label="指标", empty_label="全部指标")
    period = django_filters.CharFilter(field_name="period", label="期间")
    source = django_filters.ChoiceFilter(choices=Source.choices, label="来源", empty_label="全部来源")

    class Meta:
        model = DataValue
        fields = ["indicator", "period", "source"]


class TargetFilterSet(django_filters.FilterSet):
    indicator = django_filters.ModelChoiceFilter(queryset=Indicator.objects.all(), label="指标", empty_label="全部指标")
    year = django_filters.NumberFilter(field_name="year", label="年度")

    class Meta:
        model = Target
        fields = ["indicator", "year"]
