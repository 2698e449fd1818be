"""The root URLconf: every app's pages at the prefix its entry declares, and the API (`core.registry`)."""

from django.urls import include, path

from zhenwu.core.registry import entries

urlpatterns = [path(e.url_prefix, include(e.urls)) for e in entries() if e.urls]
urlpatterns.append(path("api/", include("zhenwu.api.urls")))

handler400 = "zhenwu.web.views.error_400"
handler403 = "zhenwu.web.views.error_403"
handler404 = "zhenwu.web.views.error_404"
