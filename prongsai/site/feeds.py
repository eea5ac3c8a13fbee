"""RSS 2.0 and Atom feeds of an agency's news."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

FEED_ITEMS = 20


class NewsRssFeed(Feed):
    language = "th"

    def __init__(self, index_page: Any) -> None:
        super().__init__()
        self.index_page = index_page

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        agency = getattr(self.request, "agency", None)
        name = agency.name_th if agency else ""
        return f"{self.index_page.title} · {name}".strip(" ·")

    def link(self) -> str:
        return self.index_page.get_url(self.request)

    def description(self) -> str:
        return strip_tags(self.index_page.intro) or self.index_page.title

    def items(self) -> list[Any]:
        return list(self.index_page.news()[:FEED_ITEMS])

    def item_title(self, item: Any) -> str:
        return item.title

    def item_description(self, item: Any) -> str:
        return item.summary or strip_tags(item.body)[:400]

    def item_link(self, item: Any) -> str:
        return item.get_url(self.request)

    def item_pubdate(self, item: Any) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time(8, 30)))

    def item_updateddate(self, item: Any) -> dt.datetime | None:
        return item.last_published_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
