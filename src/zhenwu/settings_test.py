"""Settings for the test suite: a throw-away data dir, fast password hashing, and the database from
ZHENWU_TEST_DATABASE_URL when set (CI runs the suite once on SQLite and once on PostgreSQL)."""

import os
import tempfile

if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker its own files (uploads, job results, SQLite database)
    os.environ["ZHENWU_DATA_DIR"] = tempfile.mkdtemp(prefix=f"zhenwu-test-{os.environ['PYTEST_XDIST_WORKER']}-")
else:
    os.environ.setdefault("ZHENWU_DATA_DIR", tempfile.mkdtemp(prefix="zhenwu-test-"))
os.environ.setdefault("ZHENWU_SECRET_KEY", "only-for-tests")
# Background jobs run at once, inside the request (a test's transaction is invisible to other threads);
# tests/core/test_jobs.py runs the real worker threads on a committed database.
os.environ.setdefault("ZHENWU_JOBS_IMMEDIATE", "1")
if os.environ.get("ZHENWU_TEST_DATABASE_URL"):
    os.environ["ZHENWU_DATABASE_URL"] = os.environ["ZHENWU_TEST_DATABASE_URL"]

from zhenwu.settings import *  # noqa: E402,F403
from zhenwu.settings import DATA_DIR, DATABASES  # noqa: E402  (named for readers and linters)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's shared in-memory database: live-server browser tests then get their own connection
    # per thread (as in production) instead of sharing one, which SQLite answers with "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
else:
    # One test database per run, so parallel runs on one server never drop each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_zhenwu_{os.getpid()}"}
    # A throw-away database need not wait for each commit to reach the disk (the transactional tests commit a
    # whole demo back after each of them).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

# Each test rolls its writes back, so no write ever commits and bumps a cache generation: a cache shared by the
# tests would serve one test's pages to the next. Tests of the cache itself turn a real one on (tests/scale).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
