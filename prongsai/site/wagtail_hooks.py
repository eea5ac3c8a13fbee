from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from prongsai.site import admin_views


@hooks.register("register_admin_urls")
def question_urls() -> list:
    return [
        path("questions/", admin_views.question_queue, name="site-admin-questions"),
        path("questions/<int:pk>/", admin_views.question_answer, name="site-admin-question"),
    ]


class QuestionsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # type: ignore[no-untyped-def]
        return bool(admin_views.answerable_agencies(request.user))


@hooks.register("register_admin_menu_item")
def questions_menu_item() -> MenuItem:
    return QuestionsMenuItem(
        _("Questions and answers"), reverse("site-admin-questions"), icon_name="help", order=700
    )
