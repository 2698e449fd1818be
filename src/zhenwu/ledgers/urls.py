from django.urls import path

from . import views

urlpatterns = [
    path("ledgers/", views.home, name="ledger_home"),
    path("ledgers/entries/", views.EntryListView.as_view(), name="ledger_entry_list"),
    path("ledgers/entries/export.xlsx", views.EntryListView.as_view(export_only=True), name="ledger_entry_export"),
    path("ledgers/entries/<int:pk>/", views.EntryDetailView.as_view(), name="ledger_entry_detail"),
    path("ledgers/entries/<int:pk>/edit/", views.entry_edit, name="ledger_entry_edit"),
    path("ledgers/entries/<int:pk>/delete/", views.EntryDeleteView.as_view(), name="ledger_entry_delete"),
    path("ledgers/entries/<int:pk>/transition/", views.entry_transition, name="ledger_entry_transition"),
    path("ledgers/entries/<int:pk>/file/<slug:key>/", views.entry_file, name="ledger_entry_file"),
    path("ledgers/quick/", views.quick_entry, name="ledger_quick"),
    path("ledgers/new/<slug:kind>/", views.entry_create, name="ledger_entry_create"),
    path("ledgers/import/<slug:kind>/", views.entry_import, name="ledger_entry_import"),
    path("ledgers/import/<slug:kind>/template.xlsx", views.entry_template, name="ledger_entry_template"),
    path("ledgers/kinds/", views.kind_list, name="ledger_kind_list"),
    path("ledgers/kinds/new/", views.kind_edit, name="ledger_kind_add"),
    path("ledgers/kinds/<int:pk>/edit/", views.kind_edit, name="ledger_kind_edit"),
    path("ledgers/kinds/load/", views.kind_load_pack, name="ledger_kind_load_pack"),
]
