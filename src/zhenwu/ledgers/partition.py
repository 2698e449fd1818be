"""Ledger entries and transitions partitioned by year on PostgreSQL (`zhenwu partition-ledgers`), for provincial
deployments: an opt-in conversion in one transaction, run again each year to add the coming year's partitions.

Why a command and not a migration: PostgreSQL requires the partition key in every unique constraint of a
partitioned table, so the primary keys become `(id, occurred_on)` and `(id, at)`. Django still treats `id` as the
primary key (its model state is unchanged): ids come from the same identity sequence, so they stay unique, and every
`id` lookup works (the primary-key index leads with `id`; each year's partition answers from its own index). What
PostgreSQL can no longer hold is the foreign key from a transition to its entry (it would have to reference
`(id, occurred_on)`, which would put the date into every URL and the API); it is replaced by two deferred constraint
triggers that enforce the same rule (a transition's entry exists; an entry with transitions is not deleted alone),
and Django's own cascade (`on_delete=CASCADE`) still deletes an entry's transitions with it. SQLite and single
counties keep the plain tables: a county's 1 M entries need no partitions (the list-order indexes answer them).

Partitions: one per calendar year (`ledgers_ledgerentry_y2025`: occurred_on in 2025; `ledgers_transition_y2025`:
`at` in 2025, Beijing time) from the oldest row's year to next year, and a default partition for anything else.
A query filtered by a period is pruned by the planner to that year's partition (tests/ledgers/test_partitions.py
shows it with EXPLAIN).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

ENTRY, TRANSITION = "ledgers_ledgerentry", "ledgers_transition"
TABLES = {ENTRY: "occurred_on", TRANSITION: "at"}
ZONE = "+08"  # transitions' years are Beijing years, like every period in the system (TIME_ZONE Asia/Shanghai)

TRIGGERS_SQL = f"""
CREATE OR REPLACE FUNCTION ledgers_transition_entry_exists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- checked at commit: a transition deleted (or moved to another entry) since then needs no check
    IF EXISTS (SELECT 1 FROM {TRANSITION} WHERE id = NEW.id AND entry_id = NEW.entry_id)
            AND NOT EXISTS (SELECT 1 FROM {ENTRY} WHERE id = NEW.entry_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('流转记录引用的台账记录 %s 不存在', NEW.entry_id);
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION ledgers_entry_without_transitions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {TRANSITION} WHERE entry_id = OLD.id)
            AND NOT EXISTS (SELECT 1 FROM {ENTRY} WHERE id = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('台账记录 %s 仍有流转记录，不能单独删除', OLD.id);
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledgers_transition_entry_fk AFTER INSERT OR UPDATE OF entry_id ON {TRANSITION}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledgers_transition_entry_exists();
CREATE CONSTRAINT TRIGGER ledgers_entry_transitions_fk AFTER DELETE OR UPDATE OF id ON {ENTRY}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledgers_entry_without_transitions();
"""


class PartitionError(ValueError):
    """Said to the user in one line."""


@dataclass
class Result:
    converted: list[str] = field(default_factory=list)  # tables turned into partitioned ones by this run
    added: list[str] = field(default_factory=list)  # partitions created by this run
    rows: dict[str, int] = field(default_factory=dict)


def supported() -> bool:
    return connection.vendor == "postgresql"


def is_partitioned(table: str) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table])
        return cur.fetchone() is not None


def partitions(table: str) -> list[str]:
    """The table's partitions by name, in name order ([] for a plain table)."""
    with connection.cursor() as cur:
        cur.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname", [table])
        return [r[0] for r in cur.fetchall()]


def _bounds(table: str, year: int) -> tuple[str, str]:
    if TABLES[table] == "at":
        return f"'{year}-01-01 00:00:00{ZONE}'", f"'{year + 1}-01-01 00:00:00{ZONE}'"
    return f"'{year}-01-01'", f"'{year + 1}-01-01'"


def _years(cur, table: str) -> range:
    key = TABLES[table]
    expr = f"(\"{key}\" AT TIME ZONE 'Asia/Shanghai')" if key == "at" else f'"{key}"'
    cur.execute(f'SELECT extract(year FROM min({expr}))::int, extract(year FROM max({expr}))::int FROM "{table}"')
    low, high = cur.fetchone()
    this_year = timezone.localdate().year
    return range(min(low or this_year, this_year), max(high or this_year, this_year + 1) + 1)


def _convert(cur, table: str, years: range) -> int:
    """Turn one plain table into a partitioned one of the same name, columns, defaults, checks, indexes and
    outgoing foreign keys; the rows copied across. Returns the number of rows."""
    key = TABLES[table]
    old = f"{table}_unpartitioned"
    cur.execute("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary", [table])
    indexes = cur.fetchall()
    cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'", [table])
    outgoing = cur.fetchall()
    cur.execute("SELECT conname, conrelid::regclass::text FROM pg_constraint "
                "WHERE confrelid = %s::regclass AND contype = 'f'", [table])
    for name, referencing in cur.fetchall():  # only a transition's entry; replaced by the triggers
        cur.execute(f'ALTER TABLE {referencing} DROP CONSTRAINT "{name}"')
    cur.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"')
    next_id = cur.fetchone()[0]
    cur.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
    cur.execute(f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS) '
                f'PARTITION BY RANGE ("{key}")')
    cur.execute(f'ALTER TABLE "{table}" ALTER COLUMN id RESTART WITH {int(next_id)}')
    for year in years:
        low, high = _bounds(table, year)
        cur.execute(f'CREATE TABLE "{table}_y{year}" PARTITION OF "{table}" FOR VALUES FROM ({low}) TO ({high})')
    cur.execute(f'CREATE TABLE "{table}_other" PARTITION OF "{table}" DEFAULT')
    cur.execute(f'INSERT INTO "{table}" SELECT * FROM "{old}"')
    rows = cur.rowcount
    cur.execute(f'DROP TABLE "{old}"')
    cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY (id, "{key}")')
    for _, ddl in indexes:
        cur.execute(ddl.replace(" ON ONLY ", " ON "))
    for name, ddl in outgoing:
        cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {ddl}')
    return rows


def _add_year(cur, table: str, year: int) -> None:
    """A partition for a year not yet covered, taking that year's rows out of the default partition."""
    low, high = _bounds(table, year)
    key, other = TABLES[table], f"{table}_other"
    cur.execute(f'ALTER TABLE "{table}" DETACH PARTITION "{other}"')
    cur.execute(f'CREATE TABLE "{table}_y{year}" PARTITION OF "{table}" FOR VALUES FROM ({low}) TO ({high})')
    cur.execute(f'WITH moved AS (DELETE FROM "{other}" WHERE "{key}" >= {low} AND "{key}" < {high} RETURNING *) '
                f'INSERT INTO "{table}" SELECT * FROM moved')
    cur.execute(f'ALTER TABLE "{table}" ATTACH PARTITION "{other}" DEFAULT')


def partition_ledgers() -> Result:
    """Convert both tables (first run) or add the years now due (later runs), in one transaction."""
    if not supported():
        raise PartitionError("SQLite 数据库无需按年分区，台账表保持不变（按年分区用于 PostgreSQL 上的省级部署）")
    result = Result()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # pending checks run now, so the tables can be altered
        cur.execute(f"LOCK TABLE {ENTRY}, {TRANSITION} IN ACCESS EXCLUSIVE MODE")
        fresh = not is_partitioned(ENTRY)
        for table in TABLES:
            years = _years(cur, table)
            if not is_partitioned(table):
                result.rows[table] = _convert(cur, table, years)
                result.converted.append(table)
                result.added += [f"{table}_y{y}" for y in years] + [f"{table}_other"]
                continue
            have = set(partitions(table))
            for year in years:
                if f"{table}_y{year}" not in have:
                    _add_year(cur, table, year)
                    result.added.append(f"{table}_y{year}")
        if fresh:
            cur.execute(TRIGGERS_SQL)
        cur.execute("SET CONSTRAINTS ALL DEFERRED")
    for table in result.converted:
        with connection.cursor() as cur:
            cur.execute(f'ANALYZE "{table}"')
    return result

