"""The ITA criteria catalogue per fiscal year, and the catalogue's side of the link to evidence.

A ``Catalogue`` (one per fiscal year, loaded from a data file) has indicators, items and each
item's required elements. Catalogues are national criteria shared by every agency. Evidence is
linked to items by ``EvidenceClaim`` rows, one per (evidence object, item, element or none, period)
for one agency, written by the publishing workflow through ``services.evidence_claim_set``.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from prongsai.ita.schema import FREQUENCIES, KINDS, OWNER_KEYS, SPANS, UNITS, PeriodRule


def _choices(table: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    return [(key, f"{th} ({en})") for key, (th, en) in table.items()]


def _pick(th: str, en: str) -> str:
    return en if en and (get_language() or "th").startswith("en") else th


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In use")
    ARCHIVED = "archived", _("Archived")


class Catalogue(models.Model):
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), unique=True, help_text=_("For example 2566")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CatalogueStatus.choices, default=CatalogueStatus.ACTIVE
    )
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    source = models.TextField(_("source"), blank=True)
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    source_hash = models.CharField(_("source file SHA-256"), max_length=64, blank=True)
    answer_opens = models.DateField(_("ITAS answers open"))
    answer_closes = models.DateField(_("ITAS answers close"))
    grace_days = models.PositiveSmallIntegerField(_("days allowed after a period ends"), default=30)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ITA catalogue")
        verbose_name_plural = _("ITA catalogues")
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return f"ITA {self.fiscal_year}"

    def get_absolute_url(self) -> str:
        return reverse("ita-year", args=[self.fiscal_year])

    @property
    def title(self) -> str:
        return _pick(self.title_th, self.title_en)

    @property
    def is_public(self) -> bool:
        return self.status != CatalogueStatus.DRAFT


class Indicator(models.Model):
    catalogue = models.ForeignKey(
        Catalogue,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("ITA catalogue"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("main indicator"),
    )
    code = models.CharField(_("code"), max_length=10)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    confirmed = models.BooleanField(_("name confirmed"), default=True)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["catalogue", "order"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="ita_indicator_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    @property
    def name(self) -> str:
        return _pick(self.name_th, self.name_en)


class Item(ClusterableModel):
    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.CASCADE, related_name="items", verbose_name=_("ITA catalogue")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="items", verbose_name=_("indicator")
    )
    code = models.CharField(_("code"), max_length=10)
    slug = models.SlugField(
        _("URL part"),
        max_length=20,
        help_text=_("Part of the item's permanent address; it never changes with the title."),
    )
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    heading_key = models.CharField(_("sub-heading key"), max_length=50, blank=True)
    heading_th = models.CharField(_("sub-heading (Thai)"), max_length=255, blank=True)
    heading_en = models.CharField(_("sub-heading (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=_choices(KINDS), default="standard")
    frequency = models.CharField(_("frequency"), max_length=20, choices=_choices(FREQUENCIES))
    period_span = models.CharField(_("periods span"), max_length=20, choices=_choices(SPANS))
    period_unit = models.CharField(_("period unit"), max_length=20, choices=_choices(UNITS))
    owner_kind = models.CharField(
        _("usual owner work group"), max_length=20, choices=_choices(OWNER_KEYS)
    )
    s9_category = models.PositiveSmallIntegerField(
        _("Official Information Act s.9 category"), null=True, blank=True
    )
    nil_return_th = models.CharField(
        _("nothing-to-report wording (Thai)"), max_length=255, blank=True
    )
    nil_return_en = models.CharField(
        _("nothing-to-report wording (English)"), max_length=255, blank=True
    )
    source = models.TextField(_("source"), blank=True)
    note_th = models.TextField(_("note (Thai)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("ITA item")
        verbose_name_plural = _("ITA items")
        ordering = ["catalogue", "order"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="ita_item_unique_code"),
            models.UniqueConstraint(fields=["catalogue", "slug"], name="ita_item_unique_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_th}"

    def get_absolute_url(self) -> str:
        return reverse("ita-item", args=[self.catalogue.fiscal_year, self.slug])

    @property
    def title(self) -> str:
        return _pick(self.title_th, self.title_en)

    @property
    def heading(self) -> str:
        return _pick(self.heading_th, self.heading_en)

    @property
    def note(self) -> str:
        return _pick(self.note_th, self.note_en)

    @property
    def rule(self) -> PeriodRule:
        return PeriodRule(span=self.period_span, unit=self.period_unit)

    @property
    def allows_nil_return(self) -> bool:
        return bool(self.nil_return_th)


class Element(models.Model):
    item = ParentalKey(
        Item, on_delete=models.CASCADE, related_name="elements", verbose_name=_("ITA item")
    )
    key = models.SlugField(_("key"), max_length=50)
    text_th = models.CharField(_("text (Thai)"), max_length=500)
    text_en = models.CharField(_("text (English)"), max_length=500, blank=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Untick when the requirement is recalled rather than confirmed in a source."),
    )
    required = models.BooleanField(_("required to score"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("required element")
        verbose_name_plural = _("required elements")
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "key"], name="ita_element_unique_key")
        ]

    def __str__(self) -> str:
        return self.text_th

    @property
    def text(self) -> str:
        return _pick(self.text_th, self.text_en)


class EvidenceClaim(models.Model):
    """Published evidence that satisfies an item (and an element, and a period) for one agency."""

    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.CASCADE,
        related_name="evidence_claims",
        verbose_name=_("agency"),
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="claims", verbose_name=_("ITA item")
    )
    element = models.ForeignKey(
        Element,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("required element"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    evidence = GenericForeignKey("content_type", "object_id")
    period_key = models.CharField(_("period"), max_length=16)
    nil_return = models.BooleanField(_("nothing to report for the period"), default=False)
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("public URL"), max_length=1000)
    published_at = models.DateTimeField(_("published"))
    s9_category = models.PositiveSmallIntegerField(
        _("Official Information Act s.9 category"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence claim")
        verbose_name_plural = _("evidence claims")
        ordering = ["item", "period_key", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "item", "element", "period_key"],
                condition=Q(element__isnull=False),
                name="ita_claim_unique_element",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "item", "period_key"],
                condition=Q(element__isnull=True),
                name="ita_claim_unique_item",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "item"], name="ita_claim_agency_item"),
            models.Index(
                fields=["agency", "content_type", "object_id"], name="ita_claim_agency_evidence"
            ),
            models.Index(fields=["agency", "-published_at"], name="ita_claim_agency_published"),
            models.Index(
                fields=["agency", "s9_category", "-published_at"], name="ita_claim_agency_s9"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.period_key}: {self.title}"


# How an item stands for an agency (see prongsai.ita.rules.ItemReadiness.status).
READINESS_STATUS_LABELS = {
    "complete": _("Complete"),
    "partial": _("Incomplete"),
    "overdue": _("Overdue"),
    "missing": _("No information yet"),
}
