"""Page models that belong to a work group and appear on the work group's public page.

Other apps register theirs (e.g. evidence pages) in their AppConfig.ready().
"""

from __future__ import annotations

from django.apps import apps

_MODELS: list[str] = ["site.StandardPage", "site.NewsPage"]


def register_group_owned_page(model_label: str) -> None:
    if model_label not in _MODELS:
        _MODELS.append(model_label)


def group_owned_page_models() -> list[type]:
    return [apps.get_model(label) for label in _MODELS]
