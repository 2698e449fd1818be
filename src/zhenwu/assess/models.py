"""Points and rankings (考评积分): households and party members with their points (积分制) and the points shop
(积分超市); evaluations of units (月末小检查、季末大评比) with red and black lists (红黑榜) and appeals; and
campaigns (示范创建、先进评选)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from zhenwu.core.models import Level, OrgScopedModel
from zhenwu.core.pii import IDCARD, PHONE, Sealed, SealedJSONField, mask, seal
from zhenwu.core.scope import ScopedQuerySet, scope_codes, user_can
from zhenwu.core.validators import not_in_future, plausible_date, plausible_year

HOME_LEVELS = (Level.VILLAGE, Level.COMMUNITY, Level.GRID)
TOWN_LEVELS = (Level.TOWN, Level.STREET)


def village_of(org):
    """The village or community a unit belongs to (a grid's parent)."""
    return org.parent if org.level == Level.GRID else org


class PersonalMixin:
    """身份证号 and phone kept in `personal` (a SealedJSONField: encrypted at rest, logged as tokens)."""

    def _personal(self, key):
        return (self.personal or {}).get(key) or ""

    def _set_personal(self, key, ftype, value):
        data = dict(self.personal or {})
        value = (value or "").strip() if isinstance(value, str) and not isinstance(value, Sealed) else value
        if value:
            data[key] = seal(ftype, value)
        else:
            data.pop(key, None)
        self.personal = data

    @property
    def idcard(self):
        return self._personal(IDCARD)

    @idcard.setter
    def idcard(self, value):
        self._set_personal(IDCARD, IDCARD, value)

    @property
    def phone(self):
        return self._personal(PHONE)

    @phone.setter
    def phone(self, value):
        self._set_personal(PHONE, PHONE, value)

    @property
    def idcard_masked(self):
        return mask(IDCARD, self.idcard)

    @property
    def phone_masked(self):
        return mask(PHONE, self.phone)

    @classmethod
    def audit_lines(cls, key, before, after, row, cache):
        """The history spells `personal` out as 身份证号 and 联系电话 (already masked)."""
        if key != "personal":
            return None
        before, after = before or {}, after or {}
        return [(label, before.get(k, ""), after.get(k, ""), k) for k, label in ((IDCARD, "身份证号"), (PHONE, "联系电话"))
                if before.get(k) != after.get(k)]

    def before_write(self) -> None:
        for key in (IDCARD, PHONE):
            if (self.personal or {}).get(key):
                self.personal[key] = seal(key, self.personal[key])


class Household(PersonalMixin, OrgScopedModel):
    """A household (户) of a village or one of its grids: the subject of 户积分."""

    head = models.CharField("户主", max_length=32)
    members = models.PositiveSmallIntegerField("家庭人口", default=1)
    member_names = models.CharField("家庭成员", max_length=200, blank=True)
    address = models.CharField("住址", max_length=120, blank=True)
    personal = SealedJSONField("个人信息", default=dict, blank=True)
    balance = models.IntegerField("积分余额", default=0, editable=False)
    note = models.CharField("备注", max_length=200, blank=True)

    audit_exclude = ("balance",)

    class Meta:
        ordering = ["org__code", "id"]
        verbose_name = "农户"
        verbose_name_plural = "农户"

    def __str__(self) -> str:
        return f"{self.head}户"

    def get_absolute_url(self) -> str:
        return reverse("household_detail", args=[self.pk])

    def clean(self) -> None:
        if self.org_id and self.org.level not in HOME_LEVELS:
            raise ValidationError({"org": "农户应属于村（社区）或网格"})
        if self.members is not None and not 1 <= self.members <= 30:
            raise ValidationError({"members": "家庭人口应在 1–30 之间"})


class PartyMember(PersonalMixin, OrgScopedModel):
    """A party member of a branch (the unit whose branch it is): the subject of 党员积分."""

    name = models.CharField("姓名", max_length=32)
    post = models.CharField("类别", max_length=32, blank=True, help_text="如 在职党员、农村党员、两新组织党员")
    personal = SealedJSONField("个人信息", default=dict, blank=True)
    balance = models.IntegerField("积分余额", default=0, editable=False)
    note = models.CharField("备注", max_length=200, blank=True)

    audit_exclude = ("balance",)

    class Meta:
        ordering = ["org__code", "id"]
        verbose_name = "党员"
        verbose_name_plural = "党员"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("member_detail", args=[self.pk])


class Category(models.TextChoices):
    ENVIRONMENT = "environment", "环境整治"
    TEN_HOUSEHOLDS = "ten_households", "十户共治"
    VOLUNTEER = "volunteer", "志愿服务"
    CUSTOMS = "customs", "移风易俗"
    PARTY = "party", "党员先锋"
    PENALTY = "penalty", "违规扣分"


class Subject(models.TextChoices):
    HOUSEHOLD = "household", "农户"
    MEMBER = "member", "党员"


class PointRule(OrgScopedModel):
    """One line of a town's rule book: what earns (or costs) how many points."""

    category = models.CharField("类别", max_length=16, choices=Category.choices)
    name = models.CharField("名称", max_length=80)
    subject = models.CharField("适用对象", max_length=12, choices=Subject.choices, default=Subject.HOUSEHOLD)
    points = models.SmallIntegerField("分值", help_text="加分为正，扣分为负")
    evidence_required = models.BooleanField("须附照片", default=True)
    monthly_cap = models.PositiveSmallIntegerField("每月上限（分）", null=True, blank=True,
                                                   help_text="同一户（人）每月按此条累计的分数上限，空为不限")
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["org__code", "category", "id"]
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"

    def __str__(self) -> str:
        return f"{self.get_category_display()}·{self.name}（{self.points:+d}分）"

    def get_absolute_url(self) -> str:
        return reverse("rule_list")

    def clean(self) -> None:
        if self.org_id and self.org.level not in TOWN_LEVELS:
            raise ValidationError({"org": "积分规则由乡镇（街道）制定"})
        if self.points is not None:
            if self.points == 0 or abs(self.points) > 100:
                raise ValidationError({"points": "分值应在 -100–100 之间且不为 0"})
            if (self.category == Category.PENALTY) != (self.points < 0):
                raise ValidationError({"points": "违规扣分为负分，其他类别为正分"})
        if self.monthly_cap is not None and self.points and self.monthly_cap < abs(self.points):
            raise ValidationError({"monthly_cap": "每月上限不能小于一次的分值"})


class PointState(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"


class PointRecord(OrgScopedModel):
    """Points given to a household or a party member under a rule; counted once the village approves them."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="records", verbose_name="农户")
    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="records", verbose_name="党员")
    rule = models.ForeignKey(PointRule, on_delete=models.PROTECT, related_name="records", verbose_name="积分规则")
    points = models.SmallIntegerField("分值")
    occurred_on = models.DateField("日期", validators=[not_in_future])
    note = models.CharField("事由", max_length=200, blank=True)
    photo = models.CharField("照片", max_length=200, blank=True)
    state = models.CharField("状态", max_length=10, choices=PointState.choices, default=PointState.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["state", "occurred_on"])]
        verbose_name = "积分记录"
        verbose_name_plural = "积分记录"

    def __str__(self) -> str:
        return f"{self.subject} {self.rule.name} {self.points:+d}分"

    @property
    def subject(self):
        return self.household or self.member

    def get_absolute_url(self) -> str:
        return reverse("point_detail", args=[self.pk])

    def clean(self) -> None:
        if bool(self.household_id) == bool(self.member_id):
            raise ValidationError("积分记录应对应一户农户或一名党员")


class Goods(OrgScopedModel):
    """An item of a 积分超市 (a village's or a town's), priced in points."""

    name = models.CharField("名称", max_length=60)
    price = models.PositiveSmallIntegerField("兑换积分")
    stock = models.PositiveIntegerField("库存", default=0)
    active = models.BooleanField("上架", default=True)

    class Meta:
        ordering = ["org__code", "price", "id"]
        verbose_name = "积分超市商品"
        verbose_name_plural = "积分超市商品"

    def __str__(self) -> str:
        return f"{self.name}（{self.price}分）"

    def get_absolute_url(self) -> str:
        return reverse("goods_list")

    def clean(self) -> None:
        if self.price is not None and not 1 <= self.price <= 10000:
            raise ValidationError({"price": "兑换积分应在 1–10000 之间"})


class Redemption(OrgScopedModel):
    """Goods taken from the 积分超市 for points; belongs to the household's (member's) unit."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="redemptions", verbose_name="农户")
    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="redemptions", verbose_name="党员")
    goods = models.ForeignKey(Goods, on_delete=models.PROTECT, related_name="redemptions", verbose_name="商品")
    quantity = models.PositiveSmallIntegerField("数量", default=1)
    points = models.PositiveIntegerField("消耗积分")
    redeemed_on = models.DateField("兑换日期", validators=[not_in_future])
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="经办人")

    class Meta:
        ordering = ["-redeemed_on", "-id"]
        verbose_name = "积分兑换"
        verbose_name_plural = "积分兑换"

    def __str__(self) -> str:
        return f"{self.household or self.member} 兑换 {self.goods.name}×{self.quantity}"

    def get_absolute_url(self) -> str:
        return reverse("redemption_list")

    def clean(self) -> None:
        if bool(self.household_id) == bool(self.member_id):
            raise ValidationError("兑换应对应一户农户或一名党员")
        if self.quantity is not None and not 1 <= self.quantity <= 100:
            raise ValidationError({"quantity": "数量应在 1–100 之间"})


# -- evaluations ---------------------------------------------------------------------------------------------------

class PeriodType(models.TextChoices):
    MONTH = "month", "月末小检查"
    QUARTER = "quarter", "季末大评比"
    YEAR = "year", "年度考评"


class Source(models.TextChoices):
    MANUAL = "manual", "现场评分"
    HAZARD_RATE = "hazard_rate", "隐患整改率（台账）"
    OVERDUE = "overdue", "逾期台账（台账）"
    INDICATOR = "indicator", "指标完成率（指标）"


class RatedQuerySet(ScopedQuerySet):
    """Schemes and rounds are read by the organiser's side (the subtree rule of `visible_to`) and by the units
    below the organiser, which they rate: the red and black lists are published to them. `rated_reads` narrows
    what those units read (a round only once published). The pages and the scope tests use `readable_to`."""

    def readable_to(self, user, within=None):
        mine = self.visible_to(user, within)
        codes = scope_codes(user)
        if codes is None:
            return mine
        if within is not None:
            codes = [within.code] if user_can(user, "view", within) else [c for c in codes if c.startswith(within.code)]
        above = {c[:n] for c in codes for n in range(1, len(c))}
        return mine | self.filter(org__code__in=above, **self.model.rated_reads)


class Scheme(OrgScopedModel):
    """An evaluation scheme of an organiser (a town rating its villages, the county its towns)."""

    rated_reads: dict = {}
    objects = RatedQuerySet.as_manager()

    name = models.CharField("名称", max_length=80)
    period_type = models.CharField("考评类型", max_length=8, choices=PeriodType.choices, default=PeriodType.MONTH)
    min_items = models.PositiveSmallIntegerField("参与排名的最少评分项", default=3)
    red_n = models.PositiveSmallIntegerField("红榜名额", default=3)
    black_n = models.PositiveSmallIntegerField("黑榜名额", default=2)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["org__code", "id"]
        verbose_name = "考评方案"
        verbose_name_plural = "考评方案"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("scheme_detail", args=[self.pk])

    def clean(self) -> None:
        if self.org_id and self.org.level not in (Level.COUNTY, *TOWN_LEVELS):
            raise ValidationError({"org": "考评方案由县或乡镇（街道）制定"})
        if self.red_n is not None and self.red_n > 20 or self.black_n is not None and self.black_n > 20:
            raise ValidationError({"red_n": "红黑榜名额各不超过 20"})
        if self.min_items is not None and not 1 <= self.min_items <= 50:
            raise ValidationError({"min_items": "最少评分项应在 1–50 之间"})

    def rated_units(self):
        """Villages (communities) of a town, or towns (streets) of the county."""
        from zhenwu.core.models import OrgUnit

        levels = TOWN_LEVELS if self.org.level == Level.COUNTY else (Level.VILLAGE, Level.COMMUNITY)
        return OrgUnit.objects.filter(parent=self.org, level__in=levels).order_by("code")


class SchemeItem(OrgScopedModel):
    """One scored item of a scheme: full marks (its weight), a scoring guide, and where its score comes from."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="items", verbose_name="考评方案")
    name = models.CharField("评分项", max_length=80)
    max_score = models.DecimalField("分值（权重）", max_digits=5, decimal_places=1)
    guide = models.CharField("评分标准", max_length=300, blank=True)
    source = models.CharField("数据来源", max_length=12, choices=Source.choices, default=Source.MANUAL)
    ledger_kind = models.CharField("台账类型代码", max_length=40, blank=True)
    indicator_code = models.CharField("指标代码", max_length=48, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["scheme", "order", "id"]
        verbose_name = "评分项"
        verbose_name_plural = "评分项"

    def __str__(self) -> str:
        return f"{self.name}（{self.max_score}分）"

    def get_absolute_url(self) -> str:
        return self.scheme.get_absolute_url()

    def clean(self) -> None:
        if self.max_score is not None and not Decimal(0) < self.max_score <= Decimal(100):
            raise ValidationError({"max_score": "分值应在 0–100 之间"})
        if self.source == Source.INDICATOR and not self.indicator_code:
            raise ValidationError({"indicator_code": "取自指标的评分项须填写指标代码"})

    def save(self, *args, **kwargs):
        self.org_id = self.scheme.org_id
        super().save(*args, **kwargs)


class Round(OrgScopedModel):
    """One round of a scheme (2024年3月小检查, 2024年第一季度大评比)."""

    rated_reads = {"published": True}
    objects = RatedQuerySet.as_manager()

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="rounds", verbose_name="考评方案")
    title = models.CharField("名称", max_length=80)
    held_on = models.DateField("考评日期", validators=[plausible_date])
    published = models.BooleanField("已公布红黑榜", default=False)
    published_on = models.DateField("公布日期", null=True, blank=True, validators=[plausible_date])
    appeal_deadline = models.DateField("申诉截止", null=True, blank=True, validators=[plausible_date])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "考评轮次"
        verbose_name_plural = "考评轮次"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("round_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.org_id = self.scheme.org_id
        super().save(*args, **kwargs)


class Score(OrgScopedModel):
    """A unit's score on one item of a round; belongs to the unit scored (it sees its own scores)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores", verbose_name="考评轮次")
    item = models.ForeignKey(SchemeItem, on_delete=models.PROTECT, related_name="scores", verbose_name="评分项")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)
    evidence = models.CharField("依据", max_length=300, blank=True)
    photo = models.CharField("照片", max_length=200, blank=True)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="评分人")
    from_records = models.BooleanField("取自业务数据", default=False)

    class Meta:
        ordering = ["round", "org__code", "item__order"]
        constraints = [models.UniqueConstraint(fields=["round", "item", "org"], name="uniq_score_round_item_org")]
        verbose_name = "评分"
        verbose_name_plural = "评分"

    def __str__(self) -> str:
        return f"{self.round} {self.org} {self.item.name}"

    def get_absolute_url(self) -> str:
        return self.round.get_absolute_url()

    def clean(self) -> None:
        if self.score is not None and self.item_id and not Decimal(0) <= self.score <= self.item.max_score:
            from zhenwu.core.fmt import trimmed

            raise ValidationError({"score": f"得分应在 0–{trimmed(self.item.max_score, 1)} 之间（{self.item.name}）"})


class Board(models.TextChoices):
    RED = "red", "红榜"
    BLACK = "black", "黑榜"
    NONE = "", "—"


class Standing(OrgScopedModel):
    """A unit's place in a published round (its red/black list), kept as published."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="standings", verbose_name="考评轮次")
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    total = models.DecimalField("总分", max_digits=6, decimal_places=1, null=True, blank=True)
    items_scored = models.PositiveSmallIntegerField("已评分项", default=0)
    board = models.CharField("榜单", max_length=6, choices=Board.choices, blank=True, default="")
    task = models.ForeignKey("plans.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="整改任务")

    class Meta:
        ordering = ["round", "rank", "org__code"]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="uniq_standing_round_org")]
        verbose_name = "考评排名"
        verbose_name_plural = "考评排名"

    def __str__(self) -> str:
        return f"{self.round} {self.org} 第{self.rank or '—'}名"

    def get_absolute_url(self) -> str:
        return self.round.get_absolute_url()


class AppealState(models.TextChoices):
    PENDING = "pending", "待处理"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "已驳回"


class Appeal(OrgScopedModel):
    """A unit's appeal (申诉) against its place on a black list; the organiser accepts or rejects it."""

    standing = models.ForeignKey(Standing, on_delete=models.CASCADE, related_name="appeals", verbose_name="排名")
    reason = models.CharField("申诉理由", max_length=500)
    filed_on = models.DateField("申诉日期", default=timezone.localdate)
    state = models.CharField("状态", max_length=10, choices=AppealState.choices, default=AppealState.PENDING)
    decision = models.CharField("处理意见", max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="处理人")
    decided_on = models.DateField("处理日期", null=True, blank=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = "申诉"
        verbose_name_plural = "申诉"

    def __str__(self) -> str:
        return f"{self.org}申诉（{self.standing.round}）"

    def get_absolute_url(self) -> str:
        return self.standing.round.get_absolute_url()


# -- campaigns -----------------------------------------------------------------------------------------------------

class CampaignLevel(models.TextChoices):
    COUNTY = "county", "县级"
    TOWN = "town", "乡镇级"


class Campaign(OrgScopedModel):
    """A 示范创建 / 先进评选 campaign (示范村湾, 美丽庭院, 文明家庭) with its criteria."""

    name = models.CharField("名称", max_length=60)
    level = models.CharField("级别", max_length=8, choices=CampaignLevel.choices)
    year = models.PositiveSmallIntegerField("年度", validators=[plausible_year])
    criteria = models.JSONField("评选标准", default=list, blank=True, help_text='如 [{"name": "村容村貌", "max": 40}]')
    pass_score = models.DecimalField("达标分", max_digits=5, decimal_places=1, default=Decimal(80))

    class Meta:
        ordering = ["-year", "org__code", "id"]
        verbose_name = "创建评选"
        verbose_name_plural = "创建评选"

    def __str__(self) -> str:
        return f"{self.year}年{self.get_level_display()}{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("campaign_detail", args=[self.pk])

    def clean(self) -> None:
        if not isinstance(self.criteria, list) or any(
                not isinstance(c, dict) or not c.get("name") or not isinstance(c.get("max"), (int, float))
                for c in self.criteria):
            raise ValidationError({"criteria": "评选标准应为 [{\"name\": 名称, \"max\": 分值}] 的列表"})


class CandidateResult(models.TextChoices):
    PENDING = "pending", "评审中"
    AWARDED = "awarded", "已命名"
    NOT_AWARDED = "not_awarded", "未通过"


class Candidate(OrgScopedModel):
    """A candidate unit (a village for 示范村湾) or household (美丽庭院) of a campaign, with its criteria scores."""

    # its own reverse name: the 项目库's candidates (plans.Candidate) are also reached from a unit
    org = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, verbose_name="单位",
                            related_name="campaign_candidates")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="candidates", verbose_name="创建评选")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="农户")
    scores = models.JSONField("各项得分", default=dict, blank=True)
    total = models.DecimalField("总分", max_digits=6, decimal_places=1, null=True, blank=True)
    result = models.CharField("结果", max_length=12, choices=CandidateResult.choices, default=CandidateResult.PENDING)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        ordering = ["campaign", "-total", "org__code"]
        verbose_name = "候选对象"
        verbose_name_plural = "候选对象"

    def __str__(self) -> str:
        return f"{self.campaign.name}：{self.household or self.org}"

    def get_absolute_url(self) -> str:
        return self.campaign.get_absolute_url()

    def clean(self) -> None:
        errors = []
        limits = {c["name"]: c["max"] for c in (self.campaign.criteria if self.campaign_id else [])}
        for name, value in (self.scores or {}).items():
            if name not in limits:
                errors.append(f"“{name}”不是本次评选的标准")
            elif not isinstance(value, (int, float)) or not 0 <= value <= limits[name]:
                errors.append(f"“{name}”得分应在 0–{limits[name]} 之间")
        if errors:
            raise ValidationError({"scores": errors})


class YearScore(OrgScopedModel):
    """A rated unit's evaluation result for a year, carried into the plans app's year-end assessment (年终考核)
    as the score of one task of that unit (`task`). Belongs to the unit rated.

    The rule: the mean, over the scheme's rounds held in the year in which the unit was ranked, of its total as
    a percentage of the scheme's full marks (the items' 分值 added up), to one decimal; every round of the year
    must be published first. A unit ranked in none of them gets no score."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="year_scores", verbose_name="考评方案")
    year = models.PositiveSmallIntegerField("年度", validators=[plausible_year])
    score = models.DecimalField("年度考评得分", max_digits=5, decimal_places=1)
    rounds = models.PositiveSmallIntegerField("计入轮次")
    task = models.ForeignKey("plans.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="年终考核任务")

    class Meta:
        ordering = ["scheme", "-year", "org__code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year", "org"], name="uniq_yearscore_scheme_year_org")]
        verbose_name = "年度考评结果"
        verbose_name_plural = "年度考评结果"

    def __str__(self) -> str:
        return f"{self.org} {self.year}年{self.scheme.name}"

    def get_absolute_url(self) -> str:
        return reverse("scheme_carry", args=[self.scheme_id]) + f"?year={self.year}"

    def clean(self) -> None:
        if self.score is not None and not Decimal(0) <= self.score <= Decimal(100):
            raise ValidationError({"score": "年度考评得分应在 0–100 之间"})
