from django.urls import path

from . import notify, views

urlpatterns = [
    path("org/", views.OrgUnitListView.as_view(), name="orgunit_list"),
    path("org/switch/", views.switch_org, name="switch_org"),
    path("org/search/", views.org_search, name="org_search"),
    path("period/switch/", views.switch_period, name="switch_period"),
    path("org/<int:pk>/", views.OrgUnitDetailView.as_view(), name="orgunit_detail"),
    path("org/<int:pk>/edit/", views.OrgUnitEditView.as_view(), name="orgunit_edit"),
    path("org/<int:pk>/delete/", views.OrgUnitDeleteView.as_view(), name="orgunit_delete"),
    path("org/<int:pk>/add/", views.orgunit_add, name="orgunit_add"),
    path("users/", views.MembershipListView.as_view(), name="membership_list"),
    path("users/add/", views.account_add, name="account_add"),
    path("users/<int:pk>/password/", views.account_password, name="account_password"),
    path("memberships/<int:pk>/delete/", views.MembershipDeleteView.as_view(), name="membership_delete"),
    path("tokens/", views.token_list, name="token_list"),
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("notifications/", notify.inbox, name="notification_list"),
    path("notifications/read/", notify.mark_read, name="notification_read_all"),
    path("notifications/<int:pk>/read/", notify.mark_read, name="notification_read"),
    path("audit/", views.AuditLogListView.as_view(), name="auditlog_list"),
    path("audit/<int:content_type_id>/<str:object_id>/", views.object_history, name="object_history"),
]
