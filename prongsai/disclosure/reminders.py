"""Reminders before and after due dates, by e-mail (console by default, SMTP by configuration).

* Before: an open period due within ``REMINDER_DAYS_BEFORE`` days goes to the staff and head of
  the work groups that own the item (the agency's administrators when no group owns it).
* After: an overdue period goes to the executives who oversee those groups (every executive of
  the agency when none does).

Each (person, item, period, kind) is reminded once (``ReminderLog``), so the daily job can run
any number of times. One e-mail per person per run lists everything new for them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from prongsai.disclosure import selectors
from prongsai.disclosure.models import ReminderLog
from prongsai.org.models import GROUP_ROLES, Agency, Membership, Position, Role

REMINDER_DAYS_BEFORE = 7
User = get_user_model()


@dataclass
class Reminder:
    user: Any
    due_soon: list[selectors.BoardRow] = field(default_factory=list)
    overdue: list[selectors.BoardRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.due_soon and not self.overdue


def _owners(agency: Agency) -> dict[int, set[int]]:
    """work group id -> user ids of its staff and head."""
    out: dict[int, set[int]] = defaultdict(set)
    for group_id, user_id in Membership.objects.filter(
        agency=agency, role__in=GROUP_ROLES
    ).values_list("work_group_id", "user_id"):
        out[group_id].add(user_id)
    return out


def _overseers(agency: Agency) -> dict[int, set[int]]:
    """work group id -> user ids of executives whose positions oversee it."""
    out: dict[int, set[int]] = defaultdict(set)
    executives = set(
        Membership.objects.filter(agency=agency, role=Role.EXECUTIVE).values_list(
            "user_id", flat=True
        )
    )
    for group_id, user_id in Position.objects.filter(
        agency=agency, holder__isnull=False
    ).values_list("oversees", "holder_id"):
        if group_id is not None and user_id in executives:
            out[group_id].add(user_id)
    return out


def _role_users(agency: Agency, role: Role) -> set[int]:
    return set(
        Membership.objects.filter(agency=agency, role=role).values_list("user_id", flat=True)
    )


def reminders_plan(*, agency: Agency, today: dt.date) -> dict[int, Reminder]:
    """Who should hear about what today (before removing what was already sent)."""
    board = selectors.due_board(agency=agency, today=today)
    owners, overseers = _owners(agency), _overseers(agency)
    admins = _role_users(agency, Role.ADMIN)
    executives = _role_users(agency, Role.EXECUTIVE)
    horizon = today + dt.timedelta(days=REMINDER_DAYS_BEFORE)
    plan: dict[int, Reminder] = {}

    def add(user_ids: set[int], row: selectors.BoardRow, kind: str) -> None:
        for user_id in user_ids:
            getattr(plan.setdefault(user_id, Reminder(user=None)), kind).append(row)

    for row in board.rows:
        if row.covered:
            continue
        group_ids = [g.pk for g in row.owner_groups]
        if row.overdue:
            targets = (
                set().union(*(overseers.get(g, set()) for g in group_ids)) if group_ids else set()
            )
            add(targets or executives, row, "overdue")
        elif today <= row.due <= horizon and row.status not in ("pending",):
            targets = (
                set().union(*(owners.get(g, set()) for g in group_ids)) if group_ids else set()
            )
            add(targets or admins, row, "due_soon")
    for user in User.objects.filter(pk__in=list(plan), is_active=True).exclude(email=""):
        plan[user.pk].user = user
    return {pk: r for pk, r in plan.items() if r.user is not None}


def _new_rows(reminder: Reminder, agency: Agency, kind: str, rows: list[Any]) -> list[Any]:
    fresh = []
    for row in rows:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    agency=agency,
                    user=reminder.user,
                    item=row.item,
                    period_key=row.period.key,
                    kind=kind,
                    due=row.due,
                )
        except IntegrityError:
            continue  # already reminded
        fresh.append(row)
    return fresh


def _board_url() -> str:
    base = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return f"{base}{reverse('disclosure-board')}"


def reminders_send(*, today: dt.date | None = None, agencies: list[Agency] | None = None) -> int:
    """Send today's reminders; returns how many e-mails went out."""
    today = today or timezone.localdate()
    if agencies is None:
        agencies = _agencies_with_evidence()
    sent = 0
    for agency in agencies:
        for reminder in reminders_plan(agency=agency, today=today).values():
            with transaction.atomic():
                soon = _new_rows(reminder, agency, ReminderLog.Kind.DUE_SOON, reminder.due_soon)
                late = _new_rows(reminder, agency, ReminderLog.Kind.OVERDUE, reminder.overdue)
                if not soon and not late:
                    continue
                with translation.override("th"):
                    context = {
                        "user": reminder.user,
                        "agency": agency,
                        "due_soon": soon,
                        "overdue": late,
                        "today": today,
                        "board_url": _board_url(),
                    }
                    subject = render_to_string("disclosure/email/reminder_subject.txt", context)
                    body = render_to_string("disclosure/email/reminder.txt", context)
                EmailMessage(
                    subject=" ".join(subject.split()),
                    body=body,
                    to=[reminder.user.email],
                ).send()
                sent += 1
    return sent


def _agencies_with_evidence() -> list[Agency]:
    from prongsai.disclosure.models import EvidenceIndexPage

    agencies = []
    for agency in Agency.objects.select_related("site__root_page"):
        if EvidenceIndexPage.objects.child_of(agency.site.root_page).exists():
            agencies.append(agency)
    return agencies
