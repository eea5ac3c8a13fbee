"""Writes to the agency's integrity documents: the code of conduct and its acknowledgments, the
complaint-handling guideline, manuals and their versions, and the integrity measures with their
progress reports.

A document is prepared as a draft and approved by an executive of the agency who did not prepare
it; approving a version replaces the one in force. The approval records a hash of the approved
text in the ledger, so the version that the public later sees can be checked against it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from prongsai import ledger
from prongsai.integrity import selectors
from prongsai.integrity.models import (
    Acknowledgment,
    CodeOfConduct,
    ComplaintGuideline,
    DocumentStatus,
    Manual,
    ManualVersion,
    Measure,
    MeasurePlan,
    MeasureProgress,
)
from prongsai.org.models import Agency, Role, WorkGroup

DOCUMENT_EDITORS = {Role.INTEGRITY, Role.ADMIN}


def _deny() -> PermissionDenied:
    return PermissionDenied("ท่านไม่มีสิทธิ์ทำรายการนี้ (you may not do this)")


def may_edit_documents(user: AbstractBaseUser, agency: Agency | int) -> bool:
    return bool(selectors.roles_in(user, agency) & DOCUMENT_EDITORS)


def may_edit_manual(user: AbstractBaseUser, manual: Manual) -> bool:
    if may_edit_documents(user, manual.agency_id):
        return True
    from prongsai.org.selectors import work_group_ids_for_user

    return manual.work_group_id in work_group_ids_for_user(user, manual.agency_id)


def _digest(*parts: Any) -> str:
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _only_drafts(obj: Any) -> None:
    if obj.pk and obj.status != DocumentStatus.DRAFT:
        raise ValidationError(
            "ฉบับที่อนุมัติแล้วแก้ไขไม่ได้ ให้จัดทำฉบับใหม่ "
            "(an approved version cannot be changed; prepare a new version)"
        )


def _approve(
    *, actor: AbstractBaseUser, obj: Any, agency_id: int, siblings: Any, action: str, digest: str
) -> Any:
    if not selectors.is_executive(actor, agency_id):
        raise _deny()
    if obj.status != DocumentStatus.DRAFT:
        raise ValidationError("อนุมัติได้เฉพาะฉบับร่าง (only a draft can be approved)")
    if obj.prepared_by_id == actor.pk:
        raise ValidationError("ผู้จัดทำอนุมัติฉบับที่ตนจัดทำเองไม่ได้ (nobody may approve what they prepared)")
    siblings.filter(status=DocumentStatus.APPROVED).update(status=DocumentStatus.RETIRED)
    obj.status = DocumentStatus.APPROVED
    obj.approved_by = actor
    obj.approved_at = timezone.now()
    obj.save(update_fields=["status", "approved_by", "approved_at"])
    ledger.record(
        action=action,
        actor=actor,
        obj=obj,
        agency=agency_id,
        content_hash=digest,
        data={"version": getattr(obj, "version", getattr(obj, "number", None))},
    )
    return obj


# ----------------------------------------------------------------------------- code of conduct


@transaction.atomic
def code_save(
    *,
    actor: AbstractBaseUser,
    agency: Agency,
    title: str,
    body: str,
    effective_from: dt.date,
    dos: str = "",
    donts: str = "",
    code: CodeOfConduct | None = None,
) -> CodeOfConduct:
    """Create a new draft version, or change a draft."""
    if not may_edit_documents(actor, agency):
        raise _deny()
    if code is None:
        last = CodeOfConduct.objects.filter(agency=agency).aggregate(n=Max("version"))["n"] or 0
        code = CodeOfConduct(agency=agency, version=last + 1, prepared_by=actor)
    elif code.agency_id != agency.pk:
        raise _deny()
    _only_drafts(code)
    code.title, code.body, code.dos, code.donts = title.strip(), body.strip(), dos, donts
    code.effective_from = effective_from
    code.full_clean()
    code.save()
    ledger.record(
        action="integrity.code_save",
        actor=actor,
        obj=code,
        agency=agency,
        data={"version": code.version},
    )
    return code


@transaction.atomic
def code_approve(*, actor: AbstractBaseUser, code: CodeOfConduct) -> CodeOfConduct:
    return _approve(
        actor=actor,
        obj=code,
        agency_id=code.agency_id,
        siblings=CodeOfConduct.objects.filter(agency_id=code.agency_id).exclude(pk=code.pk),
        action="integrity.code_approve",
        digest=_digest(code.title, code.body, code.dos, code.donts, code.effective_from),
    )


@transaction.atomic
def code_acknowledge(*, user: AbstractBaseUser, code: CodeOfConduct) -> Acknowledgment:
    """A staff member confirms they have read the code in force. Doing it again changes nothing."""
    if not selectors.is_member(user, code.agency_id):
        raise _deny()
    if code.status != DocumentStatus.APPROVED:
        raise ValidationError(
            "รับทราบได้เฉพาะประมวลจริยธรรมฉบับที่ใช้อยู่ (only the code in force can be acknowledged)"
        )
    ack, created = Acknowledgment.objects.get_or_create(code=code, user=user)
    if created:
        ledger.record(
            action="integrity.code_acknowledge",
            actor=user,
            obj=code,
            agency=code.agency_id,
            data={"version": code.version},
        )
    return ack


# ----------------------------------------------------------------------------- guideline (O27)


def _forget_public_pages(agency_id: int) -> None:
    """The guideline page is public and cached: a newly approved version must show at once."""
    from prongsai.site import cache

    cache.invalidate(agency_id)


@transaction.atomic
def guideline_save(
    *,
    actor: AbstractBaseUser,
    agency: Agency,
    responsible_unit: WorkGroup,
    introduction: str,
    protection: str,
    other_channels: str = "",
    guideline: ComplaintGuideline | None = None,
) -> ComplaintGuideline:
    if not may_edit_documents(actor, agency):
        raise _deny()
    if responsible_unit.agency_id != agency.pk:
        raise ValidationError("หน่วยงานที่รับผิดชอบต้องอยู่ในหน่วยงานนี้ (the unit belongs elsewhere)")
    if guideline is None:
        last = (
            ComplaintGuideline.objects.filter(agency=agency).aggregate(n=Max("version"))["n"] or 0
        )
        guideline = ComplaintGuideline(agency=agency, version=last + 1, prepared_by=actor)
    elif guideline.agency_id != agency.pk:
        raise _deny()
    _only_drafts(guideline)
    guideline.responsible_unit = responsible_unit
    guideline.introduction = introduction.strip()
    guideline.protection = protection.strip()
    guideline.other_channels = other_channels
    guideline.full_clean()
    guideline.save()
    ledger.record(
        action="integrity.guideline_save",
        actor=actor,
        obj=guideline,
        agency=agency,
        data={"version": guideline.version},
    )
    return guideline


@transaction.atomic
def guideline_approve(*, actor: AbstractBaseUser, guideline: ComplaintGuideline) -> Any:
    from prongsai.integrity.services.cases import stage_days

    transaction.on_commit(lambda: _forget_public_pages(guideline.agency_id))
    return _approve(
        actor=actor,
        obj=guideline,
        agency_id=guideline.agency_id,
        siblings=ComplaintGuideline.objects.filter(agency_id=guideline.agency_id).exclude(
            pk=guideline.pk
        ),
        action="integrity.guideline_approve",
        digest=_digest(
            guideline.responsible_unit_id,
            guideline.introduction,
            guideline.protection,
            guideline.other_channels,
            sorted(stage_days().items()),
        ),
    )


# ----------------------------------------------------------------------------- manuals


@transaction.atomic
def manual_save(*, actor: AbstractBaseUser, manual: Manual) -> Manual:
    """Register a manual or change its registry details (the content lives in its versions)."""
    if manual.work_group_id and manual.work_group.agency_id != manual.agency_id:
        raise ValidationError("กลุ่มงานเจ้าของต้องอยู่ในหน่วยงานนี้ (the owner belongs elsewhere)")
    if not may_edit_manual(actor, manual):
        raise _deny()
    manual.full_clean()
    manual.save()
    ledger.record(
        action="integrity.manual_save",
        actor=actor,
        obj=manual,
        agency=manual.agency_id,
        data={"code": manual.code, "kind": manual.kind},
    )
    return manual


def _version_digest(version: ManualVersion) -> str:
    steps = [
        (
            s.order,
            s.title,
            s.description,
            s.standard_time,
            s.time_unit,
            s.responsible_position_id,
            s.legal_basis,
        )
        for s in version.steps.all()
    ]
    return _digest(
        version.manual_id,
        version.number,
        version.legal_basis,
        version.channel,
        version.effective_from,
        steps,
    )


@transaction.atomic
def manual_version_save(*, actor: AbstractBaseUser, version: ManualVersion) -> ManualVersion:
    """Save a draft version with its steps (a ClusterableModel: the steps are saved with it)."""
    manual = version.manual
    if not may_edit_manual(actor, manual):
        raise _deny()
    if version.pk:
        stored = ManualVersion.objects.get(pk=version.pk)
        if stored.status != DocumentStatus.DRAFT:
            raise ValidationError(
                "ฉบับที่อนุมัติแล้วแก้ไขไม่ได้ ให้จัดทำฉบับใหม่ "
                "(an approved version cannot be changed; prepare a new version)"
            )
    else:
        version.status = DocumentStatus.DRAFT
        version.prepared_by = actor
        if not version.number:
            last = ManualVersion.objects.filter(manual=manual).aggregate(n=Max("number"))["n"]
            version.number = (last or 0) + 1
    steps = list(version.steps.all())
    if not steps:
        raise ValidationError("คู่มือต้องมีอย่างน้อยหนึ่งขั้นตอน (a manual needs at least one step)")
    for step in steps:
        if step.responsible_position and step.responsible_position.agency_id != manual.agency_id:
            raise ValidationError(
                "ตำแหน่งผู้รับผิดชอบต้องอยู่ในหน่วยงานนี้ (the responsible position belongs elsewhere)"
            )
    if (
        version.next_review_on
        and version.effective_from
        and (version.next_review_on <= version.effective_from)
    ):
        raise ValidationError("วันทบทวนต้องหลังวันที่มีผล (the review date must follow the start)")
    version.full_clean(exclude=["steps"])
    version.save()
    ledger.record(
        action="integrity.manual_version_save",
        actor=actor,
        obj=version,
        agency=manual.agency_id,
        data={"manual": manual.pk, "version": version.number, "steps": len(steps)},
    )
    return version


@transaction.atomic
def manual_version_approve(*, actor: AbstractBaseUser, version: ManualVersion) -> ManualVersion:
    return _approve(
        actor=actor,
        obj=version,
        agency_id=version.manual.agency_id,
        siblings=ManualVersion.objects.filter(manual_id=version.manual_id).exclude(pk=version.pk),
        action="integrity.manual_version_approve",
        digest=_version_digest(version),
    )


# ----------------------------------------------------------------------------- measures (O42/O43)


@transaction.atomic
def measures_save(*, actor: AbstractBaseUser, plan: MeasurePlan) -> MeasurePlan:
    if not may_edit_documents(actor, plan.agency_id):
        raise _deny()
    if plan.pk:
        stored = MeasurePlan.objects.get(pk=plan.pk)
        if stored.status != DocumentStatus.DRAFT:
            raise ValidationError(
                "มาตรการที่อนุมัติแล้วแก้ไขไม่ได้ (approved measures cannot be changed; report "
                "progress on each measure instead)"
            )
    else:
        plan.prepared_by = actor
        plan.status = DocumentStatus.DRAFT
    measures = list(plan.measures.all())
    if not measures:
        raise ValidationError("ต้องมีอย่างน้อยหนึ่งมาตรการ (at least one measure is needed)")
    for m in measures:
        if m.owner_position.agency_id != plan.agency_id:
            raise ValidationError("ผู้รับผิดชอบต้องอยู่ในหน่วยงานนี้ (the owner belongs elsewhere)")
        if m.end_on < m.start_on:
            raise ValidationError(f"{m.title}: วันสิ้นสุดก่อนวันเริ่ม (ends before it starts)")
    plan.full_clean(exclude=["measures"])
    plan.save()
    ledger.record(
        action="integrity.measures_save",
        actor=actor,
        obj=plan,
        agency=plan.agency_id,
        data={"fiscal_year": plan.fiscal_year, "measures": len(measures)},
    )
    return plan


@transaction.atomic
def measures_approve(*, actor: AbstractBaseUser, plan: MeasurePlan) -> MeasurePlan:
    steps = [
        (m.order, m.title, m.steps, m.owner_position_id, m.start_on, m.end_on, m.monitoring)
        for m in plan.measures.all()
    ]
    return _approve(
        actor=actor,
        obj=plan,
        agency_id=plan.agency_id,
        siblings=MeasurePlan.objects.none(),
        action="integrity.measures_approve",
        digest=_digest(plan.fiscal_year, plan.title, plan.analysis, steps),
    )


def may_report_progress(user: AbstractBaseUser, measure: Measure) -> bool:
    agency_id = measure.plan.agency_id
    return may_edit_documents(user, agency_id) or (
        measure.owner_position.holder_id == user.pk and selectors.is_member(user, agency_id)
    )


@transaction.atomic
def measure_progress_add(
    *, actor: AbstractBaseUser, measure: Measure, reported_on: dt.date, percent: int, text: str
) -> MeasureProgress:
    if not may_report_progress(actor, measure):
        raise _deny()
    if measure.plan.status != DocumentStatus.APPROVED:
        raise ValidationError(
            "รายงานความก้าวหน้าได้เมื่อมาตรการได้รับอนุมัติแล้ว (measures must be approved first)"
        )
    if not 0 <= percent <= 100:
        raise ValidationError("ร้อยละต้องอยู่ระหว่าง 0 ถึง 100 (per cent must be 0 to 100)")
    if not text.strip():
        raise ValidationError("กรุณาบอกสิ่งที่ได้ทำ (say what was done)")
    progress = MeasureProgress(
        measure=measure,
        reported_on=reported_on,
        percent=percent,
        text=text.strip(),
        reported_by=actor,
    )
    progress.full_clean()
    progress.save()
    ledger.record(
        action="integrity.measure_progress",
        actor=actor,
        obj=measure,
        agency=measure.plan.agency_id,
        data={"percent": percent, "as_of": reported_on.isoformat()},
    )
    return progress
