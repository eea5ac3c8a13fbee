"""Reads for the public website. Each function runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wagtail.models import Page

from prongsai.org.models import Agency, Role, WorkGroup

HOME_NEWS = 4
HOME_PUBLICATIONS = 6


@dataclass(frozen=True)
class Publication:
    title: str
    url: str
    published_at: Any
    item_code: str
    item_title: str
    period_key: str


def latest_publications(agency: Agency, limit: int = HOME_PUBLICATIONS) -> list[Publication]:
    """The newest published evidence of an agency, one line per piece of evidence."""
    from prongsai.ita.models import EvidenceClaim

    claims = (
        EvidenceClaim.objects.filter(agency=agency)
        .select_related("item")
        .order_by("-published_at", "-pk")[: limit * 8]
    )
    seen: set[tuple[int, str]] = set()
    out: list[Publication] = []
    for claim in claims:
        key = (claim.content_type_id, claim.object_id)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Publication(
                title=claim.title,
                url=claim.url,
                published_at=claim.published_at,
                item_code=claim.item.code,
                item_title=claim.item.title,
                period_key=claim.period_key,
            )
        )
        if len(out) == limit:
            break
    return out


def ita_at_a_glance(agency: Agency) -> dict[str, Any] | None:
    """The current catalogue's items: how many are published and how many are complete."""
    from prongsai.ita.selectors import catalogue_readiness, default_catalogue

    catalogue = default_catalogue()
    if catalogue is None:
        return None
    readiness = catalogue_readiness(catalogue=catalogue, agency=agency)
    total = len(readiness.rows)
    published = sum(1 for row in readiness.rows if row.readiness.published)
    return {
        "catalogue": catalogue,
        "total": total,
        "published": published,
        "complete": readiness.counts["complete"],
        "percent_published": round(100 * published / total) if total else 0,
    }


def news_index_for(home: Page) -> Page | None:
    from prongsai.site.models import NewsIndexPage

    return NewsIndexPage.objects.child_of(home).live().first()


def home_page_context(*, home: Page, agency: Agency | None) -> dict[str, Any]:
    from prongsai.site.models import NewsPage

    news_index = news_index_for(home)
    context: dict[str, Any] = {
        "news_index": news_index,
        "latest_news": list(
            NewsPage.objects.descendant_of(home)
            .live()
            .public()
            .order_by("-date", "-pk")[:HOME_NEWS]
        ),
        "menu_pages": list(home.get_children().live().public().in_menu()),
        "work_groups": [],
        "publications": [],
        "ita": None,
    }
    if agency is not None:
        context["work_groups"] = list(
            WorkGroup.objects.filter(agency=agency, parent__isnull=True).order_by("order")
        )
        context["publications"] = latest_publications(agency)
        context["ita"] = ita_at_a_glance(agency)
    return context


def group_pages(work_group: WorkGroup) -> list[Page]:
    """Live public pages owned by a work group, newest first (one query per page type)."""
    from prongsai.site.registry import group_owned_page_models

    home = work_group.agency.site.root_page
    pages: list[Page] = []
    for model in group_owned_page_models():
        pages.extend(
            model.objects.descendant_of(home)
            .live()
            .public()
            .filter(work_group=work_group)
            .order_by("-last_published_at")[:50]
        )
    pages.sort(key=lambda p: p.last_published_at or p.first_published_at, reverse=True)
    return pages


QUESTION_ROLES = (Role.PR, Role.ADMIN, Role.EXECUTIVE)


def questions_for_staff(user: Any, agency: Agency):  # type: ignore[no-untyped-def]
    """Questions of an agency for those who answer them (PR unit, administrator, executives)."""
    from prongsai.org.selectors import has_role
    from prongsai.site.models import Question

    if not has_role(user, agency, *QUESTION_ROLES):
        return Question.objects.none()
    return Question.objects.filter(agency=agency)


def get_question_for_user(user: Any, pk: int):  # type: ignore[no-untyped-def]
    """The one way to load a question in the staff area: 404 unless the user may answer it."""
    from django.http import Http404

    from prongsai.org.selectors import agencies_for_user, has_role
    from prongsai.site.models import Question

    question = Question.objects.filter(pk=pk, agency__in=agencies_for_user(user)).first()
    if question is None or not has_role(user, question.agency_id, *QUESTION_ROLES):
        raise Http404
    return question
