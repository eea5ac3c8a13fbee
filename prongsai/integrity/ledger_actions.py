"""The actions the integrity app records in the ledger (found by the ledger's autodiscovery).

Everything about a case is confidential: its entries carry pseudonymous actors, are never shown on
public pages (``public=False``), and their data holds only codes and counts, never text, names or
identities.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from prongsai import ledger

CONFIDENTIAL_ACTIONS = [
    ("integrity.case_submit", _("Report or complaint received")),
    ("integrity.case_route", _("Case sent to another level")),
    ("integrity.case_assign", _("Fact-finder assigned")),
    ("integrity.case_facts", _("Facts established")),
    ("integrity.case_analysis", _("Case analysed")),
    ("integrity.case_proposals", _("Prevention measures proposed")),
    ("integrity.case_decision", _("Executive decision on a case")),
    ("integrity.case_follow_up", _("Follow-up of case measures")),
    ("integrity.case_note", _("Note added to a case")),
    ("integrity.case_reporter_message", _("Reporter added information")),
    ("integrity.case_close_request", _("Case closure proposed")),
    ("integrity.case_close_withdraw", _("Case closure proposal withdrawn")),
    ("integrity.case_close", _("Case closed")),
    ("integrity.case_open", _("Case opened")),
    ("integrity.case_file_open", _("Case file opened")),
    ("integrity.case_status_view", _("Case status looked up by receipt code")),
    ("integrity.identity_view", _("Reporter's identity viewed")),
    ("integrity.identity_reveal", _("Reporter's identity revealed to another person")),
    ("integrity.stepup", _("Password confirmed to open cases")),
    ("integrity.case_purge", _("Case content erased at the end of retention")),
]
INTERNAL_ACTIONS = [
    ("integrity.code_acknowledge", _("Code of conduct acknowledged")),
]
PUBLIC_ACTIONS = [
    ("integrity.code_save", _("Code of conduct drafted")),
    ("integrity.code_approve", _("Code of conduct approved")),
    ("integrity.guideline_save", _("Complaint-handling guideline drafted")),
    ("integrity.guideline_approve", _("Complaint-handling guideline approved")),
    ("integrity.manual_save", _("Manual registered")),
    ("integrity.manual_version_save", _("Manual version drafted")),
    ("integrity.manual_version_approve", _("Manual version approved")),
    ("integrity.audit_save", _("Audit plan saved")),
    ("integrity.audit_start", _("Audit started")),
    ("integrity.audit_finding_save", _("Audit finding recorded")),
    ("integrity.audit_follow_up", _("Corrective action followed up")),
    ("integrity.audit_report", _("Audit reported to the executives")),
    ("integrity.audit_close", _("Audit closed")),
    ("integrity.measures_save", _("Integrity measures drafted")),
    ("integrity.measures_approve", _("Integrity measures approved")),
    ("integrity.measure_progress", _("Progress of an integrity measure reported")),
    ("integrity.publication_handoff", _("Integrity content sent to the publishing workflow")),
]

for _name, _label in CONFIDENTIAL_ACTIONS + INTERNAL_ACTIONS:
    ledger.register_action(_name, label=_label, public=False)
for _name, _label in PUBLIC_ACTIONS:
    ledger.register_action(_name, label=_label)
ledger.register_role("reporter", label=_("Reporter (identity protected)"))
ledger.register_role("public", label=_("Member of the public"))
