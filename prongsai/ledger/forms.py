from __future__ import annotations

import hashlib
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.core.forms import ThaiDateField
from prongsai.thai.digits import to_arabic_digits

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")


class VerifyForm(forms.Form):
    """Upload a file or paste its SHA-256; either gives the hash to look up."""

    file = forms.FileField(
        label=_("File to check"),
        required=False,
        help_text=_("The file is not kept: only its SHA-256 fingerprint is computed."),
    )
    sha256 = forms.CharField(
        label=_("or its SHA-256 fingerprint"),
        required=False,
        max_length=100,
        help_text=_("64 hexadecimal digits, for example from sha256sum or certutil."),
    )

    def clean_sha256(self) -> str:
        value = to_arabic_digits(self.cleaned_data.get("sha256") or "").strip().lower()
        value = re.sub(r"[\s:]", "", value)
        if value and not _HEX64.fullmatch(value):
            raise forms.ValidationError(
                _("A SHA-256 fingerprint is 64 characters 0-9 and a-f (you entered %(count)s)."),
                params={"count": len(value)},
                code="bad_sha256",
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _(
                        "The file is larger than %(limit)s MB; compute its SHA-256 yourself and paste it."
                    ),
                    params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
                    code="too_large",
                )
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            cleaned["sha256"] = digest.hexdigest()
        elif not cleaned.get("sha256") and not self.errors:
            raise forms.ValidationError(
                _("Choose a file or paste its SHA-256 fingerprint."), code="empty"
            )
        return cleaned


class StaffFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    actor = forms.CharField(label=_("Actor"), required=False, max_length=64)
    unit = forms.CharField(label=_("Work group"), required=False, max_length=255)
    # Typed in the Buddhist era (1/10/2566), like every date staff type.
    start = ThaiDateField(label=_("From (date)"), required=False)
    end = ThaiDateField(label=_("To (date)"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date is before the start date."), code="period")
        return cleaned
