"""Integrity fixtures: the shared two-agency world plus a supervisor chain and helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AbstractBaseUser

from prongsai.integrity import services
from prongsai.integrity.models import Case
from prongsai.integrity.uploads import CheckedFile
from prongsai.org import services as org
from prongsai.org.models import Position, Role
from tests.conftest import World, make_user


def _one_page_pdf() -> bytes:
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


PDF = _one_page_pdf()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


@dataclass
class Org:
    world: World
    positions: dict[str, Position] = field(default_factory=dict)

    @property
    def agency(self):
        return self.world.agency

    def user(self, name: str) -> AbstractBaseUser:
        return self.world.users[name]


@pytest.fixture
def org_chart(world) -> Org:
    """governor → deputy → chief → malee (finance head) → somchai; wanida → chief; pranee custodian.

    The deputy oversees finance; the chief oversees finance and hr; the governor everything.
    """
    make_user(world, "chief", world.agency, Role.EXECUTIVE)
    make_user(world, "governor", world.agency, Role.EXECUTIVE)
    make_user(world, "thawat", world.agency, Role.AUDITOR)
    make_user(world, "otherpranee", world.other_agency, Role.INTEGRITY)
    for user in world.users.values():
        user.email = f"{user.username}@example.go.th"
        user.save(update_fields=["email"])
    a, g, u = world.agency, world.groups, world.users
    o = Org(world)
    o.positions["governor"] = org.position_create(
        agency=a,
        title_th="ผู้ว่าราชการจังหวัด",
        is_executive=True,
        oversees=[g["finance"], g["hr"]],
        holder=u["governor"],
    )
    o.positions["deputy"] = org.position_create(
        agency=a,
        title_th="รองผู้ว่าราชการจังหวัด",
        is_executive=True,
        supervisor=o.positions["governor"],
        oversees=[g["finance"]],
        holder=u["deputy"],
    )
    o.positions["chief"] = org.position_create(
        agency=a,
        title_th="หัวหน้าสำนักงานจังหวัด",
        is_executive=True,
        supervisor=o.positions["deputy"],
        oversees=[g["finance"], g["hr"]],
        holder=u["chief"],
    )
    o.positions["finance_head"] = org.position_create(
        agency=a,
        title_th="หัวหน้างานการเงิน",
        work_group=g["finance"],
        supervisor=o.positions["chief"],
        holder=u["malee"],
    )
    o.positions["procurement"] = org.position_create(
        agency=a,
        title_th="นักวิชาการพัสดุ",
        work_group=g["finance"],
        supervisor=o.positions["finance_head"],
        holder=u["somchai"],
    )
    o.positions["hr_officer"] = org.position_create(
        agency=a,
        title_th="นักทรัพยากรบุคคล",
        work_group=g["hr"],
        supervisor=o.positions["chief"],
        holder=u["wanida"],
    )
    o.positions["integrity"] = org.position_create(
        agency=a,
        title_th="เจ้าหน้าที่ศูนย์ดำรงธรรม",
        supervisor=o.positions["chief"],
        holder=u["pranee"],
    )
    return o


def report(
    o: Org, reporter: str = "somchai", *, involved=(), files=(), **kwargs
) -> services.Submission:
    data = {
        "category": "procurement",
        "what": "มีการแบ่งซื้อแบ่งจ้างเพื่อให้วงเงินต่ำกว่าเกณฑ์ประกวดราคา",
        "occurred": "มีนาคม 2567",
        "where": "งานการเงินและพัสดุ",
        "rule": "ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้าง พ.ศ. 2560 ข้อ 20",
    }
    data.update(kwargs)
    return services.case_report_submit(
        reporter=o.user(reporter),
        agency=o.agency,
        involved_positions=[o.positions[p] for p in involved],
        files=list(files),
        **data,
    )


def complaint(agency, **kwargs) -> services.Submission:
    data = {
        "category": "bribery",
        "what": "เจ้าหน้าที่เรียกเงินเพิ่มเพื่อเร่งออกใบอนุญาต",
        "occurred": "5 เมษายน 2567",
        "anonymous": True,
    }
    data.update(kwargs)
    return services.case_complaint_submit(agency=agency, **data)


def pdf(name: str = "หลักฐาน.pdf") -> CheckedFile:
    return CheckedFile(name, PDF, "application/pdf")


def refresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)
