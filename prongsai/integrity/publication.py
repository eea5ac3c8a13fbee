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
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from prongsai.integrity import selectors, services, stats
from prongsai.integrity.models import (
    CodeOfConduct,
    ComplaintGuideline,
    DocumentStatus,
    ManualKind,
    ManualVersion,
    MeasurePlan,
)
from prongsai.org.models import Agency
from prongsai.thai import format_date


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


def _require_approved(obj: object) -> None:
    if getattr(obj, "status", None) != DocumentStatus.APPROVED:
        raise NotPublishable(
            "เผยแพร่ได้เฉพาะฉบับที่ผู้บริหารอนุมัติแล้ว (only an approved version can be published)"
        )


def _render(template: str, context: dict) -> str:
    with translation.override("th"):
        return render_to_string(template, context).strip()


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
    )


def current_for_agency(agency: Agency) -> list[PublicationContent]:
    """Everything of an agency that is approved and ready to publish now."""
    out = []
    code = selectors.current_code(agency)
    if code:
        out.append(code_of_conduct(code))
    guideline = selectors.current_guideline(agency)
    if guideline:
        out.append(complaint_guideline(guideline))
    for version in ManualVersion.objects.filter(
        manual__agency=agency, status=DocumentStatus.APPROVED
    ).select_related("manual__work_group"):
        out.append(manual(version))
    return out
