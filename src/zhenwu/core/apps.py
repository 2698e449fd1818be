from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhenwu.core"
    label = "core"
    verbose_name = "基础"
