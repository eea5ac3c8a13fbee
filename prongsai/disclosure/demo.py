"""Evidence of the demo agency for ITA 2566, in every state a newcomer should see.

Everything goes through the services (create, submit, approve, publish, send back, unpublish),
so the ledger holds every step. Published: O1, O2, O5, O11, O19, O20, O23, O25 and O21 for
October to February (November declared "no procurement"; January in a second version; February
missing elements). O24 is published with an element missing; O21 March waits for an executive;
O12 waits for the PR unit; O13 was sent back with a reason; O22 is approved and scheduled for next
week; O10 was published and then unpublished with a reason. For the current fiscal year, last
month's procurement summary is a draft that has not been submitted. Files are small PDFs and
XLSX workbooks made in code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from prongsai.core.demo import DemoContext
from prongsai.disclosure import samples, services
from prongsai.disclosure.models import EvidencePage
from prongsai.ita.models import Catalogue, Item
from prongsai.thai.periods import Period, PeriodKind

ORDER = 30
YEAR = 2566

O21_ROWS = [
    ["ลำดับ", "งานที่ซื้อหรือจ้าง", "วงเงินที่ซื้อหรือจ้าง", "ราคากลาง", "วิธีซื้อหรือจ้าง",
     "รายชื่อผู้เสนอราคาและราคาที่เสนอ", "ผู้ได้รับการคัดเลือกและราคาที่ตกลง",
     "เหตุผลที่คัดเลือกโดยสังเขป", "เลขที่และวันที่ของสัญญาหรือข้อตกลง"],
]  # fmt: skip


def _o21_table(month: str, lines: list[tuple[str, int]]) -> bytes:
    rows = [row[:] for row in O21_ROWS]
    for number, (work, amount) in enumerate(lines, start=1):
        rows.append(
            [
                number,
                work,
                amount,
                amount,
                "เฉพาะเจาะจง",
                f"ร้านตัวอย่างพาณิชย์ {amount:,} บาท",
                f"ร้านตัวอย่างพาณิชย์ {amount:,} บาท",
                "เสนอราคาต่ำสุดและคุณสมบัติครบถ้วน",
                f"ใบสั่งซื้อ {number}/{month}",
            ]
        )
    return samples.simple_xlsx(rows, sheet="สขร.1")


def _pdf(name: str, *lines: str) -> services.NewFile:
    return services.NewFile(name=name, data=samples.simple_pdf(lines, title=name))


class _Demo:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.items = {
            i.code: i
            for i in Item.objects.filter(catalogue__fiscal_year=YEAR).prefetch_related("elements")
        }

    def user(self, name: str) -> Any:  # noqa: ANN401
        return self.ctx.users[name]

    def make(
        self,
        code: str,
        by: str,
        group: str,
        title: str,
        period: str,
        files: list[services.NewFile],
        elements: list[str] | None = None,
        **fields: Any,
    ) -> EvidencePage:
        item = self.items[code]
        if elements is None:
            pairs = [(item, None)]
        else:
            by_key = {e.key: e for e in item.elements.all()}
            pairs = [(item, by_key[k]) for k in elements]
        return services.evidence_create(
            user=self.user(by),
            work_group=self.ctx.groups[group],
            title=title,
            period_key=period,
            items=pairs,
            files=files,
            s9_category=fields.pop("s9_category", item.s9_category),
            **fields,
        )

    def submit(self, page: EvidencePage, by: str) -> None:
        services.evidence_submit(page=page, user=self.user(by))

    def step(self, page: EvidencePage, by: str, comment: str = "") -> None:
        page = EvidencePage.objects.get(pk=page.pk)
        services.task_approve(
            task_state=page.current_workflow_task_state, user=self.user(by), comment=comment
        )

    def send_back(self, page: EvidencePage, by: str, reason: str) -> None:
        page = EvidencePage.objects.get(pk=page.pk)
        services.task_return(
            task_state=page.current_workflow_task_state, user=self.user(by), reason=reason
        )

    def publish(self, page: EvidencePage, by: str) -> EvidencePage:
        self.submit(page, by)
        self.step(page, "deputy")
        self.step(page, "nok")
        return EvidencePage.objects.get(pk=page.pk)


def seed(ctx: DemoContext) -> None:
    if not Catalogue.objects.filter(fiscal_year=YEAR).exists():
        from prongsai.ita.services import catalogue_load_shipped

        catalogue_load_shipped()
    services.disclosure_setup(agency=ctx.agency, actor=ctx.users["admin"])
    demo = _Demo(ctx)

    # --- finance: the monthly procurement summary (O21), the plan and announcements
    months = [
        ("2566-M01", "ต.ค.65", [("กระดาษถ่ายเอกสาร A4", 12500), ("หมึกพิมพ์", 8600)]),
        ("2566-M02", "พ.ย.65", []),
        ("2566-M03", "ธ.ค.65", [("ซ่อมเครื่องปรับอากาศห้องประชุม", 24000)]),
        ("2566-M04", "ม.ค.66", [("จ้างเหมารถตู้ไปราชการ", 18000)]),
        ("2566-M05", "ก.พ.66", [("วัสดุสำนักงาน", 9870)]),
    ]
    for period, short, lines in months:
        label = Period.from_key(period).label("th")
        if not lines:
            page = demo.make(
                "O21",
                "somchai",
                "finance",
                f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{label}",
                period,
                [],
                nil_return=True,
                summary="ในเดือนนี้ไม่มีการจัดซื้อจัดจ้าง",
            )
        else:
            page = demo.make(
                "O21",
                "somchai",
                "finance",
                f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{label}",
                period,
                [services.NewFile(f"สขร1_{short}.xlsx", _o21_table(short, lines))],
                elements=None if period != "2566-M05" else ["work", "amount", "method"],
                summary="แบบ สขร.1 สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน",
            )
        demo.publish(page, "somchai")
        if period == "2566-M04":  # a corrected second version: "ฉบับที่ 2"
            services.evidence_revise(
                page=page,
                user=demo.user("malee"),
                summary="แบบ สขร.1 (ฉบับแก้ไข: ปรับเลขที่ใบสั่งซื้อให้ถูกต้อง)",
                add_files=[
                    services.NewFile(
                        "สขร1_ม.ค.66_ฉบับแก้ไข.xlsx",
                        _o21_table("ม.ค.66 (แก้ไข)", [("จ้างเหมารถตู้ไปราชการ", 18000)]),
                    )
                ],
                remove_files=[page.attachments.first().sha256],
            )
            demo.publish(page, "malee")
    march = demo.make(
        "O21",
        "somchai",
        "finance",
        "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนมีนาคม 2566",
        "2566-M06",
        [services.NewFile("สขร1_มี.ค.66.xlsx", _o21_table("มี.ค.66", [("ครุภัณฑ์คอมพิวเตอร์", 46000)]))],
    )
    demo.submit(march, "somchai")  # waiting for an executive

    demo.publish(
        demo.make(
            "O19",
            "somchai",
            "finance",
            "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2566",
            "2566",
            [
                _pdf(
                    "procurement-plan-2566.pdf",
                    "Procurement plan FY 2566",
                    "Roi Et Provincial Office",
                )
            ],
        ),
        "somchai",
    )
    demo.publish(
        demo.make(
            "O20",
            "malee",
            "finance",
            "ประกาศเชิญชวนและประกาศผลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. 2566",
            "2566",
            [_pdf("announcements-2566.pdf", "Invitations and results", "FY 2566")],
        ),
        "malee",
    )
    annual = demo.make(
        "O22",
        "malee",
        "finance",
        "รายงานผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2565",
        "2565",
        [_pdf("procurement-report-2565.pdf", "Annual procurement report FY 2565")],
        go_live_at=timezone.now() + dt.timedelta(days=7),
    )
    demo.publish(annual, "malee")  # approved and scheduled: goes live next week

    # --- strategy: plans and reports
    demo.publish(
        demo.make(
            "O11",
            "kittisak",
            "strategy",
            "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2566",
            "2566",
            [_pdf("action-plan-2566.pdf", "Action plan FY 2566", "projects, budget, timeframe")],
        ),
        "kittisak",
    )
    report = demo.make(
        "O12",
        "kittisak",
        "strategy",
        "รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณ รอบ 6 เดือน",
        "2566-H1",
        [_pdf("progress-h1-2566.pdf", "Six-month progress report FY 2566")],
    )
    demo.submit(report, "kittisak")
    demo.step(report, "deputy", comment="เห็นชอบ ให้งานประชาสัมพันธ์เผยแพร่")  # waits for PR
    returned = demo.make(
        "O13",
        "kittisak",
        "strategy",
        "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2565",
        "2565",
        [_pdf("annual-report-2565.pdf", "Annual report FY 2565 (draft)")],
    )
    demo.submit(returned, "kittisak")
    demo.send_back(returned, "deputy", "ยังไม่มีหัวข้อปัญหาอุปสรรคและข้อเสนอแนะ กรุณาเพิ่มให้ครบก่อนเผยแพร่")

    # --- HR
    demo.publish(
        demo.make(
            "O23",
            "wanida",
            "hr",
            "แผนการบริหารทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. 2566",
            "2566",
            [_pdf("hr-plan-2566.pdf", "HR plan FY 2566")],
        ),
        "wanida",
    )
    demo.publish(
        demo.make(
            "O24",
            "wanida",
            "hr",
            "ผลการดำเนินการตามแผนการบริหารทรัพยากรบุคคล รอบ 6 เดือน",
            "2566-H1",
            [_pdf("hr-progress-h1-2566.pdf", "HR plan progress, first half FY 2566")],
            elements=["progress"],
        ),
        "wanida",
    )
    demo.publish(
        demo.make(
            "O25",
            "wanida",
            "hr",
            "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล",
            "current",
            [
                _pdf(
                    "hr-criteria.pdf", "Recruitment, development, appraisal, rewards and discipline"
                )
            ],
        ),
        "wanida",
    )

    # --- general administration (prepared by the agency's administrator)
    for code, title, name in [
        ("O1", "โครงสร้างสำนักงานจังหวัดร้อยเอ็ด", "org-chart.pdf"),
        ("O2", "ข้อมูลผู้บริหาร", "executives.pdf"),
        ("O5", "ข้อมูลการติดต่อ", "contact.pdf"),
    ]:
        demo.publish(
            demo.make(code, "admin", "admin", title, "current", [_pdf(name, code, "Roi Et")]),
            "admin",
        )
    policy = demo.publish(
        demo.make(
            "O10",
            "admin",
            "admin",
            "นโยบายคุ้มครองข้อมูลส่วนบุคคล (ฉบับเดิม)",
            "current",
            [_pdf("privacy-policy-2562.pdf", "Privacy policy (old)")],
        ),
        "admin",
    )
    services.evidence_unpublish(
        page=policy,
        user=demo.user("nok"),
        reason="นโยบายฉบับนี้ถูกแทนที่แล้ว อยู่ระหว่างจัดทำฉบับใหม่ตาม พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล",
    )

    # --- this fiscal year: last month's summary is only a draft
    last_month = Period.for_date(PeriodKind.MONTH, timezone.localdate()).previous()
    demo.make(
        "O21",
        "somchai",
        "finance",
        f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{last_month.label('th')}",
        last_month.key,
        [_pdf("draft-summary.pdf", "Procurement summary (draft)")],
    )
