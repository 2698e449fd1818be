from django.apps import AppConfig

from zhenwu.core.registry import AppEntry, Nav


class WebConfig(AppConfig):
    name = "zhenwu.web"
    label = "web"
    verbose_name = "界面"
    entry = AppEntry(nav=[Nav("工作台", "dashboard", 10)], urls="zhenwu.web.urls")
