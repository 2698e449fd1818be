"""Plans forms: they read input; `plans.actions` checks scope, validates and saves."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from zhenwu.core.models import Membership, OrgUnit

from .models import (
    CLOSED_STAGES,
    Candidate,
    Project,
    ProjectProgress,
    ProjectStage,
    Rating,
    SupervisionOrder,
    Task,
    TaskProgress,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
GOAL_LINE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([^\s0-9]{1,16}?)\s+(.+?)\s*$")


def people(org):
    """Users holding a unit of `org`'s subtree or above it (the leaders and clerks who can be named)."""
    codes = [org.code[:n] for n in range(6, len(org.code) + 1, 3)]
    ids = Membership.objects.filter(org__code__in=codes).values_list("user_id", flat=True)
    below = Membership.objects.within(org).values_list("user_id", flat=True)
    return get_user_model().objects.filter(pk__in=list(ids) + list(below), is_active=True).order_by("username")


def person_label(user) -> str:
    return f"{user.get_full_name() or user.get_username()}（{user.get_username()}）"


def parse_goals(text: str) -> list[tuple[Decimal, str, str]]:
    """"600 亩 淫羊藿基地" per line → [(600, "亩", "淫羊藿基地")]; errors name the line."""
    goals, errors = [], []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        m = GOAL_LINE.match(line.replace("　", " "))
        try:
            if not m:
                raise InvalidOperation
            goals.append((Decimal(m.group(1)), m.group(2), m.group(3)))
        except InvalidOperation:
            errors.append(f"第 {n} 行“{line.strip()[:30]}”应写作“数量 单位 内容”，如“600 亩 淫羊藿基地”")
    if errors:
        raise ValidationError(errors)
    return goals


class _Scoped:
    """Leader and unit choices within the current unit; the action checks them again."""

    def scope(self, user, org):
        if "leader" in self.fields:
            self.fields["leader"].queryset = people(org)
            self.fields["leader"].label_from_instance = person_label
        if "unit" in self.fields and isinstance(self.fields["unit"], forms.ModelChoiceField):
            self.fields["unit"].queryset = OrgUnit.objects.visible_to(user, within=org)


class ProjectForm(_Scoped, forms.ModelForm):
    goals_text = forms.CharField(label="年度目标", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="每行一项：数量 单位 内容，如“600 亩 淫羊藿基地”")

    class Meta:
        model = Project
        fields = [
            "year", "name", "category", "key", "stage", "partner", "signed_amount", "signed_on", "funds_in",
            "planned_investment", "year_plan", "start", "end", "leader", "unit", "lead", "content", "weight",
            "version",
        ]
        widgets = {"start": DATE, "end": DATE, "signed_on": DATE, "content": forms.Textarea(attrs={"rows": 4}),
                   "version": forms.HiddenInput}

    def __init__(self, *args, user=None, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False
        if self.instance.pk:
            self.fields["goals_text"].initial = "\n".join(
                f"{g.quantity.normalize():f} {g.unit} {g.what}" for g in self.instance.goals.all())
        if user is not None:
            self.scope(user, org or self.instance.org)

    def clean_goals_text(self):
        return parse_goals(self.cleaned_data.get("goals_text"))


class CloseProjectForm(forms.Form):
    stage = forms.ChoiceField(label="办结阶段", choices=[(s.value, s.label) for s in CLOSED_STAGES])
    closed_on = forms.DateField(label="办结日期", widget=DATE, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskForm(_Scoped, forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "year", "title", "area", "source", "leader", "units", "deadline", "target", "target_value",
            "target_unit", "commitment", "binding", "indicator_code", "ledger_kind", "status", "supervised",
            "score", "parent", "weight", "order", "version",
        ]
        widgets = {"deadline": DATE, "target": forms.Textarea(attrs={"rows": 3}),
                   "commitment": forms.Textarea(attrs={"rows": 2}), "version": forms.HiddenInput}

    def __init__(self, *args, user=None, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False
        org = org or self.instance.org
        if user is not None:
            self.scope(user, org)
            self.fields["units"].queryset = OrgUnit.objects.within(org)
            self.fields["parent"].queryset = Task.objects.within(org).exclude(pk=self.instance.pk) \
                if self.instance.pk else Task.objects.within(org)
        self.fields["units"].widget.attrs["size"] = 6

    def save(self, commit=True):  # the action saves; units are handed to it separately
        raise NotImplementedError


class ProjectProgressForm(forms.ModelForm):
    photo_upload = forms.FileField(label="现场照片", required=False)

    class Meta:
        model = ProjectProgress
        fields = ["period", "investment_done", "percent", "stage", "milestone", "problems"]
        widgets = {"period": forms.TextInput(attrs={"type": "month"}), "problems": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        from zhenwu.ledgers.fields import UploadField

        self.fields["photo_upload"] = UploadField(photo=True, label="现场照片", required=False)
        self.fields["stage"].choices = [("", "（不变）")] + list(ProjectStage.choices)
        self.goal_fields = []
        last = project.progress.order_by("-period").first()
        for g in project.goals.all():
            name = f"goal_{g.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{g.what}（累计完成，目标{g.quantity.normalize():f}{g.unit}）", required=False,
                max_digits=14, decimal_places=2)
            if last and str(g.pk) in last.goals_done:
                self.fields[name].initial = Decimal(last.goals_done[str(g.pk)])
            self.goal_fields.append((g.pk, name))

    def goals_done(self) -> dict:
        return {pk: self.cleaned_data.get(name) for pk, name in self.goal_fields
                if self.cleaned_data.get(name) is not None}


class TaskProgressForm(forms.ModelForm):
    photo_upload = forms.FileField(label="佐证照片", required=False)

    class Meta:
        model = TaskProgress
        fields = ["period", "percent", "note", "problems"]
        widgets = {"period": forms.TextInput(attrs={"type": "month"}), "problems": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from zhenwu.ledgers.fields import UploadField

        self.fields["photo_upload"] = UploadField(photo=True, label="佐证照片", required=False)


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["year", "name", "category", "quantity", "unit", "budget", "funding", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}


class OrderForm(_Scoped, forms.ModelForm):
    class Meta:
        model = SupervisionOrder
        fields = ["org", "assignee", "requirement", "due"]
        widgets = {"due": DATE, "requirement": forms.Textarea(attrs={"rows": 3})}
        labels = {"org": "承办单位"}

    def __init__(self, *args, user=None, task: Task = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = OrgUnit.objects.editable_by(user, within=task.org)
        self.fields["assignee"].queryset = people(task.org)
        self.fields["assignee"].label_from_instance = person_label
        units = list(task.units.all())
        if units:
            self.fields["org"].initial = units[0].pk


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label="反馈情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="处理", choices=[("close", "办结"), ("return", "退回")])
    reply = forms.CharField(label="意见", required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label="督查评价", choices=Rating.choices)
    comment = forms.CharField(label="督查意见", required=False, max_length=300)
