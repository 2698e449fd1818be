"""`zhenwu backup` then `zhenwu restore`: every table and every uploaded file comes back identical (SQLite through
its online backup API, PostgreSQL through pg_dump/pg_restore)."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from zhenwu.cli import main


def _tables() -> dict:
    """Every table's rows, sorted, as text."""
    out = {}
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.table_names()):
            cur.execute(f'SELECT * FROM "{table}"')
            out[table] = sorted(repr(row) for row in cur.fetchall())
    return out


def _files() -> dict:
    media = Path(settings.MEDIA_ROOT)
    return {p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in media.rglob("*") if p.is_file() and p.relative_to(media).parts[0] != "jobs"}


def test_backup_and_restore_round_trip(demo_db, tmp_path, capsys, org):
    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerEntry, LedgerKind

    photo = default_storage.save("ledgers/safety_hazard/2024-05/backup-test.png", ContentFile(b"\x89PNG-test"))
    kind = LedgerKind.objects.get(code="petition")
    actions.create_entry(None, kind, org("石岭村"), title="备份测试", occurred_on=__import__("datetime").date(2024, 5, 6),
                         data={"channel": "来访", "id_number": "11010519491231002X"})
    tables, files = _tables(), _files()
    assert tables["ledgers_ledgerentry"] and photo in files
    archive = tmp_path / "zhenwu.tar.gz"
    assert main(["backup", str(archive)]) == 0, capsys.readouterr().err
    assert "已备份到" in capsys.readouterr().out
    # everything changes afterwards: rows go, rows come, a file goes, a file comes
    LedgerEntry.objects.filter(title="备份测试").delete()
    actions.create_entry(None, kind, org("石岭村"), title="备份之后", occurred_on=__import__("datetime").date(2024, 5, 7),
                         data={"channel": "来访"})
    default_storage.delete(photo)
    default_storage.save("ledgers/after.txt", ContentFile(b"after"))
    assert _tables() != tables
    assert main(["restore", str(archive)]) == 2  # no --yes without a terminal: one Chinese line
    assert "--yes" in capsys.readouterr().err
    assert main(["restore", str(archive), "--yes"]) == 0, capsys.readouterr().err
    assert _tables() == tables
    assert _files() == files


def test_restore_refuses_what_is_not_a_backup(tmp_path, capsys, db):
    bad = tmp_path / "x.tar.gz"
    bad.write_bytes(b"not an archive")
    assert main(["restore", str(bad), "--yes"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "错误：不是镇务的备份文件，或文件已损坏"
