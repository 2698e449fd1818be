import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
