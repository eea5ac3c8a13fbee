"""The public corruption-complaint channel (ITA O28), separate from general complaints.

- ``/complaints/``: the form (anonymous allowed, evidence files) and how complaints are handled;
- ``/complaints/status/``: follow a complaint with its receipt code, read replies, add more;
- ``/complaints/guideline/``: the approved complaint-handling guideline (O27).

The receipt code travels only in POST bodies (never in a URL or a log). A wrong code gets the same
answer as a malformed one. Submissions and look-ups are rate-limited per source through a
short-lived hashed counter; no address is stored with a case. Nothing here is cached.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.integrity import ratelimit, selectors, services
from prongsai.integrity.forms import ComplaintForm, ReporterMessageForm, StatusForm
from prongsai.integrity.models import CaseStatus
from prongsai.org.models import Agency
from prongsai.org.selectors import agency_for_request


def _agency(request: HttpRequest) -> Agency:
    agency = agency_for_request(request)
    if agency is None:
        raise Http404("ไม่พบหน่วยงานของเว็บไซต์นี้ (no agency for this site)")
    return agency


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store, private"
    return response


def _limited(request: HttpRequest, scope: str) -> int | None:
    allowed, retry_after = ratelimit.hit(request, scope)
    return None if allowed else retry_after


def _too_many(response: HttpResponse, retry_after: int) -> HttpResponse:
    response["Retry-After"] = str(retry_after)
    return response


def _guideline_context(agency: Agency) -> dict[str, Any]:
    return {
        "guideline": selectors.current_guideline(agency),
        "stage_days": [
            (CaseStatus(stage).label, days) for stage, days in services.stage_days().items()
        ],
    }


@never_cache
@require_http_methods(["GET", "POST"])
def complaint(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    form = ComplaintForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, **_guideline_context(agency)}
    if request.method == "POST":
        retry_after = _limited(request, "complaint")
        if retry_after is not None:
            context["rate_limited"] = (retry_after + 59) // 60
            form.is_valid()  # keep what was typed on the page
            return _too_many(
                _render(request, "integrity/public/complaint.html", context, status=429),
                retry_after,
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                sub = services.case_complaint_submit(
                    agency=agency,
                    category=data["category"],
                    what=data["what"],
                    occurred=data["occurred"],
                    where=data["where"],
                    persons=data["persons"],
                    anonymous=data["anonymous"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    files=data["files"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _render(
                    request,
                    "integrity/public/complaint_done.html",
                    {"code": sub.receipt_code, "received_at": sub.case.received_at},
                )
        return _render(request, "integrity/public/complaint.html", context, status=400)
    return _render(request, "integrity/public/complaint.html", context)


def _status_page(request: HttpRequest, agency: Agency, code: str, **extra: Any) -> HttpResponse:
    case = selectors.case_for_receipt(code)
    if case is None or case.agency_id != agency.pk:
        return _render(
            request,
            "integrity/public/status.html",
            {"form": StatusForm(initial={"code": code}), "not_found": True},
            status=404,
        )
    services.case_status_viewed(case=case)
    return _render(
        request,
        "integrity/public/status.html",
        {
            "form": StatusForm(),
            "view": selectors.reporter_view(case),
            "stages": CaseStatus.choices,
            "message_form": extra.pop("message_form", None)
            or ReporterMessageForm(initial={"code": code}),
            "open": case.is_open,
            **extra,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    if request.method == "GET":
        return _render(request, "integrity/public/status.html", {"form": StatusForm()})
    retry_after = _limited(request, "status")
    form = StatusForm(request.POST)
    if retry_after is not None:
        return _too_many(
            _render(
                request,
                "integrity/public/status.html",
                {"form": form, "rate_limited": (retry_after + 59) // 60},
                status=429,
            ),
            retry_after,
        )
    if not form.is_valid():
        return _render(request, "integrity/public/status.html", {"form": form}, status=400)
    return _status_page(request, agency, form.cleaned_data["code"])


@never_cache
@require_http_methods(["POST"])
def status_message(request: HttpRequest) -> HttpResponse:
    """The complainant adds information or evidence through their receipt code."""
    agency = _agency(request)
    retry_after = _limited(request, "status")
    form = ReporterMessageForm(request.POST, request.FILES)
    code = request.POST.get("code", "")
    if retry_after is not None:
        return _too_many(
            _render(
                request,
                "integrity/public/status.html",
                {"form": StatusForm(), "rate_limited": (retry_after + 59) // 60},
                status=429,
            ),
            retry_after,
        )
    case = selectors.case_for_receipt(code)
    if case is None or case.agency_id != agency.pk:
        return _render(
            request,
            "integrity/public/status.html",
            {"form": StatusForm(), "not_found": True},
            status=404,
        )
    if form.is_valid():
        try:
            services.case_reporter_message(
                case=case, text=form.cleaned_data["text"], files=form.cleaned_data["files"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _status_page(request, agency, code, sent=True)
    return _status_page(request, agency, code, message_form=form)


@require_safe
def guideline(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    context = _guideline_context(agency)
    if context["guideline"] is None:
        raise Http404(_("The agency has not yet approved its complaint-handling guideline."))
    context["complaint_url"] = request.build_absolute_uri(reverse("integrity-complaint"))
    return render(request, "integrity/public/guideline.html", context)
