"""Reminders: cases near or past their due date, corrective actions, manuals due for review, and
staff who have not acknowledged the code of conduct in force. Each reminder is queued once per
day (or week) through a dedupe key, so running the job again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from prongsai.integrity import notify, selectors
from prongsai.integrity.models import (
    OPEN_STATUSES,
    Acknowledgment,
    ActionStatus,
    Case,
    CaseStatus,
    CodeOfConduct,
    CorrectiveAction,
    DocumentStatus,
)
from prongsai.org.models import Membership, Role
from prongsai.thai import bangkok_today

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


def remind_cases(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    count = 0
    due = Case.objects.filter(
        status__in=OPEN_STATUSES, due_at__lte=now + dt.timedelta(days=CASE_WARN_DAYS)
    ).select_related("agency", "handler_position__holder", "fact_finder", "decider")
    for case in due:
        overdue = case.due_at <= now
        people = selectors.responsible_users(case)
        if overdue:
            people += selectors.not_excluded(case, selectors.custodians(case.agency))
        what_th = "เลยกำหนดแล้ว" if overdue else "ใกล้ครบกำหนด"
        what_en = "is overdue" if overdue else "is due soon"
        link = notify.admin_url(reverse("integrity_case_detail", args=[case.pk]))
        with transaction.atomic():
            made = notify.queue(
                agency=case.agency,
                recipients=people,
                subject=f"[{case.reference}] ขั้นตอน{what_th} / the current step {what_en}",
                body=(
                    f"เรื่อง {case.reference} ขั้น {CaseStatus(case.status).label} {what_th}\n"
                    f"กำหนด: {timezone.localtime(case.due_at):%d/%m/%Y}\n{link}\n"
                ),
                dedupe_key=f"case:{case.pk}:{case.status}:{_day()}",
            )
            if made:
                Case.objects.filter(pk=case.pk).update(last_reminder_at=now)
        count += len(made)
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
                    f"{action.description[:300]}\nกำหนด / due: {action.due_on:%d/%m/%Y}\n"
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
                    f"กำหนดทบทวน / review due: {version.next_review_on:%d/%m/%Y}\n"
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
