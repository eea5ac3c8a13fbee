"""Public search pages (inside the language prefix: /search/, /en/search/)."""

from __future__ import annotations

from django.urls import path

from prongsai.search import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/autocomplete", views.autocomplete, name="search-autocomplete"),
]
