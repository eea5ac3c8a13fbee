from __future__ import annotations

import pytest

from prongsai.thai import Period, ThaiValueError, guess_period_from_filename

# (file name as staff name it, the period it states) with no kind and no default year.
UNDERSTOOD = [
    # months: Thai names, abbreviations, two-digit BE years
    ("สขร1_ต.ค.65.pdf", "2566-M01"),
    ("สขร.1 ต.ค. 65.pdf", "2566-M01"),
    ("แบบ สขร.1 พ.ย. 2565.pdf", "2566-M02"),
    ("สรุปผลจัดซื้อ มกราคม 2566.pdf", "2566-M04"),
    ("สรุปผลการจัดซื้อจัดจ้าง เดือน มี.ค. 66.pdf", "2566-M06"),
    ("ผลการจัดซื้อจัดจ้าง_ธันวาคม_2565.pdf", "2566-M03"),
    ("สขร1_มค66.pdf", "2566-M04"),
    ("สขร 1 กุมภา 66.xlsx", "2566-M05"),
    ("จัดซื้อจัดจ้าง กรกฏาคม 2566.pdf", "2566-M10"),
    ("สขร1 ประจำเดือน กันยายน พ.ศ. 2566.pdf", "2566-M12"),
    ("สรุปผล ก.พ.๒๕๖๗.pdf", "2567-M05"),
    ("สขร๑_ต.ค.๖๕.pdf", "2566-M01"),
    ("งานพัสดุ/2566/สขร1_ต.ค.65.PDF", "2566-M01"),
    # months: English names and numbers (CE converted)
    ("procurement-2023-01.pdf", "2566-M04"),
    ("procurement_january_2023.pdf", "2566-M04"),
    ("Procurement Jan 2023.pdf", "2566-M04"),
    ("summary_2023_sep.xlsx", "2566-M12"),
    ("O21_2566_03.pdf", "2566-M06"),
    ("O21_2566-10.pdf", "2567-M01"),
    ("สขร1_10-2565.pdf", "2566-M01"),
    ("O21 03-2566.pdf", "2566-M06"),
    ("2566-M04.pdf", "2566-M04"),
    # quarters
    ("ไตรมาส2-2566.xlsx", "2566-Q2"),
    ("ไตรมาส๒-๒๕๖๖.xlsx", "2566-Q2"),
    ("รายงานสถิติ ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2566.pdf", "2566-Q1"),
    ("ไตรมาส 3_66.pdf", "2566-Q3"),
    ("Q2_2566.pdf", "2566-Q2"),
    ("q4-66.xlsx", "2566-Q4"),
    ("2566-Q2.pdf", "2566-Q2"),
    ("stats_2566q3.csv", "2566-Q3"),
    ("FY2023 Q2.pdf", "2566-Q2"),
    ("Q2_FY2023.pdf", "2566-Q2"),
    ("ปีงบประมาณ 2566 ไตรมาส 4.pdf", "2566-Q4"),
    ("ไตรมาส 2 (ม.ค.-มี.ค. 66).pdf", "2566-Q2"),
    ("สถิติ ต.ค.-ธ.ค. 65.pdf", "2566-Q1"),
    ("สถิติ ตุลาคม - ธันวาคม 2565.pdf", "2566-Q1"),
    ("O21 ผลการจัดซื้อจัดจ้าง มกราคม-มีนาคม 2566.pdf", "2566-Q2"),
    ("jan-mar 2023.pdf", "2566-Q2"),
    # halves
    ("O12 รายงานการกำกับติดตาม รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2566.pdf", "2566-H1"),
    ("O37_รายงาน6เดือน_2566.pdf", "2566-H1"),
    ("รายงานผล 6 เดือนแรก ปี 2566.pdf", "2566-H1"),
    ("รายงาน 6 เดือนหลัง 2566.pdf", "2566-H2"),
    ("ผลการดำเนินงาน ครึ่งปีแรก 2566.pdf", "2566-H1"),
    ("ผลการดำเนินงาน ครึ่งปีหลัง ปีงบ 66.pdf", "2566-H2"),
    ("ITA2566_O21_ต.ค.-มี.ค.66.pdf", "2566-H1"),
    ("ผลการดำเนินงาน ต.ค.65-มี.ค.66.pdf", "2566-H1"),
    ("ผลการดำเนินงาน ตุลาคม 2565 ถึง มีนาคม 2566.pdf", "2566-H1"),
    ("h2-fy2566.pdf", "2566-H2"),
    ("O21 ผลการจัดซื้อจัดจ้าง ไตรมาส 1-2 ปี 2566.pdf", "2566-H1"),  # two quarters = a half
    ("o16 สถิติ q1-q2 2566.xlsx", "2566-H1"),
    ("สถิติ ไตรมาส 3 และ 4 ปีงบประมาณ 2566.pdf", "2566-H2"),
    ("ผลการดำเนินงาน Oct 2022 - Mar 2023.pdf", "2566-H1"),
    ("report first half 2566.pdf", "2566-H1"),
    # whole fiscal years
    ("แผนปฏิบัติการ ปีงบประมาณ 2566.pdf", "2566"),
    ("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๖.pdf", "2566"),
    ("ปีงบ66_แผน.pdf", "2566"),
    ("plan-FY2023.pdf", "2566"),
    ("สถิติ รอบ 12 เดือน ปีงบประมาณ 2566.pdf", "2566"),
    ("ผลการดำเนินงาน ต.ค.65-ก.ย.66.pdf", "2566"),
    ("สถิติ ไตรมาส 1-4 2566.pdf", "2566"),
]


@pytest.mark.parametrize(("name", "key"), UNDERSTOOD)
def test_it_reads_names_staff_use(name: str, key: str) -> None:
    assert guess_period_from_filename(name) == Period.from_key(key)


# Names that must give None: nothing there, or more than one reading.
NOT_UNDERSTOOD = [
    "คำสั่งแต่งตั้งคณะทำงาน.pdf",  # nothing
    "O21.pdf",  # an ITA code is not a period
    "สขร1.pdf",
    "ประกาศ 5 ม.ค. 2566.pdf",  # a date, not a month
    "scan_2566-03-15.pdf",  # a full date
    "บันทึก 15/03/2566.pdf",
    "Q2 2023.pdf",  # calendar or fiscal quarter? CE year without FY
    "H1 2023.pdf",
    "ไตรมาส 2.pdf",  # no year and no default
    "มกราคม.pdf",
    "รายงาน รอบ 9 เดือน 2566.pdf",  # cumulative nine months: not a period
    "ผลการดำเนินงาน ต.ค.65-ก.พ.66.pdf",  # five months: not a period
    "สขร1 ต.ค.65 พ.ย.65.pdf",  # two months
    "สขร1_ต.ค.65_ไตรมาส2.pdf",  # October is not in Q2
    "ปีงบประมาณ 2566 ต.ค.66.pdf",  # October 2566 is in FY 2567
    "2565-2566.pdf",  # two years
    "แผน 2566.pdf",  # a bare year: fiscal or calendar? only read when kind="year"
    "report-2023.pdf",
    "O21_2566_13.pdf",  # no month 13
    "สขร1_ต.ค.12.pdf",  # 12 is no year we read
    "ตุลาการ 2566.pdf",  # a word that starts like ตุลา (with a bare year)
    "คำพิพากษาตุลาการ.pdf",
    "จัดซื้อตค65.pdf",  # undotted abbreviation inside a Thai word
    "May I help.pdf",
    "summary_2023.pdf",
    "2566-Q5.pdf",
    "ไตรมาส 2-3 2566.pdf",  # two quarters that are not a half
    "ปีงบประมาณ 2566-2567.pdf",  # two fiscal years
    "may-june 2023.pdf",  # two months
    "jan-mar.pdf",  # no year
    "สขร.1 ธ.ค.65 - ม.ค.66.pdf",
    "ข้อมูล ณ 30 ก.ย. 66.pdf",  # a date
    "ประกาศ ลงวันที่ 1 ตุลาคม 2565.pdf",
    "IMG_20230115.jpg",
    "ไตรมาส 1 2566 (ต.ค.-ธ.ค. 66).pdf",  # Oct–Dec 2566 is Q1 of FY 2567
    "q1 report 2023-24.pdf",
    "q2_01_final.pdf",  # 01 is no year we read
    "ใบเสร็จ งบประมาณ 2500 บาท.pdf",  # a sum of money, not fiscal year 2500
]


@pytest.mark.parametrize("name", NOT_UNDERSTOOD)
def test_it_answers_none_rather_than_guess(name: str) -> None:
    assert guess_period_from_filename(name) is None


@pytest.mark.parametrize(
    ("name", "kind", "key"),
    [
        ("แผน 2566.pdf", "year", "2566"),  # a bare BE year is a fiscal year when a year is asked
        ("สขร1_2566.pdf", "year", "2566"),
        ("สขร1_ต.ค.65.pdf", "month", "2566-M01"),
        ("ไตรมาส2-2566.xlsx", "quarter", "2566-Q2"),
        ("สขร1 ต.ค.65 ไตรมาส 1.pdf", "month", "2566-M01"),  # nested: the kind chooses
        ("สขร1 ต.ค.65 ไตรมาส 1.pdf", "quarter", "2566-Q1"),
        ("ไตรมาส 2 ปีงบประมาณ 2566.pdf", "quarter", "2566-Q2"),
    ],
)
def test_kind_selects_the_period(name: str, kind: str, key: str) -> None:
    assert guess_period_from_filename(name, kind=kind) == Period.from_key(key)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("สขร1_ต.ค.65.pdf", "quarter"),  # a month's file is not a quarter's
        ("ไตรมาส2-2566.xlsx", "year"),
        ("ไตรมาส2-2566.xlsx", "month"),
        ("สขร1 ต.ค.65 ไตรมาส 1.pdf", None),  # two kinds and none asked
        ("report-2023.pdf", "year"),  # a bare CE year: calendar 2023 or FY 2566?
        ("แผนปฏิบัติการ ปีงบประมาณ 2566.pdf", "current"),
    ],
)
def test_kind_never_forces_an_answer(name: str, kind: str | None) -> None:
    assert guess_period_from_filename(name, kind=kind) is None


@pytest.mark.parametrize(
    ("name", "default_fy", "key"),
    [
        ("ไตรมาส 2.pdf", 2566, "2566-Q2"),
        ("รายงาน 6 เดือน.pdf", 2567, "2567-H1"),
        ("สขร1 ตุลาคม.pdf", 2566, "2566-M01"),  # October of FY 2566 is October 2565
        ("สขร1 มกราคม.pdf", 2566, "2566-M04"),
        ("สถิติ ต.ค.-ธ.ค..pdf", 2566, "2566-Q1"),
        ("ไตรมาส2-2567.xlsx", 2566, "2567-Q2"),  # the name's own year wins
    ],
)
def test_default_fy_fills_a_missing_year(name: str, default_fy: int, key: str) -> None:
    assert guess_period_from_filename(name, default_fy=default_fy) == Period.from_key(key)


def test_a_year_in_the_name_fills_a_month_without_one() -> None:
    assert guess_period_from_filename("O21 2566 มกราคม.pdf") == Period.from_key("2566-M04")
    assert guess_period_from_filename("ปีงบประมาณ 2566 ตุลาคม.pdf") == Period.from_key("2566-M01")


def test_abbreviations_alone_need_a_year() -> None:
    # ก.พ. is also the Civil Service Commission: without a year it is not read as February.
    assert guess_period_from_filename("หลักเกณฑ์ ก.พ..pdf", default_fy=2566) is None
    assert guess_period_from_filename("ตุลา.pdf", default_fy=2566) is None


def test_a_dated_correction_does_not_hide_the_month() -> None:
    name = "ผลจัดซื้อ ม.ค. 66 (ฉบับแก้ไข 10 ก.พ. 66).pdf"
    assert guess_period_from_filename(name) == Period.from_key("2566-M04")


def test_bad_arguments() -> None:
    with pytest.raises(TypeError):
        guess_period_from_filename(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        guess_period_from_filename("x.pdf", kind="week")
    with pytest.raises(ThaiValueError):
        guess_period_from_filename("ไตรมาส 2.pdf", default_fy=2023)
