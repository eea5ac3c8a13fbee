"""The statistics dashboard in Wagtail's admin (executives, the PR unit, the agency's
administrator) and the quarterly report downloads."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from prongsai.stats import charts, report, selectors
from prongsai.stats.models import EventKind, TargetKind
from prongsai.stats.selectors import StatsPeriod
from prongsai.thai import ThaiValueError, fiscal_year


def _context(request: HttpRequest) -> dict[str, Any]:
    agency = selectors.get_agency_for_stats(
        request.user, request.GET.get("agency"), getattr(request, "agency", None)
    )
    today = timezone.localdate()
    year, quarter = request.GET.get("year"), request.GET.get("quarter")
    if not year and not quarter:
        return {
            "agency": agency,
            "period": selectors.default_period(agency, today, whole_year=False),
            "today": today,
        }
    try:
        period = StatsPeriod.parse(year, quarter, today)
    except ThaiValueError as exc:
        raise Http404(str(exc)) from None
    return {"agency": agency, "period": period, "today": today}


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)
    agency, period, today = ctx["agency"], ctx["period"], ctx["today"]
    previous = period.previous
    now = selectors.totals(agency, period.start, period.end)
    before = selectors.totals(agency, previous.start, previous.end)
    labels = {
        "views": _("Page views"),
        "visitors": _("Visitors (people per day)"),
        "downloads": _("File downloads"),
        "searches": _("Searches"),
        "zero_result_searches": _("Searches with no results"),
        "clicks": _("Search results opened"),
        "questions": _("Questions asked"),
        "complaints": _("Complaints submitted"),
    }
    figures = [
        {
            "label": labels[key],
            "current": value,
            "previous": before.as_dict()[key],
            "change": selectors.change(value, before.as_dict()[key]),
        }
        for key, value in now.as_dict().items()
    ]
    if period.quarter is None:
        series = selectors.monthly_series(agency, period.start, period.end)
        series_chart = charts.column_chart(
            [(p.label, p.views) for p in series],
            chart_id="chart-visits",
            title=_("Page views per month"),
            unit=_("views"),
        )
    else:
        series = selectors.daily_series(agency, period.start, period.end)
        series_chart = charts.line_chart(
            [(p.label, p.views) for p in series],
            second=[p.visitors for p in series],
            chart_id="chart-visits",
            title=_("Page views (solid line) and visitors (dashed line) per day"),
            unit=_("views"),
        )
    top_pages = selectors.top_targets(
        agency,
        period,
        kinds=[
            TargetKind.PAGE,
            TargetKind.EVIDENCE,
            TargetKind.GROUP,
            TargetKind.VIEW,
            TargetKind.PATH,
        ],
        limit=15,
    )
    top_items = selectors.top_targets(agency, period, kinds=[TargetKind.ITEM], limit=15)
    top_files = selectors.top_targets(agency, period, kind=EventKind.DOWNLOAD, limit=15)
    top_searches = selectors.top_searches(agency, period, limit=20)
    zero_searches = selectors.zero_result_searches(agency, period, limit=30)
    catalogue = report._catalogue_for(period)  # noqa: SLF001 - the same choice as the report
    items = selectors.item_views(agency, period, catalogue) if catalogue else []
    unit = _("views")
    ctx.update(
        page_title=_("Site statistics"),
        header_icon="table",
        agencies=selectors.agencies_for_stats(request.user),
        years=list(range(fiscal_year(today), fiscal_year(today) - 5, -1)),
        previous=previous,
        figures=figures,
        series=series,
        series_chart=series_chart,
        top_pages=top_pages,
        pages_chart=charts.bar_chart(
            [(r.title, r.count) for r in top_pages],
            chart_id="chart-pages",
            title=_("Most viewed pages"),
            unit=unit,
        ),
        top_items=top_items,
        items_chart=charts.bar_chart(
            [(f"{r.code} {r.title}".strip(), r.count) for r in top_items],
            chart_id="chart-items",
            title=_("Most viewed ITA items"),
            unit=unit,
        ),
        top_files=top_files,
        files_chart=charts.bar_chart(
            [(r.title, r.count) for r in top_files],
            chart_id="chart-files",
            title=_("Most downloaded files"),
            unit=_("downloads"),
        ),
        top_searches=top_searches,
        searches_chart=charts.bar_chart(
            [(s.query, s.searches) for s in top_searches],
            chart_id="chart-searches",
            title=_("Top searches"),
            unit=_("searches"),
        ),
        zero_searches=zero_searches,
        item_views=items,
        unread=[i for i in items if i.total == 0],
        groups=selectors.views_by_group(agency, period),
    )
    return render(request, "stats/admin/dashboard.html", ctx)


@require_safe
def report_download(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)
    period = ctx["period"]
    if period.quarter is None:
        raise Http404("เลือกไตรมาสก่อน (choose a quarter)")
    data = report.build(
        agency=ctx["agency"], fiscal_year=period.fiscal_year, quarter=period.quarter
    )
    kind = request.GET.get("format", "pdf")
    if kind == "pdf":
        body, mime = report.render_pdf(data), "application/pdf"
    elif kind == "xlsx":
        body, mime = report.render_xlsx(data), report.XLSX_MIME
    else:
        raise Http404("ไม่รู้จักรูปแบบนี้ (unknown format)")
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{report.file_name(data, kind)}"'
    response["Cache-Control"] = "private, no-store"
    return response
