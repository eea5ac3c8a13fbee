"""Thai full-text search: analysis, index backends, query, extraction and evaluation.

Domain apps make their content searchable through `register` (search imports no domain app):

    from prongsai import search
    search.register(Model, to_document=fn, queryset=lambda: Model.objects.all())
"""

from __future__ import annotations

from prongsai.search.documents import Filters, SearchDocument, Visibility
from prongsai.search.registry import (
    ConfidentialRegistrationError,
    register,
    register_visibility,
    unregister,
)

__all__ = [
    "ConfidentialRegistrationError",
    "Filters",
    "SearchDocument",
    "Visibility",
    "register",
    "register_visibility",
    "unregister",
]
