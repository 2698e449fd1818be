from django.urls import path

from zhenwu.core.registry import api_routers

from .base import api

for prefix, router in api_routers():
    api.add_router(f"/{prefix}", router)

urlpatterns = [path("", api.urls)]
