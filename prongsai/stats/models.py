"""Statistics tables: raw events (kept a few days), the daily salt, and the aggregates.

Privacy by construction: no table here has a column for an IP address, a user agent, a cookie, a
user or a session. A raw event carries at most ``visitor``, a 64-bit keyed hash of the connection
made with a salt that lives one day (``DailySalt``) and is deleted when the day ends; after that the
hash cannot be linked to anything. Raw events are deleted after ``STATS_RAW_RETENTION_DAYS``.

What was viewed is named by ``target_kind`` + ``target`` (a key, never a title):

* ``page``: a Wagtail page id; ``evidence``: an evidence page id;
* ``item``: an ITA item as ``<fiscal year>/<slug>``; ``group``: a work group code;
* ``view``: another public page, by URL name (``ita-year:2566``);
* ``doc``: a Wagtail document id; ``file``: an evidence file key (hex);
* ``path``: a page known only by its path (a cached copy served before its kind was known).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.IntegerChoices):
    VIEW = 1, _("Page view")
    DOWNLOAD = 2, _("File download")
    SEARCH = 3, _("Search")
    CLICK = 4, _("Search result opened")
    QUESTION = 5, _("Question asked")
    COMPLAINT = 6, _("Complaint submitted")


class TargetKind(models.TextChoices):
    PAGE = "page", _("Page")
    EVIDENCE = "evidence", _("Evidence")
    ITEM = "item", _("ITA item")
    GROUP = "group", _("Work group")
    VIEW = "view", _("Site page")
    DOC = "doc", _("Document")
    FILE = "file", _("Evidence file")
    PATH = "path", _("Address")


class Event(models.Model):
    """One anonymous event, as recorded. Deleted after STATS_RAW_RETENTION_DAYS days.

    No foreign keys: events are written in batches after the response, and must never fail or
    lock because of a row elsewhere. ``agency_id`` and ``group_id`` are plain numbers.
    """

    agency_id = models.PositiveIntegerField()
    at = models.DateTimeField(db_index=True)
    kind = models.PositiveSmallIntegerField(choices=EventKind.choices)
    target_kind = models.CharField(max_length=10, blank=True, choices=TargetKind.choices)
    target = models.CharField(max_length=120, blank=True)
    path = models.CharField(max_length=300, blank=True)
    group_id = models.PositiveIntegerField(null=True, blank=True)
    # Daily-salted keyed hash (16 hex digits); null when the visitor asked not to be tracked.
    visitor = models.CharField(max_length=16, null=True, blank=True)
    query = models.CharField(max_length=200, blank=True)
    results = models.PositiveIntegerField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("statistics event")
        verbose_name_plural = _("statistics events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target_kind}:{self.target}"


class DailySalt(models.Model):
    """The secret of one Bangkok day for visitor hashes; deleted once the day is over."""

    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class DailyTotal(models.Model):
    """One agency's totals for one Bangkok day."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(default=0)
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    questions = models.PositiveIntegerField(default=0)
    complaints = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="stats_dailytotal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}"


class _TargetCounts(models.Model):
    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.PositiveSmallIntegerField(choices=EventKind.choices)  # VIEW or DOWNLOAD
    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    target = models.CharField(max_length=120)
    path = models.CharField(max_length=300, blank=True)
    group_id = models.PositiveIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0)
    # Distinct visitors of the day; summed over days in MonthlyTarget (visitor-days).
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyTarget(_TargetCounts):
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day", "kind", "target_kind", "target"],
                name="stats_dailytarget_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.target_kind}:{self.target} {self.count}"


class MonthlyTarget(_TargetCounts):
    month = models.DateField(help_text="First day of the calendar month.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "month", "kind", "target_kind", "target"],
                name="stats_monthlytarget_unique",
            )
        ]
        indexes = [models.Index(fields=["agency", "kind", "month"], name="stats_mtarget_period")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.target_kind}:{self.target} {self.count}"


class _SearchCounts(models.Model):
    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    rank_sum = models.PositiveIntegerField(default=0)  # mean clicked rank = rank_sum / clicks

    class Meta:
        abstract = True


class DailySearch(_SearchCounts):
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day", "query"], name="stats_dailysearch_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.query} {self.searches}"


class MonthlySearch(_SearchCounts):
    month = models.DateField(help_text="First day of the calendar month.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "month", "query"], name="stats_monthlysearch_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.query} {self.searches}"


class QuarterlyReport(models.Model):
    """That the quarter's report was sent to the agency's executives (so it is sent once)."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("quarterly statistics report")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "quarter"], name="stats_quarterlyreport_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.fiscal_year} Q{self.quarter}"
