"""What the statistics listen to: searches (the search app's signal), new questions and
complaints (counts only: nothing of their content), and the end of each request (to write the
buffer of events)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import transaction
from django.db.models.signals import post_save

from prongsai.stats import middleware, privacy, recorder
from prongsai.stats.models import EventKind

# Models whose new rows are counted, with a test of which rows count.
QUESTION_MODEL = "site.Question"
COMPLAINT_MODEL = "integrity.Case"
MEMO_SECONDS = 24 * 3600


def on_search(sender: Any, request: Any, results: Any, **kwargs: Any) -> None:
    """Count a public search once (its first page), with its number of results."""
    if not recorder.enabled() or getattr(results, "page", 1) != 1:
        return
    if not middleware.countable(request):
        return
    query = privacy.clean_query(getattr(results, "query", ""))
    if not query:
        return
    agency_id = request.agency.pk
    total = int(getattr(results, "total", 0))
    recorder.record(
        agency_id=agency_id,
        kind=EventKind.SEARCH,
        query=query,
        results=total,
        visitor=middleware.visitor_for(request, agency_id),
    )
    # The page may be cached; later copies are counted from this memo (middleware).
    cache.set(
        middleware.search_memo_key(agency_id, request.get_full_path()),
        (query, total),
        MEMO_SECONDS,
    )


def _count_on_commit(kind: int, agency_id: int | None) -> None:
    if agency_id is None or not recorder.enabled():
        return
    transaction.on_commit(lambda: recorder.record(agency_id=agency_id, kind=kind))


def on_question(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    if created and not raw:
        _count_on_commit(EventKind.QUESTION, getattr(instance, "agency_id", None))


def on_case(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    # Only complaints from the public; staff reports of non-compliance are not site statistics.
    if created and not raw and getattr(instance, "channel", "") == "public":
        _count_on_commit(EventKind.COMPLAINT, getattr(instance, "agency_id", None))


def _model(label: str) -> Any:
    app_label, name = label.split(".")
    if not apps.is_installed(f"prongsai.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def connect() -> None:
    from prongsai.search.signals import search_performed

    search_performed.connect(on_search, dispatch_uid="stats-search")
    request_finished.connect(recorder.flush_if_due, dispatch_uid="stats-flush")
    question = _model(QUESTION_MODEL)
    if question is not None:
        post_save.connect(on_question, sender=question, dispatch_uid="stats-question")
    case = _model(COMPLAINT_MODEL)
    if case is not None:
        post_save.connect(on_case, sender=case, dispatch_uid="stats-complaint")
