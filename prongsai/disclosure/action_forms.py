"""Forms of the workflow actions (Wagtail's action modal and our review page). Kept apart from
``forms`` because Wagtail's workflow forms load models, which ``models`` cannot wait for."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm


class TaskCommentForm(TaskStateCommentForm):
    """An optional comment with an approval or publication."""


class ReasonForm(TaskStateCommentForm):
    """Sending evidence back needs a reason, which the owner sees and the ledger keeps."""

    comment = forms.CharField(
        label=_("Reason"),
        required=True,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what must change. The owner sees it and it is kept in the ledger."),
    )
