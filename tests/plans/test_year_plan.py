"""The year plan worked all year: create and edit through pages and the API, bad input refused with nothing saved,
progress as of a period, 督办 → 催办 → 反馈, quarterly snapshots, year-end scores, the Excel import, reports."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zhenwu.core.models import AuditLog, Notification
from zhenwu.plans import actions
from zhenwu.plans.models import (
    Candidate,
    OrderState,
    Project,
    ProjectProgress,
    ProjectStage,
    SupervisionOrder,
    Task,
    TaskProgress,
    TaskSnapshot,
    TaskSource,
)

pytestmark = pytest.mark.django_db
API = "application/json"


def _project(org, **extra):
    fields = {"org": org, "year": 2025, "name": "测试项目", "planned_investment": Decimal(1000) * 10000,
              "year_plan": Decimal(500) * 10000, "start": dt.date(2025, 3, 1), "end": dt.date(2025, 12, 31),
              "stage": ProjectStage.BUILDING, **extra}
    return actions.save_project(None, Project(**fields), goals=[(Decimal(600), "亩", "淫羊藿基地")])


def _counts():
    changes = AuditLog.objects.filter(action__in=[AuditLog.CREATE, AuditLog.UPDATE, AuditLog.DELETE])
    return Project.objects.count(), ProjectProgress.objects.count(), Task.objects.count(), changes.count()


# -- projects: pages and API ------------------------------------------------------------------------------------

def test_create_edit_and_close_a_project_from_the_pages(login, org):
    client = login("qinghe")
    station = org("清河镇乡村振兴办")
    resp = client.post("/plans/projects/add/", {
        "year": 2025, "name": "淫羊藿种植基地", "category": "projects", "key": "on", "stage": "talks",
        "partner": "药茂公司", "planned_investment": "10440000", "year_plan": "10440000", "start": "2025-03-01",
        "end": "2025-12-31", "unit": station.pk, "weight": "1", "goals_text": "600 亩 淫羊藿基地\n300 平方米 厂房"})
    assert resp.status_code == 302, resp.context["form"].errors
    project = Project.objects.get(name="淫羊藿种植基地")
    assert project.org == org("清河镇") and project.unit == station and project.version == 1
    assert [str(g) for g in project.goals.all()] == ["600亩淫羊藿基地", "300平方米厂房"]
    page = client.get(f"/plans/projects/{project.pk}/").content.decode()
    assert "600亩淫羊藿基地" in page and "在谈" in page
    # edit: the version read goes with the form
    form = client.get(f"/plans/projects/{project.pk}/edit/").context["form"]
    assert form["version"].value() == 1
    resp = client.post(f"/plans/projects/{project.pk}/close/", {"stage": "completed", "version": 1})
    project.refresh_from_db()
    assert project.stage == ProjectStage.COMPLETED and project.closed_on and project.version == 2


def test_bad_project_input_on_the_page_is_refused_with_nothing_saved(login, org):
    client = login("qinghe")
    before = _counts()
    base = {"year": 2025, "name": "坏项目", "category": "projects", "stage": "idea", "weight": "1"}
    resp = client.post("/plans/projects/add/", {**base, "planned_investment": "-5"})
    assert resp.status_code == 200 and "不能为负数" in resp.content.decode()
    resp = client.post("/plans/projects/add/", {**base, "unit": org("石岭镇安监站").pk})
    assert resp.status_code == 200 and "有效的选项" in resp.content.decode()
    resp = client.post("/plans/projects/add/", {**base, "goals_text": "很多 亩"})
    assert "应写作“数量 单位 内容”" in resp.content.decode()
    assert _counts() == before


def test_a_stale_edit_is_refused_on_the_page_and_the_api(login, org):
    project = _project(org("清河镇"))
    client = login("qinghe")
    form = client.get(f"/plans/projects/{project.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("leader", "unit", "parent")}
    data.update({"name": "甲改", "goals_text": "600 亩 淫羊藿基地", "start": "2025-03-01", "end": "2025-12-31"})
    assert client.post(f"/plans/projects/{project.pk}/edit/", data).status_code == 302
    project.refresh_from_db()
    assert project.name == "甲改" and project.version == 2
    before = _counts()
    resp = client.post(f"/plans/projects/{project.pk}/edit/", {**data, "name": "乙改", "version": 1})
    assert resp.status_code == 200 and "已被他人修改" in resp.content.decode()
    payload = {"year": 2025, "name": "丙改", "version": 1}
    resp = client.put(f"/api/plans/projects/{project.pk}", payload, content_type=API)
    assert resp.status_code == 409 and "已被他人修改" in resp.json()["detail"]
    project.refresh_from_db()
    assert project.name == "甲改" and _counts() == before
    resp = client.put(f"/api/plans/projects/{project.pk}", {**payload, "version": 2}, content_type=API)
    assert resp.status_code == 200 and resp.json()["version"] == 3 and resp.json()["name"] == "丙改"


def test_projects_through_the_api_and_bad_input(login, org):
    client = login("qinghe")
    town = org("清河镇")
    resp = client.post("/api/plans/projects", {
        "org_code": town.code, "year": 2025, "name": "招商光伏项目", "stage": "signed", "partner": "某能源公司",
        "signed_amount": "50000000", "signed_on": "2025-04-02", "start": "2025-04-01", "end": "2025-12-31",
        "goals": [{"quantity": "98", "unit": "MW", "what": "装机容量"}]}, content_type=API)
    assert resp.status_code == 201, resp.json()
    pk = resp.json()["id"]
    assert resp.json()["goals"][0]["unit"] == "MW"
    before = _counts()
    bad = [
        ({"org_code": town.code, "year": 2025, "name": "负投资", "planned_investment": "-1"}, "不能为负数"),
        ({"org_code": town.code, "year": 2025, "name": "越权单位", "unit_code": org("石岭镇安监站").code}, "不在您的管辖范围内"),
    ]
    for payload, message in bad:
        resp = client.post("/api/plans/projects", payload, content_type=API)
        assert resp.status_code == 400 and message in resp.json()["detail"], resp.json()
    progress = [
        ({"period": "2025-05", "percent": "120"}, "进度应在 0–100 之间"),
        ({"period": "2025-05", "investment_done": "-3"}, "完成投资不能为负数"),
        ({"period": "2025-02", "percent": "10"}, "不在"),
        ({"period": "2026-01", "percent": "10"}, "实施期"),
    ]
    for payload, message in progress:
        resp = client.post(f"/api/plans/projects/{pk}/progress", payload, content_type=API)
        assert resp.status_code == 400 and message in resp.json()["detail"], resp.json()
    assert _counts() == before
    resp = client.post(f"/api/plans/projects/{pk}/progress", {"period": "2025-05", "percent": "30",
                                                               "investment_done": "1000000", "stage": "building"},
                       content_type=API)
    assert resp.status_code == 201
    assert Project.objects.get(pk=pk).stage == ProjectStage.BUILDING
    assert login("shiling").post(f"/api/plans/projects/{pk}/progress", {"period": "2025-06", "percent": "40"},
                                 content_type=API).status_code == 404


def test_monthly_progress_page_refuses_bad_input(login, org):
    project = _project(org("清河镇"))
    goal = project.goals.get()
    client = login("qinghe-aj")
    url = f"/plans/projects/{project.pk}/progress/"
    before = _counts()
    for data, message in [
        ({"period": "2025-05", "percent": "101", "investment_done": "0"}, "进度应在 0–100 之间"),
        ({"period": "2025-05", "percent": "10", "investment_done": "-1"}, "完成投资不能为负数"),
        ({"period": "2024-12", "percent": "10", "investment_done": "0"}, "不在"),
    ]:
        resp = client.post(url, data)
        assert resp.status_code == 200 and message in resp.content.decode(), message
    assert _counts() == before
    resp = client.post(url, {"period": "2025-05", "percent": "20", "investment_done": "1200000",
                             "milestone": "完成土地平整", "problems": "用地手续待批", f"goal_{goal.pk}": "150"})
    assert resp.status_code == 302
    row = project.progress.get()
    assert row.goals_done == {str(goal.pk): "150"} and row.problems == "用地手续待批"
    assert "已完成 150亩" in client.get(f"/plans/projects/{project.pk}/").content.decode()


def test_lists_have_totals_filters_and_the_behind_schedule_flag(login, org):
    town = org("清河镇")
    project = _project(town, leader=None)
    actions.save_progress(None, ProjectProgress(project=project, period="2025-04", percent=Decimal(5),
                                                investment_done=Decimal(2000000)))
    assert project.behind_schedule(dt.date(2025, 10, 1)) and not project.behind_schedule(dt.date(2025, 3, 10))
    client = login("qinghe")
    resp = client.get("/plans/projects/?year=2025&stage=building")
    assert [r.record.pk for r in resp.context["table"].paginated_rows] == [project.pk]
    totals = resp.context["totals"]
    assert totals["n"] == 1 and totals["done"] == Decimal(2000000) and totals["rate"] == Decimal(40)
    assert "累计完成投资 200万元" in resp.content.decode()
    assert list(client.get("/plans/projects/?year=2025&stage=talks").context["table"].paginated_rows) == []


# -- tasks --------------------------------------------------------------------------------------------------------

def test_tasks_are_assigned_to_units_and_out_of_scope_units_are_refused(login, org, demo_user):
    client = login("qinghe")
    station = org("清河镇安监站")
    resp = client.post("/plans/tasks/add/", {
        "year": 2025, "title": "隐患排查整治", "area": "safety", "source": "assigned", "units": [station.pk],
        "leader": demo_user("qinghe").pk, "status": "open", "weight": "1", "order": "0",
        "commitment": "年内整改销号率100%", "target_value": "120", "target_unit": "处"})
    assert resp.status_code == 302, resp.context["form"].errors
    task = Task.objects.get(title="隐患排查整治")
    assert list(task.units.all()) == [station] and task.source == TaskSource.ASSIGNED
    before = _counts()
    resp = client.post("/api/plans/tasks", {"year": 2025, "title": "越权", "unit_codes": [org("石岭镇安监站").code]},
                       content_type=API)
    assert resp.status_code == 400 and "不是清河镇或其下级单位" in resp.json()["detail"]
    village = org("泉湖村")
    resp = login("qinghe-cun").post("/api/plans/tasks", {"year": 2025, "title": "越权", "org_code": village.code,
                                                         "unit_codes": [station.code]}, content_type=API)
    assert resp.status_code == 400 and "不是泉湖村或其下级单位" in resp.json()["detail"]
    resp = login("qinghe").post(f"/api/plans/tasks/{task.pk}/progress", {"period": "2025-03", "percent": "150"},
                       content_type=API)
    assert resp.status_code == 400 and "进度应在 0–100 之间" in resp.json()["detail"]
    assert _counts() == before


# -- periods ------------------------------------------------------------------------------------------------------

def test_progress_and_stage_are_read_as_of_the_period(org):
    from zhenwu.core.periods import Period
    from zhenwu.core.reporting import BuildContext
    from zhenwu.plans.report import build_projects

    project = Project.objects.get(name="中节能98MW光伏项目")  # the demo: 10 months to 100% in December
    june = project.progress.get(period="2023-06").percent
    assert project.percent_as_of("2023H1") == june < 100
    assert project.percent_as_of("2023") == 100 == project.progress_percent
    half = build_projects(BuildContext(org("清河镇"), Period.parse("2023H1")), {"chart": False})
    line = next(p for p in half.paragraphs if "中节能98MW光伏项目" in p)
    assert "项目已建成" not in line and f"形象进度{june.normalize():f}%" in line
    year = build_projects(BuildContext(org("清河镇"), Period.parse("2023")), {"chart": False})
    assert "项目已建成" in next(p for p in year.paragraphs if "中节能98MW光伏项目" in p)
    # a parent's roll-up too
    town = org("清河镇")
    parent = actions.save_task(None, Task(org=town, year=2025, title="总任务"))
    child = actions.save_task(None, Task(org=town, year=2025, title="子任务", parent=parent))
    actions.save_progress(None, TaskProgress(task=child, period="2025-06", percent=Decimal(40)))
    actions.save_progress(None, TaskProgress(task=child, period="2025-12", percent=Decimal(100)))
    assert parent.percent_as_of("2025H1") == Decimal("40.0") and parent.progress_percent == Decimal("100.0")
    stage_project = _project(town, stage=ProjectStage.TALKS)
    actions.save_progress(None, ProjectProgress(project=stage_project, period="2025-06", percent=Decimal(5)))
    actions.save_progress(None, ProjectProgress(project=stage_project, period="2025-09", stage=ProjectStage.SIGNED))
    stage_project.refresh_from_db()
    assert stage_project.stage == ProjectStage.SIGNED
    assert stage_project.stage_as_of("2025H1") != "签约" and stage_project.stage_as_of("2025") == "签约"


def test_changing_a_tasks_responsible_units_is_in_its_history(login, org):
    town, station, village = org("清河镇"), org("清河镇安监站"), org("泉湖村")
    task = actions.save_task(None, Task(org=town, year=2025, title="包保任务"), units=[station])
    actions.save_task(None, task, units=[village])
    rows = AuditLog.objects.filter(object_id=str(task.pk), changes__has_key="units").order_by("pk")
    assert [r.changes["units"] for r in rows] == [[[], [station.pk]], [[station.pk], [village.pk]]]
    page = login("qinghe").get(f"/audit/{rows[0].content_type_id}/{task.pk}/").content.decode()
    assert "责任单位（包保）" in page and "清河镇安监站" in page and "泉湖村" in page


# -- supervision and notifications ---------------------------------------------------------------------------------

def test_supervision_loop_with_reminders_feedback_return_and_close(login, org, demo_user):
    town, station = org("清河镇"), org("清河镇安监站")
    station_user = demo_user("qinghe-aj")
    task = actions.save_task(None, Task(org=town, year=2025, title="燃气隐患整治"), units=[station])
    client = login("qinghe")
    due = dt.date.today() + dt.timedelta(days=10)
    resp = client.post(f"/plans/tasks/{task.pk}/supervise/", {
        "org": station.pk, "assignee": station_user.pk, "requirement": "请反馈整治进展", "due": due.isoformat()})
    assert resp.status_code == 302, resp.context["form"].errors
    order = SupervisionOrder.objects.get(task=task)
    task.refresh_from_db()
    assert task.supervised and order.state == OrderState.PENDING
    inbox = Notification.objects.filter(recipient=station_user)
    assert inbox.filter(text__contains="督办单：燃气隐患整治").count() == 1
    # 催办: overdue orders are reminded once a day
    actions.remind_overdue(None, today=due)  # due today: not overdue yet
    order.refresh_from_db()
    assert order.reminders == 0
    later = due + dt.timedelta(days=5)
    assert actions.remind_overdue(None, today=later) >= 1
    assert actions.remind_overdue(None, today=later) == 0
    order.refresh_from_db()
    assert order.reminders == 1 and inbox.filter(text__startswith="催办（第1次）：燃气隐患整治").exists()
    # the station files feedback; the town returns it, then closes it
    station_client = login("qinghe-aj")
    page = station_client.get("/").content.decode()
    assert 'id="notify-count"' in page
    resp = station_client.post(f"/plans/orders/{order.pk}/feedback/", {"feedback": "已整改3处", "version": order.version})
    order.refresh_from_db()
    assert order.state == OrderState.ANSWERED
    stale = order.version - 1
    client = login("qinghe")
    client.post(f"/plans/orders/{order.pk}/decide/", {"decision": "return", "reply": "", "version": order.version})
    order.refresh_from_db()
    assert order.state == OrderState.ANSWERED  # a return needs its reason
    client.post(f"/plans/orders/{order.pk}/decide/", {"decision": "return", "reply": "请附照片", "version": stale})
    order.refresh_from_db()
    assert order.state == OrderState.ANSWERED  # stale
    client.post(f"/plans/orders/{order.pk}/decide/", {"decision": "return", "reply": "请附照片", "version": order.version})
    order.refresh_from_db()
    assert order.state == OrderState.RETURNED
    assert inbox.filter(text__contains="督办反馈被退回").exists()
    resp = client.post(f"/api/plans/orders/{order.pk}/feedback", {"feedback": "已补照片", "version": order.version},
                       content_type=API)
    assert resp.status_code == 200
    resp = client.post(f"/api/plans/orders/{order.pk}/decide", {"decision": "close", "version": resp.json()["version"]},
                       content_type=API)
    assert resp.status_code == 200 and resp.json()["state"] == OrderState.CLOSED
    # 督查通报 of the period
    today = dt.date.today()
    resp = client.get(f"/plans/orders/?period={today.year}Q{(today.month - 1) // 3 + 1}")
    assert order.pk in {r.record.pk for r in resp.context["table"].paginated_rows}
    # the inbox: list and mark read
    note = inbox.filter(read=False).first()
    station_client = login("qinghe-aj")
    assert "燃气隐患整治" in station_client.get("/notifications/").content.decode()
    resp = station_client.post(f"/notifications/{note.pk}/read/")
    assert resp.status_code == 302 and Notification.objects.get(pk=note.pk).read
    assert login("qinghe").post(f"/notifications/{note.pk}/read/").status_code == 403
    station_client = login("qinghe-aj")
    station_client.post("/notifications/read/")
    assert not inbox.filter(read=False).exists()


# -- snapshots and scores ------------------------------------------------------------------------------------------

def test_quarterly_snapshot_is_frozen_and_rated(login, org):
    town = org("清河镇")
    task = actions.save_task(None, Task(org=town, year=2025, title="季度任务"))
    actions.save_progress(None, TaskProgress(task=task, period="2025-03", percent=Decimal(30)))
    client = login("qinghe")
    client.post("/plans/snapshots/take/", {"period": "2025Q1"})
    snap = TaskSnapshot.objects.get(task=task, period="2025Q1")
    assert snap.percent == Decimal(30)
    actions.save_progress(None, TaskProgress(task=task, period="2025-03", percent=Decimal(60)))
    client.post("/plans/snapshots/take/", {"period": "2025Q1"})
    snap.refresh_from_db()
    assert snap.percent == Decimal(30) and TaskSnapshot.objects.filter(task=task).count() == 1
    snap.percent = Decimal(60)
    with pytest.raises(Exception, match="不能修改"):
        actions.rate_snapshot(None, snap, "good")
    snap.refresh_from_db()
    resp = login("ducha").post(f"/plans/snapshots/{snap.pk}/rate/", {"rating": "fair", "comment": "进度偏慢"})
    assert resp.status_code == 302
    snap.refresh_from_db()
    assert snap.rating == "fair" and snap.percent == Decimal(30)
    assert login("qinghe").post("/plans/snapshots/take/", {"period": "2025-03"}).status_code == 302
    assert not TaskSnapshot.objects.filter(period="2025-03").exists()


def test_year_end_scores_roll_up_per_unit_and_leader_and_export(login, org, demo_user):
    town = org("清河镇")
    a, b = org("清河镇安监站"), org("清河镇河长办")
    leader = demo_user("qinghe")
    for title, unit, score in [("甲", a, 90), ("乙", a, 80), ("丙", b, 95)]:
        task = actions.save_task(None, Task(org=town, year=2025, title=title, leader=leader), units=[unit])
        actions.set_score(None, task, Decimal(score))
    client = login("qinghe")
    rows = client.get("/plans/scores/?year=2025").context["table"].data.data
    assert [(r["rank"], r["name"], r["score"]) for r in rows] == [(1, b.name, Decimal("95.0")), (2, a.name, Decimal("85.0"))]
    rows = client.get("/plans/scores/?year=2025&by=leader").context["table"].data.data
    assert rows[0]["tasks"] == 3 and rows[0]["score"] == Decimal("88.3")
    sheet = load_workbook(io.BytesIO(client.get("/plans/scores/?year=2025&format=xlsx").getvalue())).active
    assert [c.value for c in sheet[2]][:2] == ["1", b.name] or [c.value for c in sheet[2]][:2] == [1, b.name]


# -- 项目库 --------------------------------------------------------------------------------------------------------

def test_candidate_is_promoted_to_a_project_in_one_step(login):
    candidate = Candidate.objects.get(name="六村护坡建设项目")
    client = login("shiling")
    resp = client.post(f"/plans/library/{candidate.pk}/promote/")
    candidate.refresh_from_db()
    project = candidate.project
    assert resp.status_code == 302 and project.stage == ProjectStage.IDEA and project.year == 2024
    assert project.planned_investment == Decimal("6844700") and str(project.goals.get()) == "13163立方米六村护坡建设项目"
    resp = client.post(f"/api/plans/library/{candidate.pk}/promote")
    assert resp.status_code == 400 and "已转为项目" in resp.json()["detail"]
    assert login("qinghe").post(f"/plans/library/{candidate.pk}/promote/").status_code == 404


# -- Excel import ---------------------------------------------------------------------------------------------------

def _sheet(client, rows):
    wb = load_workbook(io.BytesIO(client.get("/plans/import/template.xlsx").getvalue()))
    ws = wb.active
    ws.delete_rows(3, ws.max_row)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "plan.xlsx"
    return buf


def test_year_plan_import_is_all_or_nothing_with_line_numbers(login):
    client = login("qinghe")
    good = [
        ["项目", 2027, "导入项目甲", "重点", "项目建设", 100, 50, "在建", "某公司", "2027-03-01", "2027-12-31", "清河镇安监站",
         "建设内容", "600 亩 基地；2 条 生产线", ""],
        ["任务", 2027, "导入任务甲", "书记项目", "党建", None, None, None, None, None, "2027-12-31", "清河镇安监站", "目标", None, None],
        ["任务", 2027, "导入子任务", "目标任务", "党建", None, None, None, None, None, "2027-12-31", None, "子目标", None, "导入任务甲"],
    ]
    bad = [*good, ["任务", 2027, "坏行", "某类", "党建", None, None, None, None, None, "2027/13/01", "石岭镇安监站", "", None, None],
           ["项目", 2027, "负投资", "重点", "项目建设", -5, None, None, None, None, None, None, "", None, None]]
    before = _counts()
    resp = client.post("/plans/import/", {"file": _sheet(client, bad)})
    text = resp.content.decode()
    assert resp.status_code == 400
    assert "第 6 行" in text and "类别“某类”" in text and "责任单位“石岭镇安监站”不是清河镇或其下级单位" in text
    assert "第 7 行" in text and "不能为负数" in text
    assert _counts() == before
    resp = client.post("/plans/import/", {"file": _sheet(client, good)})
    assert resp.status_code == 302
    project = Project.objects.get(name="导入项目甲")
    assert project.planned_investment == Decimal(1000000) and project.goals.count() == 2
    child = Task.objects.get(title="导入子任务")
    assert child.parent.title == "导入任务甲" and child.parent.source == TaskSource.SECRETARY


# -- reports --------------------------------------------------------------------------------------------------------

def test_report_states_completion_from_records_and_nothing_without_them(org):
    from zhenwu.plans.report import completion_sentences, library_sentence

    town = org("清河镇")
    assert completion_sentences(town, "2028") == []
    for i, pct in enumerate((80, 100), start=1):
        task = actions.save_task(None, Task(org=town, year=2028, title=f"书记项目{i}", source=TaskSource.SECRETARY))
        actions.save_progress(None, TaskProgress(task=task, period="2028-06", percent=Decimal(pct)))
    for name, planned, done in (("重点甲", 40000, 20000), ("重点乙", 28000, 16400)):
        project = actions.save_project(None, Project(org=town, year=2028, name=name, key=True,
                                                      planned_investment=Decimal(planned) * 10000,
                                                      start=dt.date(2028, 1, 1), end=dt.date(2028, 12, 31)))
        actions.save_progress(None, ProjectProgress(project=project, period="2028-05", investment_done=Decimal(done) * 10000))
    actions.save_project(None, Project(org=town, year=2028, name="招商甲", key=False, stage=ProjectStage.SIGNED,
                                       signed_on=dt.date(2028, 3, 1)))
    for name in ("招商乙", "招商丙"):
        actions.save_project(None, Project(org=town, year=2028, name=name, key=False, stage=ProjectStage.TALKS))
    text = "".join(completion_sentences(town, "2028"))
    assert "实施书记项目2个，完成进度90%" in text
    assert "重点项目2个，总投资6.80亿元，完成投资3.64亿元" in text
    assert "招商引资签约项目1个，在谈项目2个" in text
    assert "年度目标任务" not in text  # no other task that year: nothing said
    assert "已转为" not in library_sentence(org("石岭镇"), 2024)
    assert library_sentence(org("石岭镇"), 2024).startswith("2024年项目库储备项目5个，概算投资2026.95万元：六村护坡建设项目（13163立方米）")
    assert library_sentence(town, 2030) == ""


def test_demo_towns_have_plans():
    from zhenwu.plans.demo import load

    for code in ("990102101", "990102102", "990102001"):
        assert Project.objects.filter(org__code=code).exists() and Task.objects.filter(org__code=code).exists()
    assert SupervisionOrder.objects.exists() and TaskSnapshot.objects.filter(period="2024Q1").exists()
    before = (Project.objects.count(), Task.objects.count(), SupervisionOrder.objects.count(),
              TaskSnapshot.objects.count(), AuditLog.objects.count(), Notification.objects.count())
    load()
    assert before == (Project.objects.count(), Task.objects.count(), SupervisionOrder.objects.count(),
                      TaskSnapshot.objects.count(), AuditLog.objects.count(), Notification.objects.count())


def test_bound_task_progress_updates_itself_and_the_daily_command_reminds(org):
    from django.core.management import call_command

    from zhenwu.ledgers.stats import stats_many
    from zhenwu.core.periods import Period

    town = org("清河镇")
    done = stats_many(["safety_hazard"], town, Period(2023, 1, 6))["safety_hazard"].total
    assert done > 0
    task = actions.save_task(None, Task(org=town, year=2023, title="隐患排查", binding="ledger",
                                        ledger_kind="safety_hazard", target_value=Decimal(done * 2), target_unit="件"))
    row = actions.refresh_bound_progress(None, task, "2023-06")
    assert row.percent == Decimal(50) and f"完成{done}件" in row.note
    with pytest.raises(Exception, match="须填写量化目标"):
        actions.save_task(None, Task(org=town, year=2024, title="无目标", binding="ledger", ledger_kind="safety_hazard"))
    overdue = SupervisionOrder.objects.filter(state=OrderState.PENDING, due__lt=dt.date.today())
    before = {o.pk: o.reminders for o in overdue}
    assert before
    out = io.StringIO()
    call_command("plans_daily", stdout=out)
    assert f"催办 {len(before)} 件逾期督办单" in out.getvalue()
    assert all(SupervisionOrder.objects.get(pk=pk).reminders == n + 1 for pk, n in before.items())


def test_progress_with_a_photo_and_candidates_through_the_api(login, org):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    task = actions.save_task(None, Task(org=org("清河镇"), year=2025, title="带照片的任务"))
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, "PNG")
    client = login("qinghe-aj")
    resp = client.post(f"/plans/tasks/{task.pk}/progress/", {
        "period": "2025-04", "percent": "30", "note": "已完成现场整改",
        "photo_upload": SimpleUploadedFile("现场.png", buf.getvalue(), content_type="image/png")})
    assert resp.status_code == 302
    row = task.progress.get()
    assert row.photo.startswith("plans/") and row.photo.endswith(".png")
    resp = client.post(f"/plans/tasks/{task.pk}/progress/", {
        "period": "2025-05", "percent": "40", "photo_upload": SimpleUploadedFile("假.png", b"not an image")})
    assert resp.status_code == 200 and "照片无法识别" in resp.content.decode() and task.progress.count() == 1
    client = login("shiling")
    before = Candidate.objects.count()
    resp = client.post("/api/plans/library", {"year": 2025, "name": "负预算", "budget": "-1"}, content_type=API)
    assert resp.status_code == 400 and "不能为负数" in resp.json()["detail"] and Candidate.objects.count() == before
    resp = client.post("/api/plans/library", {"year": 2025, "name": "村级道路", "quantity": "3.5", "unit": "公里",
                                              "budget": "1200000", "funding": "以工代赈"}, content_type=API)
    assert resp.status_code == 201 and Candidate.objects.get(pk=resp.json()["id"]).org == org("石岭镇")
