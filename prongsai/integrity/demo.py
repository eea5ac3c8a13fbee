"""The demo agency's discretion audit: a code of conduct with acknowledgments, the complaint
guideline, a few manuals, cases and complaints in every stage, an audit with findings, and the
year's integrity measures with progress. Everything goes through the services, so the ledger
holds every step.

The receipt codes of the demo complaints are written to ``<VAR_DIR>/demo_receipt_codes.txt`` so
that a newcomer can follow them on the public status page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from prongsai.core.demo import DemoContext
from prongsai.integrity import services
from prongsai.integrity.models import (
    AuditPlan,
    Case,
    ChecklistItem,
    ChecklistResult,
    CorrectiveAction,
    Finding,
    Manual,
    ManualKind,
    ManualStep,
    ManualVersion,
    Measure,
    MeasurePlan,
    Severity,
    TimeUnit,
)
from prongsai.integrity.uploads import CheckedFile
from prongsai.thai import bangkok_today, fiscal_half, fiscal_year, fiscal_year_bounds

ORDER = 50
RECEIPTS_FILE = "demo_receipt_codes.txt"

CODE_BODY = """ประมวลจริยธรรมนี้ใช้กับข้าราชการ พนักงานราชการ และลูกจ้างทุกคนของสำนักงานจังหวัดร้อยเอ็ด \
ตามพระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562 และประมวลจริยธรรมข้าราชการพลเรือน

เจ้าหน้าที่ต้องยึดมั่นในสถาบันหลักของประเทศ ซื่อสัตย์สุจริต มีจิตสำนึกที่ดี และรับผิดชอบต่อหน้าที่ \
กล้าตัดสินใจและกระทำในสิ่งที่ถูกต้องชอบธรรม คิดถึงประโยชน์ส่วนรวมมากกว่าประโยชน์ส่วนตัว \
และไม่มีผลประโยชน์ทับซ้อน

เจ้าหน้าที่ต้องมุ่งผลสัมฤทธิ์ของงาน ปฏิบัติหน้าที่อย่างเป็นธรรมและไม่เลือกปฏิบัติ \
และดำรงตนเป็นแบบอย่างที่ดีและรักษาภาพลักษณ์ของทางราชการ"""

DOS = """ให้บริการประชาชนตามคู่มือการให้บริการและภายในระยะเวลามาตรฐาน
เปิดเผยผลประโยชน์ทับซ้อนต่อผู้บังคับบัญชาก่อนพิจารณาเรื่อง
รายงานการปฏิบัติที่ไม่เป็นไปตามกฎหมาย ระเบียบ หรือคู่มือผ่านช่องทางที่กำหนด"""

DONTS = """รับของขวัญหรือประโยชน์ใด ๆ จากผู้มาติดต่อราชการ (No Gift Policy)
ใช้ทรัพย์สินของทางราชการเพื่อประโยชน์ส่วนตน
แบ่งซื้อแบ่งจ้างเพื่อหลีกเลี่ยงวิธีการจัดซื้อจัดจ้างที่กำหนด"""

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _document_workflow(ctx: DemoContext) -> dict[str, Any]:
    u, g, p, agency = ctx.users, ctx.groups, ctx.positions, ctx.agency
    today = bangkok_today()
    code = services.code_save(
        actor=u["pranee"],
        agency=agency,
        title="ประมวลจริยธรรมของเจ้าหน้าที่สำนักงานจังหวัดร้อยเอ็ด",
        body=CODE_BODY,
        dos=DOS,
        donts=DONTS,
        effective_from=today - dt.timedelta(days=60),
    )
    services.code_approve(actor=u["governor"], code=code)
    for name in ("malee", "somchai", "kittisak", "nok", "pranee", "chief"):
        services.code_acknowledge(user=u[name], code=code)

    guideline = services.guideline_save(
        actor=u["pranee"],
        agency=agency,
        responsible_unit=g["damrongdhama"],
        introduction=(
            "สำนักงานจังหวัดร้อยเอ็ดกำหนดแนวปฏิบัตินี้เพื่อให้การรับและจัดการเรื่องร้องเรียน"
            "การทุจริตและประพฤติมิชอบของเจ้าหน้าที่เป็นไปอย่างรวดเร็ว เป็นธรรม และตรวจสอบได้"
        ),
        other_channels=(
            "ยื่นด้วยตนเองที่ศูนย์ดำรงธรรมจังหวัดร้อยเอ็ด ศาลากลางจังหวัด ชั้น 1\n"
            'ทางไปรษณีย์ถึง ผู้ว่าราชการจังหวัดร้อยเอ็ด (วงเล็บมุมซอง "เรื่องร้องเรียนการทุจริต")\n'
            "สายด่วนศูนย์ดำรงธรรม 1567"
        ),
        protection=(
            "ผู้ร้องเรียนไม่ต้องเปิดเผยตัวตน ข้อมูลผู้ร้องเรียนถูกเข้ารหัสและเปิดดูได้เฉพาะ"
            "เจ้าหน้าที่ผู้รับผิดชอบ การเปิดเผยต่อผู้อื่นต้องมีเหตุผลและถูกบันทึกทุกครั้ง "
            "ผู้ถูกร้องเรียนจะไม่ได้รับทราบข้อมูลผู้ร้องเรียน"
        ),
    )
    services.guideline_approve(actor=u["chief"], guideline=guideline)

    procurement = services.manual_save(
        actor=u["malee"],
        manual=Manual(
            agency=agency,
            kind=ManualKind.WORK,
            code="procurement-specific",
            title="คู่มือการจัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง",
            work_group=g["finance"],
            mission="การจัดซื้อจัดจ้างพัสดุวงเงินไม่เกิน 500,000 บาท โดยวิธีเฉพาะเจาะจง",
        ),
    )
    version = _manual_version(
        procurement,
        [
            (
                "จัดทำรายงานขอซื้อขอจ้าง",
                1,
                TimeUnit.WORKING_DAYS,
                p["procurement_officer"],
                "ระเบียบกระทรวงการคลังฯ พ.ศ. 2560 ข้อ 22",
            ),
            (
                "หัวหน้าหน่วยงานของรัฐให้ความเห็นชอบ",
                1,
                TimeUnit.WORKING_DAYS,
                p["chief"],
                "ระเบียบกระทรวงการคลังฯ พ.ศ. 2560 ข้อ 24",
            ),
            (
                "เจรจาตกลงราคากับผู้ประกอบการ",
                3,
                TimeUnit.WORKING_DAYS,
                p["procurement_officer"],
                "ระเบียบกระทรวงการคลังฯ พ.ศ. 2560 ข้อ 79",
            ),
            (
                "ตรวจรับพัสดุ",
                3,
                TimeUnit.WORKING_DAYS,
                p["finance_head"],
                "ระเบียบกระทรวงการคลังฯ พ.ศ. 2560 ข้อ 175",
            ),
        ],
        actor=u["malee"],
        legal_basis="พระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 มาตรา 56",
    )
    services.manual_version_approve(actor=u["deputy"], version=version)

    service = services.manual_save(
        actor=u["pranee"],
        manual=Manual(
            agency=agency,
            kind=ManualKind.SERVICE,
            code="complaint-service",
            title="คู่มือการให้บริการรับเรื่องราวร้องทุกข์ ศูนย์ดำรงธรรมจังหวัด",
            work_group=g["damrongdhama"],
            mission="การรับเรื่องร้องเรียนร้องทุกข์จากประชาชนและส่งต่อหน่วยงานที่เกี่ยวข้อง",
        ),
    )
    version = _manual_version(
        service,
        [
            ("รับเรื่องและออกใบรับเรื่อง", 15, TimeUnit.MINUTES, p["integrity_officer"], ""),
            (
                "พิจารณาและส่งต่อหน่วยงานที่รับผิดชอบ",
                1,
                TimeUnit.WORKING_DAYS,
                p["integrity_officer"],
                "ระเบียบสำนักนายกรัฐมนตรีว่าด้วยการจัดการเรื่องราวร้องทุกข์ พ.ศ. 2552",
            ),
            ("แจ้งผลการดำเนินการแก่ผู้ร้อง", 15, TimeUnit.DAYS, p["integrity_officer"], ""),
        ],
        actor=u["pranee"],
        legal_basis="ระเบียบสำนักนายกรัฐมนตรีว่าด้วยการจัดการเรื่องราวร้องทุกข์ พ.ศ. 2552",
        channel="ศูนย์ดำรงธรรมจังหวัดร้อยเอ็ด ศาลากลางจังหวัด ชั้น 1 และสายด่วน 1567",
    )
    services.manual_version_approve(actor=u["chief"], version=version)

    travel = services.manual_save(
        actor=u["malee"],
        manual=Manual(
            agency=agency,
            kind=ManualKind.WORK,
            code="travel-claims",
            title="คู่มือการเบิกจ่ายค่าใช้จ่ายในการเดินทางไปราชการ",
            work_group=g["finance"],
            mission="การตรวจสอบและเบิกจ่ายค่าเบี้ยเลี้ยง ค่าที่พัก และค่าพาหนะ",
            review_every_months=24,
        ),
    )
    _manual_version(  # a draft waiting for an executive's approval
        travel,
        [
            (
                "ตรวจสอบหลักฐานการเดินทาง",
                2,
                TimeUnit.WORKING_DAYS,
                p["procurement_officer"],
                "พระราชกฤษฎีกาค่าใช้จ่ายในการเดินทางไปราชการ พ.ศ. 2526",
            ),
            ("อนุมัติเบิกจ่าย", 1, TimeUnit.WORKING_DAYS, p["finance_head"], ""),
        ],
        actor=u["malee"],
        legal_basis="พระราชกฤษฎีกาค่าใช้จ่ายในการเดินทางไปราชการ พ.ศ. 2526 และที่แก้ไขเพิ่มเติม",
    )
    return {"procurement": procurement}


def _manual_version(
    manual: Manual,
    steps: list[tuple[str, int, str, Any, str]],
    *,
    actor: Any,
    legal_basis: str,
    channel: str = "",
) -> ManualVersion:
    today = bangkok_today()
    version = ManualVersion(
        manual=manual,
        legal_basis=legal_basis,
        channel=channel,
        effective_from=today - dt.timedelta(days=200),
        next_review_on=today + dt.timedelta(days=20 if manual.code == "complaint-service" else 165),
    )
    version.steps = [
        ManualStep(
            order=i,
            title=title,
            standard_time=amount,
            time_unit=unit,
            responsible_position=position,
            legal_basis=basis,
        )
        for i, (title, amount, unit, position, basis) in enumerate(steps, start=1)
    ]
    return services.manual_version_save(actor=actor, version=version)


def _cases(ctx: DemoContext, manuals: dict[str, Manual]) -> list[tuple[str, str]]:
    u, p, agency = ctx.users, ctx.positions, ctx.agency
    codes: list[tuple[str, str]] = []

    def complaint(what: str, category: str, **kw: Any) -> Case:
        sub = services.case_complaint_submit(
            agency=agency,
            category=category,
            what=what,
            occurred=kw.pop("occurred", "เดือนที่แล้ว"),
            **kw,
        )
        codes.append((sub.case.reference, sub.receipt_code))
        return sub.case

    def report(reporter: str, what: str, category: str, **kw: Any) -> Case:
        sub = services.case_report_submit(
            reporter=u[reporter],
            agency=agency,
            category=category,
            what=what,
            occurred=kw.pop("occurred", "สัปดาห์ที่แล้ว"),
            **kw,
        )
        codes.append((sub.case.reference, sub.receipt_code))
        return sub.case

    # 1. Just received: an anonymous complaint with evidence, waiting for the integrity officer.
    complaint(
        "เจ้าหน้าที่ขอเงิน 2,000 บาทเพื่อเร่งออกหนังสือรับรอง โดยบอกว่าถ้าไม่จ่ายต้องรอหนึ่งเดือน",
        "bribery",
        where="ศาลากลางจังหวัดร้อยเอ็ด ชั้น 2",
        persons="เจ้าหน้าที่ผู้ชายที่โต๊ะรับเอกสาร",
        files=[CheckedFile("ภาพหน้าจอข้อความ.pdf", PDF, "application/pdf")],
    )
    # 2. Received, routed past the involved supervisor (malee) to the chief, and overdue.
    overdue = report(
        "somchai",
        "หัวหน้างานสั่งให้แบ่งซื้อวัสดุสำนักงานเป็นสามใบสั่งซื้อในวันเดียวกัน เพื่อให้วงเงินแต่ละครั้งไม่เกินเกณฑ์",
        "procurement",
        manual=manuals["procurement"],
        rule="คู่มือการจัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง ขั้นตอนที่ 1",
        involved_positions=[p["finance_head"]],
    )
    Case.objects.filter(pk=overdue.pk).update(
        due_at=timezone.now() - dt.timedelta(days=2)
    )  # shows the overdue board
    # 3. Fact-finding.
    c = complaint(
        "ผู้รับเหมาได้งานซ่อมถนนทุกครั้งโดยไม่มีการเปรียบเทียบราคา",
        "procurement",
        anonymous=False,
        name="นายสมหมาย รักบ้านเกิด",
        phone="0812345678",
    )
    services.case_assign(
        case=c,
        actor=u["pranee"],
        fact_finder=u["thawat"],
        note="ตรวจสอบเอกสารการจัดจ้าง 6 เดือนย้อนหลัง",
    )
    services.case_note_add(
        case=c,
        actor=u["pranee"],
        visible_to_reporter=True,
        text="ได้รับเรื่องแล้ว อยู่ระหว่างตรวจสอบเอกสาร หากมีหลักฐานเพิ่มเติมส่งได้ทางหน้านี้",
    )
    # 4. Analysis.
    c = report("kittisak", "มีการใช้รถราชการไปงานส่วนตัวในวันหยุด", "assets")
    services.case_assign(case=c, actor=u["chief"], fact_finder=u["pranee"])
    services.case_record_facts(
        case=c, actor=u["pranee"], text="ตรวจสมุดบันทึกการใช้รถ พบการใช้รถในวันเสาร์ 2 ครั้งโดยไม่มีคำสั่ง"
    )
    # 5. Proposals.
    c = complaint("เจ้าหน้าที่พูดจาไม่สุภาพและปฏิเสธรับคำร้องโดยไม่ให้เหตุผล", "ethics")
    services.case_assign(case=c, actor=u["pranee"], fact_finder=u["wanida"])
    services.case_record_facts(case=c, actor=u["wanida"], text="สอบถามพยาน 2 คน ยืนยันเหตุการณ์")
    services.case_record_analysis(
        case=c, actor=u["wanida"], text="เป็นการฝ่าฝืนประมวลจริยธรรมด้านการให้บริการ ไม่มีประโยชน์ตอบแทน"
    )
    # 6. Waiting for the executive's decision.
    c = report("wanida", "การคัดเลือกผู้เข้ารับการอบรมไม่เป็นไปตามหลักเกณฑ์ที่ประกาศ", "rules")
    services.case_assign(case=c, actor=u["chief"], fact_finder=u["pranee"])
    services.case_record_facts(case=c, actor=u["pranee"], text="หลักเกณฑ์ไม่ได้ประกาศให้ทราบทั่วกัน")
    services.case_record_analysis(case=c, actor=u["pranee"], text="เกิดจากขั้นตอนที่ไม่ได้เขียนไว้ในคู่มือ")
    services.case_record_proposals(
        case=c,
        actor=u["pranee"],
        decider=u["deputy"],
        text="เพิ่มขั้นตอนประกาศหลักเกณฑ์ในคู่มือการพัฒนาบุคลากร",
    )
    # 7. Follow-up, with a closure proposed and waiting for a second person.
    c = complaint("มีการเรียกเก็บค่าธรรมเนียมเกินอัตราที่กฎหมายกำหนด", "abuse")
    services.case_assign(case=c, actor=u["pranee"], fact_finder=u["thawat"])
    services.case_record_facts(case=c, actor=u["thawat"], text="พบใบเสร็จเรียกเก็บเกินอัตรา 3 ราย")
    services.case_record_analysis(case=c, actor=u["thawat"], text="เจ้าหน้าที่ใช้อัตราเก่าที่ยกเลิกแล้ว")
    services.case_record_proposals(
        case=c, actor=u["thawat"], decider=u["chief"], text="ปรับปรุงป้ายอัตราค่าธรรมเนียมและคืนเงินส่วนเกิน"
    )
    services.case_record_decision(
        case=c,
        actor=u["chief"],
        follow_up_days=30,
        text="ให้คืนเงินแก่ผู้ชำระเกินทั้ง 3 ราย และปรับป้ายภายใน 7 วัน",
    )
    services.case_record_follow_up(case=c, actor=u["pranee"], text="คืนเงินครบแล้ว และเปลี่ยนป้ายแล้ว")
    services.case_request_close(
        case=c, actor=u["pranee"], outcome="substantiated", text="ดำเนินมาตรการครบถ้วน"
    )
    # 8. Closed: substantiated, after every step.
    c = report("nok", "มีการเผยแพร่ข่าวโดยไม่ผ่านการอนุมัติตามคู่มือ", "rules")
    services.case_assign(case=c, actor=u["pranee"], fact_finder=u["thawat"])
    services.case_record_facts(case=c, actor=u["thawat"], text="ข่าว 1 ชิ้นเผยแพร่ก่อนได้รับอนุมัติ")
    services.case_record_analysis(case=c, actor=u["thawat"], text="ขั้นตอนอนุมัติในระบบเดิมข้ามได้")
    services.case_record_proposals(
        case=c, actor=u["thawat"], decider=u["governor"], text="ใช้ระบบเผยแพร่ที่บังคับการอนุมัติก่อนเผยแพร่"
    )
    services.case_record_decision(case=c, actor=u["governor"], text="เห็นชอบตามข้อเสนอ")
    services.case_record_follow_up(case=c, actor=u["pranee"], text="เปลี่ยนมาใช้ระบบใหม่แล้ว")
    services.case_request_close(case=c, actor=u["pranee"], outcome="substantiated", text="ครบถ้วน")
    services.case_confirm_close(
        case=c, actor=u["governor"], message_to_reporter="ดำเนินการแก้ไขเรียบร้อยแล้ว ขอบคุณที่แจ้ง"
    )
    # 9. Closed early: not a matter of corruption.
    c = complaint("ถนนหน้าหมู่บ้านชำรุดมานาน", "other")
    services.case_route(
        case=c,
        actor=u["pranee"],
        to_position=p["chief"],
        reason="ขอให้หัวหน้าสำนักงานพิจารณาร่วมกันก่อนยุติเรื่อง",
    )
    services.case_request_close(
        case=c,
        actor=u["pranee"],
        outcome="out_of_scope",
        text="เป็นเรื่องร้องทุกข์ทั่วไป ส่งต่อองค์กรปกครองส่วนท้องถิ่น",
    )
    services.case_confirm_close(
        case=c,
        actor=u["chief"],
        message_to_reporter="เรื่องนี้ไม่ใช่การทุจริต ได้ส่งต่อเทศบาลเพื่อดำเนินการแล้ว",
    )
    return codes


def _audit(ctx: DemoContext, manuals: dict[str, Manual]) -> None:
    u, g, p, agency = ctx.users, ctx.groups, ctx.positions, ctx.agency
    today = bangkok_today()
    plan = AuditPlan(
        agency=agency,
        fiscal_year=fiscal_year(today),
        title="ตรวจสอบการปฏิบัติตามคู่มือการจัดซื้อจัดจ้าง",
        scope="สุ่มตรวจการจัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง ไตรมาสที่ 1 เทียบกับคู่มือและระเบียบ",
        lead_auditor=u["thawat"],
        planned_start=today - dt.timedelta(days=45),
        planned_end=today - dt.timedelta(days=15),
    )
    plan.checklist = [
        ChecklistItem(
            order=1,
            requirement="มีรายงานขอซื้อขอจ้างก่อนดำเนินการทุกครั้ง",
            manual=manuals["procurement"],
            result=ChecklistResult.COMPLIANT,
            note="สุ่ม 20 รายการ ครบทุกรายการ",
        ),
        ChecklistItem(
            order=2,
            requirement="ไม่มีการแบ่งซื้อแบ่งจ้าง",
            legal_basis="ระเบียบฯ ข้อ 22",
            result=ChecklistResult.NON_COMPLIANT,
            note="พบ 2 กรณีในเดือนพฤศจิกายน",
        ),
        ChecklistItem(
            order=3,
            requirement="ตรวจรับพัสดุภายในเวลามาตรฐาน",
            manual=manuals["procurement"],
            result=ChecklistResult.COMPLIANT,
        ),
    ]
    plan = services.audit_save(actor=u["thawat"], plan=plan, work_groups=[g["finance"]])
    services.audit_start(actor=u["thawat"], plan=plan)
    finding = Finding(
        plan=plan,
        checklist_item=plan.checklist.get(order=2),
        work_group=g["finance"],
        title="พบการแบ่งซื้อวัสดุสำนักงาน",
        detail="ใบสั่งซื้อ 2 ชุดในวันเดียวกัน ผู้ขายรายเดียวกัน รวมวงเงินเกินเกณฑ์วิธีเฉพาะเจาะจง",
        cause="ไม่มีการรวบรวมความต้องการรายเดือนก่อนจัดซื้อ",
        severity=Severity.HIGH,
    )
    finding.actions = [
        CorrectiveAction(
            description="จัดทำแผนความต้องการวัสดุรายเดือนและรวมการจัดซื้อ",
            owner_position=p["finance_head"],
            due_on=today - dt.timedelta(days=3),
        ),
        CorrectiveAction(
            description="ชี้แจงเจ้าหน้าที่พัสดุเรื่องการแบ่งซื้อแบ่งจ้าง",
            owner_position=p["procurement_officer"],
            due_on=today + dt.timedelta(days=20),
        ),
    ]
    services.finding_save(actor=u["thawat"], finding=finding)
    action = finding.actions.get(owner_position=p["procurement_officer"])
    services.action_follow_up(
        actor=u["thawat"], action=action, done=True, note="จัดประชุมชี้แจงแล้ว มีรายชื่อผู้เข้าร่วม"
    )
    services.audit_report(
        actor=u["thawat"],
        plan=AuditPlan.objects.get(pk=plan.pk),
        conclusion="การจัดซื้อส่วนใหญ่เป็นไปตามคู่มือ พบการแบ่งซื้อ 2 กรณี ให้แก้ไขตามมาตรการ",
    )


def _measures(ctx: DemoContext) -> None:
    u, p, agency = ctx.users, ctx.positions, ctx.agency
    today = bangkok_today()
    fy = fiscal_year(today)
    start, end = fiscal_year_bounds(fy)
    plan = MeasurePlan(
        agency=agency,
        fiscal_year=fy,
        title="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        analysis=(
            "ผลการประเมิน ITA ปีที่ผ่านมา: ตัวชี้วัดการเปิดเผยข้อมูลได้คะแนนต่ำในข้อสถิติเรื่องร้องเรียน "
            "และการจัดซื้อจัดจ้างรายเดือน เนื่องจากเผยแพร่ไม่ครบทุกเดือน"
        ),
    )
    plan.measures = [
        Measure(
            order=1,
            title="เผยแพร่สรุปผลการจัดซื้อจัดจ้างครบทุกเดือน",
            steps="กำหนดผู้รับผิดชอบรายเดือน\nตรวจความครบถ้วนก่อนวันที่ 10 ของเดือนถัดไป",
            owner_position=p["finance_head"],
            start_on=start,
            end_on=end,
            monitoring="รายงานผู้บริหารทุกไตรมาส",
        ),
        Measure(
            order=2,
            title="จัดทำสถิติเรื่องร้องเรียนจากระบบทุกครึ่งปี",
            steps="ดึงสถิติจากระบบรับเรื่องร้องเรียน\nเสนอผู้บริหารอนุมัติเผยแพร่",
            owner_position=p["integrity_officer"],
            start_on=start,
            end_on=end,
            monitoring="ตรวจสอบโดยหน่วยตรวจสอบภายใน",
        ),
    ]
    plan = services.measures_save(actor=u["pranee"], plan=plan)
    services.measures_approve(actor=u["governor"], plan=plan)
    first = plan.measures.get(order=1)
    services.measure_progress_add(
        actor=u["malee"],
        measure=first,
        reported_on=today,
        percent=50,
        text="เผยแพร่ครบ 6 เดือนแรกของปีงบประมาณแล้ว",
    )


def _hand_off(ctx: DemoContext) -> None:
    """Send approved content to the publishing workflow as its owners would: most of it is
    approved and published, one manual waits for the executive, the O43 progress is left for a
    newcomer to send from the integrity menu."""
    from prongsai.disclosure import services as disclosure
    from prongsai.disclosure.models import EvidencePage
    from prongsai.integrity import publication
    from prongsai.integrity.services.publishing import publication_handoff

    u, agency = ctx.users, ctx.agency
    fy, half = fiscal_half(bangkok_today())
    previous_half = f"{fy}-H1" if half == 2 else f"{fy - 1}-H2"
    service_manual = Manual.objects.get(agency=agency, code="complaint-service")
    plan = [
        ("code_of_conduct", "wanida", True),
        ("complaint_guideline", "pranee", True),
        (f"complaint_statistics:{previous_half}", "pranee", True),
        (f"integrity_measures:{fy}", "pranee", True),
        (f"manual:{service_manual.pk}", "pranee", False),
    ]
    for source, by, publish in plan:
        content = publication.content_for(agency, source)
        result = publication_handoff(user=u[by], agency=agency, content=content)
        if publish:
            for approver in ("deputy", "nok"):
                page = EvidencePage.objects.get(pk=result.page.pk)
                disclosure.task_approve(
                    task_state=page.current_workflow_task_state, user=u[approver]
                )


def seed(ctx: DemoContext) -> None:
    manuals = _document_workflow(ctx)
    codes = _cases(ctx, manuals)
    _audit(ctx, manuals)
    _measures(ctx)
    _hand_off(ctx)
    path = Path(settings.VAR_DIR) / RECEIPTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# รหัสติดตามเรื่องของเรื่องตัวอย่าง (ใช้ที่ /complaints/status/) · demo receipt codes\n"
        + "\n".join(f"{ref}\t{code}" for ref, code in codes)
        + "\n",
        encoding="utf-8",
    )
    path.chmod(0o600)
