"""Audit trail: who changed which record when, before → after, in the same transaction as the change."""

from __future__ import annotations

import contextlib
import contextvars
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

_actor: contextvars.ContextVar = contextvars.ContextVar("zhenwu_actor", default=None)


@contextlib.contextmanager
def acting_as(user):
    """Attribute every change made inside the block to `user` (None: the system, e.g. the CLI)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def snapshot(obj: models.Model) -> dict:
    """The record's stored fields as JSON-safe values (Decimal and dates become strings)."""
    exclude = getattr(obj, "audit_exclude", ())
    data = {}
    for f in obj._meta.concrete_fields:
        if f.attname in exclude:
            continue
        value = f.value_from_object(obj)
        # a field holding personal data logs it encrypted (core.pii.SealedJSONField), never in clear
        data[f.attname] = f.audit_value(value) if hasattr(f, "audit_value") else value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _entry(obj, action: str, before: dict, after: dict):
    """The unsaved AuditLog row for one change, or None for an update that changed nothing."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditLog

    keys = sorted(set(before) | set(after))
    changes = {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}
    if action == AuditLog.UPDATE and not changes:
        return None
    user = _actor.get()
    return AuditLog(
        user=user if user is not None and user.pk else None,
        username=user.get_username() if user is not None and user.pk else "系统",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        org_code=obj.audit_org_code(),
        changes=changes,
    )


def log_links(obj, field: str, before, after) -> None:
    """An UPDATE row for a many-to-many field: its links are saved after the record, so the record's own row
    cannot show them. `before` and `after` are primary keys."""
    from .models import AuditLog

    entry = _entry(obj, AuditLog.UPDATE, {field: sorted(before)}, {field: sorted(after)})
    if entry is not None:
        entry.save()


def log_event(user, action: str, model, object_id: str, text: str, org_code: str, details: dict | None = None,
              username: str | None = None) -> None:
    """An audit row for something that is not a change: personal data seen or exported unmasked, a login, a
    logout, a failed login, a password set. `model` is the kind of record it concerns."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditLog

    known = user is not None and getattr(user, "pk", None)
    AuditLog.objects.create(
        user=user if known else None,
        username=(username or (user.get_username() if known else "系统"))[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=True),
        object_id=str(object_id)[:64],
        object_repr=text[:200],
        org_code=org_code or "",
        changes=details or {},
    )


def _touched(obj, entries) -> None:
    """Cached pages of the units these changes concern are stale once they commit (`core.cache`)."""
    from .cache import touch
    from .models import CatalogueModel

    touch({e.org_code for e in entries if e is not None}, catalogue=isinstance(obj, CatalogueModel))


def _write(obj, action: str, before: dict, after: dict) -> None:
    entry = _entry(obj, action, before, after)
    if entry is not None:
        entry.save()
        _touched(obj, [entry])


def create_many(model, objs: list) -> list:
    """Insert many records of one audited model and their CREATE rows: two INSERTs in one transaction
    (the records get their ids back from the database, SQLite ≥ 3.35 and PostgreSQL alike)."""
    from .models import AuditLog

    from .text import clean_record

    for obj in objs:
        clean_record(obj)
    with transaction.atomic():
        created = model._base_manager.bulk_create(objs)
        rows = AuditLog.objects.bulk_create([_entry(o, AuditLog.CREATE, {}, snapshot(o)) for o in created])
        if created:
            _touched(created[0], rows)
    return created


def update_many(objs: list, fields: list[str], before: dict) -> None:
    """Save `fields` of many records of one audited model with their UPDATE rows (before → after) in two
    statements. `before` maps each pk to its snapshot taken inside the same transaction, before the change."""
    from .models import AuditLog

    from .text import clean_record

    if not objs:
        return
    for obj in objs:
        clean_record(obj)
    with transaction.atomic():
        type(objs[0])._base_manager.bulk_update(objs, fields)
        entries = [_entry(o, AuditLog.UPDATE, before.get(o.pk, {}), snapshot(o)) for o in objs]
        AuditLog.objects.bulk_create([e for e in entries if e is not None])
        _touched(objs[0], entries)


class AuditedModel(models.Model):
    """Opt-in mixin: every save() and delete() of a subclass writes an AuditLog row atomically."""

    audit_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def audit_org_code(self) -> str:
        return self.org.code

    def save(self, *args, **kwargs):
        from .models import AuditLog
        from .text import clean_record

        clean_record(self)  # whatever path got here, no control character is stored
        with transaction.atomic(using=kwargs.get("using")):
            adding = self._state.adding or self.pk is None
            before = {}
            if not adding:
                old = type(self)._base_manager.filter(pk=self.pk).first()
                before = snapshot(old) if old is not None else {}
                adding = old is None
            super().save(*args, **kwargs)
            _write(self, AuditLog.CREATE if adding else AuditLog.UPDATE, before, snapshot(self))

    def delete(self, *args, **kwargs):
        from .models import AuditLog

        with transaction.atomic(using=kwargs.get("using")):
            before, pk = snapshot(self), self.pk
            result = super().delete(*args, **kwargs)
            self.pk = pk  # keep the id in the log row
            _write(self, AuditLog.DELETE, before, {})
            self.pk = None
            return result
