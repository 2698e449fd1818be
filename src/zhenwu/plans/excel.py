"""The year plan from the clerk's spreadsheet: one template (projects and tasks on one sheet), every bad line
named, everything saved or nothing, run as a background job (`plans.import`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from openpyxl import Workbook

from zhenwu.core import generic, jobs
from zhenwu.core.excel import capped, check_xlsx, download, open_xlsx, rows
from zhenwu.core.models import OrgUnit

from .forms import parse_goals
from .models import Area, Project, ProjectStage, Task, TaskSource

MAX_ROWS = 2000
WAN = Decimal(10000)
HEADER = ["类型", "年度", "名称", "类别", "领域", "计划总投资（万元）", "年度计划投资（万元）", "阶段", "合作企业",
          "开始日期", "完成时限", "责任单位", "目标要求/建设内容", "年度目标", "上级任务"]
HELP = [
    "项目 或 任务", "如 2024", "项目名称或任务", "任务：目标任务/书记项目/民生实事/上级交办；项目：重点/一般", "党建、经济发展、项目建设……",
    "数字", "数字", "谋划/在谈/签约/在建/投产/竣工/暂停/终止", "", "2024-03-01", "2024-12-31", "本单位或下级单位名称，多个用、分隔",
    "", "每项：数量 单位 内容，多项用；分隔", "分解任务填上级任务名称（须在本表或系统中）",
]
AREAS = {label: code for code, label in Area.choices}
SOURCES = {label: code for code, label in TaskSource.choices}
STAGES = {label: code for code, label in ProjectStage.choices}


def template(request):
    wb = Workbook()
    ws = wb.active
    ws.title = "年度计划"
    ws.append(HEADER)
    ws.append(HELP)
    ws.append(["项目", 2024, "示例：淫羊藿种植基地", "重点", "项目建设", 1044, 1044, "在建", "某某药业公司", "2024-03-01",
               "2024-12-31", "", "", "600 亩 淫羊藿基地；300 平方米 厂房", ""])
    ws.append(["任务", 2024, "示例：改善人居环境", "目标任务", "乡村振兴", "", "", "", "", "", "2024-12-31", "", "全面落实河库长责任制",
               "", ""])
    for col, width in zip("ABCDEFGHIJKLMNO", (6, 6, 30, 10, 10, 10, 10, 8, 16, 11, 11, 16, 30, 30, 20)):
        ws.column_dimensions[col].width = width
    return download(wb, "年度计划导入模板.xlsx")


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def _money(v, label, problems):
    if v in (None, ""):
        return None
    try:
        value = Decimal(str(v).replace(",", "")) * WAN
    except InvalidOperation:
        problems.append(f"{label}“{v}”不是数字")
        return None
    return value


def _date(v, label, problems):
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v).strip().replace("/", "-"))
    except ValueError:
        problems.append(f"{label}“{v}”应写作 2024-03-01")
        return None


def read_plan(org, content) -> list[tuple[int, dict]]:
    """The sheet's data rows as (line, fields) with the problems found while reading each."""
    ws = open_xlsx(content).worksheets[0]
    units = {u.name: u for u in OrgUnit.objects.within(org)}
    out = []
    for line, values in enumerate(rows(ws, MAX_ROWS, first_row=3), start=1):
        if line <= 2:
            if line == 1 and [_text(v) for v in values[:3]] != HEADER[:3]:
                raise ValidationError("表头与模板不一致：请下载年度计划导入模板填写")
            continue
        values = list(values) + [None] * (len(HEADER) - len(values))
        cell = dict(zip(HEADER, values))
        if not any(_text(v) for v in values):
            continue
        problems: list[str] = []
        kind = _text(cell["类型"])
        if kind not in ("项目", "任务"):
            problems.append(f"类型应为“项目”或“任务”（现为“{kind}”）")
        try:
            year = int(cell["年度"])
        except (TypeError, ValueError):
            problems.append(f"年度“{_text(cell['年度'])}”应为年份数字")
            year = None
        area = _text(cell["领域"])
        if area and area not in AREAS:
            problems.append(f"领域“{area}”不在“{'、'.join(AREAS)}”之中")
        row = {"kind": kind, "year": year, "name": _text(cell["名称"]), "area": AREAS.get(area), "problems": problems,
               "start": _date(cell["开始日期"], "开始日期", problems), "end": _date(cell["完成时限"], "完成时限", problems),
               "content": _text(cell["目标要求/建设内容"]), "parent": _text(cell["上级任务"]), "units": []}
        for name in [n for n in _text(cell["责任单位"]).replace(",", "、").split("、") if n.strip()]:
            if name.strip() not in units:
                problems.append(f"责任单位“{name.strip()}”不是{org.name}或其下级单位")
            else:
                row["units"].append(units[name.strip()])
        category = _text(cell["类别"])
        if kind == "任务":
            if category and category not in SOURCES:
                problems.append(f"类别“{category}”应为{'、'.join(SOURCES)}之一")
            row["source"] = SOURCES.get(category, TaskSource.TARGET)
        elif kind == "项目":
            row["key"] = category != "一般"
            row["planned"] = _money(cell["计划总投资（万元）"], "计划总投资", problems)
            row["year_plan"] = _money(cell["年度计划投资（万元）"], "年度计划投资", problems)
            stage = _text(cell["阶段"])
            if stage and stage not in STAGES:
                problems.append(f"阶段“{stage}”应为{'、'.join(STAGES)}之一")
            row["stage"] = STAGES.get(stage, ProjectStage.IDEA)
            row["partner"] = _text(cell["合作企业"])
            try:
                row["goals"] = parse_goals("\n".join(_text(cell["年度目标"]).replace(";", "；").split("；")))
            except ValidationError as exc:
                problems += exc.messages
                row["goals"] = []
        out.append((line, row))
    return out


def build(org, parsed: list[tuple[int, dict]]):
    """(line, record, extra) per row, unsaved: a Project with its goal lines or a Task with its units."""
    for line, row in parsed:
        if row["kind"] == "项目":
            yield line, row, Project(
                org=org, year=row["year"], name=row["name"], category=row["area"] or Area.PROJECTS, key=row["key"],
                planned_investment=row["planned"], year_plan=row["year_plan"], stage=row["stage"],
                partner=row["partner"], start=row["start"], end=row["end"], content=row["content"],
                unit=row["units"][0] if row["units"] else None)
        else:
            yield line, row, Task(org=org, year=row["year"], title=row["name"], area=row["area"] or Area.ECONOMY,
                                  source=row["source"], deadline=row["end"], target=row["content"], order=line)


class ImportForm(forms.Form):
    file = forms.FileField(label="年度计划表（.xlsx）")


@generic.org_required
def import_plan(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    job = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            check_xlsx(content)
        except ValidationError as exc:
            return render(request, "plans/import.html", {"form": form, "errors": exc.messages}, status=400)
        job, _ = jobs.submit(request.user, "plans.import", f"导入年度计划：{form.cleaned_data['file'].name}"[:120],
                             org=request.org, content=content,
                             key=request.POST.get("once") or jobs.file_key(content))
        if job.status == job.DONE:
            messages.success(request, job.message)
            return redirect(job.result_url or reverse("plans_home"))
        if job.status == job.FAILED:
            return render(request, "plans/import.html", {"form": ImportForm(), "errors": capped(job.errors)},
                          status=400)
        return redirect(job.get_absolute_url())
    return render(request, "plans/import.html", {"form": form})


def import_job(job, progress) -> dict:
    from . import actions

    progress(10, "正在读取")
    parsed = read_plan(job.org, jobs.read_input(job))
    progress(40, f"正在校验 {len(parsed):,} 行")
    projects, tasks = actions.import_plan(job.user, job.org, parsed)
    return {"message": f"导入成功：项目 {projects} 个，任务 {tasks} 项", "url": reverse("plans_home")}
