"""Reminders: before the due date to the owning work group, after it to the overseeing executive;
each one once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from prongsai.disclosure.models import ReminderLog
from prongsai.disclosure.reminders import reminders_send
from prongsai.org import services as org_services
from tests.disclosure.conftest import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(setup):
    for name, user in setup.world.users.items():
        user.email = f"{name}@example.go.th"
        user.save(update_fields=["email"])
    org_services.position_create(
        agency=setup.agency,
        title_th="รองผู้ว่าราชการจังหวัด",
        is_executive=True,
        oversees=[setup.world.groups["finance"]],
        holder=setup.user("deputy"),
    )
    return setup


def recipients(subject_part: str = "") -> set[str]:
    return {addr for m in mail.outbox if subject_part in m.subject for addr in m.to}


def test_owners_hear_before_the_due_date(emails):
    sent = reminders_send(today=dt.date(2022, 11, 25), agencies=[emails.agency])
    assert sent >= 2
    owners = recipients()
    assert {"somchai@example.go.th", "malee@example.go.th"} <= owners
    assert "deputy@example.go.th" not in owners  # nothing is overdue yet
    message = next(m for m in mail.outbox if m.to == ["somchai@example.go.th"])
    assert "O21" in message.body and "ตุลาคม 2565" in message.body
    assert "30 พฤศจิกายน 2565" in message.body
    assert "/admin/disclosure/board/" in message.body


def test_the_overseeing_executive_hears_when_it_is_overdue(emails):
    reminders_send(today=dt.date(2022, 12, 5), agencies=[emails.agency])
    deputy = [m for m in mail.outbox if m.to == ["deputy@example.go.th"]]
    assert len(deputy) == 1
    assert "O21" in deputy[0].body and "ตุลาคม 2565" in deputy[0].body
    assert "chief@example.go.th" not in recipients()  # oversees nothing


def test_each_reminder_goes_once(emails):
    first = reminders_send(today=dt.date(2022, 11, 25), agencies=[emails.agency])
    again = reminders_send(today=dt.date(2022, 11, 26), agencies=[emails.agency])
    assert first > 0 and again == 0
    assert ReminderLog.objects.filter(kind="due_soon").count() >= 2


def test_nothing_is_sent_for_what_is_published(emails):
    published(emails, period="2566-M01")
    reminders_send(today=dt.date(2022, 11, 25), agencies=[emails.agency])
    assert all("ตุลาคม 2565" not in m.body for m in mail.outbox if "O21" in m.body)


def test_the_command_uses_the_given_date(emails, capsys):
    call_command("disclosure_reminders", "--date", "2022-11-25")
    assert "reminder" in capsys.readouterr().out
    assert mail.outbox
