"""Forms of the integrity screens and the public complaint channel.

Attachments are checked by content (prongsai.integrity.uploads); a bad file gets a Thai message
naming it while every other field keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from prongsai.integrity import uploads
from prongsai.integrity.models import CaseCategory, CaseOutcome
from prongsai.integrity.uploads import CheckedFile
from prongsai.org.models import person_name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned into a list of CheckedFile (type and size checked)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.accept_attribute()}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > uploads.max_files():
            raise ValidationError(
                _("At most %(n)s files can be attached.") % {"n": uploads.max_files()}
            )
        pairs: list[tuple[str, bytes]] = []
        errors: list[ValidationError] = []
        for f in files:
            if not isinstance(f, UploadedFile):
                continue
            if f.size is not None and f.size > uploads.max_file_bytes():
                errors.append(
                    ValidationError(
                        _("%(name)s: the file is larger than %(mb)s MB")
                        % {
                            "name": uploads.display_name(f.name or ""),
                            "mb": uploads.max_file_bytes() // (1024 * 1024),
                        }
                    )
                )
                continue
            pairs.append((f.name or "file", f.read()))
        good, bad = uploads.check_uploads(pairs)
        errors.extend(bad)
        if errors:
            raise ValidationError(errors)
        return good


def _help_files() -> str:
    return _(
        "Up to %(n)s files, each at most %(mb)s MB: PDF, pictures (JPG, PNG, WEBP), Word or "
        "Excel (DOCX, XLSX), sound or video (MP3, M4A, MP4) or text."
    ) % {"n": uploads.max_files(), "mb": uploads.max_file_bytes() // (1024 * 1024)}


# ----------------------------------------------------------------------------- staff


class StepUpForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What kind of non-compliance"), choices=CaseCategory.choices
    )
    what = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe what was done and how it breaks the law, the rules or the manual."),
    )
    occurred = forms.CharField(
        label=_("When it happened"),
        max_length=200,
        help_text=_("A date or a period, e.g. มีนาคม 2567"),
    )
    where = forms.CharField(label=_("Where"), max_length=300, required=False)
    manual = forms.ModelChoiceField(
        label=_("Manual that was not followed"), queryset=None, required=False
    )
    rule = forms.CharField(
        label=_("Law, rule or manual section not followed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    work_group = forms.ModelChoiceField(
        label=_("Work group where it happened"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for your own work group."),
    )
    involved_positions = forms.ModelMultipleChoiceField(
        label=_("People involved"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick everyone involved, including your supervisor if they are: the report then goes "
            "past them, and they will never see it."
        ),
    )
    involved_text = forms.CharField(
        label=_("Others involved (not in the list)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    files = MultipleFileField(label=_("Evidence files"))

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from prongsai.integrity.models import Manual
        from prongsai.org.models import Position, WorkGroup

        self.fields["files"].help_text = _help_files()
        self.fields["manual"].queryset = Manual.objects.filter(agency=agency).order_by("title")
        self.fields["work_group"].queryset = WorkGroup.objects.filter(agency=agency)
        positions = Position.objects.filter(agency=agency).select_related("holder")
        self.fields["involved_positions"].queryset = positions.order_by("order", "title_th")
        self.fields["involved_positions"].label_from_instance = lambda p: (
            f"{p.title_th} — {p.holder.get_full_name()}" if p.holder_id else p.title_th
        )


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))


class AssignForm(forms.Form):
    fact_finder = forms.ModelChoiceField(label=_("Fact-finder"), queryset=None)
    note = forms.CharField(
        label=_("Instructions (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fact_finder"].queryset = people
        self.fields["fact_finder"].label_from_instance = person_name


class ProposalsForm(forms.Form):
    text = forms.CharField(
        label=_("Prevention proposals"), widget=forms.Textarea(attrs={"rows": 5})
    )
    decider = forms.ModelChoiceField(label=_("Executive who decides"), queryset=None)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decider"].queryset = people
        self.fields["decider"].label_from_instance = person_name


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision and measures to take"), widget=forms.Textarea(attrs={"rows": 5})
    )
    follow_up_days = forms.IntegerField(
        label=_("Follow up within (days)"), min_value=1, max_value=365, required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    visible_to_reporter = forms.BooleanField(
        label=_("The reporter may read this note (through their receipt code)"), required=False
    )


class RouteForm(forms.Form):
    to_position = forms.ModelChoiceField(
        label=_("Send to"),
        queryset=None,
        required=False,
        empty_label=_("The next level up (or the integrity officer)"),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, positions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_position"].queryset = positions
        self.fields["to_position"].label_from_instance = lambda p: (
            f"{p.title_th} — {p.holder.get_full_name()}" if p.holder_id else p.title_th
        )


class CloseRequestForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CaseOutcome.choices)
    text = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmCloseForm(forms.Form):
    message_to_reporter = forms.CharField(
        label=_("Message to the reporter (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class WithdrawCloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False)


class RevealForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("Reveal to"), queryset=None)
    reason = forms.CharField(
        label=_("Reason (recorded)"), widget=forms.Textarea(attrs={"rows": 2}), min_length=10
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = people
        self.fields["to_user"].label_from_instance = person_name


# ----------------------------------------------------------------------------- public


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about"), choices=CaseCategory.choices)
    what = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=20000,
        help_text=_("Who did what, and how you know. The more precise, the faster we can act."),
    )
    occurred = forms.CharField(
        label=_("When it happened"),
        max_length=200,
        help_text=_("A date or a period, e.g. 5 เมษายน 2567"),
    )
    where = forms.CharField(label=_("Where it happened"), max_length=300, required=False)
    persons = forms.CharField(
        label=_("Official or unit complained about"), max_length=1000, required=False
    )
    anonymous = forms.TypedChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            ("1", _("No, I stay anonymous")),
            ("0", _("Yes, so that the agency can contact me")),
        ],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    files = MultipleFileField(label=_("Evidence files (optional)"))
    consent = forms.BooleanField(
        label=_(
            "I confirm the information is true to the best of my knowledge, and I have read how "
            "my information is protected."
        )
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _help_files()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("anonymous") is False:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Please give your name, or choose to stay anonymous."))
            if not (data.get("phone") or "").strip() and not (data.get("email") or "").strip():
                self.add_error("phone", _("Please give a telephone number or an e-mail address."))
        return data


class StatusForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        help_text=_("The 16 characters you received, e.g. K7QM-2XHD-9RTB-4WNE"),
    )


class ReporterMessageForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("More information"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    files = MultipleFileField(label=_("More evidence files"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _help_files()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files") and not self.errors:
            raise ValidationError(_("Write a message or attach a file."))
        return data
