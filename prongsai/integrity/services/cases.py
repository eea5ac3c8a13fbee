"""Writes to cases: staff reports, public complaints, and every step until closure.

Each service runs in one transaction, checks who may act (prongsai.integrity.selectors), encrypts
what is written, records a confidential ledger entry (pseudonymous actor; data holds codes and
counts only) and queues its notifications in the outbox, which is sent after commit.

The stages, in order (models.CaseStatus), each with a due date of ``stage_days()[stage]`` days:
received → fact-finding → analysis → proposals → decision → follow-up → closed. A case may be
closed earlier with an outcome other than "substantiated". Closing always takes two people: one
proposes the closure and another confirms it (ASVS 5.0 2.3.5); the executive who decides may not
be someone who wrote the analysis or the proposals.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from prongsai import ledger
from prongsai.integrity import crypto, notify, receipts, selectors
from prongsai.integrity.models import (
    OPEN_STATUSES,
    Case,
    CaseCategory,
    CaseChannel,
    CaseCounter,
    CaseEntry,
    CaseExclusion,
    CaseFile,
    CaseOutcome,
    CaseStatus,
    EntryKind,
    IdentityReveal,
    Manual,
)
from prongsai.integrity.uploads import CheckedFile
from prongsai.org.models import Agency, Position, Role, WorkGroup, person_name
from prongsai.org.selectors import supervisor_chain
from prongsai.thai import fiscal_half

logger = logging.getLogger("prongsai.integrity")

STAGE_DAYS: dict[str, int] = {
    CaseStatus.RECEIVED: 3,
    CaseStatus.FACT_FINDING: 30,
    CaseStatus.ANALYSIS: 15,
    CaseStatus.PROPOSALS: 15,
    CaseStatus.DECISION: 15,
    CaseStatus.FOLLOW_UP: 60,
}
REFERENCE_PREFIX = {CaseChannel.INTERNAL: "R", CaseChannel.PUBLIC: "C"}
MAX_TEXT = 20_000
MIN_REASON = 10

REPORTER = ledger.Actor(id="reporter", role="reporter")
PUBLIC = ledger.Actor(id="public", role="public")


def stage_days() -> dict[str, int]:
    """Days allowed per stage: the defaults above, overridden by INTEGRITY_STAGE_DAYS."""
    return {**STAGE_DAYS, **(getattr(settings, "INTEGRITY_STAGE_DAYS", {}) or {})}


@dataclass(frozen=True)
class Submission:
    case: Case
    receipt_code: str


class CaseError(ValidationError):
    """A step that cannot be taken now (message in Thai, then English)."""


def _err(th: str, en: str) -> CaseError:
    return CaseError(f"{th} ({en})")


def _clean_text(value: str, what_th: str, what_en: str, *, required: bool = True) -> str:
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise _err(f"กรุณากรอก{what_th}", f"{what_en} is required")
    if len(text) > MAX_TEXT:
        raise _err(
            f"{what_th}ยาวเกิน {MAX_TEXT:,} ตัวอักษร",
            f"{what_en} is longer than {MAX_TEXT:,} characters",
        )
    return text


def _case_url(case: Case) -> str:
    return notify.admin_url(reverse("integrity_case_detail", args=[case.pk]))


def _notify(case: Case, users: Iterable[Any], what_th: str, what_en: str) -> None:
    users = selectors.not_excluded(case, [u for u in users if u is not None])
    if not users:
        return
    notify.queue(
        agency=case.agency,
        recipients=users,
        subject=f"[{case.reference}] {what_th} / {what_en}",
        body=(
            f"เรื่อง {case.reference}: {what_th}\n"
            f"ขั้นตอนปัจจุบัน: {CaseStatus(case.status).label}\n"
            f"เปิดดูในระบบ (ต้องยืนยันรหัสผ่าน): {_case_url(case)}\n\n"
            f"Case {case.reference}: {what_en}\n"
            f"Open it in Prongsai (password confirmation required): {_case_url(case)}\n"
        ),
    )


def _next_reference(agency: Agency, channel: str, fiscal_year: int) -> str:
    counter, _created = CaseCounter.objects.get_or_create(
        agency=agency, channel=channel, fiscal_year=fiscal_year
    )
    counter = CaseCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{REFERENCE_PREFIX[CaseChannel(channel)]}{fiscal_year}-{counter.last:04d}"


def _set_stage(case: Case, status: str, now: dt.datetime) -> None:
    case.status = status
    case.stage_started_at = now
    days = stage_days().get(status)
    case.due_at = now + dt.timedelta(days=days) if days else None
    case.last_reminder_at = None


def _entry(
    case: Case,
    kind: str,
    actor: AbstractBaseUser | None,
    text: str = "",
    *,
    visible: bool = False,
    now: dt.datetime | None = None,
) -> CaseEntry:
    entry = CaseEntry(
        case=case,
        kind=kind,
        status_after=case.status,
        actor=actor,
        visible_to_reporter=visible,
        created_at=now or timezone.now(),
    )
    if text:
        entry.text_enc = crypto.keyring().encrypt_text(text, entry.aad())
    entry.save()
    return entry


def _record(action: str, actor: Any, case: Case, **data: Any) -> None:
    ledger.record(
        action=action,
        actor=actor,
        obj=case,
        agency=case.agency_id,
        data={"stage": case.status, **data},
        confidential=True,
    )


def _store_files(case: Case, files: Iterable[CheckedFile], *, from_reporter: bool) -> list[str]:
    """Encrypt and store files under random names; returns the storage names (for cleanup)."""
    ring = crypto.keyring()
    saved = []
    for checked in files:
        row = CaseFile(
            case=case,
            content_type=checked.content_type,
            size=len(checked.data),
            from_reporter=from_reporter,
        )
        row.uid = uuid.uuid4()
        blob = ring.encrypt(checked.data, row.aad("data")).encode("ascii")
        name = default_storage.save(
            f"integrity-private/{case.agency_id}/{row.uid.hex}.bin", ContentFile(blob)
        )
        saved.append(name)
        row.storage_name = name
        row.name_enc = ring.encrypt_text(checked.name, row.aad("name"))
        row.save()
    return saved


def _discard(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001 - best effort: the blob is encrypted and unreferenced
            logger.warning("could not remove the unused case file %s", name)


def _new_case(
    *,
    agency: Agency,
    channel: str,
    category: str,
    content: dict[str, str],
    identity: dict[str, Any],
    anonymous: bool,
    work_group: WorkGroup | None,
    manual: Manual | None,
    handler: Position | None,
    now: dt.datetime,
) -> tuple[Case, str]:
    if category not in CaseCategory.values:
        raise _err("ประเภทเรื่องไม่ถูกต้อง", "unknown category")
    if work_group is not None and work_group.agency_id != agency.pk:
        raise _err("กลุ่มงานไม่ได้อยู่ในหน่วยงานนี้", "the work group belongs to another agency")
    if manual is not None and manual.agency_id != agency.pk:
        raise _err("คู่มือไม่ได้อยู่ในหน่วยงานนี้", "the manual belongs to another agency")
    ring = crypto.keyring()
    code = receipts.new_code()
    fy, half = fiscal_half(timezone.localtime(now).date())
    case = Case(
        agency=agency,
        uid=uuid.uuid4(),
        channel=channel,
        category=category,
        anonymous=anonymous,
        work_group=work_group,
        manual=manual,
        handler_position=handler,
        receipt_hash=ring.tag("receipt", receipts.normalise(code) or ""),
        received_at=now,
        fiscal_year=fy,
        fiscal_half=half,
        reference=_next_reference(agency, channel, fy),
    )
    _set_stage(case, CaseStatus.RECEIVED, now)
    case.content_enc = ring.encrypt_json(content, case.aad("content"))
    case.identity_enc = ring.encrypt_json(identity, case.aad("identity"))
    case.full_clean(exclude=["receipt_hash"])
    case.save()
    return case, code


def route_for(reporter_position: Position | None, excluded_user_ids: set[int]) -> Position | None:
    """The first position up the chain with a holder who is not involved; None: the custodian."""
    if reporter_position is None:
        return None
    for position in supervisor_chain(reporter_position):
        holder = position.holder
        if holder is None or not holder.is_active or holder.pk in excluded_user_ids:
            continue
        return position
    return None


def case_report_submit(
    *,
    reporter: AbstractBaseUser,
    agency: Agency,
    category: str,
    what: str,
    occurred: str,
    where: str = "",
    rule: str = "",
    manual: Manual | None = None,
    work_group: WorkGroup | None = None,
    involved_positions: Iterable[Position] = (),
    involved_text: str = "",
    files: Iterable[CheckedFile] = (),
) -> Submission:
    """A staff member reports non-compliance. The report goes to the reporter's supervisor, past
    any supervisor who is involved, or to the integrity officer when nobody up the chain is free.
    The reporter is not linked to the case in clear: only the encrypted identity names them."""
    if not selectors.is_member(reporter, agency):
        raise PermissionDenied
    involved = list(involved_positions)
    if any(p.agency_id != agency.pk for p in involved):
        raise _err("ตำแหน่งที่ระบุไม่ได้อยู่ในหน่วยงานนี้", "a position belongs to another agency")
    content = {
        "what": _clean_text(what, "สิ่งที่เกิดขึ้น", "What happened"),
        "when": _clean_text(occurred, "วันเวลาที่เกิดเหตุ", "When it happened"),
        "where": _clean_text(where, "สถานที่", "Where", required=False),
        "rule": _clean_text(rule, "กฎหมาย ระเบียบ หรือคู่มือที่ไม่ได้ปฏิบัติตาม", "Rule", required=False),
        "involved": _clean_text(involved_text, "ผู้เกี่ยวข้อง", "People involved", required=False),
        "involved_positions": ", ".join(
            f"{p.title_th}" + (f" ({p.holder.get_full_name()})" if p.holder_id else "")
            for p in involved
        ),
    }
    position = (
        Position.objects.filter(agency=agency, holder=reporter).order_by("order", "pk").first()
    )
    excluded = {p.holder_id for p in involved if p.holder_id}
    handler = route_for(position, excluded)
    skipped = 0
    if position is not None:
        for step in supervisor_chain(position):
            if handler is not None and step.pk == handler.pk:
                break
            skipped += 1
    identity = {
        "kind": "staff",
        "user_id": reporter.pk,
        "name": person_name(reporter),
        "position": position.title_th if position else "",
        "email": getattr(reporter, "email", ""),
    }
    if work_group is None and position is not None:
        work_group = position.work_group
    saved: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            case, code = _new_case(
                agency=agency,
                channel=CaseChannel.INTERNAL,
                category=category,
                content=content,
                identity=identity,
                anonymous=False,
                work_group=work_group,
                manual=manual,
                handler=handler,
                now=now,
            )
            CaseExclusion.objects.bulk_create(
                CaseExclusion(case=case, tag=selectors.user_tag(uid)) for uid in sorted(excluded)
            )
            files = list(files)
            saved = _store_files(case, files, from_reporter=True)
            _entry(case, EntryKind.SUBMITTED, None, now=now)
            _record(
                "integrity.case_submit",
                REPORTER,
                case,
                channel=case.channel,
                category=case.category,
                routed_to=f"position:{handler.pk}" if handler else "custodian",
                skipped_levels=skipped,
                file_count=len(files),
            )
            _notify(
                case,
                [handler.holder] if handler else selectors.custodians(agency),
                "มีรายงานการไม่ปฏิบัติตามกฎใหม่ถึงท่าน",
                "a new non-compliance report is waiting for you",
            )
            return Submission(case, code)
    except BaseException:
        _discard(saved)
        raise


def case_complaint_submit(
    *,
    agency: Agency,
    category: str,
    what: str,
    occurred: str,
    where: str = "",
    persons: str = "",
    anonymous: bool = True,
    name: str = "",
    phone: str = "",
    email: str = "",
    files: Iterable[CheckedFile] = (),
) -> Submission:
    """A complaint from the public (O28). It goes to the integrity officer; anonymous is allowed;
    nothing about the sender's connection is kept."""
    content = {
        "what": _clean_text(what, "รายละเอียดเรื่องร้องเรียน", "Details of the complaint"),
        "when": _clean_text(occurred, "วันเวลาที่เกิดเหตุ", "When it happened"),
        "where": _clean_text(where, "สถานที่", "Where", required=False),
        "involved": _clean_text(persons, "ผู้ถูกร้องเรียน", "Who is complained about", required=False),
    }
    if anonymous:
        identity: dict[str, Any] = {"kind": "anonymous"}
    else:
        name = _clean_text(name, "ชื่อผู้ร้องเรียน", "Your name")
        if not (phone or "").strip() and not (email or "").strip():
            raise _err(
                "กรุณาให้เบอร์โทรศัพท์หรืออีเมลอย่างใดอย่างหนึ่ง หรือเลือกไม่ประสงค์ออกนาม",
                "give a telephone number or an e-mail address, or choose to stay anonymous",
            )
        identity = {
            "kind": "citizen",
            "name": name[:200],
            "phone": (phone or "").strip()[:50],
            "email": (email or "").strip()[:200],
        }
    saved: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            case, code = _new_case(
                agency=agency,
                channel=CaseChannel.PUBLIC,
                category=category,
                content=content,
                identity=identity,
                anonymous=anonymous,
                work_group=None,
                manual=None,
                handler=None,
                now=now,
            )
            files = list(files)
            saved = _store_files(case, files, from_reporter=True)
            _entry(case, EntryKind.SUBMITTED, None, now=now)
            _record(
                "integrity.case_submit",
                PUBLIC,
                case,
                channel=case.channel,
                category=case.category,
                routed_to="custodian",
                anonymous=anonymous,
                file_count=len(files),
            )
            _notify(
                case,
                selectors.custodians(agency),
                "มีเรื่องร้องเรียนการทุจริตใหม่",
                "a new corruption complaint has arrived",
            )
            return Submission(case, code)
    except BaseException:
        _discard(saved)
        raise


# ----------------------------------------------------------------------------- steps


def _require(parts: frozenset[str], *allowed: str) -> None:
    if not parts & set(allowed):
        raise PermissionDenied(
            "ท่านไม่มีหน้าที่ในขั้นตอนนี้ของเรื่อง (you have no part in this step of the case)"
        )


def _require_status(case: Case, *statuses: str) -> None:
    if case.status not in statuses:
        raise _err(
            f"ทำขั้นตอนนี้ไม่ได้ขณะเรื่องอยู่ในขั้น {CaseStatus(case.status).label}",
            f"this step cannot be taken while the case is at stage '{case.status}'",
        )


def _locked(case: Case) -> Case:
    """Re-read the case under a row lock, so two people cannot move it at once."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency", "handler_position", "fact_finder", "decider")
        .get(pk=case.pk)
    )


def _parts(actor: AbstractBaseUser, case: Case) -> frozenset[str]:
    parts = selectors.case_roles(actor, case)
    if not parts:
        raise PermissionDenied("ไม่พบเรื่องนี้ (no such case)")
    return parts


def _eligible(case: Case, user: AbstractBaseUser, role: str | None = None) -> None:
    if not selectors.staff_choices_for_case(case, role).filter(pk=user.pk).exists():
        raise _err("ผู้ที่เลือกไม่สามารถรับผิดชอบเรื่องนี้ได้", "the person chosen cannot be given this case")


@transaction.atomic
def case_assign(
    *, case: Case, actor: AbstractBaseUser, fact_finder: AbstractBaseUser, note: str = ""
) -> Case:
    """Assign (or replace) the fact-finder; the case moves to fact-finding."""
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, selectors.CUSTODIAN, selectors.HANDLER)
    _require_status(case, CaseStatus.RECEIVED, CaseStatus.FACT_FINDING)
    _eligible(case, fact_finder)
    now = timezone.now()
    replacing = case.status == CaseStatus.FACT_FINDING
    case.fact_finder = fact_finder
    if not replacing:
        _set_stage(case, CaseStatus.FACT_FINDING, now)
    case.save()
    _entry(case, EntryKind.ASSIGNED, actor, _clean_text(note, "", "", required=False), now=now)
    _record(
        "integrity.case_assign",
        actor,
        case,
        fact_finder=ledger.pseudonym(fact_finder.pk),
        replaced=replacing,
    )
    _notify(case, [fact_finder], "ท่านได้รับมอบหมายให้แสวงหาข้อเท็จจริง", "you are the fact-finder")
    return case


def _advance(
    *,
    case: Case,
    actor: AbstractBaseUser,
    allowed: tuple[str, ...],
    status_from: str,
    status_to: str,
    kind: str,
    action: str,
    text: str,
    label_th: str,
    label_en: str,
) -> Case:
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, *allowed)
    _require_status(case, status_from)
    text = _clean_text(text, label_th, label_en)
    now = timezone.now()
    _set_stage(case, status_to, now)
    case.save()
    _entry(case, kind, actor, text, now=now)
    _record(action, actor, case)
    return case


@transaction.atomic
def case_record_facts(*, case: Case, actor: AbstractBaseUser, text: str) -> Case:
    case = _advance(
        case=case,
        actor=actor,
        allowed=(selectors.FACT_FINDER, selectors.CUSTODIAN),
        status_from=CaseStatus.FACT_FINDING,
        status_to=CaseStatus.ANALYSIS,
        kind=EntryKind.FACTS,
        action="integrity.case_facts",
        text=text,
        label_th="ข้อเท็จจริงที่ได้",
        label_en="The facts established",
    )
    return case


@transaction.atomic
def case_record_analysis(*, case: Case, actor: AbstractBaseUser, text: str) -> Case:
    return _advance(
        case=case,
        actor=actor,
        allowed=(selectors.FACT_FINDER, selectors.CUSTODIAN, selectors.HANDLER),
        status_from=CaseStatus.ANALYSIS,
        status_to=CaseStatus.PROPOSALS,
        kind=EntryKind.ANALYSIS,
        action="integrity.case_analysis",
        text=text,
        label_th="ผลการวิเคราะห์",
        label_en="The analysis",
    )


def _authors(case: Case, *kinds: str) -> set[int]:
    return set(
        case.entries.filter(kind__in=kinds, actor__isnull=False).values_list("actor_id", flat=True)
    )


@transaction.atomic
def case_record_proposals(
    *, case: Case, actor: AbstractBaseUser, text: str, decider: AbstractBaseUser
) -> Case:
    """Propose prevention measures and send the case to an executive for decision."""
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, selectors.FACT_FINDER, selectors.CUSTODIAN, selectors.HANDLER)
    _require_status(case, CaseStatus.PROPOSALS)
    text = _clean_text(text, "ข้อเสนอแนวทางป้องกัน", "The prevention proposals")
    _eligible(case, decider, Role.EXECUTIVE)
    if decider.pk in _authors(case, EntryKind.ANALYSIS) | {actor.pk}:
        raise _err(
            "ผู้วินิจฉัยต้องไม่ใช่ผู้วิเคราะห์หรือผู้เสนอแนวทาง",
            "the deciding executive must not be who analysed the case or proposed the measures",
        )
    now = timezone.now()
    case.decider = decider
    _set_stage(case, CaseStatus.DECISION, now)
    case.save()
    _entry(case, EntryKind.PROPOSALS, actor, text, now=now)
    _record("integrity.case_proposals", actor, case, decider=ledger.pseudonym(decider.pk))
    _notify(case, [decider], "มีเรื่องรอการวินิจฉัยของท่าน", "a case is waiting for your decision")
    return case


@transaction.atomic
def case_record_decision(
    *, case: Case, actor: AbstractBaseUser, text: str, follow_up_days: int | None = None
) -> Case:
    """The executive decides which measures to take; the case moves to follow-up."""
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, selectors.DECIDER)
    _require_status(case, CaseStatus.DECISION)
    if actor.pk in _authors(case, EntryKind.ANALYSIS, EntryKind.PROPOSALS):
        raise _err(
            "ผู้วิเคราะห์หรือผู้เสนอแนวทางวินิจฉัยเรื่องเดียวกันเองไม่ได้",
            "who analysed the case or proposed the measures cannot also decide it",
        )
    text = _clean_text(text, "คำวินิจฉัยและมาตรการ", "The decision and measures")
    now = timezone.now()
    _set_stage(case, CaseStatus.FOLLOW_UP, now)
    if follow_up_days:
        if not 1 <= follow_up_days <= 365:
            raise _err("ระยะติดตามต้องอยู่ระหว่าง 1 ถึง 365 วัน", "follow-up must be 1 to 365 days")
        case.due_at = now + dt.timedelta(days=follow_up_days)
    case.save()
    _entry(case, EntryKind.DECISION, actor, text, now=now)
    _record("integrity.case_decision", actor, case)
    handler = case.handler_position.holder if case.handler_position_id else None
    _notify(
        case,
        [handler] if handler else selectors.custodians(case.agency),
        "ผู้บริหารวินิจฉัยแล้ว กรุณาติดตามมาตรการ",
        "the executive has decided; please follow up the measures",
    )
    return case


@transaction.atomic
def case_record_follow_up(*, case: Case, actor: AbstractBaseUser, text: str) -> Case:
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, selectors.CUSTODIAN, selectors.HANDLER, selectors.FACT_FINDER)
    _require_status(case, CaseStatus.FOLLOW_UP)
    text = _clean_text(text, "ผลการติดตาม", "The follow-up")
    _entry(case, EntryKind.FOLLOW_UP, actor, text)
    _record("integrity.case_follow_up", actor, case)
    return case


@transaction.atomic
def case_note_add(
    *, case: Case, actor: AbstractBaseUser, text: str, visible_to_reporter: bool = False
) -> CaseEntry:
    case = _locked(case)
    _parts(actor, case)
    text = _clean_text(text, "บันทึก", "The note")
    entry = _entry(case, EntryKind.NOTE, actor, text, visible=visible_to_reporter)
    _record("integrity.case_note", actor, case, to_reporter=visible_to_reporter)
    return entry


@transaction.atomic
def case_route(
    *, case: Case, actor: AbstractBaseUser, reason: str, to_position: Position | None = None
) -> Case:
    """Send the case up a level (or to a chosen position); with nobody free, to the custodian."""
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, selectors.CUSTODIAN, selectors.HANDLER)
    if not case.is_open:
        raise _err("เรื่องปิดแล้ว", "the case is closed")
    reason = _clean_text(reason, "เหตุผลในการส่งต่อ", "The reason")
    tags = set(case.exclusions.values_list("tag", flat=True))
    if to_position is not None:
        if to_position.agency_id != case.agency_id or to_position.holder_id is None:
            raise _err("ส่งต่อไปยังตำแหน่งนี้ไม่ได้", "the case cannot be sent to this position")
        if tags.intersection(selectors.user_tags(to_position.holder_id)):
            raise _err("ส่งต่อไปยังตำแหน่งนี้ไม่ได้", "the case cannot be sent to this position")
        target: Position | None = to_position
    else:
        target = None
        if case.handler_position_id:
            for position in supervisor_chain(case.handler_position):
                holder = position.holder
                if holder is None or not holder.is_active:
                    continue
                if tags.intersection(selectors.user_tags(holder.pk)):
                    continue
                target = position
                break
    previous = case.handler_position_id
    case.handler_position = target
    case.save()
    _entry(case, EntryKind.ROUTED, actor, reason)
    _record(
        "integrity.case_route",
        actor,
        case,
        from_position=previous,
        to=f"position:{target.pk}" if target else "custodian",
    )
    _notify(
        case,
        [target.holder] if target else selectors.custodians(case.agency),
        "มีเรื่องส่งต่อมาถึงท่าน",
        "a case has been sent to you",
    )
    return case


CLOSABLE_EARLY = {
    CaseOutcome.UNSUBSTANTIATED,
    CaseOutcome.INSUFFICIENT,
    CaseOutcome.REFERRED,
    CaseOutcome.OUT_OF_SCOPE,
}


@transaction.atomic
def case_request_close(*, case: Case, actor: AbstractBaseUser, outcome: str, text: str) -> Case:
    """Propose closing the case with an outcome; someone else must confirm it."""
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, selectors.CUSTODIAN, selectors.HANDLER, selectors.DECIDER)
    if not case.is_open:
        raise _err("เรื่องปิดแล้ว", "the case is already closed")
    if outcome not in CaseOutcome.values:
        raise _err("ผลการพิจารณาไม่ถูกต้อง", "unknown outcome")
    if outcome == CaseOutcome.SUBSTANTIATED and case.status != CaseStatus.FOLLOW_UP:
        raise _err(
            "เรื่องที่มีมูลปิดได้เมื่อผู้บริหารวินิจฉัยและติดตามมาตรการแล้ว",
            "a substantiated case can be closed only after the decision and follow-up",
        )
    late = case.status in (CaseStatus.DECISION, CaseStatus.FOLLOW_UP)
    if late and outcome in CLOSABLE_EARLY and outcome != CaseOutcome.UNSUBSTANTIATED:
        raise _err("ผลการพิจารณานี้ใช้ไม่ได้ในขั้นนี้", "this outcome does not fit this stage")
    text = _clean_text(text, "เหตุผลในการปิดเรื่อง", "The reason for closing")
    case.close_requested_by = actor
    case.close_requested_outcome = outcome
    case.save()
    _entry(case, EntryKind.CLOSE_REQUESTED, actor, text)
    _record("integrity.case_close_request", actor, case, outcome=outcome)
    others = [u for u in selectors.custodians(case.agency) if u.pk != actor.pk]
    if case.handler_position_id and case.handler_position.holder_id != actor.pk:
        others.append(case.handler_position.holder)
    if case.decider_id and case.decider_id != actor.pk:
        others.append(case.decider)
    _notify(case, others, "มีการเสนอปิดเรื่อง รอการยืนยัน", "closing the case awaits confirmation")
    return case


@transaction.atomic
def case_withdraw_close(*, case: Case, actor: AbstractBaseUser, reason: str = "") -> Case:
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, selectors.CUSTODIAN, selectors.HANDLER, selectors.DECIDER)
    if not case.close_requested_by_id:
        raise _err("ยังไม่มีการเสนอปิดเรื่อง", "no closure has been proposed")
    case.close_requested_by = None
    case.close_requested_outcome = ""
    case.save()
    _entry(case, EntryKind.CLOSE_WITHDRAWN, actor, _clean_text(reason, "", "", required=False))
    _record("integrity.case_close_withdraw", actor, case)
    return case


@transaction.atomic
def case_confirm_close(
    *, case: Case, actor: AbstractBaseUser, message_to_reporter: str = ""
) -> Case:
    """A second person confirms the proposed closure; the reporter sees the outcome."""
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, selectors.CUSTODIAN, selectors.HANDLER, selectors.DECIDER)
    if not case.close_requested_by_id:
        raise _err("ยังไม่มีการเสนอปิดเรื่อง", "no closure has been proposed")
    if case.close_requested_by_id == actor.pk:
        raise _err(
            "ผู้เสนอปิดเรื่องยืนยันการปิดเองไม่ได้ ต้องเป็นอีกคนหนึ่ง",
            "the person who proposed closing cannot also confirm it",
        )
    now = timezone.now()
    case.outcome = case.close_requested_outcome
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.due_at = None
    case.save()
    message = _clean_text(message_to_reporter, "", "", required=False)
    _entry(case, EntryKind.CLOSED, actor, message, visible=bool(message), now=now)
    _record(
        "integrity.case_close",
        actor,
        case,
        outcome=case.outcome,
        proposed_by=ledger.pseudonym(case.close_requested_by_id),
    )
    return case


# ----------------------------------------------------------------------------- the reporter


def case_reporter_message(*, case: Case, text: str, files: Iterable[CheckedFile] = ()) -> CaseEntry:
    """The reporter (through the receipt code) adds information or evidence to an open case."""
    if not case.is_open:
        raise _err("เรื่องนี้ปิดแล้ว เพิ่มข้อมูลไม่ได้", "the case is closed; nothing can be added")
    files = list(files)
    text = _clean_text(text, "ข้อความ", "The message", required=not files)
    saved: list[str] = []
    try:
        with transaction.atomic():
            case = _locked(case)
            saved = _store_files(case, files, from_reporter=True)
            entry = _entry(
                case, EntryKind.REPORTER_MESSAGE, None, text or "(แนบไฟล์เพิ่ม / files added)"
            )
            _record(
                "integrity.case_reporter_message",
                PUBLIC if case.channel == CaseChannel.PUBLIC else REPORTER,
                case,
                file_count=len(files),
            )
            _notify(
                case,
                selectors.responsible_users(case),
                "ผู้แจ้งส่งข้อมูลเพิ่มเติม",
                "the reporter sent more information",
            )
            return entry
    except BaseException:
        _discard(saved)
        raise


@transaction.atomic
def case_status_viewed(*, case: Case) -> None:
    _record(
        "integrity.case_status_view",
        PUBLIC if case.channel == CaseChannel.PUBLIC else REPORTER,
        case,
    )


# ----------------------------------------------------------------------------- reading


@dataclass
class CaseContent:
    content: dict[str, str]
    entries: list[tuple[CaseEntry, str]]
    files: list[tuple[CaseFile, str]]


@transaction.atomic
def case_open(*, case: Case, actor: AbstractBaseUser) -> CaseContent:
    """Decrypt a case for someone with a part in it; the access itself is recorded."""
    parts = _parts(actor, case)
    ring = crypto.keyring()
    content = ring.decrypt_json(case.content_enc, case.aad("content")) if case.content_enc else {}
    entries = [
        (e, ring.decrypt_text(e.text_enc, e.aad()) if e.text_enc else "")
        for e in case.entries.select_related("actor")
    ]
    files = [(f, ring.decrypt_text(f.name_enc, f.aad("name"))) for f in case.files.all()]
    _record("integrity.case_open", actor, case, parts=sorted(parts))
    return CaseContent(content, entries, files)


@transaction.atomic
def case_file_read(*, case: Case, actor: AbstractBaseUser, file_uid: str) -> tuple[str, bytes, str]:
    _parts(actor, case)
    row = case.files.filter(uid=file_uid).first()
    if row is None:
        raise PermissionDenied("ไม่พบไฟล์ (no such file)")
    ring = crypto.keyring()
    with default_storage.open(row.storage_name, "rb") as fh:
        blob = fh.read()
    data = ring.decrypt(blob.decode("ascii"), row.aad("data"))
    name = ring.decrypt_text(row.name_enc, row.aad("name"))
    _record("integrity.case_file_open", actor, case, file=str(row.uid))
    return name, data, row.content_type


@transaction.atomic
def case_identity_view(*, case: Case, actor: AbstractBaseUser) -> dict[str, Any]:
    """The reporter's identity, for the custodian or someone it was revealed to; recorded."""
    parts = _parts(actor, case)
    if not selectors.may_see_identity(actor, case, parts):
        raise PermissionDenied(
            "เฉพาะผู้รักษาความลับเห็นตัวตนผู้แจ้งได้ (only the custodian may see the reporter's identity)"
        )
    if not case.identity_enc:  # erased at the end of retention
        identity: dict[str, Any] = {"kind": "erased"}
    else:
        identity = crypto.keyring().decrypt_json(case.identity_enc, case.aad("identity"))
    _record("integrity.identity_view", actor, case)
    return identity


@transaction.atomic
def case_identity_reveal(
    *, case: Case, actor: AbstractBaseUser, to_user: AbstractBaseUser, reason: str
) -> IdentityReveal:
    """The custodian lets one person with a part in the case see who reported, for a reason."""
    case = _locked(case)
    parts = _parts(actor, case)
    _require(parts, selectors.CUSTODIAN)
    if case.anonymous:
        raise _err("ผู้ร้องไม่ประสงค์ออกนาม ไม่มีตัวตนให้เปิดเผย", "the complaint is anonymous")
    reason = _clean_text(reason, "เหตุผลในการเปิดเผย", "The reason")
    if len(reason) < MIN_REASON:
        raise _err(
            f"เหตุผลต้องยาวอย่างน้อย {MIN_REASON} ตัวอักษร",
            f"the reason must be at least {MIN_REASON} characters",
        )
    if to_user.pk == actor.pk or not selectors.case_roles(to_user, case) - {selectors.CUSTODIAN}:
        raise _err(
            "เปิดเผยได้เฉพาะแก่ผู้ที่มีหน้าที่ในเรื่องนี้ (ผู้รับเรื่อง ผู้แสวงหาข้อเท็จจริง หรือผู้วินิจฉัย)",
            "the identity can be revealed only to the handler, the fact-finder or the decider",
        )
    reveal = IdentityReveal(case=case, to_user=to_user, by_user=actor)
    reveal.reason_enc = crypto.keyring().encrypt_text(reason, reveal.aad())
    reveal.save()
    _entry(case, EntryKind.IDENTITY_REVEALED, actor, reason)
    _record("integrity.identity_reveal", actor, case, to=ledger.pseudonym(to_user.pk))
    return reveal


def open_cases_due(before: dt.datetime) -> Any:
    return Case.objects.filter(status__in=OPEN_STATUSES, due_at__lte=before).select_related(
        "agency", "handler_position__holder", "fact_finder", "decider"
    )


@transaction.atomic
def stepup_recorded(*, actor: AbstractBaseUser, agency: Agency | None) -> None:
    ledger.record(
        action="integrity.stepup",
        actor=actor,
        agency=agency.pk if agency else None,
        data={},
        confidential=True,
    )
