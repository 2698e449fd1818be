"""Read replicas: pages that tolerate a few seconds of lag read from `DATABASES["replica"]`.

With `ZHENWU_REPLICA_URL` set (a streaming replica of the primary), the views marked `@lag_tolerant` — the
dashboard, the ledger home's statistics, the indicator charts — send their reads to the replica. Everything else
stays on the primary: every write; every read inside a transaction the view opens (an action reads what it is
about to change there); accounts, sessions, memberships and tokens (who may see what is never decided from a
copy that may lag); and every page a clerk opens after saving (the detail page, lists, forms), so a clerk always
sees what they have just saved. Without a replica configured nothing changes.
"""

from __future__ import annotations

import contextvars
import functools

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# app labels and models always read from the primary
PRIMARY_APPS = frozenset({"auth", "sessions", "axes", "contenttypes", "admin"})
PRIMARY_MODELS = frozenset({("core", "membership"), ("core", "apitoken"), ("core", "job")})

# the primary's transaction depth when the lag-tolerant view began; None outside such views
_depth: contextvars.ContextVar[int | None] = contextvars.ContextVar("zhenwu_replica_depth", default=None)


def configured() -> bool:
    return REPLICA in connections.settings


class reading_replica:
    """Within it, reads outside any new transaction go to the replica (a context manager and a decorator)."""

    def __enter__(self):
        self._token = _depth.set(len(connections[DEFAULT_DB_ALIAS].atomic_blocks))
        return self

    def __exit__(self, *exc):
        _depth.reset(self._token)
        return False


def lag_tolerant(view):
    """Mark a view whose reads may come from the replica."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not configured():
            return view(request, *args, **kwargs)
        with reading_replica():
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()  # a TemplateResponse's queries run now, still on the replica
            return response

    return wrapped


class ReplicaRouter:
    """`DATABASE_ROUTERS` entry when a replica is configured."""

    def db_for_read(self, model, **hints):
        depth = _depth.get()
        if depth is None or not configured():
            return DEFAULT_DB_ALIAS
        meta = model._meta
        if meta.app_label in PRIMARY_APPS or (meta.app_label, meta.model_name) in PRIMARY_MODELS:
            return DEFAULT_DB_ALIAS
        if len(connections[DEFAULT_DB_ALIAS].atomic_blocks) > depth:  # a transaction opened inside the view
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema by replication
