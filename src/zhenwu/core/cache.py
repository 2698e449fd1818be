"""A cache for what many read and few change: dashboards and catalogues (Django's cache: Redis when
ZHENWU_CACHE_URL is set, this process's memory otherwise).

Keys carry generations instead of being deleted: every committed change to a record of a unit bumps the
generation of that unit and of every unit above it (`touch`, called with the audit rows, which every change
writes), and a change to the county-wide catalogue bumps the catalogue's. A dashboard of a unit is keyed by the
unit's generation, the catalogue's, and the viewer's scope (their units and roles) — so a change anywhere below
the unit is seen at once, and a page built for one scope is never served to another.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.db import transaction

CATALOGUE = "catalogue"
TIMEOUT = 300


def _gen_key(code: str) -> str:
    return f"zw:gen:{code}"


def _ancestors(code: str) -> list[str]:
    return [code[:n] for n in range(6, len(code) + 1, 3)] or [code]


def generations(codes: list[str]) -> list[int]:
    keys = [_gen_key(c) for c in codes]
    found = cache.get_many(keys)
    missing = {k: time.time_ns() for k in keys if k not in found}
    if missing:
        for k, v in missing.items():
            cache.add(k, v, None)
        found.update(cache.get_many(list(missing)))
    return [found.get(k, 0) for k in keys]


def _bump(codes: set[str]) -> None:
    for code in sorted(codes):
        key = _gen_key(code)
        try:
            cache.incr(key)
        except ValueError:  # never read yet (or evicted): any fresh value differs from what keys were built with
            cache.set(key, time.time_ns(), None)


def touch(org_codes=(), catalogue: bool = False) -> None:
    """Records of these units changed (or the catalogue did): once the transaction commits, whatever was cached
    for them and the units above them is stale."""
    codes = {a for c in org_codes if c for a in _ancestors(c)}
    if catalogue:
        codes.add(CATALOGUE)
    if codes:
        transaction.on_commit(lambda: _bump(codes))


def scope_key(user) -> str:
    """Who is looking, as far as what they may see goes: superuser, or their units and roles."""
    from .scope import memberships

    if user is None or not user.is_authenticated:
        return "anon"
    if user.is_superuser:
        return "all"
    text = ";".join(f"{m.org.code}:{m.role}" for m in memberships(user))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def cached(name: str, org, user, build, timeout: int = TIMEOUT):
    """`build()` for (name, org, the user's scope), reused until anything in the org's subtree or the catalogue
    changes."""
    unit_gen, cat_gen = generations([org.code, CATALOGUE])
    key = f"zw:{name}:{org.code}:{scope_key(user)}:{unit_gen}:{cat_gen}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def catalogue(name: str, build, timeout: int = TIMEOUT):
    """A county-wide list everyone reads (ledger kinds, indicators), until the catalogue changes."""
    (cat_gen,) = generations([CATALOGUE])
    key = f"zw:cat:{name}:{cat_gen}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value
