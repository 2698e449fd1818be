from django.contrib.auth import views as auth_views
from django.shortcuts import render

from zhenwu.core.cache import cached
from zhenwu.core.generic import org_required
from zhenwu.core.replica import lag_tolerant
from zhenwu.core.registry import dashboard_providers


@org_required
@lag_tolerant
def dashboard(request):
    """The home of the role the user holds here: a 网格员 their open cases and a big 快速登记, a village its tasks,
    what waits on it and its ledgers, a station its ledgers and 督办 items, a town the figures of the whole,
    a leader or inspector the overview, 督办 items and rankings."""
    from zhenwu.core import home
    from zhenwu.core.roles import GRID_HOME, TOWN_HOME, home_of

    org = request.org
    role_home = home_of(request.user, org)
    cards = [] if role_home == GRID_HOME else cached(
        f"dashboard:{request.period.code}", org, request.user,  # cards follow the working period
        lambda: [card for provider in dashboard_providers() for card in provider(org, request.user)])
    return render(request, "web/dashboard.html", {
        "cards": cards, "org": org, "home": role_home,
        "panels": [] if role_home == TOWN_HOME else home.panels(request, role_home),
        "charts": role_home != GRID_HOME,  # a 网格员's phone has no use for economy charts
    })


class LoginView(auth_views.LoginView):
    """The login page; on a demo database (the 示例县 of `zhenwu demo`) it lists the demo accounts to try."""

    template_name = "web/login.html"

    def get_context_data(self, **kwargs):
        from zhenwu.core import demo
        from zhenwu.core.models import OrgUnit

        ctx = super().get_context_data(**kwargs)
        if OrgUnit.objects.filter(code=demo.COUNTY_CODE, parent__isnull=True).exists():
            from django.contrib.auth import get_user_model

            active = set(get_user_model().objects.filter(
                username__in=[a[0] for a in demo.ACCOUNTS], is_active=True).values_list("username", flat=True))
            ctx["demo_accounts"] = [{"username": u, "name": n, "role": r.label}
                                    for u, n, _code, r in demo.ACCOUNTS if u in active]
            ctx["demo_password"] = demo.DEMO_PASSWORD
        return ctx


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
