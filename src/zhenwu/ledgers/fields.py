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
from zhenwu.core.pii import PII_TYPES, mask, validate_idcard, validate_phone

from .schema import FILE_TYPES

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000  # a 50-megapixel camera; a larger picture is refused before it is decoded
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
FILE_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt"}


class _PersonalField(forms.CharField):
    """A 身份证号 or phone. An edit form shows the stored value masked (`keep`); sent back unchanged, the stored
    value is kept — the clear value never travels to the browser unless the clerk types a new one."""

    ftype = ""
    stored = None

    def keep(self, stored) -> str:
        self.stored = stored
        return mask(self.ftype, stored)

    def clean(self, value):
        if self.stored and isinstance(value, str) and value.strip() == mask(self.ftype, self.stored):
            return self.stored
        value = super().clean(value)
        return self.check(value) if value else value


class _IdCardField(_PersonalField):
    ftype = "idcard"
    check = staticmethod(validate_idcard)


class _PhoneField(_PersonalField):
    ftype = "phone"
    check = staticmethod(validate_phone)


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
                    fmt, (width, height) = img.format, img.size
                    if width * height > MAX_PHOTO_PIXELS:
                        raise ValidationError(
                            f"照片像素过大（{width}×{height}），不能超过 {MAX_PHOTO_PIXELS // 1_000_000:,} 百万像素，请缩小后上传"
                        )
                    img.verify()
            except ValidationError:
                raise
            except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
                raise ValidationError(
                    f"照片像素过大，不能超过 {MAX_PHOTO_PIXELS // 1_000_000:,} 百万像素，请缩小后上传") from None
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
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
    if ftype in PII_TYPES and not reveal:
        return mask(ftype, value)
    if ftype == "money":
        return fmt.money(value)
    if ftype == "org" and org_names:
        return org_names.get(value, value)
    if ftype in ("integer", "decimal"):
        return fmt.quantity(value, f.get("unit", ""), f.get("decimals", 2) if ftype == "decimal" else 0)
    return str(value)
