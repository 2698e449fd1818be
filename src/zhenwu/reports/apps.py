from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zhenwu.reports"
    label = "reports"
    verbose_name = "工作报告"
