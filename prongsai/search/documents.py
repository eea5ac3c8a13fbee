"""What the index stores, what a search may filter on, and who may see what.

Pure: no Django. Domain apps turn their objects into `SearchDocument`s (see `registry`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

__all__ = ["Filters", "SearchDocument", "Visibility"]


@dataclass(frozen=True)
class SearchDocument:
    """One searchable thing, as the registering app describes it.

    ``key`` is unique across the index ("disclosure.item:42"). ``is_public`` is true only for
    published content; drafts carry their owning ``work_group`` so staff search can show them
    to the people allowed to see them.
    """

    key: str
    title: str
    body: str = ""
    url: str = ""
    kind: str = ""
    is_public: bool = True
    work_group: str = ""
    fiscal_year: int | None = None
    ita_item: str = ""
    file_type: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class Filters:
    fiscal_year: int | None = None
    ita_item: str = ""
    work_group: str = ""
    file_type: str = ""
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def active(self) -> bool:
        return any(
            (
                self.fiscal_year,
                self.ita_item,
                self.work_group,
                self.file_type,
                self.kind,
                self.date_from,
                self.date_to,
            )
        )


@dataclass(frozen=True)
class Visibility:
    """Which documents a searcher may see: public ones, plus drafts of some work groups.

    The default (no work groups, ``all_drafts`` false) is what every anonymous visitor gets:
    published content only. An agency administrator gets ``all_drafts``.
    """

    draft_work_groups: frozenset[str] = field(default_factory=frozenset)
    all_drafts: bool = False

    @classmethod
    def public(cls) -> Visibility:
        return cls()

    @classmethod
    def everything(cls) -> Visibility:
        return cls(all_drafts=True)
