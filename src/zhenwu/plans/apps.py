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
        dashboard="zhenwu.plans.dashboard:cards",
        demo="zhenwu.plans.demo:load", demo_order=40,
        home="zhenwu.plans.home:panels",
        report_sources={"projects": "zhenwu.plans.report:ProjectFigures"},
        report_builders={
            "projects": ("zhenwu.plans.report:build_projects", "重点项目"),
            "plan": ("zhenwu.plans.report:build_plan", "下期工作计划（任务与项目）"),
            "completion": ("zhenwu.plans.report:build_completion", "年度任务完成情况"),
        },
        jobs={"plans.import": "zhenwu.plans.excel:import_job"},
        pages=[
            Pages("plans.Project", list="project_list", detail="project_detail", edit="project_edit",
                  export="project_list", api="/api/plans/projects", api_detail=True),
            Pages("plans.Task", list="task_list", detail="task_detail", edit="task_edit", export="task_list",
                  api="/api/plans/tasks", api_detail=True),
            Pages("plans.Candidate", list="candidate_list", edit="candidate_edit", export="candidate_list",
                  api="/api/plans/library"),
            Pages("plans.SupervisionOrder", list="order_list", detail="order_detail", export="order_list",
                  api="/api/plans/orders", api_detail=True),
            Pages("plans.TaskSnapshot", list="snapshot_list", export="snapshot_list", api="/api/plans/snapshots"),
            Pages("plans.GoalLine"),
            Pages("plans.ProjectProgress"),
            Pages("plans.TaskProgress"),
        ],
    )
