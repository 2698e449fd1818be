from django.apps import AppConfig

from zhenwu.core.registry import AppEntry, Nav, Pages


class ReportsConfig(AppConfig):
    name = "zhenwu.reports"
    label = "reports"
    verbose_name = "工作报告"
    entry = AppEntry(
        nav=[Nav("工作报告", "report_list", 60), Nav("报告校对", "report_check", 70)],
        urls="zhenwu.reports.urls",
        api="zhenwu.reports.api:router", api_prefix="reports",
        demo="zhenwu.reports.demo:load", demo_order=90,
        jobs={"reports.generate": "zhenwu.reports.jobs:generate_report"},
        report_builders={
            "heading": ("zhenwu.reports.builders:build_heading", "仅标题（下设章节）"),
            "narrative": ("zhenwu.reports.builders:build_narrative", "人工撰写"),
            "facts": ("zhenwu.reports.builders:build_facts", "指标与台账数据"),
            "breakdown": ("zhenwu.reports.builders:build_breakdown", "台账分类汇总（每类一句）"),
        },
        pages=[
            Pages("reports.Report", list="report_list", detail="report_detail", api="/api/reports/", api_detail=True),
            Pages("reports.ReportSection"),
        ],
    )
