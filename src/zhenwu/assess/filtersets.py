import django_filters

from .models import Category, Household, PartyMember, PointRecord, PointRule, PointState, Redemption


class HouseholdFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="head", lookup_expr="icontains", label="户主")

    class Meta:
        model = Household
        fields = ["q"]


class MemberFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="姓名")

    class Meta:
        model = PartyMember
        fields = ["q"]


class RuleFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices, label="类别", empty_label="全部类别")

    class Meta:
        model = PointRule
        fields = ["category"]


class PointFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=PointState.choices, label="状态", empty_label="全部状态")
    category = django_filters.ChoiceFilter(field_name="rule__category", choices=Category.choices, label="类别",
                                           empty_label="全部类别")

    class Meta:
        model = PointRecord
        fields = ["state", "category"]


class RedemptionFilterSet(django_filters.FilterSet):
    class Meta:
        model = Redemption
        fields = []
