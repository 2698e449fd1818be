"""Every write to plans: projects, tasks and their monthly progress (pages, API, demo)."""

from __future__ import annotations

from zhenwu.core import actions

from .models import Project, ProjectProgress, Task, TaskProgress


def save_project(user, project: Project) -> Project:
    return actions.save(user, project)


def save_task(user, task: Task) -> Task:
    return actions.save(user, task)


def save_progress(user, progress: ProjectProgress | TaskProgress):
    """A month's progress belongs to its project's or task's unit."""
    item = getattr(progress, progress.item_field)
    progress.org = item.org
    return actions.save(user, progress)
