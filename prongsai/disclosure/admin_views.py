"""Staff screens in Wagtail's admin: my tasks, reviewing a step, submitting, withdrawing,
unpublishing with a reason, uploading many files, the due-date boards and draft downloads.
Each view checks access through ``selectors`` and writes through ``services``."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail.models import Revision

from prongsai.disclosure import policy, selectors, services
from prongsai.disclosure.action_forms import ReasonForm, TaskCommentForm
from prongsai.disclosure.forms import BulkUploadForm, UnpublishForm
from prongsai.disclosure.models import EvidenceAttachment, EvidencePage, PublicationTask
from prongsai.disclosure.views import attachment_response
from prongsai.org.models import Agency
from prongsai.org.selectors import agencies_for_user


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not do this.")


def _agency(request: HttpRequest) -> Agency:
    agencies = list(agencies_for_user(request.user).order_by("name_th"))
    if not agencies:
        raise PermissionDenied
    wanted = request.GET.get("agency") or request.POST.get("agency")
    if wanted:
        agency = next((a for a in agencies if a.slug == wanted), None)
        if agency is None:
            raise Http404
        return agency
    current = getattr(request, "agency", None)
    return next((a for a in agencies if current and a.pk == current.pk), agencies[0])


# --------------------------------------------------------------------------- my tasks


@require_safe
def tasks(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    summary = selectors.task_summary(request.user)
    context = {
        **summary,
        "agency": agency,
        "due": selectors.due_this_month(request.user, agency),
        "today": timezone.localdate(),
        "page_title": _("My publishing tasks"),
        "header_icon": "tasks",
    }
    return render(request, "disclosure/admin/tasks.html", context)


# --------------------------------------------------------------------------- review


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, task_state_id: int) -> HttpResponse:
    task_state, page = selectors.get_task_state_for_user(request.user, task_state_id)
    task = task_state.task.specific
    refusal = policy.review_refusal(page, request.user, task.role, task_state)
    in_step = task_state.status == task_state.STATUS_IN_PROGRESS
    approve_form = TaskCommentForm(prefix="approve")
    reject_form = ReasonForm(prefix="reject")
    if request.method == "POST":
        if refusal is not None or not in_step:
            raise PermissionDenied(policy.refusal_message(refusal or "not_in_step", task.role))
        action = request.POST.get("action")
        try:
            if action == "approve":
                approve_form = TaskCommentForm(request.POST, prefix="approve")
                if approve_form.is_valid():
                    services.task_approve(
                        task_state=task_state,
                        user=request.user,
                        comment=approve_form.cleaned_data.get("comment", ""),
                    )
                    done = (
                        _("“%(title)s” was published.")
                        if isinstance(task, PublicationTask)
                        else _("“%(title)s” was approved and goes to the PR unit.")
                    )
                    messages.success(request, done % {"title": page.title})
                    return redirect("disclosure-tasks")
            elif action == "reject":
                reject_form = ReasonForm(request.POST, prefix="reject")
                if reject_form.is_valid():
                    services.task_return(
                        task_state=task_state,
                        user=request.user,
                        reason=reject_form.cleaned_data["comment"],
                    )
                    messages.success(
                        request,
                        _("“%(title)s” was sent back to its work group.") % {"title": page.title},
                    )
                    return redirect("disclosure-tasks")
            else:
                raise Http404
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
            return redirect("disclosure-review", task_state_id=task_state.pk)
    version = task_state.revision.as_object()
    context = {
        "task_state": task_state,
        "task": task,
        "page": page,
        "version": version,
        "version_files": [
            {"attachment": a, "url": reverse("disclosure-draft-file", args=[page.pk, a.key])}
            for a in version.attachments.all()
        ],
        "version_links": list(version.ita_links.all()),
        "refusal": policy.refusal_message(refusal, task.role) if refusal else "",
        "in_step": in_step,
        "is_publication": isinstance(task, PublicationTask),
        "approve_form": approve_form,
        "reject_form": reject_form,
        "history": _history(page),
        "page_title": _("Review: %(title)s") % {"title": page.title},
        "header_icon": "doc-full",
    }
    return render(request, "disclosure/admin/review.html", context)


def _history(page: EvidencePage) -> list[Any]:
    from prongsai.ledger.selectors import entries_for_object

    return list(entries_for_object(page, public=False))


# --------------------------------------------------------------------------- owner steps


@require_POST
def submit(request: HttpRequest, page_id: int) -> HttpResponse:
    page = selectors.get_evidence_for_user(request.user, page_id, purpose="prepare")
    try:
        services.evidence_submit(page=page, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("“%(title)s” was sent for approval.") % {"title": page.title})
    return redirect(_next(request, reverse("disclosure-tasks")))


@require_POST
def withdraw(request: HttpRequest, page_id: int) -> HttpResponse:
    page = selectors.get_evidence_for_user(request.user, page_id, purpose="prepare")
    try:
        services.evidence_withdraw(page=page, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, _("“%(title)s” was withdrawn; you can change it now.") % {"title": page.title}
        )
    return redirect(_next(request, reverse("disclosure-tasks")))


@require_http_methods(["GET", "POST"])
def unpublish(request: HttpRequest, page_id: int) -> HttpResponse:
    page = selectors.get_evidence_for_user(request.user, page_id, purpose="unpublish")
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_unpublish(
                page=page, user=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request, _("“%(title)s” is no longer published.") % {"title": page.title}
            )
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    context = {
        "page": page,
        "form": form,
        "page_title": _("Unpublish: %(title)s") % {"title": page.title},
        "header_icon": "doc-empty-inverse",
    }
    return render(request, "disclosure/admin/unpublish.html", context)


# --------------------------------------------------------------------------- many files


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    form = BulkUploadForm(
        request.POST or None, request.FILES or None, user=request.user, agency=agency
    )
    if not form.fields["work_group"].queryset.exists():
        raise PermissionDenied
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.evidence_bulk_upload(
            user=request.user,
            work_group=data["work_group"],
            item=data["item"],
            title=data["title"],
            uploads=data["files"],
            default_period=data.get("default_period") or "",
            submit=data.get("submit_now", False),
        )
        if result.pages:
            messages.success(
                request,
                _("%(n)d evidence pages were made from the files.") % {"n": len(result.pages)},
            )
        if result.errors:
            messages.warning(request, _("Some files were not used; see the list below."))
    context = {
        "agency": agency,
        "form": form,
        "result": result,
        "page_title": _("Upload many files"),
        "header_icon": "upload",
    }
    return render(request, "disclosure/admin/upload.html", context)


# --------------------------------------------------------------------------- boards


BOARD_SCOPES = ("group", "executive", "agency")


@require_safe
def board(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    scope = request.GET.get("scope") or "agency"
    if scope not in BOARD_SCOPES:
        raise Http404
    groups = selectors.board_groups_for_user(request.user, agency, scope)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    data = selectors.due_board(agency=agency, year=year, work_groups=groups)
    status = request.GET.get("status", "")
    rows = data.rows
    if status == "open":
        rows = data.open_rows
    elif status == "overdue":
        rows = data.overdue
    elif status == "due_soon":
        rows = data.due_soon
    context = {
        "agency": agency,
        "board": data,
        "rows": rows,
        "scope": scope,
        "status": status,
        "groups": groups,
        "page_title": _("Due dates"),
        "header_icon": "date",
        "years": range(data.fiscal_year + 1, data.fiscal_year - 5, -1),
    }
    return render(request, "disclosure/admin/board.html", context)


# --------------------------------------------------------------------------- files


@require_safe
def draft_file(request: HttpRequest, page_id: int, key: uuid.UUID) -> HttpResponse:
    """A file of any version of evidence the user may read (drafts under review included)."""
    page = selectors.get_evidence_for_user(request.user, page_id)
    attachment = EvidenceAttachment.objects.filter(page=page, key=key).first()
    if attachment is None:
        revisions = Revision.objects.filter(
            base_content_type=page.get_base_content_type(), object_id=str(page.pk)
        ).order_by("-created_at", "-id")
        for revision in revisions[:50]:
            for candidate in revision.as_object().attachments.all():
                if candidate.key == key:
                    attachment = candidate
                    break
            if attachment is not None:
                break
    if attachment is None:
        raise Http404
    return attachment_response(attachment, request=request, private=True)
