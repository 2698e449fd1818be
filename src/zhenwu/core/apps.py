from django.apps import AppConfig

from .registry import AppEntry, Nav, Pages


class CoreConfig(AppConfig):
    name = "zhenwu.core"
    label = "core"
    verbose_name = "基础"
    entry = AppEntry(
        nav=[Nav("单位", "orgunit_list", 80), Nav("人员", "membership_list", 90), Nav("操作日志", "auditlog_list", 100)],
        urls="zhenwu.core.urls",
        api="zhenwu.core.api:router", api_prefix="core",
        dashboard="zhenwu.core.dashboard:org_cards",
        demo="zhenwu.core.demo:load", demo_order=10,
        jobs={"core.export": "zhenwu.core.exports:export_list"},
        pages=[
            Pages("core.OrgUnit", list="orgunit_list", detail="orgunit_detail", edit="orgunit_edit",
                  delete="orgunit_delete", export="orgunit_list", api="/api/core/orgs", api_detail=True,
                  edit_action="manage"),
            Pages("core.Membership", list="membership_list", delete="membership_delete", export="membership_list",
                  edit_action="manage"),
        ],
    )

    def ready(self):
        from . import signals

        signals.connect()
