import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_sessionfinish(session, exitstatus):
    """With ZHENWU_FAIL_ON_SKIP set (CI), a skipped test fails the run: a browser test must never silently not run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if os.environ.get("ZHENWU_FAIL_ON_SKIP") and reporter and reporter.stats.get("skipped") and exitstatus == 0:
        session.exitstatus = 1


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo county once for the whole session; db tests roll back on top of it."""
    from zhenwu.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo_user(django_user_model):
    def get(username):
        return django_user_model.objects.get(username=username)

    return get


@pytest.fixture
def org():
    from zhenwu.core.models import OrgUnit

    def get(name):
        return OrgUnit.objects.get(name=name)

    return get


@pytest.fixture
def login(client, demo_user):
    def as_user(username):
        client.force_login(demo_user(username))
        return client

    return as_user


# Real-browser tests: Debian Chromium driven by Playwright against pytest-django's live server.

CHROMIUM = os.environ.get("ZHENWU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        # CI must not silently skip: fail loudly so a missing browser is noticed.
        pytest.fail(f"浏览器测试需要 Chromium（{CHROMIUM}）：请运行 scripts/test.sh，它会安装 chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_db(transactional_db):
    """Live-server tests run in a transactional DB that is flushed after each test: load the demo again."""
    from zhenwu.demo import load_demo

    load_demo()


def _page(chromium, **options):
    context = chromium.new_context(locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.fixture
def make_page(chromium):
    """A page factory for tests that choose the viewport themselves: `make_page(viewport=..., is_mobile=True)`."""
    contexts = []

    def make(**options):
        context, page = _page(chromium, **options)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(chromium):
    context, page = _page(chromium)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium):
    context, page = _page(chromium, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def login_page(live_server):
    """Log a Playwright page in as a demo user: `login_page(page, "qinghe")`."""

    def log_in(page, username, password="zhenwu-demo"):
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return log_in
