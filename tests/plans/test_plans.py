from decimal import Decimal

import pytest

from zhenwu.plans.models import Project, Task, TaskProgress

pytestmark = pytest.mark.django_db


def test_demo_projects_of_seed_000(org):
    key = Project.objects.within(org("清河镇")).filter(year=2023, key=True)
    assert key.count() == 8
    assert sum(p.planned_investment for p in key) == Decimal("680050000")
    assert Project.objects.within(org("清河镇")).filter(year=2024, key=True).count() == 15


def test_progress_rolls_up_as_weighted_mean(org):
    town = org("清河镇")
    parent = Task.objects.create(org=town, year=2025, title="总任务")
    a = Task.objects.create(org=town, year=2025, title="甲", parent=parent, weight=Decimal(3))
    b = Task.objects.create(org=town, year=2025, title="乙", parent=parent, weight=Decimal(1))
    TaskProgress.objects.create(task=a, period="2025-03", percent=Decimal(100))
    TaskProgress.objects.create(task=b, period="2025-03", percent=Decimal(20))
    assert parent.progress_percent == Decimal("80.0")
    assert a.progress_percent == Decimal(100)


def test_pages_and_scope(login, org):
    qinghe = login("qinghe")
    assert "中节能98MW光伏项目" in qinghe.get("/plans/?year=2023").content.decode()
    project = Project.objects.get(name="中节能98MW光伏项目")
    assert qinghe.get(f"/plans/projects/{project.pk}/").status_code == 200
    assert login("shiling").get(f"/plans/projects/{project.pk}/").status_code == 404
    assert "中节能98MW光伏项目" not in login("shiling").get("/plans/projects/").content.decode()
    assert login("leader").post(f"/plans/projects/{project.pk}/edit/", {}).status_code == 403
    shiling = login("shiling").get("/api/plans/projects").json()
    assert shiling and all(p["org_id"] in set(org("石岭镇").subtree().values_list("pk", flat=True)) for p in shiling)
