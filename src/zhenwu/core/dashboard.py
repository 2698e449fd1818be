"""Dashboard cards of the org tree itself: units by level, users, recent changes.

A card is {"label", "value", optional "note" (a smaller second line), "url", "alert" (shown in red)}; every app
adds its own through its registry entry (`dashboard`)."""

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from .models import AuditLog, Level, Membership, OrgUnit


def org_cards(org, user):
    counts = dict(OrgUnit.objects.within(org).values_list("level").annotate(n=Count("id")))
    cards = [
        {"label": label, "value": counts[value], "url": f"{reverse('orgunit_list')}?level={value}"}
        for value, label in Level.choices
        if counts.get(value) and value != org.level
    ]
    cards.append({"label": "用户", "value": Membership.objects.within(org).values("user").distinct().count()})
    week_ago = timezone.now() - dt.timedelta(days=7)
    cards.append(
        {
            "label": "近 7 天操作",
            "value": AuditLog.objects.visible_to(user, within=org).filter(at__gte=week_ago).count(),
            "url": reverse("auditlog_list"),
        }
    )
    return cards
