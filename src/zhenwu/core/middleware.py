"""Per request: the acting user for the audit trail and the org unit the user is looking at."""

from .audit import acting_as

SESSION_ORG_KEY = "zhenwu_org_id"


def current_org(request):
    """The org the user chose in the switcher, if still in scope; else their first membership's org."""
    from .models import OrgUnit
    from .scope import memberships

    user = request.user
    if not user.is_authenticated:
        return None
    org_id = request.session.get(SESSION_ORG_KEY)
    if org_id is not None:
        org = OrgUnit.objects.visible_to(user).filter(pk=org_id).first()
        if org is not None:
            return org
    if user.is_superuser:
        return OrgUnit.objects.filter(parent__isnull=True).first()
    ms = memberships(user)
    return ms[0].org if ms else None


class ZhenwuContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .workperiod import session_period, working_in

        request.org = current_org(request)
        request.period = session_period(request)
        with acting_as(request.user if request.user.is_authenticated else None), working_in(request.period):
            return self.get_response(request)


class SessionLimitMiddleware:
    """Ends a session idle for SESSION_IDLE_SECONDS or older than SESSION_COOKIE_AGE since the login. The last
    request's time is written at most once a minute, so reading pages does not write the session each time."""

    LOGIN_AT, SEEN_AT = "zhenwu_login_at", "zhenwu_seen_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings
        from django.contrib import messages
        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            login_at = request.session.get(self.LOGIN_AT)
            seen_at = request.session.get(self.SEEN_AT, now)
            if login_at is None:
                request.session[self.LOGIN_AT] = login_at = now
            if now - seen_at > settings.SESSION_IDLE_SECONDS or now - login_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, "长时间未操作或登录时间过长，已自动退出，请重新登录")
            elif now - seen_at >= 60 or self.SEEN_AT not in request.session:
                request.session[self.SEEN_AT] = now
        return self.get_response(request)
