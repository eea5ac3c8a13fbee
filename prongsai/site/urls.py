from __future__ import annotations

from django.urls import path

from prongsai.site import views

urlpatterns = [
    path("groups/", views.work_groups, name="site-work-groups"),
    path("groups/<slug:code>/", views.work_group, name="site-work-group"),
    path("questions/", views.questions, name="site-questions"),
]
