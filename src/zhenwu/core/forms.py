from django import forms
from django.core.exceptions import ValidationError

from .models import CHILD_LEVELS, OrgUnit


def input_fields(model, names: list[str], widgets: dict | None = None) -> dict:
    """Form fields that only read input for a model's fields. What is wrong with a value is said by the model,
    through the app's action, so a page, the API and an import give the same message; the widgets keep the
    browser's hints (maxlength, required)."""
    fields = forms.fields_for_model(model, fields=names, widgets=widgets)
    for field in fields.values():
        if field.required:
            field.widget.attrs["required"] = True
        field.required = False
        field.validators = []
    return fields


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "population", "households", "note"]


class OrgUnitCreateForm(forms.ModelForm):
    """A new unit under `parent`; the code is allocated unless given."""

    class Meta:
        model = OrgUnit
        fields = ["name", "level", "code", "population", "households", "note"]

    def __init__(self, *args, parent: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        allowed = CHILD_LEVELS.get(parent.level, set())
        self.fields["level"].choices = [(v, label) for v, label in self.fields["level"].choices if v in allowed]
        self.fields["code"].required = False
        self.fields["code"].help_text = f"留空则自动编为 {parent.code} 加 3 位顺序号"

    def clean(self):
        data = super().clean()
        if not CHILD_LEVELS.get(self.parent.level):
            raise ValidationError(f"{self.parent.get_level_display()}下不能再设下级单位")
        return data

    def _post_clean(self):
        self.instance.parent = self.parent
        if not self.cleaned_data.get("code"):
            self.instance.code = self.parent.next_child_code(self.cleaned_data.get("level"))
            self.cleaned_data["code"] = self.instance.code
        super()._post_clean()


class AccountForm(forms.Form):
    """A new account with its first membership; the manager can only grant roles on units they manage."""

    username = forms.RegexField(
        label="用户名", regex=r"^[A-Za-z0-9_.@+-]{3,30}$", error_messages={"invalid": "用户名为 3–30 位字母、数字或 _.@+-"}
    )
    full_name = forms.CharField(label="姓名/单位称呼", max_length=60)
    password = forms.CharField(label="初始密码", min_length=8, widget=forms.PasswordInput, help_text="至少 8 位")
    org = forms.ModelChoiceField(label="所属单位", queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label="角色")

    def __init__(self, *args, manager, **kwargs):
        from .roles import Role, grantable_roles

        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = OrgUnit.objects.manageable_by(manager)
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in grantable_roles(manager)]

    def clean_username(self):
        from django.contrib.auth import get_user_model

        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise ValidationError("该用户名已被使用")
        return name


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="新密码", min_length=8, widget=forms.PasswordInput, help_text="至少 8 位")


REPORT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024


def read_report_upload(upload) -> str:
    """The text of an uploaded report (.txt/.docx/.pdf), or a ValidationError with the text kit's Chinese message."""
    from zhenwu.textkit import DocumentError, read_document

    if upload.size > REPORT_UPLOAD_MAX_BYTES:
        raise ValidationError(f"文件超过 {REPORT_UPLOAD_MAX_BYTES // 1048576} MB，请拆分后再上传")
    try:
        return read_document(upload.read(), filename=upload.name)
    except DocumentError as e:
        raise ValidationError(str(e)) from None
