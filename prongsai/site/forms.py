from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Do not include personal information such as ID numbers or addresses."),
    )
    display_name = forms.CharField(
        label=_("Name to show (optional)"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to ask anonymously."),
    )
    # A field people never see: bots that fill every field are turned away quietly.
    website = forms.CharField(required=False, widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    reason = forms.CharField(label=_("Reason for not publishing"), max_length=255, required=False)
