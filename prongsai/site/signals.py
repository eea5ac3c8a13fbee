"""Empty the public page cache of an agency whenever what its public sees may have changed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished

from prongsai.site.cache import invalidate


def _agency_of_page(page: Page) -> int | None:
    from prongsai.org.models import Agency

    site = page.get_site()
    if site is None:
        return None
    return Agency.objects.filter(site=site).values_list("pk", flat=True).first()


def page_changed(sender: Any, instance: Page, **kwargs: Any) -> None:
    agency_id = _agency_of_page(instance)
    transaction.on_commit(lambda: invalidate(agency_id))


def organisation_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    agency_id = getattr(instance, "agency_id", None) or getattr(instance, "pk", None)
    transaction.on_commit(lambda: invalidate(agency_id))


def everything_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: invalidate(None))


def search_index_changed(sender: Any, **kwargs: Any) -> None:
    # Search results are public pages too; the index says nothing of agencies, so all go.
    # The index is written outside the site's transactions (a task, or its own database).
    invalidate(None)


def connect() -> None:
    from prongsai.ita.models import EvidenceClaim
    from prongsai.org.models import Agency, WorkGroup
    from prongsai.search.signals import index_changed

    index_changed.connect(search_index_changed, dispatch_uid="prongsai-cache-search-index")
    page_published.connect(page_changed, dispatch_uid="prongsai-cache-published")
    page_unpublished.connect(page_changed, dispatch_uid="prongsai-cache-unpublished")
    for model in (WorkGroup, EvidenceClaim):
        post_save.connect(
            organisation_changed, sender=model, dispatch_uid=f"cache-{model.__name__}"
        )
        post_delete.connect(
            organisation_changed, sender=model, dispatch_uid=f"cache-d-{model.__name__}"
        )
    post_save.connect(organisation_changed, sender=Agency, dispatch_uid="cache-agency")
    # The catalogue is shared by every agency: a corrected title empties every agency's cache.
    from prongsai.ita.models import Catalogue, Element, Item

    for model in (Site, Catalogue, Item, Element):
        post_save.connect(
            everything_changed, sender=model, dispatch_uid=f"cache-all-{model.__name__}"
        )


# Sent after a question from the public is stored (statistics count it; nothing personal is sent).
question_asked = Signal()
