"""Field types of a ledger kind: the Django form field for each, validation, storage in JSON, display, masking.

The same form fields clean values from the web form, the API and Excel import, so every way in
gives the same Chinese messages and stores the same JSON.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from zhenwu.core import fmt

from .schema import FILE_TYPES

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
FILE_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt"}


def validate_idcard(value: str) -> str:
    """18-digit 居民身份证号码 (GB 11643): birth date and ISO 7064 MOD 11-2 check digit."""
    value = value.strip().upper()
    if not _ID_RE.match(value):
        raise ValidationError("身份证号应为 18 位（最后一位可为 X）")
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("身份证号中的出生日期无效") from None
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != value[17]:
        raise ValidationError("身份证号校验位不正确，请核对")
    return value


def idcard_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def validate_phone(value: str) -> str:
    value = value.strip().replace(" ", "")
    if not _PHONE_RE.match(value):
        raise ValidationError("电话号码应为 11 位手机号或带区号的固定电话")
    return value


def mask(ftype: str, value: str) -> str:
    """身份证号 keeps region and last digit (110105********123X); phones keep 3 + 4 (138****5678)."""
    if not value:
        return value
    if ftype == "idcard":
        return value[:6] + "*" * 8 + value[-4:]
    if ftype == "phone":
        return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "****"
    return value


class _IdCardField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return validate_idcard(value) if value else value


class _PhoneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return validate_phone(value) if value else value


class _SplitMultipleChoiceField(forms.MultipleChoiceField):
    """Also accepts "a、b" or "a,b" text (Excel cells, API strings)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = [v.strip() for v in re.split(r"[、,，;；]", value) if v.strip()]
        return super().to_python(value)


class UploadField(forms.FileField):
    """A photo or file checked by content (photos are opened with Pillow) and size, before it is stored."""

    def __init__(self, *args, photo: bool, **kwargs):
        self.photo = photo
        super().__init__(*args, **kwargs)
        if photo:
            self.widget.attrs.update({"accept": "image/*", "capture": "environment"})

    def clean(self, data, initial=None):
        if isinstance(data, str) and not hasattr(data, "read"):  # an already stored path (edit without new file)
            return data
        value = super().clean(data, initial)
        if value is None or value is False or isinstance(value, str):
            return value
        if value.size > MAX_UPLOAD_BYTES:
            raise ValidationError(f"文件太大（{value.size / 1048576:.1f} MB），不能超过 {MAX_UPLOAD_BYTES // 1048576} MB")
        if self.photo:
            from PIL import Image, UnidentifiedImageError

            try:
                with Image.open(value) as img:
                    fmt = img.format
                    img.verify()
            except (UnidentifiedImageError, OSError, SyntaxError):
                raise ValidationError("照片无法识别，请上传 JPG、PNG、GIF 或 WEBP 图片") from None
            if fmt not in PHOTO_FORMATS:
                raise ValidationError("照片格式应为 JPG、PNG、GIF 或 WEBP")
            value.seek(0)
            value.zhenwu_ext = PHOTO_FORMATS[fmt]
        else:
            ext = value.name.rsplit(".", 1)[-1].lower() if "." in value.name else ""
            if ext not in FILE_EXTENSIONS:
                raise ValidationError(f"附件类型应为 {'、'.join(sorted(FILE_EXTENSIONS))} 之一")
            value.zhenwu_ext = ext
        return value


def store_upload(upload, kind_code: str) -> str:
    """Save a checked upload under MEDIA_ROOT/ledgers/<kind>/<yyyy-mm>/ with a random name; returns the path."""
    today = dt.date.today()
    name = f"ledgers/{kind_code}/{today:%Y-%m}/{uuid.uuid4().hex}.{upload.zhenwu_ext}"
    return default_storage.save(name, upload)


def form_field(f: dict, org_choices=None) -> forms.Field:
    """The Django form field for one field definition of a kind."""
    ftype, label, required = f["type"], f["label"], bool(f.get("required"))
    common = {"label": label, "required": required, "help_text": f.get("help", "")}
    if ftype == "text":
        return forms.CharField(max_length=200, **common)
    if ftype == "textarea":
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if ftype == "person":
        return forms.CharField(max_length=32, **common)
    if ftype == "integer":
        return forms.IntegerField(min_value=f.get("min", 0), **_with_unit(common, f))
    if ftype in ("decimal", "money"):
        places = 2 if ftype == "money" else f.get("decimals", 2)
        common = _with_unit(common, {"unit": "元"} if ftype == "money" else f)
        return forms.DecimalField(min_value=Decimal(f.get("min", 0)), max_digits=18, decimal_places=places, **common)
    if ftype == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    if ftype == "choice":
        return forms.ChoiceField(choices=[("", "——")] + [(o, o) for o in f["options"]], **common)
    if ftype == "multichoice":
        return _SplitMultipleChoiceField(
            choices=[(o, o) for o in f["options"]], widget=forms.CheckboxSelectMultiple, **common
        )
    if ftype == "idcard":
        return _IdCardField(max_length=18, **common)
    if ftype == "phone":
        return _PhoneField(max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}), **common)
    if ftype == "org":
        return forms.ChoiceField(choices=[("", "——")] + list(org_choices or []), **common)
    if ftype in FILE_TYPES:
        return UploadField(photo=ftype == "photo", **common)
    raise ValueError(ftype)


def _with_unit(common: dict, f: dict) -> dict:
    unit = f.get("unit")
    return {**common, "label": f"{common['label']}（{unit}）"} if unit else common


def to_json(ftype: str, value):
    """A cleaned value as stored in the entry's JSON (None: leave the key out)."""
    if value in (None, "", [], False):
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # "1800", "63.67": plain digits, never "1.8E+3"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def display(f: dict, value, *, reveal: bool = False, org_names: dict | None = None) -> str:
    """A stored value as text for pages and exports (PII masked unless `reveal`)."""
    if value in (None, "", []):
        return ""
    ftype = f["type"]
    if ftype == "multichoice":
        return "、".join(value)
    if ftype in ("idcard", "phone") and not reveal:
        return mask(ftype, value)
    if ftype == "money":
        return fmt.money(value)
    if ftype == "org" and org_names:
        return org_names.get(value, value)
    if ftype in ("integer", "decimal"):
        return fmt.quantity(value, f.get("unit", ""), f.get("decimals", 2) if ftype == "decimal" else 0)
    return str(value)
