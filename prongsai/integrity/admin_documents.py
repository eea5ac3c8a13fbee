"""Staff screens for the rest of the discretion audit: reading and acknowledging the code of
conduct (with rates per work group), approving drafts, the executives' oversight view, corrective
actions and their follow-up, an audit's report, a manual as staff read it, and progress reports
on the integrity measures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.core.forms import ThaiDateField
from prongsai.integrity import selectors, services
from prongsai.integrity.admin_publishing import publish_box
from prongsai.integrity.admin_views import current_agency, member_agencies
from prongsai.integrity.models import (
    ActionStatus,
    AuditPlan,
    AuditStatus,
    CodeOfConduct,
    ComplaintGuideline,
    CorrectiveAction,
    DocumentStatus,
    Manual,
    ManualVersion,
    Measure,
    MeasurePlan,
)
from prongsai.integrity.services import audits as audit_services
from prongsai.integrity.services.documents import may_report_progress
from prongsai.org.models import Role

RATE_READERS = {Role.INTEGRITY, Role.ADMIN, Role.EXECUTIVE, Role.HEAD, Role.AUDITOR}


def _page(request: HttpRequest, template: str, title: str, icon: str, **context: Any):
    return render(request, template, {"page_title": title, "header_icon": icon, **context})


def _messages_from(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    texts = exc.messages if isinstance(exc, ValidationError) else [str(exc) or _("Not allowed.")]
    for text in texts:
        messages.error(request, text)


# ----------------------------------------------------------------------------- code of conduct


@require_safe
def code_of_conduct(request: HttpRequest) -> HttpResponse:
    """The code in force, whether the user acknowledged it, and rates per work group."""
    agency = current_agency(request)
    code = selectors.current_code(agency)
    acknowledged = bool(code and code.acknowledgments.filter(user=request.user).exists())
    roles = selectors.roles_in(request.user, agency)
    rates = []
    if code and roles & RATE_READERS:
        groups = None
        if not roles & {Role.INTEGRITY, Role.ADMIN, Role.AUDITOR, Role.EXECUTIVE}:
            from prongsai.org.models import WorkGroup
            from prongsai.org.selectors import work_group_ids_for_user

            groups = WorkGroup.objects.filter(
                pk__in=work_group_ids_for_user(request.user, agency, [Role.HEAD])
            )
        elif Role.EXECUTIVE in roles and not roles & {Role.INTEGRITY, Role.ADMIN, Role.AUDITOR}:
            from prongsai.org.selectors import overseen_work_groups

            groups = overseen_work_groups(request.user, agency)
        rates = selectors.acknowledgment_rates(code, groups)
    return _page(
        request,
        "integrity/admin/code.html",
        _("Code of conduct"),
        "doc-full",
        agency=agency,
        code=code,
        acknowledged=acknowledged,
        rates=rates,
        publish_box=publish_box(request, agency, "code_of_conduct") if code else None,
    )


@require_POST
def code_acknowledge(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    code = selectors.current_code(agency)
    if code is None:
        raise Http404
    try:
        services.code_acknowledge(user=request.user, code=code)
    except (ValidationError, PermissionDenied) as exc:
        _messages_from(request, exc)
    else:
        messages.success(request, _("Thank you: your acknowledgment is recorded."))
    return redirect("integrity_code")


# ----------------------------------------------------------------------------- approvals

APPROVABLE: dict[str, tuple[type, Any]] = {
    "code": (CodeOfConduct, services.code_approve),
    "guideline": (ComplaintGuideline, services.guideline_approve),
    "manual": (ManualVersion, services.manual_version_approve),
    "measures": (MeasurePlan, services.measures_approve),
}


@require_safe
def approvals(request: HttpRequest) -> HttpResponse:
    pending = selectors.pending_approvals(request.user)
    if not pending:
        raise PermissionDenied
    return _page(
        request,
        "integrity/admin/approvals.html",
        _("Waiting for my approval"),
        "tick-inverse",
        pending=pending,
        user_id=request.user.pk,
    )


@require_POST
def approve(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in APPROVABLE:
        raise Http404
    model, service = APPROVABLE[kind]
    path = "manual__agency_id__in" if model is ManualVersion else "agency_id__in"
    executive_of = [
        a for a, r in selectors._agency_roles(request.user).items() if Role.EXECUTIVE in r
    ]
    obj = model.objects.filter(pk=pk, **{path: executive_of}).first()
    if obj is None:
        raise Http404
    keyword = {"code": "code", "guideline": "guideline", "manual": "version", "measures": "plan"}
    try:
        service(actor=request.user, **{keyword[kind]: obj})
    except (ValidationError, PermissionDenied) as exc:
        _messages_from(request, exc)
    else:
        messages.success(request, _("Approved. The previous version is replaced."))
    return redirect("integrity_approvals")


# ----------------------------------------------------------------------------- oversight


@require_safe
def oversight(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if not selectors.is_executive(request.user, agency):
        raise PermissionDenied
    view = selectors.oversight_for_user(request.user, agency)
    return _page(
        request,
        "integrity/admin/oversight.html",
        _("Oversight of my work groups"),
        "view",
        agency=agency,
        view=view,
    )


# ----------------------------------------------------------------------------- manuals


@require_safe
def manual_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agencies = list(selectors._agency_roles(request.user))
    manual = (
        Manual.objects.filter(pk=pk, agency_id__in=agencies).select_related("work_group").first()
    )
    if manual is None:
        raise Http404
    version = selectors.current_manual_version(manual)
    return _page(
        request,
        "integrity/admin/manual.html",
        manual.title,
        "doc-full",
        manual=manual,
        version=version,
        versions=manual.versions.order_by("-number"),
        agency=manual.agency,
        publish_box=publish_box(request, manual.agency, f"manual:{manual.pk}"),
    )


# ----------------------------------------------------------------------------- audits


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Follow-up"), widget=forms.Textarea(attrs={"rows": 2})
    )
    done = forms.BooleanField(label=gettext_lazy("The action is complete"), required=False)


@require_safe
def corrective_actions(request: HttpRequest) -> HttpResponse:
    """Auditors: every open action of their agencies, to follow up. Others: the actions they own."""
    member_of = list(selectors._agency_roles(request.user))
    audit_of = [a for a in member_of if audit_services.may_audit(request.user, a)]
    mine = CorrectiveAction.objects.filter(
        owner_position__holder=request.user, finding__plan__agency_id__in=member_of
    )
    followed = CorrectiveAction.objects.filter(finding__plan__agency_id__in=audit_of)
    show_done = request.GET.get("show") == "done"
    status = ActionStatus.DONE if show_done else ActionStatus.OPEN
    rows = (
        (mine | followed)
        .filter(status=status)
        .select_related("finding__plan", "finding__work_group", "owner_position")
        .prefetch_related("follow_ups")
        .order_by("due_on")
        .distinct()[:300]
    )
    if not member_of:
        raise PermissionDenied
    return _page(
        request,
        "integrity/admin/actions.html",
        _("Corrective actions"),
        "tasks",
        actions=rows,
        audit_of=set(audit_of),
        report_of=set(_audit_readable_agencies(request.user)),
        form=FollowUpForm(),
        show_done=show_done,
    )


@require_POST
def corrective_action_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    action = (
        CorrectiveAction.objects.select_related("finding__plan")
        .filter(pk=pk, finding__plan__agency_id__in=list(selectors._agency_roles(request.user)))
        .first()
    )
    if action is None:
        raise Http404
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.action_follow_up(
                actor=request.user,
                action=action,
                note=form.cleaned_data["note"],
                done=form.cleaned_data["done"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, _("The follow-up is recorded."))
    else:
        messages.error(request, _("Write what the follow-up found."))
    return redirect("integrity_actions")


def _audit_readable_agencies(user: Any) -> list[int]:
    """Agencies whose audit reports the user may read: their auditors and executives."""
    roles = selectors._agency_roles(user)
    return [a for a, r in roles.items() if r & {Role.AUDITOR, Role.EXECUTIVE}]


def _audit_for(request: HttpRequest, pk: int) -> AuditPlan:
    readable = _audit_readable_agencies(request.user)
    plan = AuditPlan.objects.filter(pk=pk, agency_id__in=readable).select_related("agency").first()
    if plan is None:
        raise Http404
    return plan


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(
        label=gettext_lazy("Conclusion for the executives"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@require_http_methods(["GET", "POST"])
def audit_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit as the executives read it; auditors start, report and close it from here."""
    plan = _audit_for(request, pk)
    is_auditor = audit_services.may_audit(request.user, plan.agency_id)
    form = ConclusionForm(request.POST or None, initial={"conclusion": plan.conclusion})
    if request.method == "POST":
        if not is_auditor:
            raise PermissionDenied
        step = request.POST.get("step")
        try:
            if step == "start":
                services.audit_start(actor=request.user, plan=plan)
            elif step == "report" and form.is_valid():
                services.audit_report(
                    actor=request.user, plan=plan, conclusion=form.cleaned_data["conclusion"]
                )
            elif step == "close":
                services.audit_close(actor=request.user, plan=plan)
            else:
                raise ValidationError(_("Write the conclusion first."))
        except (ValidationError, PermissionDenied) as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, _("Saved."))
        return redirect("integrity_audit_report", pk=plan.pk)
    findings = plan.findings.select_related("work_group").prefetch_related(
        "actions__owner_position", "actions__follow_ups"
    )
    return _page(
        request,
        "integrity/admin/audit_report.html",
        plan.title,
        "tasks",
        plan=plan,
        checklist=plan.checklist.select_related("manual"),
        findings=findings,
        is_auditor=is_auditor,
        form=form,
        statuses=AuditStatus,
    )


# ----------------------------------------------------------------------------- measures (O43)


class ProgressForm(forms.Form):
    reported_on = ThaiDateField(label=gettext_lazy("As of"))
    percent = forms.IntegerField(label=gettext_lazy("Per cent done"), min_value=0, max_value=100)
    text = forms.CharField(
        label=gettext_lazy("What was done"), widget=forms.Textarea(attrs={"rows": 3})
    )


@require_http_methods(["GET", "POST"])
def measures_progress(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    plans = (
        MeasurePlan.objects.filter(agency=agency, status=DocumentStatus.APPROVED)
        .prefetch_related("measures__owner_position", "measures__progress")
        .order_by("-fiscal_year")
    )
    posted: ProgressForm | None = None
    if request.method == "POST":
        measure = Measure.objects.filter(
            pk=request.POST.get("measure"), plan__agency=agency
        ).first()
        if measure is None:
            raise Http404
        posted = ProgressForm(request.POST, prefix=f"m{measure.pk}")
        if posted.is_valid():
            try:
                services.measure_progress_add(
                    actor=request.user, measure=measure, **posted.cleaned_data
                )
            except PermissionDenied as exc:
                _messages_from(request, exc)
                return redirect(f"{request.path}?agency={agency.slug}")
            except ValidationError as exc:
                _messages_from(request, exc)
            else:
                messages.success(request, _("The progress report is recorded."))
                return redirect(f"{request.path}?agency={agency.slug}")
        else:
            messages.error(request, _("Fill in the date, the per cent done and what was done."))
        # The form is shown again with the reasons, keeping everything that was typed.
    reportable = set()
    for plan in plans:
        plan.publish_boxes = [
            box
            for key in ("integrity_measures", "integrity_measures_progress")
            if (box := publish_box(request, agency, f"{key}:{plan.fiscal_year}"))
        ]
        for measure in plan.measures.all():
            prefix = f"m{measure.pk}"
            measure.progress_form = (
                posted
                if posted is not None and posted.prefix == prefix
                else ProgressForm(prefix=prefix)
            )
            if may_report_progress(request.user, measure):
                reportable.add(measure.pk)
    return _page(
        request,
        "integrity/admin/measures_progress.html",
        _("Progress of the integrity measures"),
        "list-ul",
        agency=agency,
        agencies=member_agencies(request),
        plans=plans,
        reportable=reportable,
    )
