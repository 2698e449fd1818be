"""The REST API (OpenAPI at /api/docs): session auth, one router per app, scope from the core helpers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import django_auth

from zhenwu.core.periods import PeriodError

api = NinjaAPI(title="镇务 API", version="1", auth=django_auth, urls_namespace="api")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "记录不存在"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": "；".join(exc.messages)}, status=400)


@api.exception_handler(PeriodError)
def _bad_period(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)
