"""Demo plans, from the towns' own reports: 清河镇 (seed 000: its 8 key projects of 2023, 15 projects for 2024, its
2024 task list), 石岭镇 (seed 001: its 2023 projects and 2024 项目库 and 招商 project), 城关街道 (seed 004, second
report: its 2023 work and 2024 plan); tasks are assigned to stations, some are 督办'd, a year of progress.

Idempotent: rows are looked up by (org, year, name/title) first; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from zhenwu.core.actions import ensure
from zhenwu.core.demo import stable
from zhenwu.core.models import OrgUnit

from . import actions

from .models import (
    Area,
    Candidate,
    GoalLine,
    OrderState,
    Project,
    ProjectProgress,
    ProjectStage,
    Task,
    TaskProgress,
    TaskSnapshot,
    TaskSource,
    TaskStatus,
)

TOWN_CODE = "990102101"
WAN = Decimal(10000)

# (name, planned investment 万元, year plan 万元, end year, status, content, cumulative percent at year end)
PROJECTS_2023 = [
    ("药茂中药材种植加工基地", 1044, 1044, 2023, ProjectStage.BUILDING,
     "与企业合作成立药茂专业合作社，完成淫羊藿等药材基地600亩、厂房300平方米，购置设备10套。", 85),
    ("中节能98MW光伏项目", 59000, 30000, 2023, ProjectStage.COMPLETED,
     "装机容量98MW，铺设21.78万块450Wp太阳能组件；新建50MW/100MWh集中式（共享）储能电站。", 100),
    ("泉湖村水上乐园建设项目", 1498, 1498, 2023, ProjectStage.COMPLETED,
     "新建1000平方米水上乐园，建设农家自助餐饮点400平方米、游客接待中心500平方米、停车场700平方米。", 100),
    ("古城农场水果种植加工基地", 1163, 1163, 2023, ProjectStage.BUILDING,
     "总建筑面积5000平方米，种植桃子等果树1500余棵，新建加工生产线3条。", 90),
    ("清河镇集镇升级改造工程", 1000, 500, 2024, ProjectStage.BUILDING,
     "升级改造污水管网，含排水地沟、人行道透水砖铺设、排洪渠、排水涵管、检查井等，对集镇道路进行刷黑。", 45),
    ("花果山农业综合体建设项目", 1100, 1100, 2023, ProjectStage.BUILDING,
     "种植面积500亩，其中钢架大棚蔬菜300亩、水果200亩；新建办公用房200平方米、冷库40平方米。", 80),
    ("顺水虾稻种养示范基地建设项目", 1500, 800, 2024, ProjectStage.BUILDING,
     "新建小龙虾养殖基地2000亩、厂房1600平方米、泵站5处，购置配套设备15台（套）。", 40),
    ("金塘村李家湾金丝皇菊基地建设项目", 1700, 1700, 2023, ProjectStage.BUILDING,
     "新建金丝皇菊基地种植面积1350亩、加工厂房600平方米、储藏库200平方米，设备8台（套）。", 90),
]
# A project of the year that is not on the key list.
OTHER_2023 = [("集镇污水管网延伸工程", 1200, 1200, 2024, ProjectStage.BUILDING, "铺设集镇污水管网，已铺设2公里。", 35)]

PROJECTS_2024 = [
    "花果山农业综合体", "古城农场水果种植加工基地", "药茂中药材种植加工基地", "泉湖种养基地", "古城港综合整治工程",
    "泉湖港山洪灾害治理", "清河镇滨河公园项目", "再生资源回收利用", "集镇升级改造", "清河镇分散式光伏发电项目",
    "通修高速清河段建设", "清河镇供水升级改造", "文化运动公园", "祥逸基建辅助材料基地项目", "中节能98MW农光互补光伏发电项目二期",
]

# 2024 work plan: (heading task, area, [(sub-task, target text)])
TASKS_2024 = [
    ("实施“党建统领”，推动基层党建全面提质", Area.PARTY, [
        ("落实主体责任", "按照党委书记负总责，班子成员“一岗双责”的党建工作责任体系，落实党建工作项目清单和领导班子履职尽责清单。"),
        ("强化队伍建设", "强化村级后备干部培养，积极发展党员，不断壮大农村党员队伍。"),
        ("加强作风建设", "扎实开展作风问题专项整治，教育引导全镇党员干部真抓实干、履职担当。"),
    ]),
    ("实施“三抓一优”，推动经济社会全面发展", Area.ECONOMY, [
        ("突出项目建设", "重点推进花果山农业综合体、古城农场水果种植加工基地等重点项目。"),
        ("大力招商引资", "以情招商、以商招商、以项目招商、以资源招商，着力引进一批技术新、投资大的实体经济项目。"),
    ]),
    ("实施“乡村振兴”，推动美丽清河全面进步", Area.REVITALIZATION, [
        ("着重发展产业", "以“生产、生态、生活”三生融合为着力点，建设乡村振兴示范镇。"),
        ("改善人居环境", "大力开展人居环境整治，全面落实河库长责任制，严厉打击非法采砂、洗砂行为。"),
        ("推进共同缔造", "完善“1＋4”联动机制，以“积分制”管理带动十户共治、最美评选、环境整治和基础设施管护。"),
    ]),
    ("实施“法治清河”，推动平安法治全面和谐", Area.STABILITY, [
        ("开展综合治理", "积极开展矛盾纠纷排查和重点信访问题化解，坚持党委书记周一接访制度。"),
        ("深化平安创建", "严厉打击黄、赌、毒等违法犯罪行为，维护人民群众生命财产安全。"),
        ("搞好安全生产", "不定期开展安全大检查，排查和整改安全隐患。"),
    ]),
]
# 民生实事 of 2024 (from 建议写入政府工作报告的事项).
LIVELIHOOD_2024 = [
    ("争取集镇用上青山水", "加快改善全镇群众生产生活用水条件。"),
    ("加快卫生院业务综合楼施工进度", "确保早建成早使用。"),
]


def _month_plan(percent_at_end: int, total: Decimal) -> list[tuple[str, Decimal, Decimal]]:
    """Monthly (period, investment, cumulative percent) for 2023: even spread from March to December."""
    months = list(range(3, 13))
    share = (total / len(months)).quantize(Decimal("0.01"))
    rows = []
    for i, m in enumerate(months, start=1):
        amount = share if i < len(months) else total - share * (len(months) - 1)
        rows.append((f"2023-{m:02d}", amount, Decimal(percent_at_end * i // len(months))))
    return rows


def _project(org, year, name, planned, year_plan, end_year, status, content, key) -> Project:
    project, _ = ensure(
        None, Project, org=org, year=year, name=name,
        defaults={
            "planned_investment": Decimal(planned) * WAN if planned else None,
            "year_plan": Decimal(year_plan) * WAN if year_plan else None,
            "start": dt.date(year, 3, 1), "end": dt.date(end_year, 12, 31), "stage": status,
            "content": content, "key": key, "category": Area.PROJECTS, "lead": "清河镇党委政府",
        },
    )
    return project


def load() -> None:
    town = OrgUnit.objects.filter(code=TOWN_CODE).first()
    if town is None:
        return
    for rows, key in ((PROJECTS_2023, True), (OTHER_2023, False)):
        for name, planned, year_plan, end_year, status, content, percent in rows:
            project = _project(town, 2023, name, planned, year_plan, end_year, status, content, key)
            # Investment done in 2023: the year plan scaled by the progress reached.
            done = (Decimal(year_plan) * WAN * Decimal(percent) / 100).quantize(Decimal("0.01"))
            for period, amount, pct in _month_plan(percent, done):
                ensure(
                    None, ProjectProgress, project=project, period=period,
                    defaults={"investment_done": amount, "percent": pct, "org": town,
                              "milestone": "完成年度建设任务" if period == "2023-12" and percent == 100 else ""},
                )
    for name in PROJECTS_2024:
        _project(town, 2024, name, None, None, 2024, ProjectStage.IDEA, "", True)

    for order, (title, area, children) in enumerate(TASKS_2024, start=1):
        parent, _ = ensure(
            None, Task, org=town, year=2024, title=title,
            defaults={"area": area, "source": TaskSource.TARGET, "order": order, "unit": "清河镇党政办",
                      "deadline": dt.date(2024, 12, 31), "supervised": order == 2},
        )
        for sub, (child, target) in enumerate(children, start=1):
            ensure(
                None, Task, org=town, year=2024, title=child, parent=parent,
                defaults={"area": area, "source": TaskSource.TARGET, "order": sub, "target": target,
                          "deadline": dt.date(2024, 12, 31), "unit": "清河镇党政办"},
            )
    for order, (title, target) in enumerate(LIVELIHOOD_2024, start=1):
        ensure(
            None, Task, org=town, year=2024, title=title,
            defaults={"area": Area.LIVELIHOOD, "source": TaskSource.LIVELIHOOD, "order": 100 + order, "target": target,
                      "deadline": dt.date(2024, 12, 31), "unit": "清河镇党政办"},
        )
    # A 2023 task with progress, so the roll-up shows on the pages.
    task, _ = ensure(
        None, Task, org=town, year=2023, title="集镇污水管网延伸", defaults={"area": Area.ECOLOGY, "source": TaskSource.LIVELIHOOD,
                                                          "status": TaskStatus.OPEN, "supervised": True}
    )
    ensure(None, TaskProgress, task=task, period="2023-12", defaults={"percent": Decimal(35), "org": town,
                                                                      "note": "已铺设2公里"})
    load_more()


# -- 清河镇: goal lines, responsible units, 督办 and a quarter frozen ------------------------------------------------

# Goal lines of the 2023 key projects, as each project's content states them: (project, [(quantity, unit, what)]).
GOALS_2023 = {
    "药茂中药材种植加工基地": [(600, "亩", "淫羊藿等药材基地"), (300, "平方米", "厂房"), (10, "套", "设备")],
    "中节能98MW光伏项目": [(98, "MW", "装机容量")],
    "泉湖村水上乐园建设项目": [(1000, "平方米", "水上乐园"), (500, "平方米", "游客接待中心")],
    "古城农场水果种植加工基地": [(1500, "棵", "桃子等果树"), (3, "条", "加工生产线")],
    "花果山农业综合体建设项目": [(300, "亩", "钢架大棚蔬菜"), (200, "亩", "水果")],
    "顺水虾稻种养示范基地建设项目": [(2000, "亩", "小龙虾养殖基地"), (1600, "平方米", "厂房"), (5, "处", "泵站")],
    "金塘村李家湾金丝皇菊基地建设项目": [(1350, "亩", "金丝皇菊基地"), (600, "平方米", "加工厂房")],
}
# Which station answers for which 2024 sub-task (包保), and which are 督办'd.
ASSIGNED_2024 = {"突出项目建设": "乡村振兴办", "大力招商引资": "农业服务中心", "改善人居环境": "河长办",
                 "开展综合治理": "综治中心", "搞好安全生产": "安监站"}
SUPERVISED_2024 = {"搞好安全生产": "qinghe-aj", "改善人居环境": None}


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _station(town, name):
    return OrgUnit.objects.filter(parent=town, name=f"{town.name}{name}").first()


def _goals(project, lines):
    for order, (quantity, unit, what) in enumerate(lines, start=1):
        ensure(None, GoalLine, project=project, order=order,
               defaults={"quantity": Decimal(quantity), "unit": unit, "what": what, "org": project.org})


def _order(task, unit, assignee, requirement, issued, due, state=OrderState.PENDING, feedback=""):
    from .models import SupervisionOrder

    order, created = ensure(None, SupervisionOrder, task=task, org=unit, requirement=requirement,
                            defaults={"assignee": assignee, "issued_on": issued, "due": due, "state": state,
                                      "feedback": feedback})
    if created and not task.supervised:
        task.supervised = True
        actions.save_task(None, task)
    return order


def load_qinghe(town):
    clerk = _user("qinghe")
    for name, lines in GOALS_2023.items():
        project = Project.objects.filter(org=town, year=2023, name=name).first()
        if project is not None:
            _goals(project, lines)
    for title, station in ASSIGNED_2024.items():
        task = Task.objects.filter(org=town, year=2024, title=title).first()
        unit = _station(town, station)
        if task is None or unit is None:
            continue
        if not task.units.exists():
            task.leader = clerk
            actions.save_task(None, task, units=[unit])
        if title in SUPERVISED_2024:
            answered = SUPERVISED_2024[title] is None
            _order(task, unit, _user(SUPERVISED_2024[title]) if SUPERVISED_2024[title] else None,
                   f"请于期限内书面反馈“{title}”的进展、存在问题和下步打算。", dt.date(2024, 4, 1),
                   dt.date(2024, 4, 15), OrderState.ANSWERED if answered else OrderState.PENDING,
                   "已制定整治方案，正在推进。" if answered else "")
    if not TaskSnapshot.objects.filter(org=town, period="2024Q1").exists():
        actions.take_snapshots(None, town, "2024Q1")


# -- 石岭镇 (seed 001): its 2023 projects, the 2024 项目库 and a 招商 project in talks -------------------------------

SHILING_CODE = "990102102"
# (name, total 万元, cumulative percent at the report, quantity, unit, what, stage)
SHILING_2023 = [
    ("县级示范乡村建设", 200, 100, None, "", "", ProjectStage.COMPLETED),
    ("村庄整治区域示范提升村建设", 100, 100, None, "", "", ProjectStage.COMPLETED),
    ("小巷道硬化项目", 66, 0, 6000, "平方米", "小巷道硬化", ProjectStage.SIGNED),
    ("五村道路硬化项目", 391, 80, Decimal("7.9"), "公里", "道路硬化", ProjectStage.BUILDING),
    ("塌方坡建设项目", Decimal("28.5"), 10, None, "", "", ProjectStage.BUILDING),
]
# 2024年项目库: (name, quantity, unit, budget 万元)
SHILING_LIBRARY = [
    ("六村护坡建设项目", 13163, "立方米", Decimal("684.47")),
    ("三村挡土墙建设项目", 600, "立方米", 31),
    ("七村水渠建设项目", 22196, "米", Decimal("621.48")),
    ("地质灾害点治理项目", 15000, "立方米", 690),
    ("太阳能路灯", 1000, "盏", None),
]


def load_shiling():
    town = OrgUnit.objects.filter(code=SHILING_CODE).first()
    if town is None:
        return
    for name, total, percent, quantity, unit, what, stage in SHILING_2023:
        project, _ = ensure(None, Project, org=town, year=2023, name=name, defaults={
            "planned_investment": Decimal(total) * WAN, "year_plan": Decimal(total) * WAN, "stage": stage,
            "start": dt.date(2023, 3, 1), "end": dt.date(2023, 12, 31), "key": True, "category": Area.REVITALIZATION,
            "unit": _station(town, "乡村振兴办")})
        if quantity:
            _goals(project, [(quantity, unit, what)])
        if percent:
            done = (Decimal(total) * WAN * Decimal(percent) / 100).quantize(Decimal("0.01"))
            for period, amount, pct in _month_plan(percent, done)[:7]:  # the report was written in September
                ensure(None, ProjectProgress, project=project, period=period,
                       defaults={"investment_done": amount, "percent": pct, "org": town})
    for name, quantity, unit, budget in SHILING_LIBRARY:
        ensure(None, Candidate, org=town, year=2024, name=name, defaults={
            "quantity": Decimal(quantity), "unit": unit, "budget": Decimal(budget) * WAN if budget else None,
            "funding": "衔接推进乡村振兴补助资金", "category": Area.REVITALIZATION})
    ensure(None, Project, org=town, year=2024, name="小麦良种基地和马铃薯种植基地", defaults={
        "planned_investment": 2000 * WAN, "stage": ProjectStage.TALKS, "partner": "种业有限公司（招商）",
        "category": Area.ECONOMY, "key": True, "start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31),
        "content": "形成“品种选育－繁育生产－良种加工－质量检测－物流配送一体化”。"})
    task, _ = ensure(None, Task, org=town, year=2024, title="依托供销社建设农贸市场", defaults={
        "area": Area.ECONOMY, "source": TaskSource.SECRETARY, "deadline": dt.date(2024, 12, 31),
        "target": "以供销社为依托，带动建设发展综合性的农贸市场。"})
    ensure(None, Task, org=town, year=2024, title="加强安全生产排查整改工作", defaults={
        "area": Area.SAFETY, "source": TaskSource.TARGET, "deadline": dt.date(2024, 12, 31),
        "target": "全面开展安全生产风险隐患大排查大整改专项行动。"})


# -- 城关街道 (seed 004, second report): 2023 tasks with their figures, and the 2024 plan ---------------------------

CHENGGUAN_CODE = "990102001"
# (title, area, done, target, unit, note): progress = done ÷ target, both from the report.
CHENGGUAN_2023 = [
    ("经营性自建房排查整治", Area.SAFETY, 15, 24, "户", "排查存在安全隐患的经营性自建房24户，已修缮加固完成15户"),
    ("矛盾纠纷排查化解", Area.STABILITY, 354, 354, "起", "矛盾纠纷排查354起、化解率达100%"),
    ("示范居民小区创建", Area.GOVERNANCE, 85, 85, "个", "创建85个示范居民小区"),
]
CHENGGUAN_2024 = [
    ("抓好党建队伍建设，不断壮大队伍合力", Area.PARTY),
    ("巩固文明城市创建成果，建立常态化机制", Area.GOVERNANCE),
    ("切实加强基层治理，提升居民生活质量", Area.GOVERNANCE),
    ("用好就业平台，持续提升移民致富发展内生动力", Area.LIVELIHOOD),
    ("提升安全意识，切实保障居民群众生命财产安全", Area.SAFETY),
]


def load_chengguan():
    street = OrgUnit.objects.filter(code=CHENGGUAN_CODE).first()
    if street is None:
        return
    for order, (title, area, done, target, unit, note) in enumerate(CHENGGUAN_2023, start=1):
        task, _ = ensure(None, Task, org=street, year=2023, title=title, defaults={
            "area": area, "source": TaskSource.TARGET, "order": order, "target_value": Decimal(target),
            "target_unit": unit, "deadline": dt.date(2023, 12, 31), "target": note})
        ensure(None, TaskProgress, task=task, period="2023-09", defaults={
            "percent": (Decimal(done) * 100 / Decimal(target)).quantize(Decimal("0.1")), "org": street, "note": note})
    ensure(None, Project, org=street, year=2023, name="居民小区维修改造项目", defaults={
        "stage": ProjectStage.BUILDING, "key": True, "category": Area.GOVERNANCE, "start": dt.date(2023, 3, 1),
        "end": dt.date(2023, 12, 31),
        "content": "佳苑小区、龙苑小区、枣香苑小区维修改造，灵州花园二期小区文化广场维修，水清苑小区、东升苑小区休闲文化长廊、凉亭，"
                   "鑫祥家园小区公共设施完善配套，民生佳苑小区路面维修，花语湖滨A区健身广场及水池维修改造。"})
    for order, (title, area) in enumerate(CHENGGUAN_2024, start=1):
        task, _ = ensure(None, Task, org=street, year=2024, title=title, defaults={
            "area": area, "source": TaskSource.TARGET, "order": order, "deadline": dt.date(2024, 12, 31)})
        if order == 5:
            unit = _station(street, "安监站")
            if unit is not None and not task.units.exists():
                actions.save_task(None, task, units=[unit])
            if unit is not None:
                _order(task, unit, None, "请反馈安全生产大排查大整治专项行动的排查、整改销号情况。", dt.date(2024, 3, 1),
                       dt.date(2024, 3, 20))


def load_more():
    town = OrgUnit.objects.filter(code=TOWN_CODE).first()
    if town is not None:
        load_qinghe(town)
    load_shiling()
    load_chengguan()
    load_this_year()


# -- the current year: the last planned year's work carried on, with progress up to today -------------------------

PLAN_YEAR = 2024  # the last year the towns' reports plan


def load_this_year() -> None:
    """When today is past the reports' plan year, every town carries that year's projects and tasks into the
    current one — 续建 projects with a year plan and monthly progress up to last month, tasks with progress
    (a few lagging), the same 包保 units, and 督办单 due around today (one answered, one pending, one overdue) —
    so the working year a clerk lands in is not empty."""
    from django.utils import timezone

    today = timezone.localdate()
    year = today.year
    if year <= PLAN_YEAR:
        return
    months = list(range(1, today.month))  # months fully reported so far
    for town in OrgUnit.objects.filter(pk__in=Task.objects.filter(year=PLAN_YEAR).values("org")):
        if Task.objects.filter(org=town, year=year).exists():
            continue
        _carry_projects(town, year, months)
        _carry_tasks(town, year, months, today)


def _carry_projects(town, year, months) -> None:
    for old in Project.objects.filter(org=town, year=PLAN_YEAR, parent=None):
        lag = stable(town.code, old.name)
        plan = Decimal(300 + lag * 20) * WAN
        project, _ = ensure(None, Project, org=town, year=year, name=old.name, defaults={
            "category": old.category, "key": old.key, "planned_investment": old.planned_investment or plan * 2,
            "year_plan": plan, "start": dt.date(year, 3, 1), "end": dt.date(year, 12, 31),
            "stage": ProjectStage.BUILDING if lag % 4 else ProjectStage.SIGNED, "content": old.content,
            "lead": old.lead})
        worked = [m for m in months if m >= 3] if project.stage == ProjectStage.BUILDING else []
        pace = Decimal(70 + lag % 40) / 100  # 70–109 % of an even pace
        done_before = Decimal(0)
        for i, m in enumerate(worked, start=1):
            percent = min(Decimal(100), (Decimal(100) * i / 10 * pace).quantize(Decimal("0.1")))
            amount = (plan * percent / 100 - done_before).quantize(Decimal("0.01"))
            done_before += amount
            ensure(None, ProjectProgress, project=project, period=f"{year}-{m:02d}",
                   defaults={"investment_done": amount, "percent": percent, "org": town,
                             "milestone": "按计划推进" if pace >= 1 else "进度滞后，正在协调"})


def _carry_tasks(town, year, months, today) -> None:
    copies = {}
    for old in Task.objects.filter(org=town, year=PLAN_YEAR).order_by("parent_id", "order", "pk"):
        task, _ = ensure(None, Task, org=town, year=year, title=old.title,
                         parent=copies.get(old.parent_id), defaults={
                             "area": old.area, "source": old.source, "order": old.order, "target": old.target,
                             "unit": old.unit, "lead": old.lead, "deadline": dt.date(year, 12, 31)})
        copies[old.pk] = task
        units = list(old.units.all())
        if units and not task.units.exists():
            task.leader = old.leader
            actions.save_task(None, task, units=units)
    leaves = [t for t in copies.values() if not any(c.parent_id == t.pk for c in copies.values())]
    for task in leaves:
        pace = Decimal(75 + stable(town.code, task.title) % 35) / 100
        for m in months:
            percent = min(Decimal(100), (Decimal(100) * m / 12 * pace).quantize(Decimal("0.1")))
            ensure(None, TaskProgress, task=task, period=f"{year}-{m:02d}",
                   defaults={"percent": percent, "org": town,
                             "note": "按计划推进" if pace >= 1 else "完成进度略慢于时序，正在加快推进"})
    supervised = [t for t in copies.values() if t.units.exists()][:3]
    states = [(OrderState.ANSWERED, -25, -12, "已按要求推进，附进展说明。"), (OrderState.PENDING, -10, 5, ""),
              (OrderState.PENDING, -30, -8, "")]
    for task, (state, issued, due, feedback) in zip(supervised, states):
        _order(task, task.units.first(), None, f"请于期限内书面反馈“{task.title}”的进展、存在问题和下步打算。",
               today + dt.timedelta(days=issued), today + dt.timedelta(days=due), state, feedback)
