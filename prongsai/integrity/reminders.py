"""Reminders: cases near or past their due date, corrective actions, manuals due for review, and
staff who have not acknowledged the code of conduct in force. Each reminder is queued once per
day (or week) through a dedupe key, so running the job again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from prongsai.integrity import notify, selectors
from prongsai.integrity.models import (
    Acknowledgment,
    ActionStatus,
    Case,
    CaseStatus,
    CodeOfConduct,
    CorrectiveAction,
    DocumentStatus,
)
from prongsai.org.models import Membership, Role
from prongsai.thai import bangkok_today, format_date

CASE_WARN_DAYS = 2
ACTION_WARN_DAYS = 7
MANUAL_WARN_DAYS = 30


@dataclass
class ReminderCounts:
    cases: int = 0
    actions: int = 0
    manuals: int = 0
    acknowledgments: int = 0
    erased: int = 0
    sent: int = 0
    failed: int = 0


def _day() -> str:
    return bangkok_today().isoformat()


def _responsible(case: Case, custodians: list, tags: set[str], tags_of: Any) -> list:
    """Who must act on the case's stage (as selectors.responsible_users), without queries."""
    handler = case.handler_position.holder if case.handler_position_id else None
    if case.status == CaseStatus.RECEIVED:
        people = [handler] if handler else list(custodians)
    elif case.status in (CaseStatus.FACT_FINDING, CaseStatus.ANALYSIS, CaseStatus.PROPOSALS):
        people = [case.fact_finder] if case.fact_finder_id else [handler]
    elif case.status == CaseStatus.DECISION:
        people = [case.decider]
    else:
        people = [handler] if handler else list(custodians)
    people = [p for p in people if p is not None and p.is_active] or list(custodians)
    if not tags:
        return people
    return [p for p in people if not tags.intersection(tags_of(p.pk))]


def remind_cases(now: dt.datetime | None = None) -> int:
    """One digest a day per person: their cases due within two days and those overdue (the
    integrity officers also get every overdue case). Returns the number of digests queued."""
    now = now or timezone.now()
    due = (
        Case.objects.filter(
            closed_at__isnull=True, due_at__lte=now + dt.timedelta(days=CASE_WARN_DAYS)
        )
        .select_related("agency", "handler_position__holder", "fact_finder", "decider")
        .prefetch_related("exclusions")
        .order_by("due_at")
    )
    custodians: dict[int, list] = {}
    digests: dict[tuple[int, int], list[tuple[Case, bool]]] = {}
    users: dict[int, object] = {}
    agencies: dict[int, object] = {}
    reminded: list[int] = []
    tag_cache: dict[int, list[str]] = {}

    def tags_of(user_pk: int) -> list[str]:
        if user_pk not in tag_cache:
            tag_cache[user_pk] = selectors.user_tags(user_pk)
        return tag_cache[user_pk]

    for case in due.iterator(chunk_size=2000):
        if case.agency_id not in custodians:
            custodians[case.agency_id] = list(selectors.custodians(case.agency))
            agencies[case.agency_id] = case.agency
        tags = {e.tag for e in case.exclusions.all()}
        overdue = case.due_at <= now
        people = _responsible(case, custodians[case.agency_id], tags, tags_of)
        if overdue and not tags:
            people += custodians[case.agency_id]
        elif overdue:
            people += [
                u for u in custodians[case.agency_id] if not tags.intersection(tags_of(u.pk))
            ]
        for person in {p.pk: p for p in people}.values():
            users[person.pk] = person
            digests.setdefault((case.agency_id, person.pk), []).append((case, overdue))
        reminded.append(case.pk)
    count = 0
    for (agency_id, user_id), cases in digests.items():
        late = sum(1 for _c, overdue in cases if overdue)
        lines = [
            f"- {c.reference}: {CaseStatus(c.status).label} · "
            f"{'เลยกำหนด' if overdue else 'ครบกำหนด'} {format_date(c.due_at, 'short')} · "
            f"{notify.admin_url(reverse('integrity_case_detail', args=[c.pk]))}"
            for c, overdue in cases[:50]
        ]
        if len(cases) > 50:
            lines.append(f"… และอีก {len(cases) - 50} เรื่อง / and {len(cases) - 50} more")
        with transaction.atomic():
            made = notify.queue(
                agency=agencies[agency_id],
                recipients=[users[user_id]],
                subject=(
                    f"เรื่องที่ใกล้ครบหรือเลยกำหนด {len(cases)} เรื่อง (เลยกำหนด {late}) / "
                    f"{len(cases)} cases due or overdue ({late} overdue)"
                ),
                body="\n".join(lines) + "\n",
                dedupe_key=f"cases:{agency_id}:{_day()}",
            )
        count += len(made)
    if reminded:
        for i in range(0, len(reminded), 2000):
            Case.objects.filter(pk__in=reminded[i : i + 2000]).update(last_reminder_at=now)
    return count


def remind_actions() -> int:
    today = bangkok_today()
    count = 0
    actions = CorrectiveAction.objects.filter(
        status=ActionStatus.OPEN, due_on__lte=today + dt.timedelta(days=ACTION_WARN_DAYS)
    ).select_related("finding__plan__agency", "owner_position__holder")
    for action in actions:
        holder = action.owner_position.holder
        if holder is None:
            continue
        late = action.due_on < today
        with transaction.atomic():
            made = notify.queue(
                agency=action.finding.plan.agency,
                recipients=[holder],
                subject=(
                    "มาตรการแก้ไขจากการตรวจสอบเลยกำหนด / Corrective action overdue"
                    if late
                    else "มาตรการแก้ไขจากการตรวจสอบใกล้ครบกำหนด / Corrective action due soon"
                ),
                body=(
                    f"{action.finding.plan.title}: {action.finding.title}\n"
                    f"{action.description[:300]}\nกำหนด / due: {format_date(action.due_on, 'short')}\n"
                    f"{notify.admin_url(reverse('integrity_actions'))}\n"
                ),
                dedupe_key=f"action:{action.pk}:{_day()}",
            )
        count += len(made)
    return count


def remind_manual_reviews() -> int:
    from prongsai.integrity.models import ManualVersion

    limit = bangkok_today() + dt.timedelta(days=MANUAL_WARN_DAYS)
    count = 0
    versions = ManualVersion.objects.filter(
        status=DocumentStatus.APPROVED, next_review_on__lte=limit
    ).select_related("manual__agency", "manual__work_group")
    for version in versions:
        heads = [
            m.user
            for m in Membership.objects.filter(
                work_group=version.manual.work_group, role=Role.HEAD
            ).select_related("user")
        ]
        week = bangkok_today().isocalendar()
        with transaction.atomic():
            made = notify.queue(
                agency=version.manual.agency,
                recipients=heads,
                subject=f"ถึงกำหนดทบทวนคู่มือ / Manual review due: {version.manual.title}",
                body=(
                    f"{version.manual.title} ฉบับที่ {version.number}\n"
                    f"กำหนดทบทวน / review due: {format_date(version.next_review_on, 'short')}\n"
                ),
                dedupe_key=f"manual:{version.pk}:{week.year}-{week.week}",
            )
        count += len(made)
    return count


def remind_acknowledgments() -> int:
    count = 0
    week = bangkok_today().isocalendar()
    for code in CodeOfConduct.objects.filter(status=DocumentStatus.APPROVED).select_related(
        "agency"
    ):
        done = set(Acknowledgment.objects.filter(code=code).values_list("user_id", flat=True))
        members = (
            Membership.objects.filter(agency=code.agency, user__is_active=True)
            .exclude(user_id__in=done)
            .select_related("user")
        )
        people = {m.user_id: m.user for m in members}
        with transaction.atomic():
            made = notify.queue(
                agency=code.agency,
                recipients=people.values(),
                subject=f"กรุณาอ่านและรับทราบ{code.title} / Please read and acknowledge the code",
                body=(
                    f"{code.title} (ฉบับที่ {code.version}) มีผลใช้บังคับแล้ว กรุณาอ่านและกดรับทราบ\n"
                    f"{notify.admin_url(reverse('integrity_code'))}\n"
                ),
                dedupe_key=f"ack:{code.pk}:{week.year}-{week.week}",
            )
        count += len(made)
    return count


def run_all() -> ReminderCounts:
    from prongsai.integrity.retention import purge_expired

    counts = ReminderCounts(
        erased=purge_expired(),
        cases=remind_cases(),
        actions=remind_actions(),
        manuals=remind_manual_reviews(),
        acknowledgments=remind_acknowledgments(),
    )
    counts.sent, counts.failed = notify.send_pending()
    return counts
