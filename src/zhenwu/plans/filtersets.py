import django_filters

from .models import Area, Project, ProjectStatus, Task, TaskSource, TaskStatus


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="搜索")
    year = django_filters.NumberFilter(label="年度")
    category = django_filters.ChoiceFilter(choices=Area.choices, label="类别", empty_label="全部类别")
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label="状态", empty_label="全部状态")
    key = django_filters.BooleanFilter(label="重点项目")

    class Meta:
        model = Project
        fields = ["q", "year", "category", "status", "key"]


class TaskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="搜索")
    year = django_filters.NumberFilter(label="年度")
    area = django_filters.ChoiceFilter(choices=Area.choices, label="领域", empty_label="全部领域")
    source = django_filters.ChoiceFilter(choices=TaskSource.choices, label="来源", empty_label="全部来源")
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态", empty_label="全部状态")
    supervised = django_filters.BooleanFilter(label="督办")

    class Meta:
        model = Task
        fields = ["q", "year", "area", "source", "status", "supervised"]
