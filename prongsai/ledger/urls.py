"""Public pages under the language prefix: /verify/ (Thai) and /en/verify/."""

from __future__ import annotations

from django.urls import path

from prongsai.ledger import views

urlpatterns = [
    path("", views.verify_page, name="ledger-verify"),
    path("entry/<int:seq>/proof.json", views.proof_json, name="ledger-proof"),
]
