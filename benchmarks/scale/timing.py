"""Timing helpers shared by the scale benchmarks: repeated runs after a warm-up, percentiles in ms, raw SQL."""

from __future__ import annotations

import time


def times(fn, runs, before=lambda: None):
    """`runs` timings of `fn()` in seconds, sorted, after one warm-up call; `before()` runs untimed before each."""
    fn()
    out = []
    for _ in range(runs):
        before()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    out.sort()
    return out


def pct(ts, p):
    """The p-th percentile (0–1) of sorted timings, in milliseconds."""
    return ts[min(len(ts) - 1, int(p * len(ts)))] * 1000


def sql(query, params=()):
    """A callable running `query` on the default connection and fetching every row (the raw reference)."""
    from django.db import connection

    def run():
        with connection.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall()
    return run
