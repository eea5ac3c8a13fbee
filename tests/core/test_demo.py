"""The demo agency: made through the services, loaded once, with a ledger that verifies."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from prongsai.core.demo import DEMO_SLUG, demo_logins, seed_demo
from prongsai.org.models import Agency, Membership, Role


def test_demo_agency_is_complete_loads_once_and_its_ledger_verifies(db, tmp_path):
    """One seed (it is the slowest fixture of the suite), every property checked on it."""
    from prongsai.ledger.models import LedgerEntry

    with override_settings(VAR_DIR=tmp_path):
        demo = seed_demo()
        assert seed_demo() is None  # running it again changes nothing
        logins = demo_logins()

    agency = Agency.objects.get(slug=DEMO_SLUG)
    assert Agency.objects.filter(slug=DEMO_SLUG).count() == 1
    assert agency.name_th == "สำนักงานจังหวัดร้อยเอ็ด"
    names = set(agency.work_groups.values_list("name_th", flat=True))
    assert "งานประชาสัมพันธ์" in names
    assert any(name.startswith("กลุ่มงาน") for name in names)
    roles = set(Membership.objects.filter(agency=agency).values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert demo.positions["chief"].supervisor == demo.positions["deputy"]

    assert logins is not None
    assert "somchai" in dict(logins["users"]) and len(logins["password"]) >= 12
    client = Client(HTTP_HOST="127.0.0.1:8000")
    response = client.post("/admin/login/", {"username": "somchai", "password": logins["password"]})
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    assert LedgerEntry.objects.filter(action="org.agency_create").count() == 1
    assert LedgerEntry.objects.filter(action="org.membership_add").count() >= 11
    call_command("ledger_verify")  # raises CommandError (non-zero exit) on any fault


def test_periodic_jobs_name_real_commands():
    from django.conf import settings
    from django.core.management.base import CommandError

    from prongsai.core.management.commands.worker import build_scheduler

    scheduler = build_scheduler(settings.PRONGSAI_PERIODIC_JOBS)
    assert len(scheduler.get_jobs()) == len(settings.PRONGSAI_PERIODIC_JOBS)
    with pytest.raises(CommandError):
        build_scheduler([{"command": "no_such_command", "cron": "* * * * *"}])
