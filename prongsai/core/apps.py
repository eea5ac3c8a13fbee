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

        from prongsai.core.forms import ThaiDateField, ThaiDateTimeField
        from prongsai.core.middleware import remember_sign_in

        user_logged_in.connect(remember_sign_in, dispatch_uid="prongsai-remember-sign-in")
        # Every date typed in Wagtail's admin forms (snippets, model viewsets, pages, inline
        # rows) is read and shown in the Buddhist era, instead of Wagtail's Common-Era picker.
        # Date-and-time fields have their own registration (it is more specific); it replaces
        # Wagtail's Common-Era date-and-time picker.
        register_form_field_override(
            models.DateField, override={"form_class": ThaiDateField, "widget": ThaiDateField.widget}
        )
        register_form_field_override(
            models.DateTimeField,
            override={"form_class": ThaiDateTimeField, "widget": ThaiDateTimeField.widget},
        )
