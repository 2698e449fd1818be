from django.urls import path

from . import core
from .base import api

api.add_router("/core", core.router)
# Each area adds its router here.

urlpatterns = [path("", api.urls)]
