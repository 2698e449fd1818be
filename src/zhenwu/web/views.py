from django.shortcuts import render

from zhenwu.core.generic import org_required
from zhenwu.core.registry import dashboard_providers


@org_required
def dashboard(request):
    org = request.org
    cards = [card for provider in dashboard_providers() for card in provider(org, request.user)]
    return render(request, "web/dashboard.html", {"cards": cards, "org": org})


def error_403(request, exception=None):
    return _error(request, 403, "无权访问", exception)


def error_404(request, exception=None):
    return _error(request, 404, "页面不存在", exception)


def error_400(request, exception=None):
    return _error(request, 400, "请求有误", exception)


def _error(request, status, title, exception):
    # Only our own messages are shown (a plain string argument); Django's internals (URL resolver dumps,
    # "No X matches the given query") stay out of the page.
    args = getattr(exception, "args", ())
    detail = args[0] if args and isinstance(args[0], str) and not args[0].startswith("No ") else ""
    return render(request, "web/error.html", {"title": title, "detail": detail, "status": status}, status=status)
