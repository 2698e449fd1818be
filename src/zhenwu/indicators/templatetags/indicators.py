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


@register.simple_tag
def grid_cells(row):
    """The input cells of one grid row. Built here rather than in the template: a town's year grid has 1,764 of
    them, and the same markup through the template language (or `format_html` per cell) took most of the page's
    time. Every value written into the markup goes through `escape`."""
    from html import escape

    from django.urls import reverse
    from django.utils import timezone
    from django.utils.safestring import mark_safe

    from zhenwu.indicators.models import DataValue

    ind = row.indicator
    tz, sources = timezone.get_current_timezone(), dict(DataValue._meta.get_field("source").flatchoices)
    shared = (f'data-min="{escape(str(ind.shown_min))}" data-max="{escape(str(ind.shown_max))}" '
              f'data-unit="{escape(ind.shown_unit)}"')
    name = escape(ind.name)
    edit_url = reverse("datavalue_edit", args=[987654321])  # resolved once per row, the id put in per cell
    out = []
    for c in row.cells:
        value, label = c.value, c.column.label_html
        title = edit = hint = ""
        if value is not None:
            when = value.updated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value.updated_at else ""
            note = f" · 备注：{value.note}" if value.note else ""
            who = value.updated_by or "系统"
            source = sources.get(value.source, value.source)  # get_source_display(), its choices read once a row
            title = f' title="{escape(f"{source} · {who} {when}{note}")}"'
            edit = (f'<a class="ms-1 small text-decoration-none" href="{escape(edit_url.replace("987654321", str(value.pk)))}"'
                    ' title="备注与修改记录">✎</a>')
        if c.error:
            hint = f'<div class="invalid-feedback d-block small">{escape(c.error)}</div>'
        elif c.warning:
            hint = f'<div class="small text-warning-emphasis">{escape(c.warning)}</div>'
        tone = " table-danger" if c.error else " table-warning" if c.warning else ""
        out.append(
            f'<td data-label="{label}" class="p-1{tone}"><div class="d-flex align-items-center">'
            f'<input type="text" inputmode="decimal" class="form-control form-control-sm text-end grid-cell'
            f'{" is-invalid" if c.error else ""}" name="{escape(c.name)}" value="{escape(c.text)}" '
            f'placeholder="{escape(c.derived)}" data-last="{escape(c.last)}" {shared} aria-label="{name} {label}"'
            f'{title}{"" if c.column.editable else " disabled"}>{edit}</div>{hint}'
            '<div class="small text-danger cell-hint"></div></td>')
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
