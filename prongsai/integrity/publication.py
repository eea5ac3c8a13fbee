"""What the publishing workflow (prongsai.disclosure) needs to turn an integrity document into
evidence: a title, an HTML body, the period it covers and the files to attach.

The integrity app prepares and approves the content; publishing it on the public website under the
year's ITA item is the workflow's job (work group prepares → executive approves → PR publishes),
so nothing here publishes anything. Each function returns a frozen :class:`PublicationContent`
built only from approved versions (and, for the statistics, only from counts).

Which ITA item a piece of content satisfies is data, not code: ``topic`` names what the content
is, and the year's catalogue maps it to an item (``kind`` where the catalogue already has one,
such as ``complaint_statistics``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation

from prongsai.integrity import selectors, services, stats
from prongsai.integrity.models import (
    CodeOfConduct,
    ComplaintGuideline,
    DocumentStatus,
    ManualKind,
    ManualVersion,
    MeasurePlan,
    MeasureProgress,
)
from prongsai.org.models import Agency
from prongsai.thai import Period, PeriodKind, ThaiValueError, fiscal_half, format_date


class NotPublishable(ValueError):
    """The content is not approved (message in Thai and English)."""


@dataclass(frozen=True)
class PublicationFile:
    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class PublicationContent:
    topic: str  # complaint_statistics, complaint_guideline, code_of_conduct, work_manual, …
    title: str
    body_html: str
    period_key: str  # prongsai.thai.Period key: "current", "2567", "2567-H1", …
    owner_kind: str  # the work-group kind that owns it (org.WorkGroupKind)
    files: tuple[PublicationFile, ...] = field(default_factory=tuple)
    # What it is published from, stable across versions (one evidence page per source key and
    # agency: a new version revises that page): "code_of_conduct", "manual:12", "o29:2567-H1", …
    source_key: str = ""
    work_group_id: int | None = None  # a specific owning work group (a manual's), if any
    summary: str = ""
    # What the content says, when its text also carries a date of drawing up (the statistics'
    # "as of" line, the XLSX's timestamps): the numbers alone, so that the same numbers drawn up
    # on another day count as unchanged.
    fingerprint: str = ""

    @property
    def content_hash(self) -> str:
        """SHA-256 over the title, body, period and files (or the fingerprint): equal hashes
        mean nothing changed."""
        digest = hashlib.sha256()
        if self.fingerprint:
            digest.update(f"{self.topic}\x00{self.period_key}\x00{self.fingerprint}".encode())
            return digest.hexdigest()
        for part in (self.topic, self.title, self.body_html, self.period_key, self.summary):
            digest.update(part.encode())
            digest.update(b"\x00")
        for f in self.files:
            digest.update(f.name.encode() + b"\x00")
            digest.update(hashlib.sha256(f.content).digest())
        return digest.hexdigest()


def _require_approved(obj: object) -> None:
    if getattr(obj, "status", None) != DocumentStatus.APPROVED:
        raise NotPublishable(
            "เผยแพร่ได้เฉพาะฉบับที่ผู้บริหารอนุมัติแล้ว (only an approved version can be published)"
        )


def _render(template: str, context: dict) -> str:
    # Embedded in an evidence page, whose title is the page's own heading.
    with translation.override("th"):
        return render_to_string(template, {**context, "embedded": True}).strip()


def complaint_statistics(
    *, agency: Agency, fiscal_year: int, half: int | None = None, as_of: dt.datetime | None = None
) -> PublicationContent:
    """The complaint statistics table (HTML) and the same numbers as XLSX."""
    data = stats.complaint_statistics(
        agency=agency, fiscal_year=fiscal_year, half=half, as_of=as_of
    )
    xlsx = PublicationFile(
        f"complaint-statistics-{data.period_key}.xlsx",
        stats.to_xlsx(data),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return PublicationContent(
        topic="complaint_statistics",
        title=stats.title(data),
        body_html=stats.to_html(data),
        period_key=data.period_key,
        owner_kind="integrity",
        files=(xlsx,),
        source_key=f"complaint_statistics:{data.period_key}",
        fingerprint=json.dumps(
            [(r.category, r.received, r.finished) for r in data.rows]
            + [(k, r.received, r.finished) for k, r in sorted(data.by_channel.items())]
        ),
        summary="จำนวนเรื่องร้องเรียนการทุจริตและประพฤติมิชอบที่ได้รับ อยู่ระหว่างดำเนินการ "
        "และดำเนินการแล้วเสร็จ แยกตามประเภท นับจากเรื่องจริงโดยไม่มีข้อมูลระบุตัวบุคคล",
    )


def complaint_guideline(
    guideline: ComplaintGuideline, *, complaint_url: str = ""
) -> PublicationContent:
    _require_approved(guideline)
    body = _render(
        "integrity/guideline_body.html",
        {
            "agency": guideline.agency,
            "guideline": guideline,
            "complaint_url": complaint_url,
            "stage_days": [(label, days) for label, days in _stage_labels()],
        },
    )
    return PublicationContent(
        topic="complaint_guideline",
        title="แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        body_html=body,
        period_key="current",
        owner_kind="integrity",
        source_key="complaint_guideline",
        summary="ขั้นตอน ช่องทาง ผู้รับผิดชอบ และระยะเวลาการจัดการเรื่องร้องเรียนการทุจริต",
    )


def _stage_labels() -> list[tuple[str, int]]:
    from prongsai.integrity.models import CaseStatus

    with translation.override("th"):
        return [(str(CaseStatus(s).label), d) for s, d in services.stage_days().items()]


def code_of_conduct(code: CodeOfConduct) -> PublicationContent:
    _require_approved(code)
    body = _render("integrity/code_body.html", {"code": code})
    return PublicationContent(
        topic="code_of_conduct",
        title=code.title,
        body_html=body,
        period_key="current",
        owner_kind="hr",
        source_key="code_of_conduct",
        summary=f"ฉบับที่ {code.version} ใช้บังคับตั้งแต่ {format_date(code.effective_from)}",
    )


def manual(version: ManualVersion) -> PublicationContent:
    _require_approved(version)
    m = version.manual
    body = _render("integrity/manual_body.html", {"manual": m, "version": version})
    return PublicationContent(
        topic="work_manual" if m.kind == ManualKind.WORK else "service_manual",
        title=f"{m.title} (ฉบับที่ {version.number})",
        body_html=body,
        period_key="current",
        owner_kind=m.work_group.kind,
        source_key=f"manual:{m.pk}",
        work_group_id=m.work_group_id,
        summary=f"ฉบับที่ {version.number} ใช้บังคับตั้งแต่ {format_date(version.effective_from)}",
    )


def integrity_measures(plan: MeasurePlan) -> PublicationContent:
    _require_approved(plan)
    rows = [(m, []) for m in plan.measures.select_related("owner_position")]
    body = _render("integrity/measures_body.html", {"plan": plan, "rows": rows})
    return PublicationContent(
        topic="integrity_measures",
        title=f"{plan.title} ปีงบประมาณ พ.ศ. {plan.fiscal_year}",
        body_html=body,
        period_key=str(plan.fiscal_year),
        owner_kind="integrity",
        source_key=f"integrity_measures:{plan.fiscal_year}",
        summary="มาตรการ ขั้นตอน ผู้รับผิดชอบ และระยะเวลาดำเนินการ",
    )


def integrity_measures_progress(plan: MeasurePlan, *, as_of: dt.date) -> PublicationContent:
    """The measures with every progress report up to ``as_of``: evidence of carrying them out."""
    _require_approved(plan)
    rows = [
        (m, [p for p in m.progress.all() if p.reported_on <= as_of])
        for m in plan.measures.select_related("owner_position").prefetch_related("progress")
    ]
    body = _render(
        "integrity/measures_body.html",
        {"plan": plan, "rows": rows, "with_progress": True, "as_of": as_of},
    )
    return PublicationContent(
        topic="integrity_measures_progress",
        title=f"ผลการดำเนินการตาม{plan.title} ปีงบประมาณ พ.ศ. {plan.fiscal_year} "
        f"(ข้อมูล ณ {format_date(as_of)})",
        body_html=body,
        period_key=str(plan.fiscal_year),
        owner_kind="integrity",
        source_key=f"integrity_measures_progress:{plan.fiscal_year}",
        summary="ความก้าวหน้าของแต่ละมาตรการระหว่างปี",
    )


def _complaint_url(agency: Agency) -> str:
    from django.urls import reverse

    with translation.override("th"):
        path = reverse("integrity-complaint")
    return agency.site.root_url.rstrip("/") + path


def _halves_to_publish(today: dt.date) -> list[tuple[int, int]]:
    """The fiscal half that is running and the one before it (O29 is published per half)."""
    fy, half = fiscal_half(today)
    previous = (fy, 1) if half == 2 else (fy - 1, 2)
    return [(fy, half), previous]


def _latest_progress(plan: MeasurePlan, today: dt.date) -> dt.date | None:
    """The date of the plan's latest progress report up to today (what O43 is drawn up as of)."""
    return (
        MeasureProgress.objects.filter(measure__plan=plan, reported_on__lte=today)
        .order_by("-reported_on")
        .values_list("reported_on", flat=True)
        .first()
    )


def current_for_agency(agency: Agency, *, today: dt.date | None = None) -> list[PublicationContent]:
    """Everything of an agency that is approved and ready to publish now: the code of conduct,
    the complaint guideline, each manual's version in force, each approved measures plan with its
    progress, and the complaint statistics of the running and the previous fiscal half."""
    today = today or timezone.localdate()
    out = []
    code = selectors.current_code(agency)
    if code:
        out.append(code_of_conduct(code))
    guideline = selectors.current_guideline(agency)
    if guideline:
        out.append(complaint_guideline(guideline, complaint_url=_complaint_url(agency)))
    for version in (
        ManualVersion.objects.filter(manual__agency=agency, status=DocumentStatus.APPROVED)
        .select_related("manual__work_group")
        .order_by("manual__kind", "manual__title")
    ):
        out.append(manual(version))
    plans = MeasurePlan.objects.filter(agency=agency, status=DocumentStatus.APPROVED).order_by(
        "-fiscal_year"
    )
    for plan in plans:
        out.append(integrity_measures(plan))
        latest = _latest_progress(plan, today)
        if latest:
            out.append(integrity_measures_progress(plan, as_of=latest))
    for fy, half in _halves_to_publish(today):
        out.append(complaint_statistics(agency=agency, fiscal_year=fy, half=half))
    return out


def content_for(
    agency: Agency, source_key: str, *, today: dt.date | None = None
) -> PublicationContent | None:
    """The content of one source key (as :class:`PublicationContent` carries it), built from
    what is approved now, or None when there is nothing approved to publish under that key."""
    today = today or timezone.localdate()
    name, _sep, arg = source_key.partition(":")
    try:
        if name == "code_of_conduct" and not arg:
            code = selectors.current_code(agency)
            return code_of_conduct(code) if code else None
        if name == "complaint_guideline" and not arg:
            guideline = selectors.current_guideline(agency)
            if guideline is None:
                return None
            return complaint_guideline(guideline, complaint_url=_complaint_url(agency))
        if name == "manual" and arg.isdigit():
            version = (
                ManualVersion.objects.filter(
                    manual_id=int(arg), manual__agency=agency, status=DocumentStatus.APPROVED
                )
                .select_related("manual__work_group")
                .first()
            )
            return manual(version) if version else None
        if name in ("integrity_measures", "integrity_measures_progress") and arg.isdigit():
            plan = MeasurePlan.objects.filter(
                agency=agency, fiscal_year=int(arg), status=DocumentStatus.APPROVED
            ).first()
            if plan is None:
                return None
            if name == "integrity_measures":
                return integrity_measures(plan)
            latest = _latest_progress(plan, today)
            return integrity_measures_progress(plan, as_of=latest) if latest else None
        if name == "complaint_statistics":
            period = Period.from_key(arg)
            half = period.index if period.kind is PeriodKind.HALF else None
            if period.kind not in (PeriodKind.HALF, PeriodKind.YEAR):
                return None
            if period.start > today:
                return None  # a period that has not begun has nothing to count
            return complaint_statistics(agency=agency, fiscal_year=period.fiscal_year, half=half)
    except (ThaiValueError, ValueError):
        return None
    return None
