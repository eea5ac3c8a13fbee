"""Public ITA pages: the years, a year's items by indicator, each item's permanent page, and the
information centre under the eight categories of s.9 of the Official Information Act."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from prongsai.ita import selectors
from prongsai.ita.models import READINESS_STATUS_LABELS
from prongsai.ita.schema import FREQUENCIES, SPANS, UNITS
from prongsai.org.models import Agency
from prongsai.org.selectors import agency_for_request


def _agency(request: HttpRequest) -> Agency:
    agency = agency_for_request(request)
    if agency is None:
        raise Http404("ไม่พบหน่วยงานของเว็บไซต์นี้ (no agency for this site)")
    return agency


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    _agency(request)
    catalogues = list(selectors.public_catalogues())
    return render(request, "ita/index.html", {"catalogues": catalogues})


@require_safe
def year(request: HttpRequest, year: int) -> HttpResponse:
    agency = _agency(request)
    catalogue = selectors.get_public_catalogue(year)
    readiness = selectors.catalogue_readiness(catalogue=catalogue, agency=agency)
    return render(
        request,
        "ita/year.html",
        {
            "catalogue": catalogue,
            "readiness": readiness,
            "status_labels": READINESS_STATUS_LABELS,
        },
    )


@require_safe
def item(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    agency = _agency(request)
    obj = selectors.get_public_item(year, slug)
    detail = selectors.item_detail(item=obj, agency=agency, page=request.GET.get("page"))
    return render(
        request,
        "ita/item.html",
        {
            "catalogue": obj.catalogue,
            "item": obj,
            "detail": detail,
            "status_labels": READINESS_STATUS_LABELS,
            "frequency": FREQUENCIES[obj.frequency],
            "span": SPANS[obj.period_span],
            "unit": UNITS[obj.period_unit],
        },
    )


@require_safe
def information_centre(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    raw = request.GET.get("category")
    if raw:
        try:
            number = int(raw)
        except ValueError:
            raise Http404("ไม่มีหมวดนี้ (no such category)") from None
        category, page = selectors.information_category_page(
            agency=agency, number=number, page=request.GET.get("page")
        )
        return render(
            request,
            "ita/information_category.html",
            {"category": category, "page_obj": page},
        )
    listings = selectors.information_centre(agency=agency)
    return render(request, "ita/information_centre.html", {"listings": listings})
