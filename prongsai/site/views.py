"""Public views of the website that are not Wagtail pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.core import ratelimit
from prongsai.org.models import WorkGroup
from prongsai.org.selectors import agency_for_request
from prongsai.site import services
from prongsai.site.forms import QuestionForm
from prongsai.site.models import Question, QuestionStatus
from prongsai.site.selectors import group_pages

QUESTIONS_PER_PAGE = 20
QUESTION_LIMIT = (5, 3600)  # questions per source per hour


def _agency_or_404(request: HttpRequest):  # type: ignore[no-untyped-def]
    agency = agency_for_request(request)
    if agency is None:
        raise Http404
    return agency


@require_GET
def work_groups(request: HttpRequest) -> HttpResponse:
    agency = _agency_or_404(request)
    groups = list(
        WorkGroup.objects.filter(agency=agency)
        .select_related("parent")
        .order_by("order", "name_th")
    )
    top = [g for g in groups if g.parent_id is None]
    children: dict[int, list[WorkGroup]] = {}
    for group in groups:
        if group.parent_id is not None:
            children.setdefault(group.parent_id, []).append(group)
    tree = [(group, children.get(group.pk, [])) for group in top]
    return render(request, "site/work_groups.html", {"tree": tree})


@require_GET
def work_group(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency_or_404(request)
    group = WorkGroup.objects.filter(agency=agency, code=code).select_related("parent").first()
    if group is None:
        raise Http404
    return render(
        request,
        "site/work_group.html",
        {"group": group, "pages": group_pages(group), "subgroups": list(group.children.all())},
    )


@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest) -> HttpResponse:
    """The public Q&A board: answered questions, and a form to ask a new one."""
    agency = _agency_or_404(request)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        allowed, retry_after = ratelimit.hit(
            request, "question", limit=QUESTION_LIMIT[0], window=QUESTION_LIMIT[1]
        )
        if not allowed:
            form.add_error(
                None,
                _(
                    "Too many questions from your connection. Please try again in %(minutes)d minutes."
                )
                % {"minutes": max(1, retry_after // 60)},
            )
            status = 429
        elif form.is_valid():
            if not form.cleaned_data["website"]:
                services.question_ask(
                    agency=agency,
                    text=form.cleaned_data["text"],
                    display_name=form.cleaned_data["display_name"],
                )
            messages.success(
                request,
                _(
                    "Thank you. Your question has been received and will appear here with its answer."
                ),
            )
            return redirect("site-questions")
        else:
            status = 400
    answered = Question.objects.filter(agency=agency, status=QuestionStatus.ANSWERED).order_by(
        "-answered_at", "-pk"
    )
    page = Paginator(answered, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    response = render(request, "site/questions.html", {"form": form, "questions": page})
    response.status_code = status
    return response
