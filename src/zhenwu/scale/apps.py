from django.apps import AppConfig

from zhenwu.core.registry import AppEntry


class ScaleConfig(AppConfig):
    """County-scale support: pre-computed ledger aggregates, the generated-data loader behind `zhenwu bench-data`."""

    name = "zhenwu.scale"
    label = "scale"
    verbose_name = "规模化"
    entry = AppEntry()  # no pages of its own: its tables are derived data, read through the ledgers' statistics
