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


def test_thaiwhen_takes_a_date_or_a_datetime():
    moment = dt.datetime(2022, 12, 31, 18, 0, tzinfo=dt.UTC)
    with translation.override("th"):
        assert render("{{ d|thaiwhen }}", d=dt.date(2023, 1, 5)) == "5 มกราคม 2566"
        assert "2566" in render("{{ m|thaiwhen }}", m=moment)
        assert "01:00" in render("{{ m|thaiwhen }}", m=moment)
        assert render("{{ d|thaiwhen }}", d=None) == ""


def test_wagtail_admin_date_tooltips_are_in_the_buddhist_era():
    from wagtail.admin.templatetags.wagtailadmin_tags import human_readable_date  # noqa: F401

    moment = dt.datetime(2023, 6, 1, 3, 0, tzinfo=dt.UTC)
    with translation.override("th"):
        html = render("{% load wagtailadmin_tags %}{% human_readable_date m %}", m=moment)
    assert "มิถุนายน 2566" in html and "2023" not in html.split("datetime=")[0]


def test_wagtail_table_cells_show_dates_in_the_buddhist_era():
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    with translation.override("th"):
        html = render_to_string(
            "wagtailadmin/tables/cell.html", {"column": None, "value": dt.date(2023, 10, 1)}
        )
        assert "1 ต.ค. 2566" in html and "2023" not in html
        link = render_to_string(
            "wagtailadmin/tables/cell.html", {"column": None, "value": mark_safe("<b>x</b>")}
        )
        assert "<b>x</b>" in link
