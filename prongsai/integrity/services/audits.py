"""Writes to compliance audits: plans with checklists against laws and manuals, findings with
corrective actions (owner, due date), follow-up, and the report to the executives.

Internal auditors run audits; the executives who oversee the audited work groups receive the
report, and the owners of corrective actions are reminded before their due dates.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from prongsai import ledger
from prongsai.integrity import notify, selectors
from prongsai.integrity.models import (
    ActionStatus,
    AuditPlan,
    AuditStatus,
    ChecklistResult,
    CorrectiveAction,
    Finding,
    FindingStatus,
    FollowUp,
)
from prongsai.org.models import Position, Role


def may_audit(user: AbstractBaseUser, agency_id: int) -> bool:
    return bool(selectors.roles_in(user, agency_id) & {Role.AUDITOR})


def _require_auditor(user: AbstractBaseUser, agency_id: int) -> None:
    if not may_audit(user, agency_id):
        raise PermissionDenied("เฉพาะผู้ตรวจสอบภายใน (internal auditors only)")


@transaction.atomic
def audit_save(
    *, actor: AbstractBaseUser, plan: AuditPlan, work_groups: list | None = None
) -> AuditPlan:
    """Save an audit plan and its checklist (a ClusterableModel). Closed audits are final."""
    _require_auditor(actor, plan.agency_id)
    if plan.pk and AuditPlan.objects.filter(pk=plan.pk, status=AuditStatus.CLOSED).exists():
        raise ValidationError("การตรวจสอบที่ปิดแล้วแก้ไขไม่ได้ (a closed audit cannot be changed)")
    if plan.planned_end < plan.planned_start:
        raise ValidationError("วันสิ้นสุดก่อนวันเริ่ม (the plan ends before it starts)")
    for item in plan.checklist.all():
        if item.manual and item.manual.agency_id != plan.agency_id:
            raise ValidationError("คู่มือต้องอยู่ในหน่วยงานนี้ (the manual belongs elsewhere)")
    if plan.lead_auditor_id is None:
        plan.lead_auditor = actor
    plan.full_clean(exclude=["checklist", "work_groups"])
    plan.save()
    if work_groups is not None:
        if any(g.agency_id != plan.agency_id for g in work_groups):
            raise ValidationError("กลุ่มงานต้องอยู่ในหน่วยงานนี้ (a work group belongs elsewhere)")
        plan.work_groups.set(work_groups)
    ledger.record(
        action="integrity.audit_save",
        actor=actor,
        obj=plan,
        agency=plan.agency_id,
        data={
            "fiscal_year": plan.fiscal_year,
            "checklist": plan.checklist.count(),
            "work_groups": sorted(plan.work_groups.values_list("pk", flat=True)),
        },
    )
    return plan


@transaction.atomic
def audit_start(*, actor: AbstractBaseUser, plan: AuditPlan) -> AuditPlan:
    _require_auditor(actor, plan.agency_id)
    if plan.status != AuditStatus.PLANNED:
        raise ValidationError("เริ่มได้เฉพาะแผนที่ยังไม่เริ่ม (only a planned audit can start)")
    plan.status = AuditStatus.FIELDWORK
    plan.save(update_fields=["status"])
    ledger.record(action="integrity.audit_start", actor=actor, obj=plan, agency=plan.agency_id)
    return plan


@transaction.atomic
def finding_save(*, actor: AbstractBaseUser, finding: Finding) -> Finding:
    """Record a finding with its corrective actions (owners and due dates)."""
    plan = finding.plan
    _require_auditor(actor, plan.agency_id)
    if plan.status not in (AuditStatus.FIELDWORK, AuditStatus.REPORTED):
        raise ValidationError(
            "บันทึกข้อตรวจพบได้ระหว่างการตรวจสอบ (findings are recorded while the audit is under way)"
        )
    if finding.work_group.agency_id != plan.agency_id:
        raise ValidationError("กลุ่มงานต้องอยู่ในหน่วยงานนี้ (the work group belongs elsewhere)")
    if finding.checklist_item and finding.checklist_item.plan_id != plan.pk:
        raise ValidationError("รายการตรวจต้องอยู่ในแผนนี้ (the checklist item is of another audit)")
    actions = list(finding.actions.all())
    for action in actions:
        if action.owner_position.agency_id != plan.agency_id:
            raise ValidationError("ผู้รับผิดชอบต้องอยู่ในหน่วยงานนี้ (the owner belongs elsewhere)")
    new = finding.pk is None
    finding.full_clean(exclude=["actions"])
    finding.save()
    if finding.checklist_item_id:
        type(finding.checklist_item).objects.filter(pk=finding.checklist_item_id).update(
            result=ChecklistResult.NON_COMPLIANT
        )
    ledger.record(
        action="integrity.audit_finding_save",
        actor=actor,
        obj=finding,
        agency=plan.agency_id,
        data={
            "plan": plan.pk,
            "work_group": finding.work_group_id,
            "severity": finding.severity,
            "actions": len(actions),
        },
    )
    if new:
        owners = [a.owner_position.holder for a in actions if a.owner_position.holder_id]
        notify.queue(
            agency=plan.agency,
            recipients=owners,
            subject=f"มีมาตรการแก้ไขจากการตรวจสอบที่ท่านรับผิดชอบ / Corrective action: {plan.title}",
            body=(
                f"การตรวจสอบ: {plan.title}\nข้อตรวจพบ: {finding.title}\n"
                f"ดูรายละเอียด: {notify.admin_url(reverse('integrity_actions'))}\n"
            ),
        )
    return finding


def may_follow_up(user: AbstractBaseUser, action: CorrectiveAction) -> bool:
    agency_id = action.finding.plan.agency_id
    return may_audit(user, agency_id)


@transaction.atomic
def action_follow_up(
    *, actor: AbstractBaseUser, action: CorrectiveAction, note: str, done: bool
) -> FollowUp:
    """The auditor follows a corrective action up; when it is done the finding may resolve."""
    if not may_follow_up(actor, action):
        raise PermissionDenied("เฉพาะผู้ตรวจสอบภายใน (internal auditors only)")
    if not note.strip():
        raise ValidationError("กรุณาบันทึกผลการติดตาม (write what the follow-up found)")
    follow = FollowUp.objects.create(action=action, note=note.strip(), done=done, by=actor)
    if done and action.status != ActionStatus.DONE:
        action.status = ActionStatus.DONE
        action.done_on = timezone.localdate()
        action.save(update_fields=["status", "done_on"])
    finding = action.finding
    if not finding.actions.filter(status=ActionStatus.OPEN).exists():
        Finding.objects.filter(pk=finding.pk).update(status=FindingStatus.RESOLVED)
    ledger.record(
        action="integrity.audit_follow_up",
        actor=actor,
        obj=action,
        agency=finding.plan.agency_id,
        data={"finding": finding.pk, "done": done},
    )
    return follow


def executives_overseeing(plan: AuditPlan) -> list[AbstractBaseUser]:
    positions = (
        Position.objects.filter(
            agency_id=plan.agency_id, oversees__in=plan.work_groups.all(), holder__isnull=False
        )
        .select_related("holder")
        .distinct()
    )
    return [p.holder for p in positions if p.holder.is_active]


@transaction.atomic
def audit_report(*, actor: AbstractBaseUser, plan: AuditPlan, conclusion: str) -> AuditPlan:
    """Report the audit to the executives who oversee the audited work groups."""
    _require_auditor(actor, plan.agency_id)
    if plan.status != AuditStatus.FIELDWORK:
        raise ValidationError("รายงานได้เมื่อตรวจเสร็จ (report an audit that is under way)")
    if plan.checklist.filter(result=ChecklistResult.PENDING).exists():
        raise ValidationError("ยังมีรายการตรวจที่ยังไม่ได้ตรวจ (some checklist items are not yet checked)")
    if not conclusion.strip():
        raise ValidationError("กรุณาเขียนข้อสรุป (write the conclusion)")
    plan.conclusion = conclusion.strip()
    plan.status = AuditStatus.REPORTED
    plan.reported_at = timezone.now()
    plan.save(update_fields=["conclusion", "status", "reported_at"])
    ledger.record(
        action="integrity.audit_report",
        actor=actor,
        obj=plan,
        agency=plan.agency_id,
        data={"findings": plan.findings.count()},
    )
    notify.queue(
        agency=plan.agency,
        recipients=executives_overseeing(plan),
        subject=f"รายงานผลการตรวจสอบ / Audit report: {plan.title}",
        body=(
            f'ผู้ตรวจสอบภายในรายงานผลการตรวจสอบ "{plan.title}" ปีงบประมาณ {plan.fiscal_year}\n'
            f"อ่านรายงาน: {notify.admin_url(reverse('integrity_audit_report', args=[plan.pk]))}\n"
        ),
    )
    return plan


@transaction.atomic
def audit_close(*, actor: AbstractBaseUser, plan: AuditPlan) -> AuditPlan:
    _require_auditor(actor, plan.agency_id)
    if plan.status != AuditStatus.REPORTED:
        raise ValidationError("ปิดได้เมื่อรายงานแล้ว (only a reported audit can be closed)")
    if Finding.objects.filter(plan=plan, status=FindingStatus.OPEN).exists():
        raise ValidationError(
            "ยังมีข้อตรวจพบที่ยังไม่ได้แก้ไข (some findings are still open: follow them up first)"
        )
    plan.status = AuditStatus.CLOSED
    plan.save(update_fields=["status"])
    ledger.record(action="integrity.audit_close", actor=actor, obj=plan, agency=plan.agency_id)
    return plan
