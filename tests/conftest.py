import os
import shutil
from collections import Counter

import pytest
from django.test import TransactionTestCase

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_sessionfinish(session, exitstatus):
    """With ZHENWU_FAIL_ON_SKIP set (CI), a skipped test fails the run: a browser test must never silently not run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if os.environ.get("ZHENWU_FAIL_ON_SKIP") and reporter and reporter.stats.get("skipped") and exitstatus == 0:
        session.exitstatus = 1


class DemoSnapshot:
    """The demo database copied once per session and put back after every flush of a transactional test (see
    `_flush_then_restore_demo`): a fraction of a second instead of loading the demo again (~15 s). SQLite: the backup API into and out of an in-memory copy; PostgreSQL: COPY of every table, put
    back in one transaction with the (deferrable) foreign keys checked at its end."""

    def __init__(self):
        self.sqlite = None
        self.tables: dict[str, bytes] = {}

    def take(self):
        import sqlite3

        from django.db import connection

        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.sqlite)
            return
        with connection.connection.cursor() as cur:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            for (table,) in cur.fetchall():
                with cur.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                    self.tables[table] = b"".join(bytes(chunk) for chunk in copy)

    def restore(self):
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from django.core.management.color import no_style
        from django.db import connection, transaction

        if self.sqlite is None and not self.tables:
            return  # not taken: no test of this session loaded the demo
        connection.ensure_connection()
        if self.sqlite is not None:
            self.sqlite.backup(connection.connection)
        else:
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL DEFERRED")
                cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in self.tables))
                raw = cur.cursor
                for table, data in self.tables.items():
                    with raw.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy:
                        copy.write(data)
                for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                    cur.execute(sql)
        ContentType.objects.clear_cache()  # the flush re-created content types under other ids


DEMO = DemoSnapshot()


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.database("postgresql")`: a test of one database's behaviour runs in that database's run and is
    deselected (not skipped) in the other; CI runs the suite on both, so every test runs somewhere."""
    from django.db import connection

    keep, other = [], []
    for item in items:
        marker = item.get_closest_marker("database")
        (other if marker and connection.vendor not in marker.args else keep).append(item)
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = keep


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo county once for the whole session; db tests roll back on top of it."""
    from zhenwu.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()
        DEMO.take()
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":  # worker threads of the job tests may still be connected
            with connection.cursor() as cur:
                cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()")


class RouteVisits:
    """A crawl visits at most `PER_ROUTE` pages of one route (the 84 indicators' pages are one page with other
    figures); `routes` counts the distinct routes it met."""

    PER_ROUTE = 4

    def __init__(self):
        self.routes: Counter = Counter()

    def enough(self, url: str) -> bool:
        from django.urls import Resolver404, resolve

        try:
            route = resolve(url.split("?")[0]).route
        except Resolver404:
            return False
        self.routes[route] += 1
        return self.routes[route] > self.PER_ROUTE


@pytest.fixture
def route_visits():
    return RouteVisits()


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


def _flush_then_restore_demo(test_case, flush=TransactionTestCase._fixture_teardown):
    """A transactional test empties the database when it ends; the demo is put back at once, so every test starts
    from it whatever ran before it on the same worker (order matters neither alone nor under pytest-xdist)."""
    flush(test_case)
    DEMO.restore()


TransactionTestCase._fixture_teardown = _flush_then_restore_demo


@pytest.fixture
def demo_db(transactional_db):
    """Live-server tests: a transactional database (committed, seen by the server's threads) holding the demo."""


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
