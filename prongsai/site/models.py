"""Page types of the agency's public website."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from prongsai.core.panels import page_settings_panels
from prongsai.org.models import WorkGroup
from prongsai.org.permissions import WorkGroupOwnedPageMixin

NEWS_PER_PAGE = 12


class HomePage(Page):
    """The root page of one agency's website (the Wagtail Site's root)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = page_settings_panels()
    parent_page_types = ["wagtailcore.Page"]
    template = "site/home_page.html"

    class Meta:
        verbose_name = _("agency home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from prongsai.site import selectors

        context = super().get_context(request, *args, **kwargs)
        agency = getattr(request, "agency", None)
        context.update(selectors.home_page_context(home=self, agency=agency))
        return context


class StandardPage(WorkGroupOwnedPageMixin, Page):
    """A page of information owned by one work group, which keeps it current."""

    work_group = models.ForeignKey(
        WorkGroup,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning work group"),
        help_text=_("The work group that prepares this information and keeps it current."),
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("work_group"), FieldPanel("body")]
    settings_panels = page_settings_panels()
    search_fields = [*Page.search_fields, index.SearchField("body")]
    template = "site/standard_page.html"

    class Meta:
        verbose_name = _("information page")


class NewsIndexPage(RoutablePageMixin, Page):
    """News and announcements of the agency (ITA: the PR news item), with RSS and Atom feeds."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = page_settings_panels()
    subpage_types = ["site.NewsPage"]
    max_count_per_parent = 1
    template = "site/news_index_page.html"

    class Meta:
        verbose_name = _("news listing")

    def news(self) -> models.QuerySet[NewsPage]:
        return (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("work_group")
            .order_by("-date", "-pk")
        )

    @path("")
    def listing(self, request: HttpRequest) -> HttpResponse:
        paginator = Paginator(self.news(), NEWS_PER_PAGE)
        try:
            news_page = paginator.page(request.GET.get("page") or 1)
        except (PageNotAnInteger, EmptyPage):
            news_page = paginator.page(1)
        return self.render(request, context_overrides={"news_page": news_page})

    @path("feed/")
    def rss(self, request: HttpRequest) -> HttpResponse:
        from prongsai.site.feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/")
    def atom(self, request: HttpRequest) -> HttpResponse:
        from prongsai.site.feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsPage(WorkGroupOwnedPageMixin, Page):
    """One news item or announcement."""

    work_group = models.ForeignKey(
        WorkGroup,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning work group"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), max_length=400, blank=True)
    body = RichTextField(_("body"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("work_group"),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    settings_panels = page_settings_panels()
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["site.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "site/news_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        indexes = [models.Index(fields=["-date"], name="site_news_date")]

    @property
    def published_on(self) -> dt.date:
        return self.date


class QuestionStatus(models.TextChoices):
    NEW = "new", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Not published")


class Question(models.Model):
    """A question from the public on the Q&A board (ITA: the Q&A channel), answered in public."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="questions", verbose_name=_("agency")
    )
    text = models.TextField(_("question"), max_length=2000)
    display_name = models.CharField(
        _("name to show"),
        max_length=80,
        blank=True,
        help_text=_("Optional. Leave empty to ask anonymously."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.NEW
    )
    answer = models.TextField(_("answer"), blank=True)
    reason = models.CharField(_("reason for not publishing"), max_length=255, blank=True)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions and answers")
        ordering = ["-asked_at"]
        indexes = [
            models.Index(fields=["agency", "status", "-answered_at"], name="site_question_public"),
            models.Index(fields=["agency", "status", "asked_at"], name="site_question_queue"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
