"""The staff screen that sends approved integrity content to the publishing workflow.

It lists what the agency has approved (code of conduct, complaint guideline, manuals, measures and
their progress, complaint statistics of the running and the previous fiscal half), the ITA item
each one goes under, where it stands (not sent, draft, waiting for approval, published, changed
since publication), and a button for those who may prepare it for its owning work group.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from prongsai.integrity import publication, selectors
from prongsai.integrity.admin_views import current_agency, member_agencies
from prongsai.integrity.services import publishing
from prongsai.ita.models import Item
from prongsai.org.models import WorkGroup


@dataclass(frozen=True)
class Row:
    content: publication.PublicationContent
    status: publishing.HandoffStatus
    item: Item | None
    problem: str  # why it cannot go under an item (no item of its kind in the criteria)
    work_group: WorkGroup | None  # the group the user would send it for, if they may
    may_edit_page: bool  # the user may open the evidence page in the editor


def _rows(request: HttpRequest, agency) -> list[Row]:  # noqa: ANN001
    contents = publication.current_for_agency(agency)
    rows = []
    for content, status in publishing.statuses_for(contents, agency=agency):
        item, problem = None, ""
        try:
            item = publishing.item_for(content)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        try:
            group = publishing.owning_work_group(content, agency=agency, user=request.user)
        except (ValidationError, PermissionDenied):
            group = None
        # Wagtail sends anyone else who opens the editor back to the dashboard ("no permission").
        page = status.page
        may_edit = page is not None and page.permissions_for_user(request.user).can_edit()
        rows.append(Row(content, status, item, problem, group, may_edit))
    # In the order of the criteria (O14, O15, O27…), what has no item last.
    return sorted(rows, key=lambda r: (r.item is None, r.item.order if r.item else 0))


@require_safe
def publishing_list(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if not selectors.is_member(request.user, agency):
        raise PermissionDenied
    return render(
        request,
        "integrity/admin/publishing.html",
        {
            "page_title": _("Publish on the website (ITA)"),
            "header_icon": "upload",
            "agency": agency,
            "agencies": member_agencies(request),
            "rows": _rows(request, agency),
            "states": publishing.HandoffState,
        },
    )


def _back(request: HttpRequest, agency) -> str:  # noqa: ANN001
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return f"{reverse('integrity_publishing')}?agency={agency.slug}"


@require_POST
def publishing_send(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    content = publication.content_for(agency, request.POST.get("source", ""))
    if content is None:
        raise Http404(_("Nothing approved to publish under this name."))
    try:
        result = publishing.publication_handoff(user=request.user, agency=agency, content=content)
    except (ValidationError, PermissionDenied) as exc:
        texts = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        for text in texts:
            messages.error(request, text)
        return redirect(_back(request, agency))
    title = {"title": result.page.title}
    if result.submitted:
        messages.success(
            request,
            _("“%(title)s” was sent to the executive for approval; the PR unit publishes it next.")
            % title,
        )
    elif result.problems:
        messages.warning(
            request,
            _("“%(title)s” was saved as a draft but not sent for approval: %(problems)s")
            % {**title, "problems": " ".join(result.problems)},
        )
    elif not result.changed:
        messages.info(request, _("“%(title)s” is already up to date; nothing to send.") % title)
    return redirect(_back(request, agency))


def publish_box(request: HttpRequest, agency, source_key: str) -> dict | None:  # noqa: ANN001
    """What the other integrity screens need to show a "send for publication" button for one
    source (with where it stands), or None when the user may not send it or it is not ready."""
    content = publication.content_for(agency, source_key)
    if content is None:
        return None
    try:
        publishing.owning_work_group(content, agency=agency, user=request.user)
        item = publishing.item_for(content)
    except (ValidationError, PermissionDenied):
        return None
    return {
        "source": source_key,
        "item": item,
        "title": content.title,
        "status": publishing.status_of(content, agency=agency),
        "states": publishing.HandoffState,
        "next": request.get_full_path(),
    }
