"""Forms that replace Wagtail admin forms where Wagtail leaves English on a Thai screen."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, with a label on the password field.

    Wagtail 8.0 redeclares the password field without a label, so Django falls back to the
    field's name, "Password", which no catalogue can translate. Used through the
    WAGTAILADMIN_USER_LOGIN_FORM setting.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
