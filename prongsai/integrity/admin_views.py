"""Staff screens for cases in Wagtail's admin: the report form, the case list, a case with its
actions, files and the reporter's identity, and the password confirmation that opening a case
needs.

Every case is loaded through ``selectors.get_case_for_user`` (404 for anyone without a part in
it); every write is one service call; case pages are never cached by the browser.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.integrity import selectors, services, stepup
from prongsai.integrity.forms import (
    AssignForm,
    CloseRequestForm,
    ConfirmCloseForm,
    DecisionForm,
    NoteForm,
    ProposalsForm,
    ReportForm,
    RevealForm,
    RouteForm,
    StepUpForm,
    TextForm,
    WithdrawCloseForm,
)
from prongsai.integrity.models import Case, CaseStatus, EntryKind
from prongsai.org.models import Agency, Role


def member_agencies(request: HttpRequest) -> list[Agency]:
    ids = list(selectors._agency_roles(request.user))
    agencies = list(Agency.objects.filter(pk__in=ids).order_by("name_th"))
    current = getattr(request, "agency", None)
    agencies.sort(key=lambda a: (not (current and a.pk == current.pk), a.name_th))
    return agencies


def current_agency(request: HttpRequest) -> Agency:
    """The agency a staff screen works on: ?agency=<slug>, the site's agency, or the first one."""
    agencies = member_agencies(request)
    if not agencies:
        raise PermissionDenied
    wanted = request.GET.get("agency") or request.POST.get("agency")
    if wanted:
        for agency in agencies:
            if agency.slug == wanted:
                return agency
        raise Http404("ไม่พบหน่วยงาน (no such agency)")
    return agencies[0]


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


# ----------------------------------------------------------------------------- step-up


@never_cache
@require_http_methods(["GET", "POST"])
def stepup_view(request: HttpRequest) -> HttpResponse:
    """Type the password again before opening confidential cases (valid for a few minutes)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    form = StepUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=request.user.get_username(),
            password=form.cleaned_data["password"],
        )
        if user is not None and user.pk == request.user.pk:
            stepup.mark(request)
            agency = getattr(request, "agency", None)
            services.stepup_recorded(actor=request.user, agency=agency)
            return redirect(target or "integrity_cases")
        form.add_error("password", _("The password is not correct."))
    return _no_store(
        render(
            request,
            "integrity/admin/stepup.html",
            {
                "form": form,
                "next": target,
                "minutes": stepup.minutes(),
                "page_title": _("Confirm your password"),
                "header_icon": "lock",
            },
        )
    )


# ----------------------------------------------------------------------------- report


@never_cache
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    """Any member of an agency reports non-compliance; the receipt code is shown once."""
    agency = current_agency(request)
    form = ReportForm(request.POST or None, request.FILES or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sub = services.case_report_submit(
                reporter=request.user,
                agency=agency,
                category=data["category"],
                what=data["what"],
                occurred=data["occurred"],
                where=data["where"],
                rule=data["rule"],
                manual=data["manual"],
                work_group=data["work_group"],
                involved_positions=list(data["involved_positions"]),
                involved_text=data["involved_text"],
                files=data["files"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _no_store(
                render(
                    request,
                    "integrity/admin/report_done.html",
                    {
                        "code": sub.receipt_code,
                        "reference": sub.case.reference,
                        "page_title": _("Report received"),
                        "header_icon": "success",
                    },
                )
            )
    return _no_store(
        render(
            request,
            "integrity/admin/report_form.html",
            {
                "form": form,
                "agency": agency,
                "page_title": _("Report non-compliance"),
                "header_icon": "warning",
            },
        )
    )


# ----------------------------------------------------------------------------- cases


@never_cache
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases the user has a part in: metadata only (opening one needs the password)."""
    cases = selectors.cases_for_user(request.user).select_related(
        "agency", "work_group", "handler_position"
    )
    show = request.GET.get("show", "open")
    if show == "open":
        cases = cases.filter(closed_at__isnull=True).order_by("due_at", "pk")
    elif show == "closed":
        cases = cases.filter(closed_at__isnull=False).order_by("-received_at")
    else:
        cases = cases.order_by("-received_at")
    rows = list(cases[:500])
    return _no_store(
        render(
            request,
            "integrity/admin/case_list.html",
            {
                "cases": rows,
                "show": show,
                "stepped_up": stepup.is_recent(request),
                "page_title": _("Reports and complaints"),
                "header_icon": "folder-open-inverse",
            },
        )
    )


def _forms_for(case: Case, parts: frozenset[str], request: HttpRequest) -> dict[str, Any]:
    """The action forms this user may use on this case now."""
    forms: dict[str, Any] = {}
    if not case.is_open:
        return forms
    s = CaseStatus
    handlerish = parts & {selectors.CUSTODIAN, selectors.HANDLER}
    finderish = parts & {selectors.CUSTODIAN, selectors.HANDLER, selectors.FACT_FINDER}
    if handlerish and case.status in (s.RECEIVED, s.FACT_FINDING):
        forms["assign"] = AssignForm(people=selectors.staff_choices_for_case(case), prefix="assign")
    if parts & {selectors.CUSTODIAN, selectors.FACT_FINDER} and case.status == s.FACT_FINDING:
        forms["facts"] = TextForm(prefix="facts")
    if finderish and case.status == s.ANALYSIS:
        forms["analysis"] = TextForm(prefix="analysis")
    if finderish and case.status == s.PROPOSALS:
        forms["proposals"] = ProposalsForm(
            people=selectors.staff_choices_for_case(case, Role.EXECUTIVE).exclude(
                pk=request.user.pk
            ),
            prefix="proposals",
        )
    if selectors.DECIDER in parts and case.status == s.DECISION:
        forms["decision"] = DecisionForm(prefix="decision")
    if finderish and case.status == s.FOLLOW_UP:
        forms["follow_up"] = TextForm(prefix="follow_up")
    if handlerish:
        forms["route"] = RouteForm(positions=selectors.positions_of(case.agency), prefix="route")
    closers = parts & {selectors.CUSTODIAN, selectors.HANDLER, selectors.DECIDER}
    if closers and not case.close_requested_by_id:
        forms["close_request"] = CloseRequestForm(prefix="close_request")
    if closers and case.close_requested_by_id:
        if case.close_requested_by_id != request.user.pk:
            forms["close_confirm"] = ConfirmCloseForm(prefix="close_confirm")
        forms["close_withdraw"] = WithdrawCloseForm(prefix="close_withdraw")
    forms["note"] = NoteForm(prefix="note")
    if selectors.CUSTODIAN in parts and not case.anonymous:
        people = selectors.staff_choices_for_case(case).filter(pk__in=_parts_holders(case))
        forms["reveal"] = RevealForm(people=people, prefix="reveal")
    return forms


def _parts_holders(case: Case) -> list[int]:
    ids = []
    if case.handler_position_id and case.handler_position.holder_id:
        ids.append(case.handler_position.holder_id)
    if case.fact_finder_id:
        ids.append(case.fact_finder_id)
    if case.decider_id:
        ids.append(case.decider_id)
    return ids


@never_cache
@require_safe
@stepup.require_recent_auth
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case, parts = selectors.get_case_for_user(request.user, pk)
    content = services.case_open(case=case, actor=request.user)
    return _no_store(
        render(
            request,
            "integrity/admin/case_detail.html",
            {
                "case": case,
                "parts": parts,
                "content": content.content,
                "entries": content.entries,
                "files": content.files,
                "forms": _forms_for(case, parts, request),
                "may_see_identity": selectors.may_see_identity(request.user, case, parts),
                "statuses": CaseStatus.choices,
                "stage_number": case.stage_number,
                "entry_kinds": EntryKind,
                "stepup_seconds": stepup.remaining_seconds(request),
                "page_title": case.reference,
                "header_icon": "folder-open-inverse",
            },
        )
    )


ACTIONS = {
    "assign": AssignForm,
    "facts": TextForm,
    "analysis": TextForm,
    "proposals": ProposalsForm,
    "decision": DecisionForm,
    "follow_up": TextForm,
    "note": NoteForm,
    "route": RouteForm,
    "close_request": CloseRequestForm,
    "close_confirm": ConfirmCloseForm,
    "close_withdraw": WithdrawCloseForm,
    "reveal": RevealForm,
}


def _run(action: str, case: Case, user: Any, data: dict[str, Any]) -> str:
    if action == "assign":
        services.case_assign(
            case=case, actor=user, fact_finder=data["fact_finder"], note=data["note"]
        )
        return _("The fact-finder was assigned.")
    if action == "facts":
        services.case_record_facts(case=case, actor=user, text=data["text"])
        return _("The facts were recorded.")
    if action == "analysis":
        services.case_record_analysis(case=case, actor=user, text=data["text"])
        return _("The analysis was recorded.")
    if action == "proposals":
        services.case_record_proposals(
            case=case, actor=user, text=data["text"], decider=data["decider"]
        )
        return _("The proposals were sent to the executive.")
    if action == "decision":
        services.case_record_decision(
            case=case, actor=user, text=data["text"], follow_up_days=data["follow_up_days"]
        )
        return _("The decision was recorded.")
    if action == "follow_up":
        services.case_record_follow_up(case=case, actor=user, text=data["text"])
        return _("The follow-up was recorded.")
    if action == "note":
        services.case_note_add(
            case=case,
            actor=user,
            text=data["text"],
            visible_to_reporter=data["visible_to_reporter"],
        )
        return _("The note was added.")
    if action == "route":
        services.case_route(
            case=case, actor=user, reason=data["reason"], to_position=data["to_position"]
        )
        return _("The case was sent on.")
    if action == "close_request":
        services.case_request_close(
            case=case, actor=user, outcome=data["outcome"], text=data["text"]
        )
        return _("Closing was proposed; another person must confirm it.")
    if action == "close_confirm":
        services.case_confirm_close(
            case=case, actor=user, message_to_reporter=data["message_to_reporter"]
        )
        return _("The case is closed.")
    if action == "close_withdraw":
        services.case_withdraw_close(case=case, actor=user, reason=data["reason"])
        return _("The closure proposal was withdrawn.")
    if action == "reveal":
        services.case_identity_reveal(
            case=case, actor=user, to_user=data["to_user"], reason=data["reason"]
        )
        return _("The identity was revealed to the person chosen; this is recorded.")
    raise Http404


@never_cache
@require_POST
@stepup.require_stepup_in_session
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case, parts = selectors.get_case_for_user(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form_class = ACTIONS[action]
    kwargs: dict[str, Any] = {}
    if form_class is AssignForm:
        kwargs["people"] = selectors.staff_choices_for_case(case)
    elif form_class is ProposalsForm:
        kwargs["people"] = selectors.staff_choices_for_case(case, Role.EXECUTIVE)
    elif form_class is RevealForm:
        kwargs["people"] = selectors.staff_choices_for_case(case)
    elif form_class is RouteForm:
        kwargs["positions"] = selectors.positions_of(case.agency)
    form = form_class(request.POST, prefix=action, **kwargs)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("integrity_case_detail", pk=case.pk)
    try:
        done = _run(action, case, request.user, form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("integrity_case_detail", pk=case.pk)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do this."))
        return redirect("integrity_case_detail", pk=case.pk)
    messages.success(request, done)
    if not selectors.case_roles(request.user, case):
        return redirect("integrity_cases")
    return redirect("integrity_case_detail", pk=case.pk)


@never_cache
@require_safe
@stepup.require_recent_auth
def case_file(request: HttpRequest, pk: int, uid: str) -> FileResponse:
    case, _parts = selectors.get_case_for_user(request.user, pk)
    try:
        name, data, content_type = services.case_file_read(
            case=case, actor=request.user, file_uid=uid
        )
    except (PermissionDenied, ValidationError):
        raise Http404 from None
    import io

    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=name, content_type=content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@never_cache
@require_POST
@stepup.require_recent_auth
def case_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Show who reported, to the custodian (or someone it was revealed to). Each view is recorded."""
    case, parts = selectors.get_case_for_user(request.user, pk)
    try:
        identity = services.case_identity_view(case=case, actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    return _no_store(
        render(
            request,
            "integrity/admin/identity.html",
            {
                "case": case,
                "identity": identity,
                "page_title": _("Who reported %(ref)s") % {"ref": case.reference},
                "header_icon": "user",
            },
        )
    )


# ----------------------------------------------------------------------------- statistics (O29)

STATISTICS_ROLES = {Role.INTEGRITY, Role.EXECUTIVE, Role.AUDITOR, Role.ADMIN}


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    """O29: complaints received, finished and in progress by category, for a fiscal year or half."""
    from django.utils.safestring import mark_safe

    from prongsai.integrity import stats as o29
    from prongsai.integrity.admin_publishing import publish_box
    from prongsai.thai import bangkok_today, fiscal_half

    agencies = [
        a
        for a in member_agencies(request)
        if selectors.roles_in(request.user, a) & STATISTICS_ROLES
    ]
    if not agencies:
        raise PermissionDenied
    agency = current_agency(request)
    if agency not in agencies:
        raise PermissionDenied
    this_year, this_half = fiscal_half(bangkok_today())
    try:
        year = int(request.GET.get("year") or this_year)
        half = int(request.GET["half"]) if request.GET.get("half") else None
        data = o29.complaint_statistics(agency=agency, fiscal_year=year, half=half)
    except (ValueError, TypeError):
        raise Http404("ปีหรือช่วงเวลาไม่ถูกต้อง (no such year or half)") from None
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            o29.to_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"o29-{agency.slug}-{data.period_key}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    query = f"agency={agency.slug}&year={year}" + (f"&half={half}" if half else "")
    return render(
        request,
        "integrity/admin/statistics.html",
        {
            "agencies": agencies,
            "agency": agency,
            "stats": data,
            "table": mark_safe(o29.to_html(data, language=request.LANGUAGE_CODE)),  # noqa: S308
            "query": query,
            "publish_box": publish_box(request, agency, f"complaint_statistics:{data.period_key}"),
            "page_title": _("Complaint statistics"),
            "header_icon": "table",
        },
    )
