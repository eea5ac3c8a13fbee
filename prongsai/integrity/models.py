"""Tables of the discretion audit.

Cases (staff reports and public complaints) keep their text, the reporter's identity and their files
encrypted (``*_enc`` columns, see prongsai.integrity.crypto); what stays in clear is only what
routing, deadlines and the anonymised statistics need: agency, channel, category, stage, dates, the
work group concerned and who handles the case. No reporter is linked to a case in clear, and no IP
address is stored anywhere in this app.

Everything is written through prongsai.integrity.services.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

USER = settings.AUTH_USER_MODEL


# ============================================================================ cases


class CaseChannel(models.TextChoices):
    INTERNAL = "internal", _("Staff report of non-compliance")
    PUBLIC = "public", _("Public corruption complaint")


class CaseCategory(models.TextChoices):
    BRIBERY = "bribery", _("Bribery or demanding benefits")
    PROCUREMENT = "procurement", _("Procurement irregularity")
    ABUSE = "abuse", _("Abuse of authority or neglect of duty")
    CONFLICT = "conflict", _("Conflict of interest")
    ASSETS = "assets", _("Use of public property for private gain")
    RULES = "rules", _("Not following a law, rule or manual")
    ETHICS = "ethics", _("Breach of the code of conduct")
    OTHER = "other", _("Other misconduct")


class CaseStatus(models.TextChoices):
    """The stage a case is in, in order. Each stage has a due date (services.STAGE_DAYS)."""

    RECEIVED = "received", _("Received, waiting for a fact-finder")
    FACT_FINDING = "fact_finding", _("Fact-finding")
    ANALYSIS = "analysis", _("Facts established, being analysed")
    PROPOSALS = "proposals", _("Prevention measures being proposed")
    DECISION = "decision", _("Waiting for the executive's decision")
    FOLLOW_UP = "follow_up", _("Following up the measures")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [s for s in CaseStatus.values if s != CaseStatus.CLOSED]
STATUS_ORDER = list(CaseStatus.values)


class CaseOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated: measures taken")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")
    INSUFFICIENT = "insufficient", _("Not enough information to proceed")
    REFERRED = "referred", _("Referred to the competent agency")
    OUT_OF_SCOPE = "out_of_scope", _("Not a matter of corruption or misconduct")


class CaseCounter(models.Model):
    """The last reference number given per agency, channel and fiscal year (locked when used)."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=CaseChannel.choices)
    fiscal_year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "channel", "fiscal_year"], name="integrity_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.fiscal_year}: {self.last}"


class Case(models.Model):
    search_confidential = True  # prongsai.search refuses to index this model

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="integrity_cases"
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=24)
    channel = models.CharField(_("channel"), max_length=10, choices=CaseChannel.choices)
    category = models.CharField(_("category"), max_length=20, choices=CaseCategory.choices)
    status = models.CharField(
        _("stage"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    work_group = models.ForeignKey(
        "org.WorkGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_cases",
        verbose_name=_("work group concerned"),
    )
    manual = models.ForeignKey(
        "Manual",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("manual not followed"),
    )
    handler_position = models.ForeignKey(
        "org.Position",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handled by (position)"),
        help_text=_("Empty: the integrity officer handles the case."),
    )
    fact_finder = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decider = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Keyed hash of the receipt code (prongsai.integrity.receipts); the code itself is never kept.
    receipt_hash = models.CharField(max_length=64, unique=True)
    # Encrypted JSON: what happened, when, where, which rule, who was involved (as written).
    content_enc = models.TextField()
    # Encrypted JSON: who reported (a staff member, a named citizen, or nobody).
    identity_enc = models.TextField()
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    fiscal_half = models.PositiveSmallIntegerField(_("half of the fiscal year"))
    stage_started_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    close_requested_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_requested_outcome = models.CharField(
        max_length=20, choices=CaseOutcome.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CaseOutcome.choices, blank=True)
    # When the retention period ended and the text, identity and files were erased (ASVS 14.2.7).
    purged_at = models.DateTimeField(_("erased"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "reference"], name="integrity_case_ref"),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="integrity_case_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="integrity_case_due"),
            # Covers the complaint statistics: one index-only grouped scan per period.
            models.Index(
                fields=["agency", "fiscal_year", "fiscal_half", "category", "channel", "closed_at"],
                name="integrity_case_period",
            ),
            models.Index(fields=["agency", "work_group", "status"], name="integrity_case_group"),
            # Open cases by due date (the case lists, oversight and reminders walk it in order).
            models.Index(
                fields=["agency", "due_at"],
                condition=Q(closed_at__isnull=True),
                name="integrity_case_open_due",
            ),
            models.Index(fields=["agency", "-received_at"], name="integrity_case_received"),
            models.Index(fields=["handler_position", "status"], name="integrity_case_handler"),
            models.Index(fields=["fact_finder", "status"], name="integrity_case_finder"),
            models.Index(fields=["decider", "status"], name="integrity_case_decider"),
        ]

    def __str__(self) -> str:
        return self.reference

    def aad(self, field: str) -> str:
        """Associated data binding an encrypted value to this case and field."""
        return f"integrity.case:{self.uid}:{field}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    @property
    def stage_number(self) -> int:
        return STATUS_ORDER.index(self.status) + 1


class CaseExclusion(models.Model):
    """Someone the case is about (or who must not see it): a keyed hash of their user id.

    Every read of cases excludes the rows tagged for the reader, so the person reported never
    sees the case, whatever other role they hold; the hash keeps who was reported out of a
    database copy.
    """

    search_confidential = True  # prongsai.search refuses to index this model

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exclusions")
    tag = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "tag"], name="integrity_exclusion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.tag[:8]}"


class EntryKind(models.TextChoices):
    SUBMITTED = "submitted", _("Received")
    ASSIGNED = "assigned", _("Fact-finder assigned")
    FACTS = "facts", _("Facts established")
    ANALYSIS = "analysis", _("Analysis")
    PROPOSALS = "proposals", _("Prevention proposals")
    DECISION = "decision", _("Executive decision")
    FOLLOW_UP = "follow_up", _("Follow-up of the measures")
    NOTE = "note", _("Note")
    REPORTER_MESSAGE = "reporter_message", _("Message from the reporter")
    ROUTED = "routed", _("Sent to another level")
    CLOSE_REQUESTED = "close_requested", _("Closure proposed")
    CLOSE_WITHDRAWN = "close_withdrawn", _("Closure proposal withdrawn")
    CLOSED = "closed", _("Closed")
    IDENTITY_REVEALED = "identity_revealed", _("Reporter's identity revealed")


class CaseEntry(models.Model):
    """One step, note or message in a case's timeline. The text is encrypted."""

    search_confidential = True  # prongsai.search refuses to index this model

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    status_after = models.CharField(max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text_enc = models.TextField(blank=True)
    visible_to_reporter = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="integrity_entry_case")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    def aad(self) -> str:
        return f"integrity.entry:{self.case.uid}:{self.uid}"


class CaseFile(models.Model):
    """Evidence attached to a case: stored encrypted under a random name; its name is encrypted."""

    search_confidential = True  # prongsai.search refuses to index this model

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="files")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    storage_name = models.CharField(max_length=255)
    name_enc = models.TextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    from_reporter = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return str(self.uid)

    def aad(self, field: str) -> str:
        return f"integrity.file:{self.case.uid}:{self.uid}:{field}"


class IdentityReveal(models.Model):
    """The custodian let one person see the reporter's identity, for a recorded reason."""

    search_confidential = True  # prongsai.search refuses to index this model

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reveals")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    to_user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    by_user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason_enc = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["case", "to_user"], name="integrity_reveal_case_user")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.to_user_id}"

    def aad(self) -> str:
        return f"integrity.reveal:{self.case.uid}:{self.uid}"


class Notification(models.Model):
    """An e-mail to send (outbox). Written in the same transaction as the change it announces and
    sent after commit; a failed send stays here and is retried by ``integrity_remind``. Subjects
    and bodies never carry case text or identities, only references and links."""

    search_confidential = True  # prongsai.search refuses to index this model

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=255)
    body = models.TextField()
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="integrity_notification_todo",
            )
        ]

    def __str__(self) -> str:
        return self.subject


# ============================================================================ documents


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    RETIRED = "retired", _("Replaced")


class ApprovedDocument(models.Model):
    """Prepared by one person, approved by an executive of the agency who is someone else."""

    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    prepared_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    approved_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True


class CodeOfConduct(ApprovedDocument):
    """The agency's code of conduct (O39), one row per version."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), help_text=_("Paragraphs separated by a blank line."))
    dos = models.TextField(_("what to do"), blank=True, help_text=_("One item per line."))
    donts = models.TextField(_("what not to do"), blank=True, help_text=_("One item per line."))
    effective_from = models.DateField(_("in force from"))

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("codes of conduct")
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="integrity_code_version"),
            models.UniqueConstraint(
                fields=["agency"], condition=Q(status="approved"), name="integrity_code_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    def dos_list(self) -> list[str]:
        return [line.strip() for line in self.dos.splitlines() if line.strip()]

    def donts_list(self) -> list[str]:
        return [line.strip() for line in self.donts.splitlines() if line.strip()]


class Acknowledgment(models.Model):
    code = models.ForeignKey(
        CodeOfConduct, on_delete=models.CASCADE, related_name="acknowledgments"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "user"], name="integrity_ack_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code_id}:{self.user_id}"


class ComplaintGuideline(ApprovedDocument):
    """How the agency handles corruption complaints (O27): who, how, which steps, how long.

    The step list and its time frames come from the case workflow itself (services.STAGE_DAYS), so
    the published guideline always says what the system enforces.
    """

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    responsible_unit = models.ForeignKey(
        "org.WorkGroup",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    introduction = models.TextField(_("introduction"))
    other_channels = models.TextField(
        _("other ways to complain"),
        blank=True,
        help_text=_("Post, telephone, in person; one per line."),
    )
    protection = models.TextField(_("protection of complainants"))

    class Meta:
        verbose_name = _("complaint-handling guideline")
        verbose_name_plural = _("complaint-handling guidelines")
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="integrity_guide_version"),
            models.UniqueConstraint(
                fields=["agency"], condition=Q(status="approved"), name="integrity_guide_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('complaint-handling guideline')} ({self.version})"

    def other_channels_list(self) -> list[str]:
        return [line.strip() for line in self.other_channels.splitlines() if line.strip()]


# ============================================================================ manuals


class ManualKind(models.TextChoices):
    WORK = "work", _("Work manual (staff)")
    SERVICE = "service", _("Service manual (public)")


class TimeUnit(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    WORKING_DAYS = "working_days", _("working days")


class Manual(models.Model):
    """A work manual (O14) or service manual (O15): what cases and audits are checked against."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ManualKind.choices)
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    work_group = models.ForeignKey(
        "org.WorkGroup", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    mission = models.TextField(
        _("mission or service"), help_text=_("Which duty or which public service it covers.")
    )
    review_every_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("manual")
        verbose_name_plural = _("manuals")
        ordering = ["agency", "kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="integrity_manual_code")
        ]

    def __str__(self) -> str:
        return self.title


class ManualVersion(ClusterableModel, ApprovedDocument):
    manual = models.ForeignKey(
        Manual, on_delete=models.CASCADE, related_name="versions", verbose_name=_("manual")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    changes = models.TextField(_("what changed"), blank=True)
    legal_basis = models.TextField(_("legal basis"))
    channel = models.CharField(
        _("service channel"),
        max_length=255,
        blank=True,
        help_text=_("For service manuals: where and how the public gets the service."),
    )
    effective_from = models.DateField(_("in force from"))
    next_review_on = models.DateField(_("review due"))

    class Meta:
        verbose_name = _("manual version")
        verbose_name_plural = _("manual versions")
        ordering = ["manual", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["manual", "number"], name="integrity_manual_version"),
            models.UniqueConstraint(
                fields=["manual"], condition=Q(status="approved"), name="integrity_manual_current"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_review_on"], name="integrity_manual_review")
        ]

    def __str__(self) -> str:
        return f"{self.manual.title} ({self.number})"

    @property
    def agency_id(self) -> int:
        return self.manual.agency_id


class ManualStep(models.Model):
    version = ParentalKey(ManualVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("step"), default=1)
    title = models.CharField(_("step"), max_length=255)
    description = models.TextField(_("what is done"), blank=True)
    standard_time = models.PositiveIntegerField(_("standard time"))
    time_unit = models.CharField(
        _("unit"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.DAYS
    )
    responsible_position = models.ForeignKey(
        "org.Position",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible position"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


# ============================================================================ audits


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    FIELDWORK = "fieldwork", _("Under way")
    REPORTED = "reported", _("Reported to the executives")
    CLOSED = "closed", _("Closed")


class AuditPlan(ClusterableModel):
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    title = models.CharField(_("title"), max_length=255)
    scope = models.TextField(_("scope and objectives"))
    work_groups = models.ManyToManyField(
        "org.WorkGroup", related_name="+", verbose_name=_("work groups audited")
    )
    lead_auditor = models.ForeignKey(
        USER, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("lead auditor")
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    status = models.CharField(
        _("status"), max_length=10, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["agency", "-fiscal_year", "planned_start"]
        indexes = [models.Index(fields=["agency", "fiscal_year"], name="integrity_audit_year")]

    def __str__(self) -> str:
        return self.title


class ChecklistResult(models.TextChoices):
    PENDING = "pending", _("Not yet checked")
    COMPLIANT = "compliant", _("Complies")
    NON_COMPLIANT = "non_compliant", _("Does not comply")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ChecklistItem(models.Model):
    plan = ParentalKey(AuditPlan, on_delete=models.CASCADE, related_name="checklist")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    requirement = models.CharField(_("what is checked"), max_length=500)
    manual = models.ForeignKey(
        Manual,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("manual"),
    )
    legal_basis = models.CharField(_("law or rule"), max_length=500, blank=True)
    result = models.CharField(
        _("result"), max_length=20, choices=ChecklistResult.choices, default=ChecklistResult.PENDING
    )
    note = models.TextField(_("evidence seen"), blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.requirement


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Finding(ClusterableModel):
    plan = models.ForeignKey(
        AuditPlan, on_delete=models.CASCADE, related_name="findings", verbose_name=_("audit")
    )
    checklist_item = models.ForeignKey(
        ChecklistItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
        verbose_name=_("checklist item"),
    )
    work_group = models.ForeignKey(
        "org.WorkGroup", on_delete=models.PROTECT, related_name="+", verbose_name=_("work group")
    )
    title = models.CharField(_("finding"), max_length=255)
    detail = models.TextField(_("what was found"))
    cause = models.TextField(_("cause"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["plan", "pk"]
        indexes = [models.Index(fields=["work_group", "status"], name="integrity_finding_group")]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")


class CorrectiveAction(models.Model):
    finding = ParentalKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("corrective action"))
    owner_position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="integrity_action_due")]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        from prongsai.thai import bangkok_today

        return self.status == ActionStatus.OPEN and self.due_on < bangkok_today()


class FollowUp(models.Model):
    """A follow-up of a corrective action by the auditor: what was seen, and whether it is done."""

    action = models.ForeignKey(
        CorrectiveAction, on_delete=models.CASCADE, related_name="follow_ups"
    )
    note = models.TextField(_("follow-up"))
    done = models.BooleanField(_("the action is complete"), default=False)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.note[:80]


# ============================================================================ integrity measures


class MeasurePlan(ClusterableModel, ApprovedDocument):
    """The agency's announcement of internal integrity measures for a fiscal year (O42)."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    title = models.CharField(_("title"), max_length=255)
    analysis = models.TextField(
        _("analysis of last year's ITA result"),
        help_text=_("Weak points found and what must be improved."),
    )

    class Meta:
        verbose_name = _("integrity measures")
        verbose_name_plural = _("integrity measures")
        ordering = ["agency", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="integrity_measures_fy")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.fiscal_year}"


class Measure(models.Model):
    plan = ParentalKey(MeasurePlan, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("measure"), max_length=255)
    steps = models.TextField(_("steps"), help_text=_("One step per line."))
    owner_position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"))
    monitoring = models.CharField(_("how it is monitored"), max_length=500, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def steps_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class MeasureProgress(models.Model):
    """A progress report on one measure during the year: the evidence for O43."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("as of"))
    percent = models.PositiveSmallIntegerField(_("per cent done"))
    text = models.TextField(_("what was done"))
    reported_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="integrity_progress_pct")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.percent}%"
