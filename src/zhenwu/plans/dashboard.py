"""Dashboard cards of the year plan for the chosen unit: task completion, key projects' investment, open 督办单."""

from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse

from zhenwu.core import fmt
from zhenwu.core.workperiod import current_year

from .models import OrderState, Project, ProjectProgress, SupervisionOrder, Task, TaskStatus, rolled_up_many


def cards(org, user):
    year = current_year()  # the working period's year only: an earlier year's plan is not this year's progress
    out = []
    top = list(Task.objects.visible_to(user, within=org).filter(year=year, parent__isnull=True)
               .exclude(status=TaskStatus.DROPPED))
    if top:
        known = rolled_up_many(top)
        pcts = [known[t.pk] or Decimal(0) for t in top]
        done = sum(1 for p in pcts if p >= 100)
        behind = sum(1 for t in top if t.behind_schedule(percents=known))
        out.append({"label": f"{year}年任务完成进度", "value": fmt.percent(sum(pcts) / len(pcts)),
                    "note": f"任务{len(top)}项，已完成{done}项" + (f"，滞后{behind}项" if behind else ""),
                    "url": f"{reverse('task_list')}?year={year}", "alert": behind > 0})
    of_year = Project.objects.visible_to(user, within=org).filter(key=True, year=year)
    done = ProjectProgress.objects.filter(project__in=of_year).aggregate(s=Sum("investment_done"))["s"]
    if done:
        planned = of_year.aggregate(s=Sum("planned_investment"))["s"]
        out.append({"label": f"{year}年重点项目完成投资", "value": fmt.money(done),
                    "note": f"{of_year.count()}个项目，计划总投资{fmt.money(planned)}" if planned else "",
                    "url": f"{reverse('project_list')}?year={year}", "alert": False})
    orders = SupervisionOrder.objects.visible_to(user, within=org).exclude(state=OrderState.CLOSED)
    n = orders.count()
    if n:
        overdue = sum(1 for o in orders.only("state", "due") if o.overdue)
        out.append({"label": "未办结督办单", "value": f"{n}件", "note": f"逾期{overdue}件" if overdue else "",
                    "url": reverse("order_list"), "alert": overdue > 0})
    return out
