from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from .audit import AuditedModel
from .roles import Role
from .scope import ScopedQuerySet
from .validators import plausible_count


class Level(models.TextChoices):
    COUNTY = "county", "县"
    TOWN = "town", "乡镇"
    STREET = "street", "街道"
    DEPARTMENT = "department", "县直部门"
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"
    STATION = "station", "站所/科室"
    GRID = "grid", "网格"


class UnitType(models.TextChoices):
    """What a 县直部门 does, when its reports differ from other departments' (its outline is chosen by it)."""

    FINANCE = "finance", "财政"
    SUPPLY_COOP = "supply_coop", "供销合作社"


# Which levels may sit directly under which (None: the root).
CHILD_LEVELS = {
    None: {Level.COUNTY},
    Level.COUNTY: {Level.TOWN, Level.STREET, Level.DEPARTMENT},
    Level.TOWN: {Level.VILLAGE, Level.COMMUNITY, Level.STATION},
    Level.STREET: {Level.VILLAGE, Level.COMMUNITY, Level.STATION},
    Level.DEPARTMENT: {Level.STATION},
    Level.VILLAGE: {Level.GRID},
    Level.COMMUNITY: {Level.GRID},
    Level.STATION: set(),
    Level.GRID: set(),
}
CHILD_CODE_DIGITS = 3  # each level below the county adds three digits, like the statistical division code
STATION_CODES = (901, 999)  # a town's stations, clear of its villages' statistical codes


def county_code() -> str:
    """The root of the org tree (the county): where county-wide configuration is logged."""
    return OrgUnit.objects.filter(parent__isnull=True).order_by("code").values_list("code", flat=True).first() or ""


class CatalogueModel(AuditedModel):
    """County-wide configuration (indicator catalogue, ledger kinds, report outlines): everyone reads it, county
    administrators change it (`core.roles.configures_packs`), and its history is logged at the county root so
    that they see it."""

    class Meta:
        abstract = True

    def audit_org_code(self) -> str:
        return county_code()


class OrgScopedModel(AuditedModel):
    """Base of every domain record: belongs to one org unit, is scoped by it and audited."""

    org = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, verbose_name="单位")
    scope_code_field = "org__code"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class OrgUnit(AuditedModel):
    """A node of the tree 县 → 乡镇/街道/部门 → 村/社区/站所 → 网格; `code` is its path, so a subtree is a prefix."""

    code = models.CharField(
        "代码", max_length=24, unique=True, validators=[RegexValidator(r"^\d{6,24}$", "代码应为 6–24 位数字")]
    )
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级单位"
    )
    population = models.PositiveIntegerField("户籍人口", null=True, blank=True, validators=[plausible_count])
    households = models.PositiveIntegerField("户数", null=True, blank=True, validators=[plausible_count])
    unit_type = models.CharField("部门类别", max_length=16, blank=True, choices=UnitType.choices,
                                 help_text="县直部门的业务类别，决定其工作报告使用的提纲")
    note = models.CharField("备注", max_length=200, blank=True)

    scope_code_field = "code"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name

    def audit_org_code(self) -> str:
        return self.code

    def clean(self) -> None:
        allowed = CHILD_LEVELS.get(self.parent.level if self.parent_id else None, set())
        if self.level not in allowed:
            above = self.parent.get_level_display() if self.parent_id else "顶层"
            raise ValidationError({"level": f"{above}下不能设立“{self.get_level_display()}”"})
        if self.parent_id and not (
            self.code.startswith(self.parent.code) and len(self.code) == len(self.parent.code) + CHILD_CODE_DIGITS
        ):
            raise ValidationError({"code": f"下级代码应为上级代码 {self.parent.code} 加 {CHILD_CODE_DIGITS} 位数字"})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("orgunit_detail", args=[self.pk])

    @property
    def is_leaf_level(self) -> bool:
        return not CHILD_LEVELS.get(self.level)

    def subtree(self):
        return OrgUnit.objects.within(self)

    def descendants(self):
        return self.subtree().exclude(pk=self.pk)

    def ancestors(self):
        """From the root down to the parent, in one query (the prefixes of the code)."""
        prefixes = [self.code[:n] for n in range(1, len(self.code))]
        return OrgUnit.objects.filter(code__in=prefixes).order_by("code")

    def next_child_code(self, level: str | None = None) -> str:
        """The next free code for a new child. Stations take 901–999, the rest 001–899: the statistical
        division codes of villages (001–599) stay as they are when a town adds its stations on top."""
        low, high = STATION_CODES if level == Level.STATION else (1, STATION_CODES[0] - 1)
        last = (
            OrgUnit.objects.filter(parent=self, code__gte=f"{self.code}{low:03d}", code__lte=f"{self.code}{high:03d}")
            .order_by("-code")
            .values_list("code", flat=True)
            .first()
        )
        n = int(last[len(self.code):]) + 1 if last else low
        if n > high:
            raise ValidationError("下级单位代码已用尽")
        return f"{self.code}{n:0{CHILD_CODE_DIGITS}d}"


class Membership(OrgScopedModel):
    """A user's role on an org unit; the user acts on that unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name="用户"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)

    audit_exclude = ()

    class Meta:
        unique_together = [("user", "org")]
        ordering = ["org__code"]
        verbose_name = "任职"
        verbose_name_plural = "任职"

    def __str__(self) -> str:
        return f"{self.user.get_username()} @ {self.org.name}（{self.get_role_display()}）"


class AuditLog(models.Model):
    CREATE, UPDATE, DELETE = "create", "update", "delete"
    # Not changes, but logged all the same: personal data seen or exported unmasked, and account events.
    VIEW, EXPORT = "view", "export"
    LOGIN, LOGOUT, LOGIN_FAILED, LOCKED_OUT, PASSWORD = "login", "logout", "login_failed", "locked_out", "password"
    ACTIONS = [(CREATE, "新建"), (UPDATE, "修改"), (DELETE, "删除"), (VIEW, "查看个人信息"), (EXPORT, "导出个人信息"),
               (LOGIN, "登录"), (LOGOUT, "退出"), (LOGIN_FAILED, "登录失败"), (LOCKED_OUT, "账号锁定"),
               (PASSWORD, "修改密码")]

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="操作人"
    )
    username = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=16, choices=ACTIONS)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="记录类型")
    object_id = models.CharField("记录编号", max_length=64)
    object_repr = models.CharField("记录", max_length=200)
    # The org code as text, not a key, so the log outlives the records and units it describes.
    org_code = models.CharField("单位代码", max_length=24, db_index=True)
    changes = models.JSONField("变更（前 → 后）", default=dict)

    scope_code_field = "org_code"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"

    def __str__(self) -> str:
        return f"{self.username} {self.get_action_display()} {self.object_repr}"


def _user_org_code(user) -> str:
    """Where an account's own events are logged: its first unit (the county root for a superuser)."""
    code = Membership.objects.filter(user=user).order_by("org__code").values_list("org__code", flat=True).first()
    return code or county_code()


class ApiToken(AuditedModel):
    """A personal API token: acts as its owner (same roles, same data scope). Only its SHA-256 digest is stored;
    the token itself is shown once, when it is made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name="用户")
    name = models.CharField("名称", max_length=60)
    prefix = models.CharField("令牌开头", max_length=12)
    digest = models.CharField("摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    audit_exclude = ("digest", "last_used_at")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    def audit_org_code(self) -> str:
        return _user_org_code(self.user)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Job(models.Model):
    """A background job (an import, a report, a large export) and its progress, for the user who started it.

    Not audited itself: what it changes is, through the app's actions, attributed to that user."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "排队中"), (RUNNING, "进行中"), (DONE, "已完成"), (FAILED, "未完成")]

    kind = models.CharField("类型", max_length=40)
    label = models.CharField("任务", max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs",
                             verbose_name="提交人")
    org = models.ForeignKey(OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                            verbose_name="单位")
    key = models.CharField("去重键", max_length=64, db_index=True)
    params = models.JSONField("参数", default=dict, blank=True)
    input_path = models.CharField("上传文件", max_length=200, blank=True)
    status = models.CharField("状态", max_length=8, choices=STATUSES, default=QUEUED)
    percent = models.PositiveSmallIntegerField("进度", default=0)
    message = models.CharField("进展", max_length=200, blank=True)
    result_url = models.CharField("结果链接", max_length=300, blank=True)
    result_file = models.CharField("结果文件", max_length=200, blank=True)  # an export's workbook in storage
    errors = models.JSONField("错误", default=list, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("job_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)

    @classmethod
    def new(cls, **fields) -> "Job":
        return cls.objects.create(status=cls.QUEUED, message="排队中", **fields)

    def report(self, **fields) -> None:
        """Write progress (status, percent, message …) at once, outside any transaction of the job's own work."""
        for name, value in fields.items():
            setattr(self, name, value)
        Job.objects.filter(pk=self.pk).update(**fields)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read=False)

    def send(self, recipients, text: str, link: str = "") -> int:
        """One notification per distinct active recipient (users or ids); not audited, like a job's progress."""
        ids = {getattr(r, "pk", r) for r in recipients if r is not None}
        rows = [Notification(recipient_id=i, text=text[:200], link=link[:300]) for i in sorted(ids) if i]
        self.bulk_create(rows)
        return len(rows)

    def mark_read(self) -> int:
        return self.filter(read=False).update(read=True)


class Notification(models.Model):
    """An in-app notice to one user (an assignment, a reminder, a return): the bell in the top bar
    (`core.notify`). Any app sends one with `core.notify.notify(recipients, text, link)`."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name="接收人")
    text = models.CharField("内容", max_length=200)
    link = models.CharField("链接", max_length=300, blank=True)
    read = models.BooleanField("已读", default=False)
    created = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read"])]
        verbose_name = "通知"
        verbose_name_plural = "通知"

    def __str__(self) -> str:
        return self.text
