from django.apps import AppConfig

from zhenwu.core.registry import AppEntry, Nav, Pages


class PlansConfig(AppConfig):
    name = "zhenwu.plans"
    label = "plans"
    verbose_name = "项目任务"
    entry = AppEntry(
        nav=[Nav("项目任务", "plans_home", 40)],
        urls="zhenwu.plans.urls",
        api="zhenwu.plans.api:router", api_prefix="plans",
        demo="zhenwu.plans.demo:load", demo_order=40,
        home="zhenwu.plans.home:panels",
        report_sources={"projects": "zhenwu.plans.report:ProjectFigures"},
        report_builders={
            "projects": ("zhenwu.plans.report:build_projects", "重点项目"),
            "plan": ("zhenwu.plans.report:build_plan", "下期工作计划（任务与项目）"),
        },
        pages=[
            Pages("plans.Project", list="project_list", detail="project_detail", edit="project_edit",
                  export="project_list", api="/api/plans/projects", api_detail=True),
            Pages("plans.Task", list="task_list", detail="task_detail", edit="task_edit", export="task_list",
                  api="/api/plans/tasks"),
            Pages("plans.ProjectProgress"),
            Pages("plans.TaskProgress"),
        ],
    )
