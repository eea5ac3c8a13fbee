"""Domain apps register what they want searchable; search imports no domain app.

    from prongsai import search

    search.register(
        DisclosureItem,
        to_document=item_to_search_document,   # instance -> SearchDocument | None
        queryset=lambda: DisclosureItem.objects.all(),  # what search_reindex indexes
    )
    search.register_visibility(staff_search_visibility)   # user -> Visibility

``to_document`` returns None for an object that must not be in the index (deleted, withdrawn).
A registration flagged ``confidential=True`` is refused: confidential integrity cases are never
indexed, and the refusal makes a mistake loud instead of silent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from prongsai.search.documents import SearchDocument, Visibility

__all__ = [
    "ConfidentialRegistrationError",
    "Registration",
    "all_documents",
    "document_for",
    "instances_for_keys",
    "key_for",
    "register",
    "register_visibility",
    "registration_for",
    "registrations",
    "unregister",
    "visibility_for",
]


class ConfidentialRegistrationError(ValueError):
    """Raised when an app tries to make confidential content searchable."""


@dataclass(frozen=True)
class Registration:
    label: str
    model: Any
    to_document: Callable[[Any], SearchDocument | None]
    queryset: Callable[[], Iterable[Any]]


_registry: dict[str, Registration] = {}
_visibility_providers: list[Callable[[Any], Visibility]] = []


def _label(model: Any) -> str:
    meta = getattr(model, "_meta", None)
    if meta is not None:
        return str(meta.label_lower)
    return f"{model.__module__}.{model.__qualname__}".lower()


def key_for(instance: Any) -> str:
    """The index key of a model instance: "<app_label.model>:<pk>"."""
    return f"{_label(type(instance))}:{instance.pk}"


def register(
    model: Any,
    *,
    to_document: Callable[[Any], SearchDocument | None],
    queryset: Callable[[], Iterable[Any]] | None = None,
    confidential: bool = False,
) -> Registration:
    if confidential or getattr(model, "search_confidential", False):
        raise ConfidentialRegistrationError(
            f"{_label(model)}: ข้อมูลลับไม่สามารถนำเข้าดัชนีค้นหาได้ / confidential content "
            "is never indexed for search"
        )
    label = _label(model)
    reg = Registration(
        label=label,
        model=model,
        to_document=to_document,
        queryset=queryset or (lambda: model._default_manager.all()),
    )
    _registry[label] = reg
    return reg


def instances_for_keys(keys: Iterable[str]) -> dict[str, Any]:
    """The registered objects behind index keys, one query per model. Keys of an unregistered
    model or of a deleted object are left out."""
    wanted: dict[str, dict[str, str]] = {}
    for key in keys:
        label, _sep, pk = key.partition(":")
        if pk and (reg := registration_for(label)) is not None:
            wanted.setdefault(reg.label, {})[pk] = key
    found: dict[str, Any] = {}
    for label, by_pk in wanted.items():
        model = _registry[label].model
        for instance in model._default_manager.filter(pk__in=list(by_pk)):
            found[by_pk[str(instance.pk)]] = instance
    return found


def unregister(model: Any) -> None:
    _registry.pop(_label(model), None)


def registrations() -> list[Registration]:
    return list(_registry.values())


def registration_for(model_or_label: Any) -> Registration | None:
    label = model_or_label if isinstance(model_or_label, str) else _label(model_or_label)
    return _registry.get(label.lower())


def document_for(instance: Any) -> SearchDocument | None:
    reg = registration_for(type(instance))
    if reg is None:
        return None
    doc = reg.to_document(instance)
    if doc is None:
        return None
    if not doc.kind:
        doc = SearchDocument(**{**doc.__dict__, "kind": reg.label})
    return doc


def all_documents() -> Iterator[SearchDocument]:
    for reg in registrations():
        for instance in reg.queryset():
            doc = document_for(instance)
            if doc is not None:
                yield doc


def register_visibility(provider: Callable[[Any], Visibility]) -> None:
    """Add a function user -> Visibility (the drafts a staff member may see in search)."""
    if provider not in _visibility_providers:
        _visibility_providers.append(provider)


def visibility_for(user: Any) -> Visibility:
    """Public content for everyone; drafts as the registered providers allow (union)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Visibility.public()
    if getattr(user, "is_superuser", False):
        return Visibility.everything()
    groups: set[str] = set()
    for provider in _visibility_providers:
        v = provider(user)
        if v.all_drafts:
            return Visibility.everything()
        groups |= set(v.draft_work_groups)
    return Visibility(draft_work_groups=frozenset(groups))
