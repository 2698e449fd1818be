from django.apps import AppConfig

from zhenwu.core.registry import AppEntry, Nav, Pages


class LedgersConfig(AppConfig):
    name = "zhenwu.ledgers"
    label = "ledgers"
    verbose_name = "台账"
    entry = AppEntry(
        nav=[Nav("台账", "ledger_home", 30)],
        urls="zhenwu.ledgers.urls",
        api="zhenwu.ledgers.api:router", api_prefix="ledgers",
        dashboard="zhenwu.ledgers.stats:dashboard_cards",
        home="zhenwu.ledgers.home:panels",
        demo="zhenwu.ledgers.demo:load", demo_order=30,
        report_sources={"ledger": "zhenwu.ledgers.report:LedgerFigures"},
        jobs={"ledgers.import": "zhenwu.ledgers.jobs:import_entries"},
        pages=[
            Pages("ledgers.LedgerEntry", list="ledger_entry_list", detail="ledger_entry_detail",
                  edit="ledger_entry_edit", delete="ledger_entry_delete", export="ledger_entry_export",
                  api="/api/ledgers/entries", api_detail=True),
        ],
    )
