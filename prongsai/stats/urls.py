"""Public statistics (inside the language prefix: /statistics/, /en/statistics/)."""

from __future__ import annotations

from django.urls import path

from prongsai.stats import views

urlpatterns = [
    path("statistics/", views.public, name="stats-public"),
    path("statistics/click", views.search_click, name="stats-search-click"),
]
