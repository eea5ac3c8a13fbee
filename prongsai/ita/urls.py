from __future__ import annotations

from django.urls import path

from prongsai.ita import views

urlpatterns = [
    path("ita/", views.index, name="ita-index"),
    path("ita/<int:year>/", views.year, name="ita-year"),
    path("ita/<int:year>/<slug:slug>/", views.item, name="ita-item"),
    path("information-centre/", views.information_centre, name="ita-information-centre"),
]
