"""The organisation of the demo agency, สำนักงานจังหวัดร้อยเอ็ด (fictional people, real-shaped structure)."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page, Site

from prongsai.core.demo import DemoContext
from prongsai.org import services
from prongsai.org.models import Role, WorkGroupKind

ORDER = 0


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: Role
    group: str | None
    note: str
    superuser: bool = False

    def describe(self) -> str:
        return f"{self.first_name} {self.last_name} — {self.note}"


# (code, Thai name, English name, kind, parent code, duties)
DEMO_GROUPS = [
    (
        "admin",
        "กลุ่มงานบริหารทั่วไป",
        "General Administration Group",
        WorkGroupKind.ADMIN,
        None,
        "งานสารบรรณ งานการเงินและบัญชี งานพัสดุ งานบริหารงานบุคคล และงานอาคารสถานที่",
    ),
    (
        "finance",
        "งานการเงินและพัสดุ",
        "Finance and Procurement Unit",
        WorkGroupKind.PROCUREMENT,
        "admin",
        "จัดซื้อจัดจ้าง บริหารพัสดุ เบิกจ่ายงบประมาณ และรายงานผลการจัดซื้อจัดจ้างรายเดือน",
    ),
    (
        "hr",
        "งานบริหารงานบุคคล",
        "Human Resources Unit",
        WorkGroupKind.HR,
        "admin",
        "สรรหา พัฒนา ประเมินผล และดูแลสวัสดิการของบุคลากร",
    ),
    (
        "strategy",
        "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
        "Provincial Strategy and Development Information Group",
        WorkGroupKind.PLANNING,
        None,
        "จัดทำแผนพัฒนาจังหวัด แผนปฏิบัติราชการประจำปี และติดตามผลการดำเนินงาน",
    ),
    (
        "ict",
        "กลุ่มงานข้อมูลสารสนเทศและการสื่อสาร",
        "Information and Communication Group",
        WorkGroupKind.IT,
        None,
        "ระบบสารสนเทศ เว็บไซต์ และการสื่อสารองค์กร",
    ),
    (
        "pr",
        "งานประชาสัมพันธ์",
        "Public Relations Unit",
        WorkGroupKind.PR,
        "ict",
        "เผยแพร่ข่าวสารและข้อมูลของหน่วยงานต่อสาธารณะ ดูแลเว็บไซต์ ITA",
    ),
    (
        "damrongdhama",
        "กลุ่มงานศูนย์ดำรงธรรม",
        "Damrongdhama Centre Group",
        WorkGroupKind.INTEGRITY,
        None,
        "รับเรื่องร้องเรียนร้องทุกข์ ประสานการแก้ไขปัญหา และส่งเสริมคุณธรรมและความโปร่งใส",
    ),
    (
        "audit",
        "หน่วยตรวจสอบภายในจังหวัด",
        "Provincial Internal Audit Unit",
        WorkGroupKind.AUDIT,
        None,
        "ตรวจสอบการปฏิบัติงานให้เป็นไปตามกฎหมาย ระเบียบ และคู่มือการปฏิบัติงาน",
    ),
]

DEMO_PEOPLE = [
    DemoPerson(
        "admin",
        "อนุชา",
        "ศรีสวัสดิ์",
        Role.ADMIN,
        None,
        "ผู้ดูแลระบบของหน่วยงาน (agency administrator)",
        superuser=True,
    ),
    DemoPerson(
        "governor", "ประเสริฐ", "วงศ์ใหญ่", Role.EXECUTIVE, None, "ผู้ว่าราชการจังหวัดร้อยเอ็ด (executive)"
    ),
    DemoPerson(
        "deputy",
        "สุนทร",
        "แก้วมณี",
        Role.EXECUTIVE,
        None,
        "รองผู้ว่าราชการจังหวัด ผู้อนุมัติการเผยแพร่ (approving executive)",
    ),
    DemoPerson(
        "chief", "วิไลวรรณ", "ทองดี", Role.EXECUTIVE, None, "หัวหน้าสำนักงานจังหวัดร้อยเอ็ด (executive)"
    ),
    DemoPerson(
        "malee", "มาลี", "บุญมา", Role.HEAD, "finance", "หัวหน้างานการเงินและพัสดุ (work-group head)"
    ),
    DemoPerson("somchai", "สมชาย", "ใจดี", Role.STAFF, "finance", "เจ้าหน้าที่พัสดุ (work-group staff)"),
    DemoPerson(
        "wanida", "วนิดา", "สุขใจ", Role.STAFF, "hr", "เจ้าหน้าที่งานบริหารงานบุคคล (work-group staff)"
    ),
    DemoPerson(
        "kittisak",
        "กิตติศักดิ์",
        "พลอยงาม",
        Role.STAFF,
        "strategy",
        "นักวิเคราะห์นโยบายและแผน (work-group staff)",
    ),
    DemoPerson(
        "nok", "นกน้อย", "ศรีประเสริฐ", Role.PR, None, "เจ้าหน้าที่งานประชาสัมพันธ์ ผู้เผยแพร่ (PR unit)"
    ),
    DemoPerson(
        "pranee",
        "ปราณี",
        "รักษ์ธรรม",
        Role.INTEGRITY,
        None,
        "เจ้าหน้าที่ศูนย์ดำรงธรรม ผู้รับผิดชอบด้านคุณธรรม (integrity officer)",
    ),
    DemoPerson(
        "thawat", "ธวัช", "ตรงไปตรงมา", Role.AUDITOR, None, "ผู้ตรวจสอบภายใน (internal auditor)"
    ),
]


_OFFICE = ("admin", "finance", "hr", "strategy", "ict", "pr")
# (key, Thai title, English title, work group, reports to, holder, oversees (executives only)).
DEMO_POSITIONS = [
    (
        "governor",
        "ผู้ว่าราชการจังหวัดร้อยเอ็ด",
        "Governor of Roi Et",
        None,
        None,
        "governor",
        (*_OFFICE, "damrongdhama", "audit"),
    ),
    ("deputy", "รองผู้ว่าราชการจังหวัดร้อยเอ็ด", "Deputy Governor", None, "governor", "deputy", _OFFICE),
    (
        "chief",
        "หัวหน้าสำนักงานจังหวัดร้อยเอ็ด",
        "Head of the Provincial Office",
        None,
        "deputy",
        "chief",
        (*_OFFICE, "damrongdhama"),
    ),
    (
        "finance_head",
        "หัวหน้างานการเงินและพัสดุ",
        "Head of Finance and Procurement",
        "finance",
        "chief",
        "malee",
        None,
    ),
    (
        "procurement_officer",
        "นักวิชาการพัสดุ",
        "Procurement Officer",
        "finance",
        "finance_head",
        "somchai",
        None,
    ),
    ("hr_officer", "นักทรัพยากรบุคคล", "Human Resources Officer", "hr", "chief", "wanida", None),
    (
        "planner",
        "นักวิเคราะห์นโยบายและแผน",
        "Policy and Plan Analyst",
        "strategy",
        "chief",
        "kittisak",
        None,
    ),
    ("pr_officer", "นักประชาสัมพันธ์", "Public Relations Officer", "pr", "chief", "nok", None),
    (
        "integrity_officer",
        "นักจัดการงานทั่วไป ศูนย์ดำรงธรรม",
        "Damrongdhama Centre Officer",
        "damrongdhama",
        "chief",
        "pranee",
        None,
    ),
    ("auditor", "นักวิชาการตรวจสอบภายใน", "Internal Auditor", "audit", "governor", "thawat", None),
]


def create_demo_agency(password: str) -> DemoContext:
    from prongsai.core.demo import DEMO_SLUG
    from prongsai.site.models import HomePage

    # Replace Wagtail's placeholder site and welcome page with the agency's own.
    Site.objects.filter(is_default_site=True, agency__isnull=True).delete()
    root = Page.get_first_root_node()
    for page in root.get_children().filter(slug="home").exclude(content_type__model="homepage"):
        page.delete()
    home = root.add_child(
        instance=HomePage(
            title="สำนักงานจังหวัดร้อยเอ็ด",
            slug="roiet",
            intro=(
                "<p>ศูนย์รวมข้อมูลข่าวสารของราชการตามพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540 "
                "และการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)</p>"
            ),
        )
    )
    agency = services.agency_create(
        slug=DEMO_SLUG,
        name_th="สำนักงานจังหวัดร้อยเอ็ด",
        name_en="Roi Et Provincial Office",
        hostname="127.0.0.1",
        port=8000,
        root_page=home,
        is_default_site=True,
        address="ศาลากลางจังหวัดร้อยเอ็ด ถนนสุริยเดชบำรุง ตำบลในเมือง อำเภอเมืองร้อยเอ็ด จังหวัดร้อยเอ็ด 45000",
        phone="0 4351 1234",
        email="roiet@example.go.th",
        office_hours="วันจันทร์–ศุกร์ เวลา 08.30–16.30 น. (เว้นวันหยุดราชการ)",
    )
    ctx = DemoContext(agency=agency, password=password)

    for order, (code, name_th, name_en, kind, parent, duties) in enumerate(DEMO_GROUPS):
        ctx.groups[code] = services.work_group_create(
            agency=agency,
            code=code,
            name_th=name_th,
            name_en=name_en,
            kind=kind,
            parent=ctx.groups[parent] if parent else None,
            duties=duties,
            order=order,
        )

    for person in DEMO_PEOPLE:
        user = services.staff_user_create(
            username=person.username,
            password=password,
            first_name=person.first_name,
            last_name=person.last_name,
            email=f"{person.username}@example.go.th",
        )
        if person.superuser:
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        ctx.users[person.username] = user
        services.membership_add(
            user=user,
            agency=agency,
            role=person.role,
            work_group=ctx.groups[person.group] if person.group else None,
        )
    # The PR officer also belongs to the PR unit's work group, as its staff.
    services.membership_add(
        user=ctx.users["nok"], agency=agency, role=Role.STAFF, work_group=ctx.groups["pr"]
    )
    # The integrity officer works in the Damrongdhama centre and prepares its information.
    services.membership_add(
        user=ctx.users["pranee"],
        agency=agency,
        role=Role.STAFF,
        work_group=ctx.groups["damrongdhama"],
    )

    for order, (key, title_th, title_en, group, supervisor, holder, oversees) in enumerate(
        DEMO_POSITIONS
    ):
        ctx.positions[key] = services.position_create(
            agency=agency,
            title_th=title_th,
            title_en=title_en,
            work_group=ctx.groups[group] if group else None,
            supervisor=ctx.positions[supervisor] if supervisor else None,
            is_executive=oversees is not None,
            oversees=[ctx.groups[code] for code in (oversees or ())],
            holder=ctx.users[holder],
            order=order,
        )
    return ctx
