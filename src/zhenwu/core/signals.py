"""Account events in the audit trail: logins, logouts, failed logins and lockouts (connected in CoreConfig.ready)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver


def _where(user) -> str:
    from .models import _user_org_code

    return _user_org_code(user) if user is not None and user.pk else ""


def _address(request) -> str:
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "")[:45]


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    from .audit import log_event
    from .models import AuditLog

    log_event(user, AuditLog.LOGIN, get_user_model(), user.pk, f"{user.get_username()} 登录", _where(user),
              {"address": _address(request)})


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    from .audit import log_event
    from .models import AuditLog

    if user is not None:
        log_event(user, AuditLog.LOGOUT, get_user_model(), user.pk, f"{user.get_username()} 退出", _where(user),
                  {"address": _address(request)})


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    from .audit import log_event
    from .models import AuditLog

    name = str((credentials or {}).get("username", ""))[:150]
    user = get_user_model().objects.filter(username=name).first()
    log_event(None, AuditLog.LOGIN_FAILED, get_user_model(), user.pk if user else "",
              f"用户名“{name[:60]}”登录失败", _where(user), {"address": _address(request)},
              username=name or "（空）")


def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    from .audit import log_event
    from .models import AuditLog

    user = get_user_model().objects.filter(username=username or "").first()
    log_event(None, AuditLog.LOCKED_OUT, get_user_model(), user.pk if user else "",
              f"“{(username or '')[:60]}”连续登录失败，已暂时锁定", _where(user), {"address": ip_address or ""},
              username=username or "（空）")


def connect() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="zhenwu_locked_out")
