"""Dashboard cards: the headline figures of the chosen org for the latest year with data, with 同比."""

from django.urls import reverse

from zhenwu.core import fmt

from . import services
from .grid import default_year


def indicator_cards(org, user):
    year = default_year(org, annual=True)
    cards = []
    headline, found = services.headline_yoy(org, year)
    for ind in headline:
        cmp = found[ind.code]
        if cmp.current is None:
            continue
        cards.append({
            "label": f"{year}年{ind.name}",
            "value": services.display(ind, cmp.current),
            "note": fmt.growth(cmp.growth),
            "url": f"{reverse('indicator_charts')}?indicator={ind.code}&year={year}",
            "alert": cmp.growth is not None and cmp.growth < 0,
        })
    return cards
