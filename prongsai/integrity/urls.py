from __future__ import annotations

from django.urls import path

from prongsai.integrity import views

urlpatterns = [
    path("complaints/", views.complaint, name="integrity-complaint"),
    path("complaints/status/", views.status, name="integrity-status"),
    path("complaints/status/message/", views.status_message, name="integrity-status-message"),
    path("complaints/guideline/", views.guideline, name="integrity-guideline"),
]
