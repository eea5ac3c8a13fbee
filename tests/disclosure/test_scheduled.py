"""Scheduled publication and expiry: approved now, public later, each step in the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from prongsai.disclosure import services
from prongsai.disclosure.models import EvidencePage
from prongsai.ita.models import EvidenceClaim
from prongsai.ledger.models import LedgerEntry
from tests.disclosure.conftest import approve, make_evidence, publish, published, submit

pytestmark = pytest.mark.django_db

START = dt.datetime(2023, 1, 10, 9, 0, tzinfo=dt.UTC)


def actions(page):
    return list(
        LedgerEntry.objects.filter(
            object_id=str(page.pk), object_type="disclosure.evidencepage"
        ).values_list("action", flat=True)
    )


def test_approved_evidence_waits_for_its_time_then_goes_live(setup):
    with time_machine.travel(START, tick=False):
        page = make_evidence(setup, go_live_at=START + dt.timedelta(days=2))
        submit(setup, page)
        approve(setup, page)
        publish(setup, page)
        page = EvidencePage.objects.get(pk=page.pk)
        assert not page.live
        assert page.get_latest_revision().approved_go_live_at is not None
        assert actions(page) == ["disclosure.submit", "disclosure.approve", "disclosure.schedule"]
        schedule = LedgerEntry.objects.get(action="disclosure.schedule")
        assert schedule.role == "pr" and schedule.data["go_live_at"].startswith("2023-01-12")
        assert "files" not in schedule.data  # not a publication yet: /verify/ must not find it
        assert not EvidenceClaim.objects.filter(object_id=str(page.pk)).exists()
        assert services.publish_due().published == []

    with time_machine.travel(START + dt.timedelta(days=2, minutes=1), tick=False):
        call_command("disclosure_publish_scheduled")
        page = EvidencePage.objects.get(pk=page.pk)
        assert page.live
        entry = LedgerEntry.objects.get(action="disclosure.publish", object_id=str(page.pk))
        assert entry.actor == "system" and entry.data["scheduled"] is True
        assert entry.data["files"][0]["sha256"] == page.attachments.get().sha256
        approval = LedgerEntry.objects.get(action="disclosure.approve", object_id=str(page.pk))
        assert entry.content_hash == approval.content_hash
        assert EvidenceClaim.objects.filter(object_id=str(page.pk)).exists()
        assert services.publish_due().published == []  # idempotent


def test_expiry_unpublishes_with_a_reason_in_the_ledger(setup):
    with time_machine.travel(START, tick=False):
        page = published(setup, expire_at=START + dt.timedelta(days=30))
        assert page.live
    with time_machine.travel(START + dt.timedelta(days=31), tick=False):
        result = services.publish_due()
        assert result.expired == [page.pk]
        page = EvidencePage.objects.get(pk=page.pk)
        assert not page.live and page.expired
        entry = LedgerEntry.objects.get(action="disclosure.unpublish", object_id=str(page.pk))
        assert entry.actor == "system" and entry.data["expired"] is True
        assert "หมดอายุ" in entry.data["reason"]
        assert not EvidenceClaim.objects.filter(object_id=str(page.pk)).exists()


def test_the_scheduled_publisher_is_a_periodic_job():
    from django.conf import settings

    commands = {job["command"] for job in settings.PRONGSAI_PERIODIC_JOBS}
    assert {"disclosure_publish_scheduled", "disclosure_reminders"} <= commands
