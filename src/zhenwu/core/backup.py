"""`zhenwu backup FILE` / `zhenwu restore FILE`: the whole database and the uploaded files in one .tar.gz.

SQLite is copied with its online backup API (consistent while the server runs); PostgreSQL with pg_dump's custom
format, restored with pg_restore (the client tools: Debian's postgresql-client). The archive holds manifest.json,
the database (db.sqlite3 or db.dump) and media/ (photos and attachments)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1


class BackupError(Exception):
    """A failure to report as one Chinese line."""


def _engine() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"不支持备份该数据库类型：{engine}")


def _db() -> dict:
    return connections["default"].settings_dict


def _pg_args() -> tuple[list[str], dict]:
    db = _db()
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"找不到 {cmd[0]}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in (done.stderr or "").splitlines() if line.strip()]
        raise BackupError(f"{cmd[0]} 执行失败：{lines[-1] if lines else done.returncode}")


def _sqlite_copy(source, target) -> None:
    """SQLite's online backup API: a consistent copy while other connections keep writing."""
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target), timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def backup(path: str | Path) -> dict:
    """Write the archive; returns its manifest."""
    path = Path(path)
    engine = _engine()
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="zhenwu-backup-") as tmp:
        tmp = Path(tmp)
        if engine == "sqlite":
            db_file = tmp / "db.sqlite3"
            _sqlite_copy(_db()["NAME"], db_file)
        else:
            db_file = tmp / "db.dump"
            args, env = _pg_args()
            _run(["pg_dump", "-Fc", "--no-owner", "--no-acl", *args, "-f", str(db_file), _db()["NAME"]], env)
        files = [p for p in media.rglob("*") if p.is_file() and "jobs" not in p.relative_to(media).parts[:1]] \
            if media.exists() else []
        manifest = {"format": FORMAT, "engine": engine, "created": dt.datetime.now().isoformat(timespec="seconds"),
                    "files": len(files)}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = path.with_name(path.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(tmp / "manifest.json", "manifest.json")
            tar.add(db_file, db_file.name)
            for f in files:
                tar.add(f, f"media/{f.relative_to(media).as_posix()}")
        partial.replace(path)
    return manifest


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for m in tar.getmembers():
        name = Path(m.name)
        if name.is_absolute() or ".." in name.parts or not (m.isfile() or m.isdir()):
            raise BackupError(f"备份文件中有不安全的路径：{m.name}")
        members.append(m)
    return members


def restore(path: str | Path) -> dict:
    """Replace the database and the uploaded files with the archive's; returns its manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="zhenwu-restore-") as tmp:
        tmp = Path(tmp)
        try:
            with tarfile.open(path, "r:gz") as tar:
                tar.extractall(tmp, members=_safe_members(tar))
            manifest = json.loads((tmp / "manifest.json").read_text(encoding="utf-8"))
        except (tarfile.TarError, OSError, ValueError, KeyError):
            raise BackupError("不是镇务的备份文件，或文件已损坏") from None
        if manifest.get("format") != FORMAT:
            raise BackupError("备份文件的格式版本不受支持")
        if manifest.get("engine") != engine:
            names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
            raise BackupError(f"备份来自 {names.get(manifest.get('engine'), '?')}，当前数据库为 {names[engine]}，"
                              "不能直接恢复")
        for conn in connections.all():
            conn.close()
        if engine == "sqlite":
            _sqlite_copy(tmp / "db.sqlite3", _db()["NAME"])
        else:
            args, env = _pg_args()
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", *args,
                  "-d", _db()["NAME"], str(tmp / "db.dump")], env)
        media = Path(settings.MEDIA_ROOT)
        restored = tmp / "media"
        if media.exists():
            for child in media.iterdir():
                if child.name == "jobs":
                    continue
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        media.mkdir(parents=True, exist_ok=True)
        if restored.exists():
            shutil.copytree(restored, media, dirs_exist_ok=True)
    return manifest
