"""The page cache: dashboards reused until something below the unit changes, catalogues until the catalogue
does, and never one viewer's page served to another (local memory and Redis)."""

import datetime as dt
import os

import pytest
from django.test import override_settings

# Each pytest-xdist worker its own Redis database (6, 7, …): the tests clear the whole database.
REDIS_URL = f"redis://127.0.0.1:6379/{6 + int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0')[2:])}"

BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhenwu-test"},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
              "KEY_PREFIX": "zhenwu-test"},
}


@pytest.fixture(params=list(BACKENDS))
def real_cache(request):
    with override_settings(CACHES={"default": BACKENDS[request.param]}):
        from django.core.cache import cache

        cache.clear()
        yield cache
        cache.clear()


def _open_cases(client) -> str:
    body = client.get("/").content.decode()
    card = body.split('data-label="在办台账"')[1]
    return card.split('fs-3')[1].split(">")[1].split("<")[0].strip()


@pytest.mark.django_db
def test_dashboard_is_cached_and_a_write_below_refreshes_it(real_cache, login, org, demo_user,
                                                           django_assert_max_num_queries,
                                                           django_capture_on_commit_callbacks):
    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerKind

    county = login("admin")
    before = _open_cases(county)
    with django_assert_max_num_queries(12):  # the cards and charts come from the cache
        assert county.get("/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        actions.create_entry(demo_user("qinghe"), LedgerKind.objects.get(code="safety_hazard"), org("泉湖村"),
                             title="新隐患", occurred_on=dt.date(2024, 5, 6),
                             data={"place": "加油站", "severity": "一般隐患", "source": "自查"})
    assert int(_open_cases(county).replace(",", "")) == int(before.replace(",", "")) + 1  # the county sees it


@pytest.mark.django_db
def test_never_serves_one_scope_to_another(real_cache, demo_user, org, monkeypatch):
    """A provider whose cards depend on the viewer: each viewer gets their own, built once."""
    from zhenwu.core import cache as page_cache

    built = []

    def build_for(user):
        def build():
            built.append(user.username)
            return [{"label": "看的人", "value": user.username}]
        return build

    county = org("示例县")
    admin, ducha, leader = demo_user("admin"), demo_user("ducha"), demo_user("leader")
    for user in (admin, ducha, leader, admin, ducha):
        got = page_cache.cached("dashboard", county, user, build_for(user))
        assert got == [{"label": "看的人", "value": user.username}]
    assert built == ["admin", "ducha", "leader"]
    # one town's page is never another town's, even for the same kind of viewer
    a = page_cache.cached("dashboard", org("清河镇"), demo_user("qinghe"), lambda: ["清河"])
    b = page_cache.cached("dashboard", org("石岭镇"), demo_user("shiling"), lambda: ["石岭"])
    assert (a, b) == (["清河"], ["石岭"])


@pytest.mark.django_db
def test_a_catalogue_change_refreshes_catalogues_and_dashboards(real_cache, org, demo_user,
                                                                django_capture_on_commit_callbacks):
    from zhenwu.core import cache as page_cache
    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerKind

    assert page_cache.catalogue("kinds", lambda: 1) == 1
    assert page_cache.catalogue("kinds", lambda: 2) == 1
    assert page_cache.cached("dashboard", org("清河镇"), demo_user("qinghe"), lambda: "旧") == "旧"
    kind = LedgerKind.objects.get(code="dispute")
    kind.name = "矛盾纠纷（新）"
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_kind(None, kind)
    assert page_cache.catalogue("kinds", lambda: 2) == 2
    assert page_cache.cached("dashboard", org("清河镇"), demo_user("qinghe"), lambda: "新") == "新"


@pytest.mark.django_db
def test_settings_choose_redis_when_asked(monkeypatch):
    import importlib

    import zhenwu.settings as settings_module

    monkeypatch.setenv("ZHENWU_CACHE_URL", REDIS_URL)
    assert importlib.reload(settings_module).CACHES["default"]["BACKEND"].endswith("RedisCache")
    monkeypatch.delenv("ZHENWU_CACHE_URL")
    assert importlib.reload(settings_module).CACHES["default"]["BACKEND"].endswith("LocMemCache")
