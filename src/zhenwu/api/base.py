"""The REST API (OpenAPI at /api/docs, for logged-in users): session or personal-token auth, one router per app,
scope from the core helpers. Every error is JSON `{"detail": "<Chinese>"}` with a status the OpenAPI document
lists for every operation: 400 (bad value), 401 (not logged in), 403 (not allowed), 404 (not found or out of
scope), 409 (changed by someone else, or a duplicate), 422 (request does not match the schema)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.security import django_auth

from zhenwu.core.periods import PeriodError
from zhenwu.core.validators import ConflictError

from .errors import schema_messages


class ErrorOut(Schema):
    detail: str


ERROR_STATUSES = {
    400: "请求的值有误（说明见 detail）",
    401: "未登录，或 API 令牌无效、已撤销",
    403: "您的角色无权执行该操作",
    404: "记录不存在，或不在您的管辖范围内",
    409: "记录已被他人修改，或与已有记录重复",
    422: "请求参数不符合接口定义（说明见 detail）",
}


class ZhenwuAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every operation documents every error status it can answer, with the one error shape."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.json_schema() if hasattr(ErrorOut, "json_schema") else ErrorOut.schema()
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        _decimal_strings(schema)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                for status, text in ERROR_STATUSES.items():
                    responses.setdefault(status, {"description": text, **ref})
        return schema


DECIMAL_PATTERN = r"^-?\d{1,16}(\.\d{1,4})?$"


def _decimal_strings(node) -> None:
    """A decimal may be sent as a number or a string: say which strings (pydantic's schema says any)."""
    if isinstance(node, dict):
        branches = node.get("anyOf")
        if isinstance(branches, list) and {"type": "number"} in branches and {"type": "string"} in branches:
            branches[branches.index({"type": "string"})] = {"type": "string", "pattern": DECIMAL_PATTERN}
        for value in node.values():
            _decimal_strings(value)
    elif isinstance(node, list):
        for value in node:
            _decimal_strings(value)


def _auth():
    from .tokens import token_auth

    return [token_auth, django_auth]


api = ZhenwuAPI(title="镇务 API", version="1", auth=_auth(), urls_namespace="api", docs_decorator=login_required,
                description="镇务的 REST 接口：登录后在浏览器中使用，或在“API 令牌”页面创建个人令牌，以 "
                            "`Authorization: Bearer <令牌>` 调用；令牌与其主人的权限和数据范围相同。")


def _error(request, status: int, detail: str):
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(Http404)
def _not_found(request, exc):
    text = str(exc)
    return _error(request, 404, text if text and not text.startswith("No ") else "记录不存在，或不在您的管辖范围内")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or "无权访问")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return _error(request, 409 if isinstance(exc, ConflictError) else 400, "；".join(exc.messages))


@api.exception_handler(PeriodError)
def _bad_period(request, exc):
    return _error(request, 400, str(exc))


@api.exception_handler(SchemaError)
def _schema_error(request, exc):
    return _error(request, 422, "请求参数有误：" + "；".join(schema_messages(exc.errors)))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "请先登录，或在请求头中提供有效的 API 令牌（Authorization: Bearer …）")


_HTTP_ERRORS = {400: "请求体不是有效的 JSON", 403: "CSRF 校验失败：请刷新页面后重试，或改用 API 令牌",
                429: "请求过于频繁，请稍后再试"}


@api.exception_handler(HttpError)
def _http_error(request, exc):
    message = str(exc.message)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in message):  # ninja's own messages are English
        message = _HTTP_ERRORS.get(exc.status_code, ERROR_STATUSES.get(exc.status_code, "请求有误"))
    return _error(request, exc.status_code, message)


@api.exception_handler(IntegrityError)
def _duplicate(request, exc):
    return _error(request, 409, "与已有记录重复或冲突，未保存")


@api.exception_handler(OverflowError)
def _too_big(request, exc):
    return _error(request, 400, "数值过大")


@api.exception_handler(DataError)
def _bad_data(request, exc):
    return _error(request, 400, "数值超出允许范围或含有不允许的字符，未保存")


class SingleValuedQuery:
    """Middleware: an API query parameter is given once. No operation takes a list in its query string, and
    Django would otherwise keep the last of several values silently (`?state=a&state=b`): 422 instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            repeated = [key for key, values in request.GET.lists() if len(values) > 1]
            if repeated:
                from django.http import JsonResponse

                return JsonResponse({"detail": f"查询参数“{repeated[0][:40]}”只能给一个值"}, status=422)
        return self.get_response(request)
