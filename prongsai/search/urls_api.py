"""The JSON search API under /api/v1/ (no language prefix)."""

from __future__ import annotations

from django.urls import path

from prongsai.search import views

urlpatterns = [
    path("search", views.search_api, name="search-api"),
]
