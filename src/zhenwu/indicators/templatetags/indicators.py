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
    them, and the same markup through the template language took about 0.4 s of the page."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.html import escape, format_html, format_html_join
    from django.utils.safestring import mark_safe

    ind = row.indicator
    shared = format_html('data-min="{}" data-max="{}" data-unit="{}"', ind.shown_min, ind.shown_max, ind.shown_unit)
    name = escape(ind.name)
    out = []
    for c in row.cells:
        value = c.value
        title = edit = ""
        if value is not None:
            when = timezone.localtime(value.updated_at).strftime("%Y-%m-%d %H:%M") if value.updated_at else ""
            note = f" · 备注：{value.note}" if value.note else ""
            title = format_html(' title="{} · {} {}{}"', value.get_source_display(), value.updated_by or "系统", when,
                                note)
            edit = format_html('<a class="ms-1 small text-decoration-none" href="{}" title="备注与修改记录">✎</a>',
                               reverse("datavalue_edit", args=[value.pk]))
        if c.error:
            hint = format_html('<div class="invalid-feedback d-block small">{}</div>', c.error)
        elif c.warning:
            hint = format_html('<div class="small text-warning-emphasis">{}</div>', c.warning)
        else:
            hint = ""
        out.append(format_html(
            '<td data-label="{}" class="p-1{}"><div class="d-flex align-items-center">'
            '<input type="text" inputmode="decimal" class="form-control form-control-sm text-end grid-cell{}" '
            'name="{}" value="{}" placeholder="{}" data-last="{}" {} '
            'aria-label="{} {}"{}{}>{}</div>{}<div class="small text-danger cell-hint"></div></td>',
            c.column.label, " table-danger" if c.error else " table-warning" if c.warning else "",
            " is-invalid" if c.error else "", c.name, c.text, c.derived, c.last, shared, name, c.column.label,
            title, "" if c.column.editable else mark_safe(" disabled"), edit, hint))
    return format_html_join("", "{}", ((cell,) for cell in out))
