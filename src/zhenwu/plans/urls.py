from django.urls import path

from . import views

urlpatterns = [
    path("plans/", views.plans_home, name="plans_home"),
    path("plans/projects/", views.ProjectListView.as_view(), name="project_list"),
    path("plans/projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("plans/projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("plans/tasks/", views.TaskListView.as_view(), name="task_list"),
    path("plans/tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("plans/tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
]
