"""The one write path. Every change to a record — from a page, the API, an Excel import, the CLI or a demo loader —
goes through its app's `actions` module, which is built from these helpers:

- `require`: the user may take the action on the record's unit (`core.scope`), else PermissionDenied (the user
  None is the system: the CLI, demo loaders and packs);
- `validate`: the model's own rules (`full_clean`: field limits and plausibility declared once, on the model),
  every message in Chinese and led by the field's label ("事项：…"), the same text on every path;
- `save` / `delete`: inside one transaction, attributed to the user, so the record and its audit row commit
  together or not at all.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from .audit import acting_as
from .roles import PACK_ADMIN_MESSAGE, configures_packs
from .scope import CHANGE, user_can
from .text import clean_record

DENIED = "您的角色无权修改该单位的记录"


def require(user, action: str, org, message: str = DENIED) -> None:
    """`user` None is the system itself (the CLI, demo loaders, packs): it acts everywhere."""
    if user is not None and not user_can(user, action, org):
        raise PermissionDenied(message)


def require_pack_admin(user) -> None:
    """County-wide configuration (catalogue, ledger kinds, outlines); `None` is the system (CLI, demo, packs)."""
    if user is not None and not configures_packs(user):
        raise PermissionDenied(PACK_ADMIN_MESSAGE)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - not a model field (a form-only or data key): keep the name given
        return name


def labelled(exc: ValidationError, model) -> ValidationError:
    """The same errors, each message led by its field's label ("事项：确保该值不超过 200 个字符")."""
    if not hasattr(exc, "error_dict"):
        return exc
    out = {}
    for name, errors in exc.message_dict.items():
        if name == NON_FIELD_ERRORS:
            out[name] = errors
        else:
            prefix = f"{_label(model, name)}："
            out[name] = [m if m.startswith(prefix) else prefix + m for m in errors]
    return ValidationError(out)


def validate(obj, exclude: list[str] | None = None) -> None:
    """`full_clean` with labelled messages. A foreign key whose object is already loaded on the record exists, so
    it is not looked up again (an import of 5,000 rows would otherwise cost three queries a row)."""
    loaded = [f.name for f in obj._meta.concrete_fields
              if f.is_relation and f.is_cached(obj) and getattr(obj, f.name) is not None and getattr(obj, f.name).pk]
    clean_record(obj)
    try:
        obj.full_clean(exclude=[*(exclude or []), *loaded])
    except ValidationError as exc:
        raise labelled(exc, type(obj)) from None


def authorize(user, obj, action: str = CHANGE, org=None) -> None:
    """May `user` write `obj`? Scope is the record's unit (or `org`); a unit is changed by its managers and made by
    its parent's; county-wide configuration (a CatalogueModel) is for county administrators."""
    from .models import CatalogueModel, OrgUnit

    if isinstance(obj, CatalogueModel):
        require_pack_admin(user)
    elif org is None and isinstance(obj, OrgUnit):
        require(user, action, obj if obj.pk else obj.parent)
    else:
        require(user, action, org if org is not None else obj.org)


def save(user, obj, action: str = CHANGE, org=None, exclude: list[str] | None = None):
    """Check, validate and save one record with its audit row."""
    authorize(user, obj, action, org)
    validate(obj, exclude)
    with transaction.atomic(), acting_as(user):
        obj.save()
    return obj


def ensure(actor, model, defaults: dict | None = None, **lookup):
    """(record, created): the record matching `lookup`, or a new one made through `save` — for loaders that run
    again and again (demo, packs) and must change nothing the second time."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is not None:
        return obj, False
    return save(actor, model(**lookup, **(defaults or {}))), True


def create_units(actor, units: list) -> list:
    """Many org units at once (a province or the country from the division data, `core.divisions.load_region`):
    one INSERT and one INSERT of their CREATE audit rows. The loader builds the rows from the statistical codes,
    so each unit's code and level already fit its parent."""
    from .audit import create_many
    from .models import OrgUnit

    with acting_as(actor):
        return create_many(OrgUnit, units)


def delete(user, obj, action: str = CHANGE, org=None) -> None:
    authorize(user, obj, action, org)
    name = str(obj)
    try:
        with transaction.atomic(), acting_as(user):
            obj.delete()
    except ProtectedError:
        raise ValidationError(f"“{name}”下还有下级单位或关联记录，不能删除") from None


def form_errors(form, exc: ValidationError) -> None:
    """Show an action's errors on a form: under the field when the form has it, else at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# -- the org tree and accounts (core's own records) -------------------------------------------------------------

def save_org(user, org, parent=None):
    """Create a unit under `parent` (its code allocated when left empty) or change one; managers only."""
    from .models import OrgUnit
    from .scope import MANAGE

    if org.pk is None:
        org.parent = parent
        if not org.code:
            org.code = parent.next_child_code(org.level)
        return save(user, org, MANAGE, org=parent)
    require(user, MANAGE, OrgUnit.objects.get(pk=org.pk))  # where it was, not where a form says it is
    return save(user, org, MANAGE)


def delete_org(user, org) -> None:
    from .scope import MANAGE

    delete(user, org, MANAGE)


def create_account(user, *, username: str, password: str, full_name: str, org, role: str):
    """A new account with its first role; a manager grants only roles they hold, on units they manage. The system
    (`user` None, the CLI) may also make a superuser: `org` None."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    from .models import Membership
    from .roles import grantable_roles
    from .scope import MANAGE

    if user is not None and role not in grantable_roles(user):
        raise PermissionDenied("您无权授予该角色")
    if org is None and user is not None:
        raise PermissionDenied("只有系统可以创建不属于任何单位的管理员")
    if org is not None:
        require(user, MANAGE, org, "您无权在该单位新建账号")
    User = get_user_model()
    account = User(username=username, first_name=full_name, is_superuser=org is None, is_staff=org is None)
    errors = {}
    try:
        account.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(labelled(exc, User).message_dict)
    try:
        validate_password(password, account)
    except ValidationError as exc:
        errors["password"] = [f"密码：{m}" for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    account.set_password(password)
    from .audit import log_event
    from .models import AuditLog, county_code

    with transaction.atomic(), acting_as(user):
        account.save()
        log_event(user, AuditLog.CREATE, User, account.pk, f"新建账号 {username}"[:200],
                  org.code if org is not None else county_code(), {"username": username, "role": role})
        if org is not None:
            save(user, Membership(user=account, org=org, role=role), MANAGE)
    return account


def delete_membership(user, membership) -> None:
    from .scope import MANAGE

    delete(user, membership, MANAGE)


def set_password(user, account, password: str) -> None:
    """Reset another account's password: only when every unit it belongs to is within the manager's reach."""
    from django.contrib.auth.password_validation import validate_password

    from .models import Membership

    held = Membership.objects.filter(user=account)
    if user is not None and (not held.exists() or held.exclude(pk__in=Membership.objects.manageable_by(user)).exists()):
        raise PermissionDenied("账号不存在，或不在您的管辖范围内")
    try:
        validate_password(password, account)
    except ValidationError as exc:
        raise ValidationError({"password": [f"密码：{m}" for m in exc.messages]}) from None
    from .audit import log_event
    from .models import AuditLog, _user_org_code

    account.set_password(password)
    with transaction.atomic(), acting_as(user):
        account.save(update_fields=["password"])
        log_event(user, AuditLog.PASSWORD, type(account), account.pk, f"重设 {account.get_username()} 的密码"[:200],
                  _user_org_code(account))


# -- personal API tokens ----------------------------------------------------------------------------------------

TOKEN_PREFIX = "zw_"


def _digest(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name: str):
    """A new token for `user` (only for themselves): (record, the token text, shown once and never stored)."""
    import secrets

    from .models import ApiToken

    if user is None or not user.is_authenticated:
        raise PermissionDenied("请先登录")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(user=user, name=(name or "").strip() or "未命名令牌", prefix=token[:10], digest=_digest(token))
    validate(record)
    with transaction.atomic(), acting_as(user):
        record.save()
    return record, token


def revoke_token(user, record) -> None:
    from django.utils import timezone

    if user is None or record.user_id != user.pk:
        raise PermissionDenied("只能撤销自己的令牌")
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        with transaction.atomic(), acting_as(user):
            record.save()


def find_token(token: str):
    """The active token record for a token text (its owner still active), or None."""
    from .models import ApiToken

    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    record = ApiToken.objects.select_related("user").filter(digest=_digest(token), revoked_at__isnull=True).first()
    if record is None or not record.user.is_active:
        return None
    return record


def touch_token(record) -> None:
    """Note when a token was last used (not a change of the record: no audit row)."""
    from django.utils import timezone

    from .models import ApiToken

    record.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=record.last_used_at)
