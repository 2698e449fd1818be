"""Per request: the acting user for the audit trail and the org unit the user is looking at."""

from .audit import acting_as

SESSION_ORG_KEY = "zhenwu_org_id"


def current_org(request):
    """The org the user chose in the switcher, if still in scope; else their first membership's org."""
    from .models import OrgUnit
    from .scope import memberships

    user = request.user
    if not user.is_authenticated:
        return None
    org_id = request.session.get(SESSION_ORG_KEY)
    if org_id is not None:
        org = OrgUnit.objects.visible_to(user).filter(pk=org_id).first()
        if org is not None:
            return org
    if user.is_superuser:
        return OrgUnit.objects.filter(parent__isnull=True).first()
    ms = memberships(user)
    return ms[0].org if ms else None


class ZhenwuContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.org = current_org(request)
        with acting_as(request.user if request.user.is_authenticated else None):
            return self.get_response(request)
