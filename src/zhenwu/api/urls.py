from django.urls import path

from . import core, indicators, ledgers, plans, reports
from .base import api

api.add_router("/core", core.router)
api.add_router("/indicators", indicators.router)
api.add_router("/plans", plans.router)
api.add_router("/reports", reports.router)
api.add_router("/ledgers", ledgers.router)
# Each area adds its router here.

urlpatterns = [path("", api.urls)]
