"""Wagtail edit-handler panels shared by the apps' page models."""

from __future__ import annotations

from typing import Any

from wagtail.admin.panels import PublishingPanel
from wagtail.models import Page

from prongsai.core.forms import ThaiDateTimeInput

__all__ = ["ThaiPublishingPanel", "page_settings_panels"]


class ThaiPublishingPanel(PublishingPanel):
    """Wagtail's publishing schedule (go live / expire) typed in the Buddhist era.

    `PublishingPanel` gives both fields Wagtail's date-and-time picker, which shows and sends
    Common-Era dates; here they are `ThaiDateTimeInput` text inputs (``1/10/2566 09:30``) with
    the same attributes, so the schedule dialog still resets them when it closes.
    """

    def __init__(self, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(**kwargs)
        for child in self.children:
            child.widget = ThaiDateTimeInput(attrs=dict(child.widget.attrs))


def page_settings_panels() -> list[Any]:
    """Wagtail's page settings panels, with the schedule in the Buddhist era."""
    return [ThaiPublishingPanel(), *Page.settings_panels[1:]]
