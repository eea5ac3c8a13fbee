"""Public statistics page (the agency's transparency about its own site) and the endpoint that
counts an opened search result (the browser's ``<a ping>``, sent without cookies)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from prongsai.org.selectors import agency_for_request
from prongsai.stats import charts, middleware, privacy, recorder, selectors
from prongsai.stats.models import EventKind

MAX_RANK = 1000


@require_safe
def public(request: HttpRequest) -> HttpResponse:
    agency = agency_for_request(request)
    if agency is None:
        raise Http404("ไม่พบหน่วยงานของเว็บไซต์นี้ (no agency for this site)")
    data = selectors.public_stats(agency, timezone.localdate())
    chart = charts.column_chart(
        [(m.label, m.views) for m in data.months],
        chart_id="stats-months",
        title=_("Page views per month, %(period)s") % {"period": data.period.label},
        unit=_("views"),
    )
    items_chart = charts.bar_chart(
        [(f"{r.code} {r.title}".strip(), r.count) for r in data.top_items],
        chart_id="stats-items",
        title=_("Most read ITA items"),
        unit=_("views"),
    )
    return render(
        request,
        "stats/public.html",
        {"data": data, "months_chart": chart, "items_chart": items_chart},
    )


@csrf_exempt  # a ping carries no cookie and changes nothing but a count
@require_POST
def search_click(request: HttpRequest) -> HttpResponse:
    """Count that a visitor opened the result at ``rank`` of the search ``q``."""
    agency = agency_for_request(request)
    user = getattr(request, "user", None)
    if (
        agency is None
        or not recorder.enabled()
        or (user is not None and user.is_authenticated)
        or privacy.is_bot(request.headers.get("User-Agent"), dict(request.headers))
    ):
        return HttpResponse(status=204)
    query = privacy.clean_query(request.GET.get("q", ""))
    try:
        rank = int(request.GET.get("rank", ""))
    except ValueError:
        rank = 0
    if query and 1 <= rank <= MAX_RANK:
        recorder.record(
            agency_id=agency.pk,
            kind=EventKind.CLICK,
            query=query,
            rank=rank,
            visitor=middleware.visitor_for(request, agency.pk),
        )
    return HttpResponse(status=204)
