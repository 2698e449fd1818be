"""Settings for the test suite: a throw-away data dir, fast password hashing, and the database from
ZHENWU_TEST_DATABASE_URL when set (CI runs the suite once on SQLite and once on PostgreSQL)."""

import os
import tempfile

os.environ.setdefault("ZHENWU_DATA_DIR", tempfile.mkdtemp(prefix="zhenwu-test-"))
os.environ.setdefault("ZHENWU_SECRET_KEY", "only-for-tests")
if os.environ.get("ZHENWU_TEST_DATABASE_URL"):
    os.environ["ZHENWU_DATABASE_URL"] = os.environ["ZHENWU_TEST_DATABASE_URL"]

from zhenwu.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # One test database per run, so parallel runs on one server never drop each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_zhenwu_{os.getpid()}"}
