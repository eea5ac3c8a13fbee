"""Domain apps register content; confidential content is refused; drafts follow visibility."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from prongsai import search
from prongsai.search import registry, service
from prongsai.search.documents import SearchDocument, Visibility


@dataclass
class Note:
    pk: int
    title: str
    published: bool = True
    group: str = "admin"


NOTES = [Note(1, "ประกาศเรื่องราคากลาง"), Note(2, "ร่างประกาศราคากลาง", published=False)]


def note_to_document(note: Note) -> SearchDocument | None:
    if note.title.startswith("ลบ"):
        return None
    return SearchDocument(
        key=registry.key_for(note),
        title=note.title,
        is_public=note.published,
        work_group=note.group,
    )


@pytest.fixture
def registered(settings, tmp_path) -> Iterator[None]:
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp_path / "s.sqlite3")}
    service.reset_engine()
    # Only this test's registration: the domain apps' own are put back afterwards.
    saved = (dict(registry._registry), list(registry._visibility_providers))
    registry._registry.clear()
    registry._visibility_providers.clear()
    search.register(Note, to_document=note_to_document, queryset=lambda: NOTES)
    yield
    registry._registry.clear()
    registry._registry.update(saved[0])
    registry._visibility_providers[:] = saved[1]
    service.reset_engine()


def test_confidential_content_is_refused() -> None:
    class Case:
        search_confidential = True

    with pytest.raises(search.ConfidentialRegistrationError):
        search.register(Case, to_document=lambda c: None, queryset=list)
    with pytest.raises(search.ConfidentialRegistrationError):
        search.register(Note, to_document=note_to_document, queryset=list, confidential=True)
    assert registry.registration_for(Case) is None


def test_reindex_takes_every_registration(registered: None) -> None:
    assert service.search_reindex() == 2
    keys = [h.key for h in service.get_engine().search("ราคากลาง").hits]
    assert keys == [registry.key_for(NOTES[0])]
    assert service.get_engine().search("ราคากลาง", visibility=Visibility.everything()).total == 2


def test_index_one_instance_and_remove_it(registered: None) -> None:
    note = Note(3, "ประกาศรับสมัครงาน")
    assert service.search_index_instance(instance=note) is True
    assert service.get_engine().search("รับสมัคร").total == 1
    note.title = "ลบแล้ว"
    assert service.search_index_instance(instance=note) is False
    assert service.get_engine().search("รับสมัคร").total == 0


def test_visibility_is_public_for_visitors_and_follows_providers_for_staff(
    registered: None, django_user_model
) -> None:
    assert registry.visibility_for(AnonymousUser()) == Visibility.public()

    class Staff:
        is_authenticated = True
        is_superuser = False

    search.register_visibility(lambda user: Visibility(frozenset({"admin"})))
    search.register_visibility(lambda user: Visibility(frozenset({"finance"})))
    assert registry.visibility_for(Staff()).draft_work_groups == {"admin", "finance"}

    class Admin(Staff):
        is_superuser = True

    assert registry.visibility_for(Admin()).all_drafts
