from __future__ import annotations

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context: template.Context, language: str) -> str:
    """The address of the current page in another language (/en/... for English, /... for Thai)."""
    request = context.get("request")
    if request is None:
        return "/" if language == "th" else f"/{language}/"
    return translate_url(request.get_full_path(), language)
