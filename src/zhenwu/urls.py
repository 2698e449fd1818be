from django.urls import include, path

urlpatterns = [
    path("", include("zhenwu.web.urls")),
    path("", include("zhenwu.core.urls")),
    path("", include("zhenwu.ledgers.urls")),
    path("", include("zhenwu.plans.urls")),
    path("", include("zhenwu.reports.urls")),
    path("indicators/", include("zhenwu.indicators.urls")),
    path("api/", include("zhenwu.api.urls")),
]

handler400 = "zhenwu.web.views.error_400"
handler403 = "zhenwu.web.views.error_403"
handler404 = "zhenwu.web.views.error_404"
