"""Staff screens of the Q&A board, in Wagtail's admin: the queue, and answering or rejecting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prongsai.org.selectors import agencies_for_user
from prongsai.site import services
from prongsai.site.forms import AnswerForm
from prongsai.site.models import Question, QuestionStatus
from prongsai.site.selectors import QUESTION_ROLES, get_question_for_user


def answerable_agencies(user):  # type: ignore[no-untyped-def]
    from prongsai.org.selectors import has_role

    return [a for a in agencies_for_user(user) if has_role(user, a, *QUESTION_ROLES)]


def question_queue(request: HttpRequest) -> HttpResponse:
    agencies = answerable_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    status = request.GET.get("status") or QuestionStatus.NEW
    if status not in QuestionStatus.values:
        status = QuestionStatus.NEW
    questions = (
        Question.objects.filter(agency__in=agencies, status=status)
        .select_related("agency")
        .order_by("asked_at" if status == QuestionStatus.NEW else "-answered_at")[:200]
    )
    return TemplateResponse(
        request,
        "site/admin/question_queue.html",
        {"questions": questions, "status": status, "statuses": QuestionStatus.choices},
    )


@require_http_methods(["GET", "POST"])
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request.user, pk)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        try:
            if "reject" in request.POST:
                services.question_reject(
                    question=question, reason=form.cleaned_data["reason"], actor=request.user
                )
                messages.success(request, _("The question will not be published."))
            else:
                services.question_answer(
                    question=question, answer=form.cleaned_data["answer"], actor=request.user
                )
                messages.success(request, _("The answer is published on the Q&A board."))
            return redirect("site-admin-questions")
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
    return TemplateResponse(
        request, "site/admin/question_answer.html", {"question": question, "form": form}
    )
