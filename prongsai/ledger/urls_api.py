"""Machine-readable ledger endpoints under /ledger/ (no language prefix)."""

from __future__ import annotations

from django.urls import path

from prongsai.ledger import views

urlpatterns = [
    path("checkpoints.json", views.checkpoints_json, name="ledger-checkpoints"),
    path("checkpoint", views.checkpoint_latest, name="ledger-checkpoint"),
    path("key", views.verifier_key, name="ledger-key"),
    path("consistency.json", views.consistency_json, name="ledger-consistency"),
]
