from django.db.models import Count, Q, Sum
from django.shortcuts import render

from zhenwu.core import generic

from . import actions
from .filtersets import ProjectFilterSet, TaskFilterSet
from .forms import ProjectForm, TaskForm
from .models import Project, Task, TaskStatus
from .tables import ProjectTable, TaskTable


@generic.org_required
def plans_home(request):
    years = sorted(
        set(Project.objects.visible_to(request.user, within=request.org).values_list("year", flat=True))
        | set(Task.objects.visible_to(request.user, within=request.org).values_list("year", flat=True)),
        reverse=True,
    )
    year = generic.int_param(request, "year", request.period.year, 1949, 2100)
    projects = Project.objects.visible_to(request.user, within=request.org).filter(year=year)
    tasks = Task.objects.visible_to(request.user, within=request.org).filter(year=year)
    project_totals = projects.filter(key=True).aggregate(n=Count("id"), invest=Sum("planned_investment"))
    task_totals = tasks.aggregate(
        n=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE)), supervised=Count("id", filter=Q(supervised=True))
    )
    return render(request, "plans/home.html", {
        "year": year, "years": years,
        "projects": ProjectTable(projects.select_related("org")[:50], request=request, orderable=False),
        "tasks": TaskTable(tasks.filter(parent__isnull=True).select_related("org")[:50], request=request,
                           orderable=False),
        "project_totals": project_totals, "task_totals": task_totals,
    })


class ProjectListView(generic.ObjectListView):
    model = Project
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    template_name = "plans/project_list.html"
    export_name = "项目"

    def get_queryset(self):
        return super().get_queryset().select_related("org")


class ProjectDetailView(generic.ObjectDetailView):
    model = Project
    template_name = "plans/project_detail.html"

    def get_context_data(self, **kwargs):
        children = self.object.children.select_related("org")
        return super().get_context_data(children=ProjectTable(children, request=self.request, orderable=False),
                                        **kwargs)


class ProjectEditView(generic.ObjectEditView):
    model = Project
    form_class = ProjectForm
    template_name = "web/object_form.html"
    save_action = staticmethod(actions.save_project)


class TaskListView(generic.ObjectListView):
    model = Task
    filterset_class = TaskFilterSet
    table_class = TaskTable
    template_name = "plans/task_list.html"
    export_name = "任务"


class TaskDetailView(generic.ObjectDetailView):
    model = Task
    template_name = "plans/task_detail.html"

    def get_context_data(self, **kwargs):
        children = self.object.children.select_related("org")
        return super().get_context_data(children=TaskTable(children, request=self.request, orderable=False), **kwargs)


class TaskEditView(generic.ObjectEditView):
    model = Task
    form_class = TaskForm
    template_name = "web/object_form.html"
    save_action = staticmethod(actions.save_task)
