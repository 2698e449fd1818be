from django import forms

from .models import Project, Task


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "year", "name", "category", "key", "planned_investment", "year_plan", "start", "end", "status", "lead",
            "content", "weight",
        ]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "end": forms.DateInput(attrs={"type": "date"}),
                   "content": forms.Textarea(attrs={"rows": 4})}


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "year", "title", "area", "source", "lead", "unit", "deadline", "target", "indicator_code", "status",
            "supervised", "score", "weight", "order",
        ]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}), "target": forms.Textarea(attrs={"rows": 4})}
