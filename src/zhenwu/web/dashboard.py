"""Dashboard cards: real counts for the chosen org's subtree. Each area adds its cards here.

A card is {"label", "value", optional "note" (a smaller second line), "url", "alert" (shown in red)}."""

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from zhenwu.core.models import AuditLog, Level, Membership, OrgUnit
from zhenwu.indicators.dashboard import indicator_cards
from zhenwu.ledgers.stats import dashboard_cards as ledger_cards


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


CARD_PROVIDERS = [org_cards, indicator_cards, ledger_cards]


def cards_for(org, user):
    return [card for provider in CARD_PROVIDERS for card in provider(org, user)]
