"""The organisation: agencies (tenants), their work groups, positions and who holds which role.

Every other record in Prongsai belongs to an Agency. One Agency is one Wagtail Site with its own host
name. Permissions are granted per work group through Membership, never per page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does in an agency. Each role is also a Django group (see services)."""

    STAFF = "staff", _("Work-group staff (data owner)")
    HEAD = "head", _("Work-group head")
    EXECUTIVE = "executive", _("Executive")
    PR = "pr", _("PR unit")
    INTEGRITY = "integrity", _("Integrity officer")
    AUDITOR = "auditor", _("Internal auditor")
    ADMIN = "admin", _("Agency administrator")


def person_name(user: Any) -> str:
    """How a person is named on a screen: full name, or the username when no name is given."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# Roles whose work belongs to one work group; the others act across the whole agency.
GROUP_ROLES = frozenset({Role.STAFF, Role.HEAD})


class WorkGroupKind(models.TextChoices):
    """The kind of work a group does. The ITA catalogue names usual owners by kind, never by name."""

    ADMIN = "admin", _("General administration")
    PLANNING = "planning", _("Strategy and planning")
    PROCUREMENT = "procurement", _("Finance and procurement")
    HR = "hr", _("Human resources")
    PR = "pr", _("Public relations")
    INTEGRITY = "integrity", _("Integrity and complaints")
    AUDIT = "audit", _("Internal audit")
    LEGAL = "legal", _("Legal affairs")
    SERVICE = "service", _("Public services")
    IT = "it", _("Information technology")
    OTHER = "other", _("Other")


class Agency(models.Model):
    site = models.OneToOneField(
        "wagtailcore.Site", on_delete=models.PROTECT, related_name="agency", verbose_name=_("site")
    )
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=255, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f3b73", help_text=_("For example #1f3b73")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th

    def name(self, language: str = "th") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_th


class WorkGroup(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="work_groups", verbose_name=_("agency")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind of work"), max_length=20, choices=WorkGroupKind.choices, default=WorkGroupKind.OTHER
    )
    duties = models.TextField(_("duties"), blank=True)
    phone = models.CharField(_("telephone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("work group")
        verbose_name_plural = _("work groups")
        ordering = ["agency", "order", "name_th"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="org_workgroup_unique_code")
        ]

    def __str__(self) -> str:
        return self.name_th

    def name(self, language: str = "th") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_th


class Position(models.Model):
    """A post in the agency, with its place in the supervisor chain and what it oversees."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="positions", verbose_name=_("agency")
    )
    title_th = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    work_group = models.ForeignKey(
        WorkGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("work group"),
    )
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
        verbose_name=_("reports to"),
    )
    is_executive = models.BooleanField(_("executive position"), default=False)
    oversees = models.ManyToManyField(
        WorkGroup,
        blank=True,
        related_name="overseen_by",
        verbose_name=_("oversees work groups"),
        help_text=_("The work groups whose work this executive oversees."),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
        verbose_name=_("holder"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["agency", "order", "title_th"]
        indexes = [models.Index(fields=["agency", "holder"])]

    def __str__(self) -> str:
        return self.title_th


class Membership(models.Model):
    """A person holds a role in an agency, for one work group where the role belongs to one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("agency")
    )
    work_group = models.ForeignKey(
        WorkGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("work group"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "work_group", "role"], name="org_membership_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=Q(work_group__isnull=True),
                name="org_membership_unique_agency_wide",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["staff", "head"]) | Q(work_group__isnull=False),
                name="org_membership_group_roles_need_group",
            ),
        ]
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        where = self.work_group or self.agency
        return f"{person_name(self.user)} · {self.get_role_display()} · {where}"


class AgencyRoleGroup(models.Model):
    """The Django group that carries one role's Wagtail permissions inside one agency.

    Made by the services when an agency is created; people join it through Membership only.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(max_length=20, choices=Role.choices)
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="agency_role")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "role"], name="org_agencyrolegroup_unique")
        ]

    def __str__(self) -> str:
        return self.group.name
