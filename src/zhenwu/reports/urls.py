from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/check/", views.report_check, name="report_check"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/preview/", views.report_preview, name="report_preview"),
    path("reports/<int:pk>/docx/", views.report_docx, name="report_docx"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/regenerate/", views.report_regenerate, name="report_regenerate"),
    path("reports/<int:pk>/s/<slug:key>/save/", views.section_save, name="section_save"),
    path("reports/<int:pk>/s/<slug:key>/regenerate/", views.section_regenerate, name="section_regenerate"),
    path("reports/<int:pk>/s/<slug:key>/chart.png", views.section_chart, name="section_chart"),
    path("reports/outlines/", views.outline_list, name="outline_list"),
    path("reports/outlines/<int:pk>/", views.outline_edit, name="outline_edit"),
]
