"""The built-in template filters give Buddhist-era dates and period labels in the active language."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_thaidate_long_and_short():
    d = dt.date(2023, 1, 5)
    with translation.override("th"):
        assert render("{{ d|thaidate }}", d=d) == "5 มกราคม 2566"
        assert render('{{ d|thaidate:"short" }}', d=d) == "5 ม.ค. 2566"
    with translation.override("en"):
        assert render("{{ d|thaidate }}", d=d) == "5 January 2023"


def test_thaidate_of_an_aware_datetime_uses_bangkok_time():
    moment = dt.datetime(2022, 12, 31, 18, 0, tzinfo=dt.UTC)  # 01:00 on 1 Jan in Bangkok
    with translation.override("th"):
        assert render("{{ m|thaidate }}", m=moment) == "1 มกราคม 2566"
        assert "01:00" in render("{{ m|thaidatetime }}", m=moment)


def test_thaidigits_and_empty_values():
    assert render("{{ n|thaidigits }}", n=2566) == "๒๕๖๖"
    assert render("{{ d|thaidate }}", d=None) == ""


def test_period_label_from_a_key():
    with translation.override("th"):
        assert render("{{ k|period_label }}", k="2566-Q2") == "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2566"
