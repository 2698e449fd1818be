import django_filters
from django.contrib.auth import get_user_model

from .models import Area, Candidate, OrderState, Project, ProjectStage, SupervisionOrder, Task, TaskSource, TaskStatus


def _leaders(request):
    """Users who lead something the user can see: the leader filter's choices."""
    if request is None:
        return get_user_model().objects.none()
    seen = set(Project.objects.visible_to(request.user).exclude(leader=None).values_list("leader_id", flat=True)) | \
        set(Task.objects.visible_to(request.user).exclude(leader=None).values_list("leader_id", flat=True))
    return get_user_model().objects.filter(pk__in=seen).order_by("username")


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="搜索")
    year = django_filters.NumberFilter(label="年度")
    category = django_filters.ChoiceFilter(choices=Area.choices, label="领域", empty_label="全部领域")
    stage = django_filters.MultipleChoiceFilter(choices=ProjectStage.choices, label="阶段")
    leader = django_filters.ModelChoiceFilter(queryset=_leaders, label="责任领导", empty_label="全部领导")
    key = django_filters.BooleanFilter(label="重点项目")

    class Meta:
        model = Project
        fields = ["q", "year", "category", "stage", "leader", "key"]


class TaskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="搜索")
    year = django_filters.NumberFilter(label="年度")
    area = django_filters.ChoiceFilter(choices=Area.choices, label="领域", empty_label="全部领域")
    source = django_filters.ChoiceFilter(choices=TaskSource.choices, label="类别", empty_label="全部类别")
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态", empty_label="全部状态")
    leader = django_filters.ModelChoiceFilter(queryset=_leaders, label="牵头领导", empty_label="全部领导")
    supervised = django_filters.BooleanFilter(label="督办")

    class Meta:
        model = Task
        fields = ["q", "year", "area", "source", "status", "leader", "supervised"]


class CandidateFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="搜索")
    year = django_filters.NumberFilter(label="年度")

    class Meta:
        model = Candidate
        fields = ["q", "year"]


class OrderFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=OrderState.choices, label="状态", empty_label="全部状态")
    period = django_filters.CharFilter(method="in_period", label="期间（如 2024Q1）")

    class Meta:
        model = SupervisionOrder
        fields = ["state", "period"]

    def in_period(self, queryset, name, value):
        from zhenwu.core.periods import Period, PeriodError

        try:
            p = Period.parse(value)
        except PeriodError:
            return queryset.none()
        return queryset.filter(issued_on__gte=p.start, issued_on__lte=p.end)
