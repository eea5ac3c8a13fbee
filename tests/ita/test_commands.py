"""Management commands: ita_load (idempotent), ita_import (refuses bad files), ita_export (ITAS)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from prongsai.ita.models import Catalogue, Item

from .conftest import FILE_2566, publish

pytestmark = pytest.mark.django_db


def test_ita_load_loads_every_shipped_file_once(db):
    out = io.StringIO()
    call_command("ita_load", stdout=out)
    assert "ITA 2566" in out.getvalue()
    snapshot = list(Item.objects.values_list("pk", "code", "title_th"))
    again = io.StringIO()
    call_command("ita_load", stdout=again)
    assert again.getvalue() == ""
    assert list(Item.objects.values_list("pk", "code", "title_th")) == snapshot


def test_ita_import_check_and_refusal(tmp_path, db):
    out = io.StringIO()
    call_command("ita_import", str(FILE_2566), "--check", stdout=out)
    assert "43" in out.getvalue()
    assert not Catalogue.objects.exists()
    bad = tmp_path / "ita-2566.toml"
    bad.write_text(
        FILE_2566.read_text(encoding="utf-8").replace("grace_days = 30", "grace_days = -1")
    )
    with pytest.raises(CommandError) as err:
        call_command("ita_import", str(bad))
    assert "ita-2566.toml" in str(err.value) and "catalogue.grace_days" in str(err.value)
    assert not Catalogue.objects.exists()
    call_command("ita_import", str(FILE_2566), "--status", "archived", stdout=io.StringIO())
    assert Catalogue.objects.get().status == "archived"


def test_ita_export_csv_has_43_rows_with_absolute_urls(world, catalogue_2566, tmp_path):
    item = catalogue_2566.items.get(kind="procurement_summary")
    publish(world.agency, item, ["2566-M01"], name="สขร1-ตค65")
    target = tmp_path / "itas.csv"
    call_command(
        "ita_export",
        "--year",
        "2566",
        "--format",
        "csv",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "ข้อ" and header[2] == "มี/ไม่มี"
    assert len(body) == 43
    assert [r[0] for r in body] == list(catalogue_2566.items.values_list("code", flat=True))
    assert all(r[3].startswith("http://testserver/ita/2566/") for r in body)
    by_code = {r[0]: r for r in body}
    row = by_code[item.code]
    assert row[2] == "มี"
    assert row[3] == f"http://testserver/ita/2566/{item.slug}/"
    assert "หลักฐาน สขร1-ตค65" in row[4] and "ตุลาคม 2565" in row[4]
    assert "ยังไม่มีหลักฐาน" not in row[4]
    assert "ช่วงเวลาที่ยังไม่ครบ" in row[4]  # only October is there
    assert row[5] == "1 ก.พ. 2566"
    others = [r for r in body if r[0] != item.code]
    assert {r[2] for r in others} == {"ไม่มี"}


def test_ita_export_xlsx_for_a_named_agency(world, catalogue_2566, tmp_path):
    world.other_agency.site.port = 8443
    world.other_agency.site.save()
    target = tmp_path / "itas.xlsx"
    call_command(
        "ita_export",
        "--year",
        "2566",
        "--format",
        "xlsx",
        "--agency",
        "khonkaen",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    sheet = load_workbook(target).active
    assert sheet.max_row == 44
    assert sheet.cell(row=2, column=4).value.startswith("http://khonkaen.example:8443/ita/2566/")
    assert sheet.cell(row=2, column=4).hyperlink is not None


def test_ita_export_errors_are_clear(world, db):
    with pytest.raises(CommandError, match="2599"):
        call_command("ita_export", "--year", "2599")
    Catalogue.objects.all().delete()
    call_command("ita_load", stdout=io.StringIO())
    with pytest.raises(CommandError, match="nowhere"):
        call_command("ita_export", "--year", "2566", "--agency", "nowhere")
