"""Writes of the public site: questions from the public and their answers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai import ledger
from prongsai.org.models import Agency
from prongsai.site.models import Question, QuestionStatus
from prongsai.site.signals import question_asked


@transaction.atomic
def question_ask(*, agency: Agency, text: str, display_name: str = "") -> Question:
    question = Question(agency=agency, text=text.strip(), display_name=display_name.strip())
    question.full_clean()
    question.save()
    transaction.on_commit(lambda: question_asked.send(sender=Question, question=question))
    return question


@transaction.atomic
def question_answer(*, question: Question, answer: str, actor: AbstractBaseUser) -> Question:
    """Publish an answer (or correct a published one); the question and answer become public."""
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer before publishing it.")})
    previous = question.status
    question.answer = answer
    question.reason = ""
    question.status = QuestionStatus.ANSWERED
    question.answered_at = timezone.now()
    question.answered_by = actor
    question.full_clean()
    question.save()
    ledger.record(
        action="site.question_answer",
        actor=actor,
        obj=question,
        agency=question.agency,
        content_hash=_digest(question.text, answer),
        data={"previous_status": previous},
    )
    return question


@transaction.atomic
def question_reject(*, question: Question, reason: str, actor: AbstractBaseUser) -> Question:
    """Keep a question off the public board (spam, insults, personal data), with a reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for not publishing the question.")})
    previous = question.status
    question.status = QuestionStatus.REJECTED
    question.reason = reason
    question.full_clean()
    question.save()
    ledger.record(
        action="site.question_reject",
        actor=actor,
        obj=question,
        agency=question.agency,
        data={"previous_status": previous, "reason": reason},
    )
    return question


def _digest(*parts: str) -> str:
    import hashlib

    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
