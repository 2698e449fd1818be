from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "zhenwu.plans"
    label = "plans"
    verbose_name = "项目任务"
