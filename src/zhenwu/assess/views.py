from __future__ import annotations

import mimetypes
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenwu.core import fmt, generic, jobs
from zhenwu.core.actions import form_errors
from zhenwu.core.audit import log_event
from zhenwu.core.excel import check_xlsx
from zhenwu.core.models import AuditLog, Level, OrgUnit
from zhenwu.core.roles import may_see_pii
from zhenwu.core.scope import CHANGE, get_scoped_or_404, user_can
from zhenwu.core.validators import EARLIEST_YEAR, LATEST_YEAR
from zhenwu.core.views import own_job

from . import actions, services
from .filtersets import HouseholdFilterSet, MemberFilterSet, PointFilterSet, RedemptionFilterSet, RuleFilterSet
from .forms import (AppealForm, CampaignForm, CandidateForm, GoodsForm, HouseholdForm, ImportForm, MemberForm,
                    PointForm, RedeemForm, RoundForm, RuleForm, SchemeForm)
from .models import (TOWN_LEVELS, Appeal, Board, Campaign, Candidate, Goods, Household, PartyMember, PointRecord,
                     PointRule, PointState, Redemption, Round, Scheme, SchemeItem, Standing)
from .tables import (CampaignTable, GoodsTable, HouseholdTable, MemberTable, PointTable, RedemptionTable,
                     RuleTable, SchemeTable)


def dashboard_cards(org, user) -> list[dict]:
    pending = PointRecord.objects.visible_to(user, within=org).filter(state=PointState.PENDING).count()
    return [{"label": "待审核积分", "value": pending, "url": f"{reverse('point_list')}?state=pending",
             "alert": pending > 0}] if pending else []


@generic.org_required
def home(request):
    org, user = request.org, request.user
    latest = PointRecord.objects.visible_to(user, within=org).order_by("-occurred_on").values_list(
        "occurred_on", flat=True).first()
    year = generic.int_param(request, "year", latest.year if latest else timezone.localdate().year, EARLIEST_YEAR,
                             LATEST_YEAR)
    totals = services.points_totals(org, year)
    households = Household.objects.visible_to(user, within=org)
    rounds = Round.objects.visible_to(user, within=org).select_related("scheme")[:6]
    own_standings = Standing.objects.visible_to(user, within=org).filter(
        round__published=True).select_related("round", "org").order_by("-round__held_on")[:6]
    return render(request, "assess/home.html", {
        "title": "考评积分", "year": year, "totals": totals, "households": households.count(),
        "top": services.household_ranking(households.select_related("org"))[:10],
        "pending": PointRecord.objects.visible_to(user, within=org).filter(state=PointState.PENDING).count(),
        "rounds": rounds, "standings": own_standings,
        "can_record": OrgUnit.objects.editable_by(user, within=org).exists(),
    })


# -- households and party members --------------------------------------------------------------------------------

class HouseholdListView(generic.ObjectListView):
    model = Household
    filterset_class = HouseholdFilterSet
    table_class = HouseholdTable
    template_name = "assess/household_list.html"
    export_name = "农户积分"

    def get_queryset(self):
        return super().get_queryset().select_related("org").order_by(
            *(["-balance", "id"] if self.request.GET.get("rank") else ["org__code", "id"]))


class PersonDetailView(generic.ObjectDetailView):
    template_name = "assess/person_detail.html"

    def get_context_data(self, **kwargs):
        obj, user = self.object, self.request.user
        pii = may_see_pii(user, obj.org)
        reveal = pii and self.request.GET.get("pii") == "1"
        if reveal and (obj.idcard or obj.phone):  # every unmasked view is logged
            log_event(user, AuditLog.VIEW, type(obj), obj.pk, f"查看{obj}的身份证号、联系电话"[:200], obj.org.code)
        return super().get_context_data(
            pii=pii, reveal=reveal, records=PointTable(obj.records.select_related("rule", "org")[:100],
                                                      request=self.request, orderable=False),
            redemptions=obj.redemptions.select_related("goods")[:50],
            can_change=user_can(user, CHANGE, obj.org), **kwargs)


class HouseholdDetailView(PersonDetailView):
    model = Household


class PersonEditView(generic.ObjectEditView):
    template_name = "web/object_form.html"
    save_action = staticmethod(actions.save_person)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "org": self.request.org}


class HouseholdEditView(PersonEditView):
    model = Household
    form_class = HouseholdForm


class MemberListView(generic.ObjectListView):
    model = PartyMember
    filterset_class = MemberFilterSet
    table_class = MemberTable
    template_name = "assess/member_list.html"
    export_name = "党员积分"

    def get_queryset(self):
        return super().get_queryset().select_related("org").order_by("-balance", "id")


class MemberDetailView(PersonDetailView):
    model = PartyMember


class MemberEditView(PersonEditView):
    model = PartyMember
    form_class = MemberForm


def _create(request, form_class, model, title, save=actions.save_person):
    form = form_class(request.POST or None, instance=model(), user=request.user, org=request.org)
    if not form.fields["org"].queryset.exists():
        raise PermissionDenied("您的角色无权在当前单位登记")
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(request.user, form.instance)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已保存：{obj}")
            return redirect(obj)
    return render(request, "web/object_form.html", {"form": form, "title": title})


@generic.org_required
def household_new(request):
    return _create(request, HouseholdForm, Household, "登记农户")


@generic.org_required
def member_new(request):
    return _create(request, MemberForm, PartyMember, "登记党员")


def _import(request, kind: str):
    """The Excel import page of households or party members: the file is checked (size, unpacked size, XML
    declarations) and handed to a background job (`jobs._import`) whose progress the page shows."""
    from .excel import SHEETS

    sheet = SHEETS[kind]
    units = sheet.units(OrgUnit.objects.editable_by(request.user, within=request.org))
    if not units.exists():
        raise PermissionDenied(f"您的角色无权在当前单位登记{sheet.title}")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, job, here = [], None, reverse(sheet.page)
    if request.GET.get("job", "").isdigit():
        job = own_job(request, int(request.GET["job"]))
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            check_xlsx(content)
        except ValidationError as exc:
            errors = exc.messages
        else:
            job, _ = jobs.submit(request.user, f"assess.import_{sheet.kind}",
                                 f"导入{sheet.title}：{form.cleaned_data['file'].name}"[:120], org=request.org,
                                 content=content, key=request.POST.get("once", ""))
            if not job.finished:
                return redirect(f"{here}?job={job.pk}")
            if job.status == job.DONE:
                messages.success(request, job.message)
                return redirect(job.result_url)
            errors, job = job.errors, None
    return render(request, "assess/import.html", {"form": form, "errors": errors, "job": job, "sheet": sheet,
                                                  "template_url": reverse(sheet.page.replace("_import", "_template")),
                                                  "once": uuid.uuid4().hex, "title": f"导入{sheet.title}"})


def _template(request, kind: str):
    from zhenwu.core.excel import download

    from .excel import SHEETS, template

    sheet = SHEETS[kind]
    return download(template(OrgUnit.objects.editable_by(request.user, within=request.org), sheet),
                    f"{sheet.title}导入模板.xlsx")


@generic.org_required
def household_import(request):
    return _import(request, "households")


@generic.org_required
def household_template(request):
    return _template(request, "households")


@generic.org_required
def member_import(request):
    return _import(request, "members")


@generic.org_required
def member_template(request):
    return _template(request, "members")


# -- rules, records, review ----------------------------------------------------------------------------------------

class RuleListView(generic.ObjectListView):
    model = PointRule
    filterset_class = RuleFilterSet
    table_class = RuleTable
    template_name = "assess/rule_list.html"
    export_name = "积分规则"

    def get_queryset(self):
        # every unit reads the rule book of its town
        org = self.request.org
        return PointRule.objects.visible_to(self.request.user).filter(
            org__code__in=[org.code[:9], org.code]).select_related("org") | super().get_queryset().select_related(
            "org")


class RuleEditView(generic.ObjectEditView):
    model = PointRule
    form_class = RuleForm
    template_name = "web/object_form.html"
    save_action = staticmethod(actions.save_rule)


@generic.org_required
def rule_new(request):
    town = request.org if request.org.level in TOWN_LEVELS else None
    if town is None or not user_can(request.user, CHANGE, town):
        raise PermissionDenied("积分规则由乡镇（街道）制定：请切换到乡镇")
    form = RuleForm(request.POST or None, instance=PointRule(org=town))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_rule(request.user, form.instance)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "已保存积分规则")
            return redirect("rule_list")
    return render(request, "web/object_form.html", {"form": form, "title": "新增积分规则"})


class PointListView(generic.ObjectListView):
    model = PointRecord
    filterset_class = PointFilterSet
    table_class = PointTable
    template_name = "assess/point_list.html"
    export_name = "积分记录"

    def get_queryset(self):
        return super().get_queryset().select_related("org", "rule", "household", "member")


class PointDetailView(generic.ObjectDetailView):
    model = PointRecord
    template_name = "assess/point_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_review=self.object.state == PointState.PENDING and actions.may_review(self.request.user,
                                                                                        self.object.org), **kwargs)


@generic.org_required
def point_new(request):
    member = request.GET.get("for") == "member" or request.POST.get("for") == "member"
    form = PointForm(request.POST or None, request.FILES or None, user=request.user, org=request.org, member=member)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            record = actions.record_points(
                request.user, rule=d["rule"], occurred_on=d["occurred_on"], note=d["note"], photo=d["photo"] or None,
                **({"member": d["subject"]} if member else {"household": d["subject"]}))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已登记，待村（社区）审核：{record}")
            return redirect(record)
    elif request.method != "POST":
        form.initial["occurred_on"] = timezone.localdate()
    return render(request, "assess/point_form.html", {"form": form, "member": member,
                                                      "title": "登记党员积分" if member else "登记积分"})


@require_POST
@generic.org_required
def point_review(request, pk):
    record = get_scoped_or_404(PointRecord.objects.select_related("org", "rule"), request.user, CHANGE, pk=pk)
    try:
        actions.review_points(request.user, record, request.POST.get("decision") == "approve",
                              request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已{record.get_state_display()}：{record}")
    return redirect(generic.safe_next(request, record.get_absolute_url()))


@generic.org_required
def point_photo(request, pk):
    record = get_scoped_or_404(PointRecord.objects.all(), request.user, pk=pk)
    if not record.photo or not default_storage.exists(record.photo):
        raise Http404("照片不存在")
    return FileResponse(default_storage.open(record.photo, "rb"),
                        content_type=mimetypes.guess_type(record.photo)[0] or "application/octet-stream")


# -- the points shop ---------------------------------------------------------------------------------------------

class GoodsListView(generic.ObjectListView):
    model = Goods
    filterset_fields = []
    table_class = GoodsTable
    template_name = "assess/goods_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("org")


class GoodsEditView(generic.ObjectEditView):
    model = Goods
    form_class = GoodsForm
    template_name = "web/object_form.html"
    save_action = staticmethod(actions.save_goods)


@generic.org_required
def goods_new(request):
    if not user_can(request.user, CHANGE, request.org):
        raise PermissionDenied("您的角色无权在当前单位上架商品")
    form = GoodsForm(request.POST or None, instance=Goods(org=request.org))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_goods(request.user, form.instance)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "已上架")
            return redirect("goods_list")
    return render(request, "web/object_form.html", {"form": form, "title": f"{request.org.name}积分超市：上架商品"})


class RedemptionListView(generic.ObjectListView):
    model = Redemption
    filterset_class = RedemptionFilterSet
    table_class = RedemptionTable
    template_name = "assess/redemption_list.html"
    export_name = "积分兑换"

    def get_queryset(self):
        return super().get_queryset().select_related("org", "goods", "household", "member")


@generic.org_required
def redeem(request):
    form = RedeemForm(request.POST or None, user=request.user, org=request.org)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            r = actions.redeem(request.user, goods=d["goods"], quantity=d["quantity"], household=d["subject"])
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已兑换：{r}，扣除 {r.points} 分")
            return redirect("redemption_list")
    return render(request, "web/object_form.html", {"form": form, "title": "积分兑换"})


# -- evaluations ---------------------------------------------------------------------------------------------------

class SchemeListView(generic.ObjectListView):
    model = Scheme
    filterset_fields = []
    table_class = SchemeTable
    template_name = "assess/scheme_list.html"

    def get_queryset(self):
        # a village sees the schemes it is rated by (its town's) as well as its own subtree's
        return Scheme.objects.readable_to(self.request.user, within=self.request.org).select_related("org")


def _readable_or_404(model, request, pk):
    """A scheme or round read by the organiser's side, or by a unit it rates (`RatedQuerySet.readable_to`)."""
    try:
        obj = model.objects.readable_to(request.user).select_related("org").filter(pk=pk).first()
    except (ValueError, OverflowError):  # a number too big for the database: no such record
        obj = None
    if obj is None:
        raise Http404("记录不存在，或不在您的管辖范围内")
    return obj


@generic.org_required
def scheme_new(request):
    """A town rates its villages, the county its towns: the scheme belongs to the current unit."""
    from django.db import transaction

    org = request.org
    if org.level not in ("county", *TOWN_LEVELS) or not user_can(request.user, CHANGE, org):
        raise PermissionDenied("考评方案由县或乡镇（街道）制定：请切换到县或乡镇")
    form = SchemeForm(request.POST or None, instance=Scheme(org=org))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                scheme = actions.save_scheme(request.user, form.instance)
                for order, item in enumerate(form.cleaned_data["items"]):
                    actions.save_item(request.user, SchemeItem(scheme=scheme, order=order, **item))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已保存考评方案：{scheme}")
            return redirect(scheme)
    return render(request, "web/object_form.html", {"form": form, "title": "新建考评方案"})


@generic.org_required
def round_new(request, pk):
    scheme = get_scoped_or_404(Scheme.objects.select_related("org"), request.user, CHANGE, pk=pk)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = actions.save_round(request.user, Round(scheme=scheme, **form.cleaned_data))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已新建：{rnd}")
            return redirect(rnd)
    return render(request, "web/object_form.html", {"form": form, "title": f"{scheme.name}：新一轮考评"})


@generic.org_required
def scheme_detail(request, pk):
    scheme = _readable_or_404(Scheme, request, pk)
    from zhenwu.core.generic import history_url

    # the rated units read the scheme, not its history or its units' results (the organiser's side does)
    organiser_side = Scheme.objects.visible_to(request.user).filter(pk=scheme.pk).exists()
    return render(request, "assess/scheme_detail.html", {
        "object": scheme, "title": scheme.name, "items": scheme.items.all(),
        "rounds": scheme.rounds.all(), "history_url": history_url(scheme) if organiser_side else "",
        "organiser_side": organiser_side, "can_change": user_can(request.user, CHANGE, scheme.org)})


def _round(request, pk) -> Round:
    return _readable_or_404(Round, request, pk)


@generic.org_required
def scheme_carry(request, pk):
    """计入年终考核: the preview of every rated unit's result for a year beside the year-end score it replaces;
    the organiser confirms it (POST). Read by the organiser's side only (the results of all the units)."""
    scheme = get_scoped_or_404(Scheme.objects.select_related("org"), request.user, pk=pk)
    years = sorted(set(scheme.rounds.values_list("held_on__year", flat=True)), reverse=True)
    default = request.period.year if request.period.year in years else (years[0] if years else request.period.year)
    year = generic.int_param(request, "year", default, EARLIEST_YEAR, LATEST_YEAR)
    can_carry = user_can(request.user, CHANGE, scheme.org)
    if request.method == "POST":
        if not can_carry:
            raise PermissionDenied(actions.CARRY_DENIED)
        try:
            written = actions.carry_year(request.user, scheme, year)
        except ValidationError as exc:
            messages.error(request, "未计入：" + "；".join(exc.messages))
        else:
            messages.success(request, f"已将 {len(written)} 个单位的{year}年考评结果计入年终考核" if written
                             else f"{year}年考评结果此前已计入年终考核，本次无变化")
        return redirect(f"{reverse('scheme_carry', args=[scheme.pk])}?year={year}")
    carry = services.year_carry(scheme, year)
    return render(request, "assess/carry.html", {
        "object": scheme, "title": f"{scheme.name}：计入年终考核", "carry": carry, "year": year,
        "years": years, "can_carry": can_carry,
        "pending": any(r.change in ("新增", "更新") for r in carry.rows)})


@generic.org_required
def round_detail(request, pk):
    rnd = _round(request, pk)
    user = request.user
    organiser = user_can(user, CHANGE, rnd.org)
    rows = services.ranking(rnd)
    items = list(rnd.scheme.items.all())
    for r in rows:
        r.cells = [r.scores.get(i.pk) for i in items]
    standings = {s.org_id: s for s in rnd.standings.all()}
    mine = [s for s in standings.values() if s.board == Board.BLACK and user_can(user, CHANGE, s.org)
            and not organiser]
    appeals = Appeal.objects.filter(standing__round=rnd).select_related("standing", "org")
    if not organiser:
        appeals = appeals.filter(pk__in=Appeal.objects.visible_to(user).values("pk"))
    return render(request, "assess/round_detail.html", {
        "object": rnd, "title": rnd.title, "rows": rows, "items": items, "organiser": organiser,
        "mine": mine, "appeals": appeals, "appeal_form": AppealForm(), "today": timezone.localdate(),
    })


@require_POST
@generic.org_required
def round_scores(request, pk):
    """Every score typed into the round's grid, all or none."""
    from django.db import transaction

    rnd = _round(request, pk)
    if not user_can(request.user, CHANGE, rnd.org):
        raise PermissionDenied("只有组织考评的单位可以评分")
    units = {u.pk: u for u in rnd.scheme.rated_units()}
    items = {i.pk: i for i in rnd.scheme.items.all()}
    errors, n = [], 0
    try:
        with transaction.atomic():
            for key, value in request.POST.items():
                if not key.startswith("s_") or not str(value).strip():
                    continue
                try:
                    unit_pk, item_pk = (int(x) for x in key[2:].split("_"))
                    unit, item = units[unit_pk], items[item_pk]
                except (ValueError, KeyError):
                    errors.append("评分表已过期，请刷新页面后重试")
                    continue
                try:
                    actions.set_score(request.user, rnd, unit, item, value, request.POST.get(f"e_{unit_pk}_{item_pk}", ""))
                    n += 1
                except ValidationError as exc:
                    errors += [f"{unit.name}：{m}" for m in exc.messages]
            if errors:
                raise ValidationError(errors)
    except ValidationError:
        messages.error(request, "未保存：" + "；".join(errors[:10]))
    else:
        messages.success(request, f"已保存 {n} 项评分")
    return redirect(rnd)


@require_POST
@generic.org_required
def round_fill(request, pk):
    rnd = _round(request, pk)
    try:
        n = actions.fill_from_records(request.user, rnd)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已从台账、指标取数 {n} 项")
    return redirect(rnd)


@require_POST
@generic.org_required
def round_publish(request, pk):
    rnd = _round(request, pk)
    try:
        made = actions.publish(request.user, rnd)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        black = sum(1 for s in made if s.board == Board.BLACK)
        messages.success(request, f"已公布红黑榜；{black} 个单位列入黑榜，已下达督办整改任务")
    return redirect(rnd)


@generic.org_required
def round_board(request, pk):
    """The printable 红黑榜, and the 通报 as a Word file (?format=docx)."""
    rnd = _round(request, pk)
    rows = services.ranking(rnd)
    red = [r for r in rows if r.board == Board.RED]
    black = [r for r in rows if r.board == Board.BLACK]
    if request.GET.get("format") == "docx":
        from .document import bulletin_docx

        response = HttpResponse(bulletin_docx(rnd, red, black),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(rnd.title + '红黑榜通报.docx')}"
        return response
    return render(request, "assess/board.html", {"object": rnd, "red": red, "black": black, "rows": rows,
                                                 "title": f"{rnd.title}红黑榜"})


@require_POST
@generic.org_required
def appeal_new(request, pk):
    standing = get_scoped_or_404(Standing.objects.select_related("round", "org"), request.user, CHANGE, pk=pk)
    form = AppealForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("申诉理由：必须填写，且不超过 500 字")
        actions.file_appeal(request.user, standing, form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已提交申诉，等待组织单位答复")
    return redirect(standing.round)


@require_POST
@generic.org_required
def appeal_decide(request, pk):
    appeal = Appeal.objects.select_related("standing__round__org", "standing__task").filter(pk=pk).first()
    if appeal is None:
        raise Http404("记录不存在")
    rnd = _readable_or_404(Round, request, appeal.standing.round_id)
    try:
        actions.decide_appeal(request.user, appeal, request.POST.get("decision") == "accept",
                              request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"申诉{appeal.get_state_display()}")
    return redirect(rnd)


# -- the county's view -------------------------------------------------------------------------------------------

@generic.org_required
def county_view(request):
    county = request.org
    while county.parent_id and county.level != Level.COUNTY:
        county = county.parent
    from zhenwu.core.periods import Period, PeriodError

    choices = services.economy_indicators()
    indicator = request.GET.get("indicator") or ""
    if indicator not in dict(choices):
        indicator = ""
    try:
        period = Period.parse(request.GET.get("period") or str(timezone.localdate().year - 1)).code
    except PeriodError as exc:
        messages.error(request, str(exc))
        period = str(timezone.localdate().year - 1)
    rows = services.county_board(county, period, [indicator] if indicator else None)
    for r in rows:
        r.growth_text = fmt.growth(r.growth) if r.growth is not None else fmt.EMPTY
        r.completion_text = fmt.percent(r.completion) if r.completion is not None else fmt.EMPTY
    return render(request, "assess/county.html", {
        "title": "经济运行红黑榜", "county": county, "rows": rows, "indicator": indicator, "period": period,
        "choices": choices,
        "scores": services.town_scores(county)})


# -- campaigns ---------------------------------------------------------------------------------------------------

class CampaignListView(generic.ObjectListView):
    model = Campaign
    filterset_fields = []
    table_class = CampaignTable
    template_name = "assess/campaign_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("org")


class CampaignDetailView(generic.ObjectDetailView):
    model = Campaign
    template_name = "assess/campaign_detail.html"

    def get_context_data(self, **kwargs):
        candidates = self.object.candidates.select_related("org", "household").order_by("-total", "org__code")
        names = [c["name"] for c in self.object.criteria]
        for c in candidates:
            c.cells = [c.scores.get(n) for n in names]
        return super().get_context_data(candidates=candidates, names=names,
                                        can_change=user_can(self.request.user, CHANGE, self.object.org), **kwargs)


@generic.org_required
def campaign_new(request):
    org = request.org
    if not user_can(request.user, CHANGE, org):
        raise PermissionDenied("您的角色无权在当前单位组织评选")
    form = CampaignForm(request.POST or None, instance=Campaign(org=org))
    if request.method == "POST" and form.is_valid():
        form.instance.criteria = form.cleaned_data["criteria_text"]
        try:
            c = actions.save_campaign(request.user, form.instance)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已保存：{c}")
            return redirect(c)
    return render(request, "web/object_form.html", {"form": form, "title": "新建示范创建/先进评选"})


@generic.org_required
def candidate_new(request, pk):
    campaign = get_scoped_or_404(Campaign.objects.select_related("org"), request.user, CHANGE, pk=pk)
    form = CandidateForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        scores = {c["name"]: d[f"c_{c['name']}"] for c in campaign.criteria}
        try:
            actions.save_candidate(request.user, Candidate(campaign=campaign, org=d["org"], note=d["note"],
                                                           scores=scores))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "已录入候选对象")
            return redirect(campaign)
    return render(request, "web/object_form.html", {"form": form, "title": f"{campaign}：录入候选对象"})


@require_POST
@generic.org_required
def campaign_close(request, pk):
    campaign = get_scoped_or_404(Campaign.objects.select_related("org"), request.user, CHANGE, pk=pk)
    named = actions.close_campaign(request.user, campaign)
    messages.success(request, f"评选结束：命名 {named} 个")
    return redirect(campaign)
