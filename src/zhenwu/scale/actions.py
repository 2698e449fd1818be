"""The write path of generated (benchmark) data and of the pre-computed aggregates.

`load_rows` inserts many rows of one table at once — PostgreSQL's COPY, executemany elsewhere — inside the
caller's transaction. Only `zhenwu bench-data` uses it: generated records are built valid by construction (kinds'
fields cleaned through `LedgerKind.clean_data`, states reached through the workflow) and each audited one gets
an AuditLog row marked as generated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.db import connection, transaction


def reserve_ids(model, n: int) -> list[int]:
    """`n` fresh primary keys for `model` (inside the caller's transaction)."""
    table = model._meta.db_table
    if not n:
        return []
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # One jump of the sequence instead of n calls of nextval (6.8 s for a million). Nothing else can take
            # numbers in between: inserting locks the table first, and this lock (held to the end of the
            # transaction) keeps inserts out.
            cur.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            cur.execute("SELECT setval(s, nextval(s) + %s - 1) - %s + 1 FROM pg_get_serial_sequence(%s, 'id') s",
                        [n, n, table])
            start = cur.fetchone()[0]
        else:
            # SQLite: the transaction holds the write lock, so max(id) cannot move under us
            cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
            start = cur.fetchone()[0] + 1
    return list(range(start, start + n))


def load_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in the order of `columns`, JSON already as text) into `model`'s table."""
    table = model._meta.db_table
    n = 0
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        cols = ", ".join(f'"{c}"' for c in columns)
        with raw.cursor() as cur, cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n
    rows = list(rows)
    marks = ", ".join(["%s"] * len(columns))
    cols = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cur:
        cur.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)
    return len(rows)


def generated_audit_rows(content_type_id: int, records: Iterable[tuple]) -> Iterable[tuple]:
    """AuditLog rows (CREATE, by the system) for generated records given as (id, text, org code, when): dated
    when the record was made, so the log reads like years of work rather than one afternoon."""
    changes = json.dumps({"generated": [None, "bench-data"]})
    for pk, text, org_code, at in records:
        yield (at, None, "系统（生成数据）", "create", content_type_id, str(pk), text[:200], org_code, changes)


AUDIT_COLUMNS = ("at", "user_id", "username", "action", "content_type_id", "object_id", "object_repr", "org_code",
                 "changes")


def create_accounts(specs: list[tuple[str, str, object, str]], password: str) -> int:
    """Accounts for load tests, (username, full name, org, role), all with one password hashed once; the ones
    that exist are left as they are. Memberships are audited like any other."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from zhenwu.core.audit import create_many
    from zhenwu.core.models import Membership

    User = get_user_model()
    have = set(User.objects.filter(username__in=[s[0] for s in specs]).values_list("username", flat=True))
    new = [s for s in specs if s[0] not in have]
    if not new:
        return 0
    hashed = make_password(password)
    users = User.objects.bulk_create([User(username=u, first_name=name, password=hashed) for u, name, _, _ in new])
    create_many(Membership, [Membership(user=user, org=org, role=role) for user, (_, _, org, role) in zip(users, new)])
    return len(users)


def create_records(model, objs: list) -> list:
    """Small sets of generated records (projects, tasks) with their audit rows, validated like any other."""
    from zhenwu.core import actions
    from zhenwu.core.audit import create_many

    for obj in objs:
        actions.validate(obj)
    return create_many(model, objs)


# -- pre-computed aggregates (models.LedgerCount / LedgerSum) ------------------------------------------------

COUNT_KEY = ("org_code", "kind_id", "item", "status", "month")
SUM_KEY = (*COUNT_KEY, "field")


def _upsert(counts: dict, sums: dict) -> None:
    from .models import LedgerCount, LedgerSum

    for model, key, value, changes in ((LedgerCount, COUNT_KEY, "n", counts), (LedgerSum, SUM_KEY, "total", sums)):
        changes = {k: v for k, v in changes.items() if v}
        if not changes:
            continue
        t, cols = model._meta.db_table, ", ".join(key)
        with connection.cursor() as cur:
            cur.executemany(
                f'INSERT INTO "{t}" ({cols}, {value}) VALUES ({", ".join(["%s"] * (len(key) + 1))}) '
                f'ON CONFLICT ({cols}) DO UPDATE SET {value} = "{t}".{value} + excluded.{value}',
                [(*k, v) for k, v in sorted(changes.items())])  # sorted: concurrent writers lock rows in one order


def record_aggregates(removed=(), added=()) -> None:
    """Move entries' contributions (`aggregates.contribution`) out of and into the aggregates, in the caller's
    transaction: -1 for each removed, +1 for each added, at the entry's unit and every unit above it."""
    from .aggregates import ancestors

    counts: dict[tuple, int] = {}
    sums: dict[tuple, object] = {}
    for sign, items in ((-1, removed), (1, added)):
        for c in items:
            if c is None:
                continue
            code, kind_id, status, month, items_met, figures = c
            for prefix in ancestors(code):
                for item, n in items_met.items():
                    key = (prefix, kind_id, item, status, month)
                    counts[key] = counts.get(key, 0) + sign * n
                for (item, f), v in figures.items():
                    key = (prefix, kind_id, item, status, month, f)
                    sums[key] = sums.get(key, 0) + sign * v
    _upsert(counts, sums)


def rebuild_aggregates(kinds=None) -> tuple[int, int]:
    """Recompute the aggregate rows of `kinds` (every kind by default) from the entries, in one transaction;
    returns (count rows, sum rows) of the table. Org codes are the county's 6 digits plus 3 per level
    (`aggregates.ancestors`)."""
    from django.db.models import Count, DecimalField, F, Q, Sum
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast, TruncMonth

    from zhenwu.ledgers.models import LedgerEntry, LedgerKind
    from zhenwu.ledgers.stats import where_q

    from .aggregates import conditioned, numeric_fields
    from .models import LedgerCount, LedgerSum

    def number(key):  # a numeric field of the entry's JSON
        return Cast(KeyTextTransform(key, "data"), DecimalField(max_digits=24, decimal_places=4))

    kinds = list(LedgerKind.objects.all() if kinds is None else kinds)
    ids = [k.pk for k in kinds]
    with transaction.atomic():
        LedgerCount.objects.filter(kind_id__in=ids).delete()
        LedgerSum.objects.filter(kind_id__in=ids).delete()
        # {annotation: (kind id, item, field or None for a count, aggregate)}
        wanted = {}
        for kind in kinds:
            own = Q(kind_id=kind.pk)
            for key in numeric_fields(kind):
                wanted[f"s{kind.pk}_{key}"] = (kind.pk, "", key, Sum(number(key), filter=own))
            for n, item in enumerate(conditioned(kind)):
                met = own & where_q(item["where"])
                if "field" in item:
                    wanted[f"w{kind.pk}_{n}"] = (kind.pk, item["key"], item["field"],
                                                 Sum(number(item["field"]), filter=met))
                else:
                    wanted[f"w{kind.pk}_{n}"] = (kind.pk, item["key"], None, Count("id", filter=met))
        # one scan of the entries, grouped by each entry's own unit …
        qs = (LedgerEntry.objects.filter(kind_id__in=ids)
              .values("kind_id", "status", code=F("org__code"), m=TruncMonth("occurred_on"))
              .annotate(n=Count("id"), **{name: agg for name, (*_, agg) in wanted.items()}).order_by())
        count_rows, sum_rows = [], []
        for row in qs.iterator(chunk_size=5000):
            code, kind_id, status, month = row["code"], row["kind_id"], row["status"], row["m"]
            count_rows.append((code, kind_id, "", status, month, row["n"]))
            for name, (owner, item, field, _) in wanted.items():
                if owner == kind_id and row[name]:
                    if field is None:
                        count_rows.append((code, kind_id, item, status, month, row[name]))
                    else:
                        sum_rows.append((code, kind_id, item, status, month, field, row[name]))
        load_rows(LedgerCount, (*COUNT_KEY, "n"), count_rows)
        load_rows(LedgerSum, (*SUM_KEY, "total"), sum_rows)
        # … then each level rolled up into the one above, deepest first (each level then holds its whole subtree)
        longest = max((len(r[0]) for r in count_rows), default=6)
        kind_ids = ", ".join(str(int(i)) for i in ids) or "NULL"
        with connection.cursor() as cur:
            for length in range(longest, 6, -3):
                for model, key, value in ((LedgerCount, COUNT_KEY, "n"), (LedgerSum, SUM_KEY, "total")):
                    t, rest = model._meta.db_table, ", ".join(key[1:])
                    cur.execute(
                        f'INSERT INTO "{t}" ({", ".join(key)}, {value}) '
                        f'SELECT substr(org_code, 1, %s), {rest}, SUM({value}) FROM "{t}" '
                        f'WHERE length(org_code) = %s AND kind_id IN ({kind_ids}) '
                        f'GROUP BY {", ".join(str(i) for i in range(1, len(key) + 1))} '
                        f'ON CONFLICT ({", ".join(key)}) DO UPDATE SET {value} = "{t}".{value} + excluded.{value}',
                        [length - 3, length])
        n_counts, n_sums = LedgerCount.objects.count(), LedgerSum.objects.count()
    return n_counts, n_sums


class indexes_suspended:
    """PostgreSQL bulk loading: drop the tables' secondary indexes and foreign keys, load, then build them again
    (one sort per index instead of a million index insertions, one join per key instead of a trigger per row).
    DDL is transactional there, so a failed load restores them with everything else. Elsewhere: nothing."""

    def __init__(self, models):
        self.tables = [m._meta.db_table for m in models]
        self.saved = []

    def __enter__(self):
        if connection.vendor != "postgresql":
            return self
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks queued so far run now: the tables can be altered
            cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for t in self.tables:
                cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                            "WHERE conrelid = %s::regclass AND contype = 'f'", [t])
                fks = cur.fetchall()
                cur.execute("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                            "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT EXISTS "
                            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)", [t])
                indexes = cur.fetchall()
                for name, _ in fks:
                    cur.execute(f'ALTER TABLE "{t}" DROP CONSTRAINT "{name}"')
                for name, _ in indexes:
                    cur.execute(f'DROP INDEX "{name}"')
                self.saved.append((t, fks, indexes))
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None or not self.saved:
            return False  # the transaction rolls back, the drops with it
        with connection.cursor() as cur:
            for t, fks, indexes in self.saved:
                for _, ddl in indexes:
                    cur.execute(ddl.replace(" ON ONLY ", " ON "))  # a partitioned table's index: every partition's too
                for name, ddl in fks:
                    cur.execute(f'ALTER TABLE "{t}" ADD CONSTRAINT "{name}" {ddl}')
            cur.execute("SET CONSTRAINTS ALL DEFERRED")
        return False
