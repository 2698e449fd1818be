from django.urls import path

from . import baseline, views

urlpatterns = [
    path("", views.indicator_grid, name="indicator_grid"),
    path("lock/", views.period_lock, name="indicator_lock"),
    path("values/", views.DataValueListView.as_view(), name="datavalue_list"),
    path("values/<int:pk>/", views.value_edit, name="datavalue_edit"),
    path("excel/template/", views.excel_template, name="indicator_excel_template"),
    path("excel/upload/", views.excel_upload, name="indicator_excel_upload"),
    path("charts/", views.indicator_charts, name="indicator_charts"),
    path("charts/data/", views.chart_data, name="indicator_chart_data"),
    path("catalogue/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("catalogue/add/", views.indicator_edit, name="indicator_add"),
    path("catalogue/pack/", views.indicator_pack, name="indicator_pack"),
    path("catalogue/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("catalogue/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("targets/", views.TargetListView.as_view(), name="target_list"),
    path("targets/add/", views.target_add, name="target_add"),
    path("targets/<int:pk>/edit/", views.TargetEditView.as_view(), name="target_edit"),
    path("import/", baseline.upload, name="baseline_import"),
    path("import/save/", baseline.save, name="baseline_save"),
]
