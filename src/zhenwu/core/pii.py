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
