from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhenwu.web"
    label = "web"
    verbose_name = "界面"
