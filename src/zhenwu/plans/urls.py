from django.urls import path

from . import excel, views

urlpatterns = [
    path("plans/", views.plans_home, name="plans_home"),
    path("plans/projects/", views.ProjectListView.as_view(), name="project_list"),
    path("plans/projects/add/", views.ProjectCreateView.as_view(), name="project_add"),
    path("plans/projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("plans/projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("plans/projects/<int:pk>/close/", views.project_close, name="project_close"),
    path("plans/projects/<int:pk>/progress/", views.progress_entry, {"kind": "project"}, name="project_progress"),
    path("plans/tasks/<int:pk>/progress/", views.progress_entry, {"kind": "task"}, name="task_progress"),
    path("plans/tasks/", views.TaskListView.as_view(), name="task_list"),
    path("plans/tasks/add/", views.TaskCreateView.as_view(), name="task_add"),
    path("plans/tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("plans/tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("plans/tasks/<int:task_pk>/supervise/", views.order_add, name="order_add"),
    path("plans/library/", views.CandidateListView.as_view(), name="candidate_list"),
    path("plans/library/add/", views.candidate_add, name="candidate_add"),
    path("plans/library/<int:pk>/edit/", views.CandidateEditView.as_view(), name="candidate_edit"),
    path("plans/library/<int:pk>/promote/", views.candidate_promote, name="candidate_promote"),
    path("plans/orders/", views.OrderListView.as_view(), name="order_list"),
    path("plans/orders/remind/", views.order_remind, name="order_remind"),
    path("plans/orders/<int:pk>/", views.OrderDetailView.as_view(), name="order_detail"),
    path("plans/orders/<int:pk>/feedback/", views.order_feedback, name="order_feedback"),
    path("plans/orders/<int:pk>/decide/", views.order_decide, name="order_decide"),
    path("plans/snapshots/", views.SnapshotListView.as_view(), name="snapshot_list"),
    path("plans/snapshots/take/", views.snapshot_take, name="snapshot_take"),
    path("plans/snapshots/<int:pk>/rate/", views.snapshot_rate, name="snapshot_rate"),
    path("plans/scores/", views.scores, name="plan_scores"),
    path("plans/import/", excel.import_plan, name="plan_import"),
    path("plans/import/template.xlsx", excel.template, name="plan_import_template"),
]
