from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "prongsai.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from prongsai.core.forms import ThaiDateField
        from prongsai.core.middleware import remember_sign_in

        user_logged_in.connect(remember_sign_in, dispatch_uid="prongsai-remember-sign-in")
        # Every date typed in Wagtail's admin forms (snippets, model viewsets, pages, inline
        # rows) is read and shown in the Buddhist era, instead of Wagtail's Common-Era picker.
        # Date-and-time fields keep their own registration (it is more specific).
        register_form_field_override(
            models.DateField, override={"form_class": ThaiDateField, "widget": ThaiDateField.widget}
        )
