"""Daily upkeep of the year plan (run from cron): 催办 every overdue 督办单, and refresh the progress of tasks bound to
an indicator or a ledger for the current month."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhenwu.plans import actions
from zhenwu.plans.models import Task, TaskStatus


class Command(BaseCommand):
    help = "催办逾期督办单，并按关联指标或台账更新任务进度"

    def handle(self, *args, **options):
        today = timezone.localdate()
        reminded = actions.remind_overdue(None, today=today)
        period = f"{today:%Y-%m}"
        refreshed = 0
        for task in Task.objects.filter(year=today.year, status=TaskStatus.OPEN).exclude(binding="") \
                .select_related("org"):
            if actions.refresh_bound_progress(None, task, period) is not None:
                refreshed += 1
        self.stdout.write(f"催办 {reminded} 件逾期督办单；自动更新 {refreshed} 项任务进度")
