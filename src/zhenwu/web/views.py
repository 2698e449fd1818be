from django.shortcuts import render

from zhenwu.core.cache import cached
from zhenwu.core.generic import org_required
from zhenwu.core.registry import dashboard_providers


@org_required
def dashboard(request):
    org = request.org
    cards = cached("dashboard", org, request.user,
                   lambda: [card for provider in dashboard_providers() for card in provider(org, request.user)])
    return render(request, "web/dashboard.html", {"cards": cards, "org": org})


def error_403(request, exception=None):
    return _error(request, 403, "无权访问", exception)


def error_404(request, exception=None):
    return _error(request, 404, "页面不存在", exception)


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes: too many failed logins for this account from this address."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "web/error.html", {
        "title": "登录失败次数过多", "status": 429,
        "detail": f"该账号在本机连续登录失败 {settings.AXES_FAILURE_LIMIT} 次，已暂时锁定，请 {minutes} 分钟后再试；"
                  "如忘记密码，请联系本单位管理员重设。"}, status=429)


def error_400(request, exception=None):
    return _error(request, 400, "请求有误", exception)


def _error(request, status, title, exception):
    # Only our own messages are shown (a plain string argument); Django's internals (URL resolver dumps,
    # "No X matches the given query") stay out of the page.
    args = getattr(exception, "args", ())
    detail = args[0] if args and isinstance(args[0], str) and not args[0].startswith("No ") else ""
    return render(request, "web/error.html", {"title": title, "detail": detail, "status": status}, status=status)
