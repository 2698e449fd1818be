from ninja import Router, Schema

from zhenwu.core.models import AuditLog, OrgUnit
from zhenwu.core.pii import masked_json
from zhenwu.core.scope import get_scoped_or_404
from zhenwu.core.tables import OrgUnitTable, with_display

router = Router(tags=["单位与日志"])


class OrgOut(Schema):
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    population: int | None
    display: dict[str, str] = {}  # the list page's columns as it shows them (core.tables.OrgUnitTable)


class AuditOut(Schema):
    id: int
    at: str
    username: str
    action: str
    object_repr: str
    org_code: str
    changes: dict

    @staticmethod
    def resolve_at(obj):
        return obj.at.isoformat()

    @staticmethod
    def resolve_changes(obj):
        return masked_json(obj.changes)  # personal data is logged encrypted, and shown masked


@router.get("/orgs", response=list[OrgOut], summary="可见单位（可限定某单位及下级、层级）")
def list_orgs(request, within: str | None = None, level: str | None = None):
    org = get_scoped_or_404(OrgUnit.objects.all(), request.user, code=within) if within else None
    qs = OrgUnit.objects.visible_to(request.user, within=org)
    if level:
        qs = qs.filter(level=level)
    return with_display(OrgUnitTable, qs.select_related("parent"), request)


@router.get("/orgs/{org_id}", response=OrgOut)
def get_org(request, org_id: int):
    return get_scoped_or_404(OrgUnit.objects.all(), request.user, pk=org_id)


@router.get("/audit", response=list[AuditOut], summary="操作日志（最近 200 条，按范围过滤）")
def list_audit(request, object_id: str | None = None, username: str | None = None):
    qs = AuditLog.objects.visible_to(request.user)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if username:
        qs = qs.filter(username=username)
    return qs[:200]
