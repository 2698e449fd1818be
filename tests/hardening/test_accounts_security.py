"""Accounts and transport: login throttling, password policy, session limits, account events in the audit trail,
HTTPS settings that make `check --deploy` clean, the Content-Security-Policy, and personal API tokens."""

import os
import subprocess
import sys
import time

import pytest
from django.urls import reverse

from zhenwu.core.models import ApiToken, AuditLog

pytestmark = pytest.mark.django_db


def test_wrong_passwords_lock_the_account_from_that_address(client, settings):
    for n in range(1, settings.AXES_FAILURE_LIMIT + 1):
        resp = client.post("/login/", {"username": "qinghe", "password": "wrong-password"})
        assert resp.status_code == (429 if n == settings.AXES_FAILURE_LIMIT else 200)
    resp = client.post("/login/", {"username": "qinghe", "password": "zhenwu-demo"})
    assert resp.status_code == 429 and "已暂时锁定" in resp.content.decode()
    events = AuditLog.objects.filter(username="qinghe")
    assert events.filter(action=AuditLog.LOGIN_FAILED).count() >= settings.AXES_FAILURE_LIMIT
    assert events.filter(action=AuditLog.LOCKED_OUT).exists()
    assert not events.filter(action=AuditLog.LOGIN).exists()
    # another address is not locked out
    resp = client.post("/login/", {"username": "qinghe", "password": "zhenwu-demo"}, REMOTE_ADDR="10.9.9.9")
    assert resp.status_code == 302


def test_login_and_logout_are_logged(client):
    assert client.post("/login/", {"username": "shiling", "password": "zhenwu-demo"}).status_code == 302
    assert client.post("/logout/").status_code == 302
    actions = list(AuditLog.objects.filter(username="shiling").values_list("action", flat=True))
    assert AuditLog.LOGIN in actions and AuditLog.LOGOUT in actions


def test_account_creation_and_password_reset_are_logged_and_weak_passwords_refused(login, org):
    from django.contrib.auth import get_user_model

    client = login("qinghe")
    form = {"username": "lishu", "full_name": "泉湖村文书", "org": org("泉湖村").pk, "role": "village"}
    for weak, why in (("12345678", "常见"), ("87236491", "数字"), ("lishu123", "相似")):
        resp = client.post(reverse("account_add"), {**form, "password": weak})
        assert resp.status_code == 200 and why in resp.content.decode(), weak
    assert client.post(reverse("account_add"), {**form, "password": "Quanhu-Wenshu-58"}).status_code == 302
    account = get_user_model().objects.get(username="lishu")
    assert AuditLog.objects.filter(action=AuditLog.CREATE, content_type__model="user", object_id=str(account.pk)).exists()
    resp = client.post(reverse("account_password", args=[account.pk]), {"password": "Xin-Mima-2931"})
    assert resp.status_code == 302
    assert AuditLog.objects.filter(action=AuditLog.PASSWORD, object_id=str(account.pk)).exists()


def test_sessions_end_when_idle_or_too_old(login, settings):
    from zhenwu.core.middleware import SessionLimitMiddleware as S

    client = login("qinghe")
    assert client.get("/").status_code == 200
    session = client.session
    session[S.SEEN_AT] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    assert client.get("/").status_code == 302  # to the login page
    client = login("qinghe")
    client.get("/")
    session = client.session
    session[S.LOGIN_AT] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()
    assert client.get("/").status_code == 302


def test_https_setting_makes_check_deploy_clean(tmp_path):
    env = {**os.environ, "ZHENWU_HTTPS": "1", "ZHENWU_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "zhenwu.settings",
           "ZHENWU_SECRET_KEY": "k" * 20 + "-a-long-and-random-enough-secret-for-production-9f8e7d6c5b4a"}
    for name in ("ZHENWU_TEST_DATABASE_URL", "ZHENWU_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the tests' own
        env.pop(name, None)
    out = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                         env=env, capture_output=True, text=True)
    assert out.returncode == 0 and "no issues" in out.stdout, out.stdout + out.stderr


def test_content_security_policy_allows_only_this_site(login):
    resp = login("qinghe").get("/")
    policy = resp["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_no_page_has_an_inline_script_or_handler():
    """Every template: scripts come from files (the policy refuses inline ones)."""
    import re
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "zhenwu"
    bad = []
    for path in src.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=\"", text) \
                or "javascript:" in text:
            bad.append(str(path.relative_to(src)))
    assert not bad, bad


def test_api_tokens_are_made_shown_once_stored_hashed_scoped_and_revoked(login):
    from django.test import Client

    page = login("shiling")
    client = Client()
    resp = page.post(reverse("token_list"), {"name": "报表同步"})
    token = resp.context["created"]
    assert token.startswith("zw_") and token in resp.content.decode() and resp["Cache-Control"] == "no-store"
    record = ApiToken.objects.get(user__username="shiling")
    assert token not in (record.digest, record.prefix) and len(record.digest) == 64
    assert token not in page.get(reverse("token_list")).content.decode()  # shown once
    assert AuditLog.objects.filter(content_type__model="apitoken", action="create").exists()
    # the token acts as its owner, no session and no CSRF token needed
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    orgs = client.get("/api/core/orgs", **auth).json()
    assert orgs and all(o["code"].startswith("990102102") for o in orgs)
    assert client.get("/api/core/orgs", HTTP_AUTHORIZATION="Bearer zw_wrong").status_code == 401
    assert "请先登录" in client.get("/api/core/orgs").json()["detail"]
    # revoked: refused
    page.post(reverse("token_list"), {"revoke": record.pk})
    assert client.get("/api/core/orgs", **auth).status_code == 401
    assert AuditLog.objects.filter(content_type__model="apitoken", action="update").exists()


def test_api_docs_need_a_login(client, login):
    assert client.get("/api/docs").status_code == 302
    assert login("qinghe").get("/api/docs").status_code == 200
    schema = login("qinghe").get("/api/openapi.json").json()
    for path in schema["paths"].values():
        for op in path.values():
            assert {"400", "401", "403", "404", "409", "422"} <= {str(s) for s in op["responses"]}
