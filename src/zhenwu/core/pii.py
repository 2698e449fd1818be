"""Personal data (身份证号, phone numbers): validation and the one masking rule used on every page, form, history
row, API response, export and report. Who may see it unmasked is `core.roles.may_see_pii`."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

IDCARD, PHONE = "idcard", "phone"
PII_TYPES = frozenset({IDCARD, PHONE})

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def validate_idcard(value: str) -> str:
    """18-digit 居民身份证号码 (GB 11643): birth date and ISO 7064 MOD 11-2 check digit."""
    value = value.strip().upper()
    if not _ID_RE.match(value):
        raise ValidationError("身份证号应为 18 位（最后一位可为 X）")
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("身份证号中的出生日期无效") from None
    if idcard_check_digit(value[:17]) != value[17]:
        raise ValidationError("身份证号校验位不正确，请核对")
    return value


def idcard_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def validate_phone(value: str) -> str:
    value = value.strip().replace(" ", "")
    if not _PHONE_RE.match(value):
        raise ValidationError("电话号码应为 11 位手机号或带区号的固定电话")
    return value


def mask(ftype: str, value):
    """身份证号 keeps region and last four (110105********002X); phones keep 3 + 4 (138****5678)."""
    if not value or ftype not in PII_TYPES:
        return value
    value = str(value)
    if ftype == IDCARD:
        return value[:6] + "*" * 8 + value[-4:] if len(value) > 10 else "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "****"


# -- encryption at rest -----------------------------------------------------------------------------------------
#
# A 身份证号 or phone number is stored as "enc1:<type>:<Fernet token>" (AES-128-CBC + HMAC-SHA256), with a key
# from ZHENWU_DATA_KEY, else derived from ZHENWU_SECRET_KEY. In memory it is a `Sealed` string: the clear value
# (so pages, forms and validation use it as any string) that knows its type and its stored token, so a record
# saved again unchanged keeps the same token (and the audit trail sees no change). Exact-match lookups use a keyed
# hash (`lookup_hash`), never the clear value.

PREFIX = "enc1:"


class Sealed(str):
    """A clear personal value that is encrypted whenever it is stored or logged."""

    __slots__ = ("ftype", "_token")

    def __new__(cls, value: str, ftype: str, token: str | None = None):
        obj = super().__new__(cls, value)
        obj.ftype, obj._token = ftype, token
        return obj

    @property
    def token(self) -> str:
        if self._token is None:
            self._token = f"{PREFIX}{self.ftype}:{_fernet().encrypt(str(self).encode()).decode()}"
        return self._token

    @property
    def masked(self) -> str:
        return mask(self.ftype, str(self))

    def __reduce__(self):
        return (Sealed, (str(self), self.ftype, self._token))


def _key_material() -> bytes:
    import os

    from django.conf import settings

    return (os.environ.get("ZHENWU_DATA_KEY") or settings.SECRET_KEY).encode()


_keys: dict = {}


def _derived(purpose: bytes) -> bytes:
    material = _key_material()
    cache_key = (material, purpose)
    if cache_key not in _keys:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        _keys[cache_key] = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"zhenwu", info=purpose).derive(material)
    return _keys[cache_key]


_fernets: dict = {}


def _fernet():
    """One Fernet per key: building one costs about as much as a decryption, and an export decrypts every row."""
    key = _derived(b"zhenwu personal data")
    if key not in _fernets:
        import base64

        from cryptography.fernet import Fernet

        _fernets[key] = Fernet(base64.urlsafe_b64encode(key))
    return _fernets[key]


def is_token(value) -> bool:
    return isinstance(value, str) and not isinstance(value, Sealed) and value.startswith(PREFIX)


def unseal(token: str) -> Sealed:
    """The Sealed value of a stored token; one the key cannot read stays masked ("无法解密")."""
    from cryptography.fernet import InvalidToken

    _, ftype, body = token.split(":", 2)
    try:
        return Sealed(_fernet().decrypt(body.encode()).decode(), ftype, token)
    except (InvalidToken, ValueError):
        return Sealed("（无法解密：数据密钥已更换）", ftype, token)


def seal(ftype: str, value):
    """A clear value of a personal type as Sealed (other types and empty values unchanged)."""
    if not value or ftype not in PII_TYPES or isinstance(value, Sealed):
        return value
    return Sealed(str(value), ftype)


def lookup_hash(ftype: str, value: str) -> str:
    """A keyed hash of a clear value, for exact-match search (the same value always gives the same hash)."""
    import hashlib
    import hmac

    return hmac.new(_derived(b"zhenwu lookup"), f"{ftype}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def stored(value):
    """A JSON value as written to the database: Sealed values (at any depth) as their tokens."""
    if isinstance(value, Sealed):
        return value.token
    if isinstance(value, dict):
        return {k: stored(v) for k, v in value.items()}
    if isinstance(value, list):
        return [stored(v) for v in value]
    return value


def loaded(value):
    """A JSON value as read from the database: tokens (at any depth) as Sealed values."""
    if is_token(value):
        return unseal(value)
    if isinstance(value, dict):
        return {k: loaded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [loaded(v) for v in value]
    return value


def masked_json(value):
    """Any JSON value with every token or Sealed value replaced by its mask (the audit API, history)."""
    if isinstance(value, Sealed):
        return value.masked
    if is_token(value):
        return unseal(value).masked
    if isinstance(value, dict):
        return {k: masked_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked_json(v) for v in value]
    return value


def _json_field_base():
    from django.db import models

    return models.JSONField


class SealedJSONField(_json_field_base()):
    """A JSONField whose Sealed values (身份证号, phones) are stored as tokens and read back as Sealed. The audit
    trail logs the tokens (`audit_value`), never the clear values."""

    def get_prep_value(self, value):
        return super().get_prep_value(stored(value))

    def from_db_value(self, value, expression, connection):
        return loaded(super().from_db_value(value, expression, connection))

    def audit_value(self, value):
        return stored(value)
