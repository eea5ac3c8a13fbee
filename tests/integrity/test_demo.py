"""The demo agency has the discretion audit in every state, made through the services."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from prongsai.core.demo import seed_demo
from prongsai.integrity import publication, selectors
from prongsai.integrity.models import (
    AuditPlan,
    Case,
    CaseChannel,
    CaseStatus,
    DocumentStatus,
    ManualVersion,
)


@pytest.fixture
def demo(db, tmp_path):
    with override_settings(VAR_DIR=tmp_path):
        yield seed_demo(), tmp_path


def test_cases_and_complaints_in_every_stage(demo):
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    channels = set(Case.objects.values_list("channel", flat=True))
    assert channels == set(CaseChannel.values)
    assert Case.objects.filter(close_requested_by__isnull=False, closed_at__isnull=True).exists()
    assert any(c.is_overdue for c in Case.objects.all())


def test_documents_audits_and_measures(demo):
    ctx, _ = demo
    assert selectors.current_code(ctx.agency) is not None
    assert selectors.current_guideline(ctx.agency) is not None
    assert ManualVersion.objects.filter(status=DocumentStatus.APPROVED).count() == 2
    assert ManualVersion.objects.filter(status=DocumentStatus.DRAFT).count() == 1
    assert AuditPlan.objects.get().findings.count() == 1
    rates = selectors.acknowledgment_rates(selectors.current_code(ctx.agency))
    assert any(r.acknowledged for r in rates) and any(r.acknowledged < r.members for r in rates)
    ready = publication.current_for_agency(ctx.agency)
    assert {c.topic for c in ready} >= {"code_of_conduct", "complaint_guideline", "work_manual"}


def test_receipt_codes_are_written_for_newcomers(demo, client):
    ctx, var_dir = demo
    lines = (var_dir / "demo_receipt_codes.txt").read_text(encoding="utf-8").splitlines()
    reference, code = lines[1].split("\t")
    assert Case.objects.filter(reference=reference).exists()
    from wagtail.models import Site

    Site.objects.filter(pk=ctx.agency.site_id).update(hostname="testserver", port=80)
    response = client.post("/complaints/status/", {"code": code})
    assert response.status_code == 200


def test_demo_ledger_verifies_with_the_integrity_entries(demo):
    from prongsai.ledger.models import LedgerEntry

    assert LedgerEntry.objects.filter(action="integrity.case_close").count() == 2
    assert not LedgerEntry.objects.filter(action__startswith="integrity.case", confidential=False)
    call_command("ledger_verify")
