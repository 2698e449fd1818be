"""Demo plans of 清河镇: its 2023 key projects and 2024 work plan, as seed 000 reports them.

Idempotent: rows are looked up by (org, year, name/title) first; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhenwu.core.actions import ensure
from zhenwu.core.models import OrgUnit

from .models import (
    Area,
    Project,
    ProjectProgress,
    ProjectStatus,
    Task,
    TaskProgress,
    TaskSource,
    TaskStatus,
)

TOWN_CODE = "990102101"
WAN = Decimal(10000)

# (name, planned investment 万元, year plan 万元, end year, status, content, cumulative percent at year end)
PROJECTS_2023 = [
    ("药茂中药材种植加工基地", 1044, 1044, 2023, ProjectStatus.ONGOING,
     "与企业合作成立药茂专业合作社，完成淫羊藿等药材基地600亩、厂房300平方米，购置设备10套。", 85),
    ("中节能98MW光伏项目", 59000, 30000, 2023, ProjectStatus.DONE,
     "装机容量98MW，铺设21.78万块450Wp太阳能组件；新建50MW/100MWh集中式（共享）储能电站。", 100),
    ("泉湖村水上乐园建设项目", 1498, 1498, 2023, ProjectStatus.DONE,
     "新建1000平方米水上乐园，建设农家自助餐饮点400平方米、游客接待中心500平方米、停车场700平方米。", 100),
    ("古城农场水果种植加工基地", 1163, 1163, 2023, ProjectStatus.ONGOING,
     "总建筑面积5000平方米，种植桃子等果树1500余棵，新建加工生产线3条。", 90),
    ("清河镇集镇升级改造工程", 1000, 500, 2024, ProjectStatus.ONGOING,
     "升级改造污水管网，含排水地沟、人行道透水砖铺设、排洪渠、排水涵管、检查井等，对集镇道路进行刷黑。", 45),
    ("花果山农业综合体建设项目", 1100, 1100, 2023, ProjectStatus.ONGOING,
     "种植面积500亩，其中钢架大棚蔬菜300亩、水果200亩；新建办公用房200平方米、冷库40平方米。", 80),
    ("顺水虾稻种养示范基地建设项目", 1500, 800, 2024, ProjectStatus.ONGOING,
     "新建小龙虾养殖基地2000亩、厂房1600平方米、泵站5处，购置配套设备15台（套）。", 40),
    ("金塘村李家湾金丝皇菊基地建设项目", 1700, 1700, 2023, ProjectStatus.ONGOING,
     "新建金丝皇菊基地种植面积1350亩、加工厂房600平方米、储藏库200平方米，设备8台（套）。", 90),
]
# A project of the year that is not on the key list.
OTHER_2023 = [("集镇污水管网延伸工程", 1200, 1200, 2024, ProjectStatus.ONGOING, "铺设集镇污水管网，已铺设2公里。", 35)]

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
            "start": dt.date(year, 3, 1), "end": dt.date(end_year, 12, 31), "status": status,
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
        _project(town, 2024, name, None, None, 2024, ProjectStatus.PLANNED, "", True)

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
