from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_chart_data(context):
    """Chart data for the dashboard's org, rendered into the page (no second request while the page loads)."""
    from zhenwu.indicators import charts
    from zhenwu.indicators.grid import default_year

    request = context["request"]
    org = getattr(request, "org", None)
    if org is None:
        return {}
    from zhenwu.core.cache import cached

    year = default_year(org, annual=True)
    return cached(f"dashboard-charts:{year}", org, request.user, lambda: charts.chart_data(  # follows the period
        charts.dashboard_indicator(org, year), org, year, request.user, fallback_units=True))
