"""Evidence: what a work group prepares for the public, as Wagtail pages with revisions.

* ``EvidenceIndexPage``: one per agency, under its home page; the publishing workflow is assigned
  here, so every evidence page below it goes through it.
* ``EvidencePage``: one piece of evidence (a monthly procurement summary, a plan, a "nothing to
  report" declaration…): owning work group, the fiscal period it covers, the ITA items and
  elements it satisfies (``EvidenceItemLink``), the s.9 category, and its files
  (``EvidenceAttachment``, checked by content and stored under random names).
* ``ExecutiveApprovalTask`` and ``PublicationTask``: the two steps of the workflow (Wagtail's
  workflow engine). Who may act, and the rule that nobody acts on what they submitted, live in
  ``prongsai.disclosure.policy``; the writes in ``services``.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Task, TaskState
from wagtail.search import index

from prongsai.core.panels import page_settings_panels
from prongsai.disclosure import files as filecheck
from prongsai.disclosure.forms import EvidencePageForm
from prongsai.org.models import Role, WorkGroup
from prongsai.org.permissions import WorkGroupOwnedPageMixin, WorkGroupPagePermissionTester
from prongsai.thai.errors import ThaiValueError
from prongsai.thai.periods import Period

S9_CHOICES = [(n, f"มาตรา 9 ({n})") for n in range(1, 9)]


def max_upload_bytes() -> int:
    return int(getattr(settings, "DISCLOSURE_MAX_UPLOAD_BYTES", filecheck.DEFAULT_MAX_BYTES))


def validate_period_key(value: str) -> None:
    try:
        Period.from_key(value)
    except (ThaiValueError, TypeError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a period. Write e.g. 2566-M04, 2566-Q2, 2566-H1, 2566, current."),
            params={"value": value},
            code="period",
        ) from exc


def normal_period_key(value: str) -> str:
    return Period.from_key(value).key


# --------------------------------------------------------------------------- pages


class EvidencePermissionTester(WorkGroupPagePermissionTester):
    """Evidence reaches the public only through the workflow.

    Nobody (not even a superuser) publishes, unpublishes, schedules, moves, copies or restricts an
    evidence page from Wagtail's own buttons: publication is the PR step of the workflow
    (``services.evidence_publish``) and unpublication needs a reason (``evidence_unpublish``),
    both written to the ledger. A published evidence page cannot be deleted.
    """

    def can_publish(self) -> bool:
        return False

    def can_unpublish(self) -> bool:
        return False

    def can_unschedule(self) -> bool:
        return False

    def can_set_view_restrictions(self) -> bool:
        return False

    def can_move(self) -> bool:
        return False

    def can_copy(self) -> bool:
        return False

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        # Once published, evidence stays (unpublished, with its reason) as part of the record.
        if self.page.live or self.page.first_published_at is not None:
            return False
        return super().can_delete(ignore_bulk)


class EvidenceIndexPermissionTester(WorkGroupPagePermissionTester):
    """New evidence pages may be created here but never published in one go."""

    def can_publish_subpage(self) -> bool:
        return False

    def can_reorder_children(self) -> bool:
        return False


class EvidenceIndexPage(Page):
    """The agency's published evidence (ข้อมูลที่เผยแพร่), newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = page_settings_panels()
    parent_page_types = ["site.HomePage"]
    subpage_types = ["disclosure.EvidencePage"]
    max_count_per_parent = 1
    template = "disclosure/evidence_index_page.html"

    class Meta:
        verbose_name = _("published evidence listing")

    def permissions_for_user(self, user: Any) -> EvidenceIndexPermissionTester:
        return EvidenceIndexPermissionTester(user, self)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from prongsai.disclosure import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.public_evidence_listing(index=self, params=request.GET))
        return context


class EvidencePage(WorkGroupOwnedPageMixin, RoutablePageMixin, Page):
    """One piece of published evidence, owned by a work group and approved before publication."""

    work_group = models.ForeignKey(
        WorkGroup,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning work group"),
        help_text=_("The work group that prepares this information and keeps it correct."),
    )
    period_key = models.CharField(
        _("period covered"),
        max_length=16,
        validators=[validate_period_key],
        help_text=_("The fiscal period this information covers (month, quarter, half, year)."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in lists.")
    )
    body = RichTextField(_("details"), blank=True)
    s9_category = models.PositiveSmallIntegerField(
        _("Official Information Act s.9 category"),
        null=True,
        blank=True,
        choices=S9_CHOICES,
        help_text=_("Leave empty to use the category of the ITA item."),
    )
    nil_return = models.BooleanField(
        _("nothing to report for this period"),
        default=False,
        help_text=_(
            "Tick to declare that there was nothing to report in the period "
            "(e.g. no procurement this month). It is approved and published like any evidence."
        ),
    )

    # Set when the evidence is drawn up from content of another app (the integrity app's code of
    # conduct, manuals, complaint statistics…): which source it shows, and the hash of the
    # source's content in this revision, so that a new version revises this page.
    source_key = models.CharField(
        max_length=100, blank=True, default="", editable=False, db_index=True
    )
    source_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    exclude_fields_in_copy = ["source_key", "source_hash"]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("work_group"), FieldPanel("period_key")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("s9_category"), FieldPanel("nil_return")],
            heading=_("Classification"),
        ),
        InlinePanel("ita_links", heading=_("ITA items satisfied"), label=_("ITA item")),
        InlinePanel("attachments", heading=_("Files"), label=_("File")),
    ]
    settings_panels = page_settings_panels()
    parent_page_types = ["disclosure.EvidenceIndexPage"]
    subpage_types: list[str] = []
    template = "disclosure/evidence_page.html"
    base_form_class = EvidencePageForm
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("work_group"),
        index.FilterField("period_key"),
    ]

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def permissions_for_user(self, user: Any) -> EvidencePermissionTester:
        return EvidencePermissionTester(user, self)

    @property
    def period(self) -> Period:
        return Period.from_key(self.period_key)

    @property
    def agency_id(self) -> int:
        return self.work_group.agency_id

    def clean(self) -> None:
        super().clean()
        if self.period_key:
            with contextlib.suppress(ThaiValueError, TypeError):  # the field validator reports it
                self.period_key = normal_period_key(self.period_key)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from prongsai.disclosure import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.public_evidence_context(page=self, request=request))
        return context

    @path("files/<uuid:key>/")
    def download(self, request: HttpRequest, key: uuid.UUID) -> HttpResponse:
        """A file of the published version (this route is reached only for a live page)."""
        from prongsai.disclosure.views import attachment_response

        attachment = self.attachments.filter(key=key).first()
        if attachment is None or not self.live:
            raise Http404
        return attachment_response(attachment, request=request)


class EvidenceItemLink(Orderable):
    """An ITA item (and optionally one of its elements) that the evidence satisfies."""

    page = ParentalKey(EvidencePage, on_delete=models.CASCADE, related_name="ita_links")
    item = models.ForeignKey(
        "ita.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("ITA item")
    )
    element = models.ForeignKey(
        "ita.Element",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("required element"),
        help_text=_("Leave empty when the evidence shows every element of the item."),
    )

    panels = [FieldRowPanel([FieldPanel("item"), FieldPanel("element")])]

    class Meta(Orderable.Meta):
        verbose_name = _("ITA item satisfied")

    def clean(self) -> None:
        super().clean()
        if self.element_id and self.item_id and self.element.item_id != self.item_id:
            raise ValidationError(
                {
                    "element": _("The element %(element)s belongs to another ITA item.")
                    % {"element": self.element.text_th}
                }
            )


def _storage_name(kind_extension: str) -> str:
    """A random storage name: nothing of the uploader's file name reaches the disk."""
    today = timezone.localdate()
    return f"evidence/{today:%Y/%m}/{uuid.uuid4().hex}.{kind_extension}"


def _upload_to(instance: EvidenceAttachment, filename: str) -> str:
    ext = PurePosixPath(filename).suffix.lstrip(".").lower()
    return _storage_name(ext if ext.isalnum() else "bin")


class EvidenceAttachment(Orderable):
    """A file of an evidence page. The upload is checked by content (``files.check_file``) and
    stored at once under a random name, so a draft revision keeps it even before publication."""

    page = ParentalKey(EvidencePage, on_delete=models.CASCADE, related_name="attachments")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    upload = models.FileField(_("file"), upload_to=_upload_to, max_length=255)
    title = models.CharField(
        _("label"), max_length=255, blank=True, help_text=_("Shown instead of the file name.")
    )
    period_key = models.CharField(
        _("period of this file"),
        max_length=16,
        blank=True,
        validators=[validate_period_key],
        help_text=_("Only when this file covers another period than the page (e.g. one month)."),
    )
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    kind = models.CharField(_("file type"), max_length=10, editable=False)

    panels = [
        FieldPanel("upload"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("period_key")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.title or self.original_name

    @property
    def mime(self) -> str:
        return filecheck.ALLOWED_KINDS.get(self.kind, ("application/octet-stream",))[0]

    @property
    def kind_label(self) -> str:
        return filecheck.ALLOWED_KINDS.get(self.kind, ("", "", self.kind.upper()))[2]

    @property
    def human_size_th(self) -> str:
        return filecheck.human_size(self.size, "th")

    @property
    def human_size_en(self) -> str:
        return filecheck.human_size(self.size, "en")

    def clean(self) -> None:
        super().clean()
        if self.period_key:
            with contextlib.suppress(ThaiValueError, TypeError):  # the field validator reports it
                self.period_key = normal_period_key(self.period_key)
        upload = self.upload
        if upload and not getattr(upload, "_committed", True):
            self.accept_upload(upload.name, upload.file)

    def accept_upload(self, name: str, fileobj: Any) -> filecheck.CheckedFile:
        """Check an uploaded file and store it under a random name (raises ValidationError)."""
        limit = max_upload_bytes()
        fileobj.seek(0)
        data = fileobj.read(limit + 1)
        try:
            checked = filecheck.check_file(name, data, max_bytes=limit)
        except filecheck.FileRejected as exc:
            raise ValidationError({"upload": exc.message}, code=exc.code) from exc
        stored = default_storage.save(_storage_name(checked.extension), ContentFile(data))
        self.upload.name = stored
        self.upload._committed = True  # noqa: SLF001 - stored above, under the random name
        self.original_name = checked.name
        self.size = checked.size
        self.sha256 = checked.sha256
        self.kind = checked.kind
        return checked

    def open_bytes(self) -> bytes:
        with default_storage.open(self.upload.name, "rb") as handle:
            return handle.read()

    def verify_stored(self) -> bool:
        """Whether the stored file still has the hash recorded at upload."""
        digest = hashlib.sha256()
        with default_storage.open(self.upload.name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest() == self.sha256


class ReminderLog(models.Model):
    """One reminder sent to one person about one item's period, so a run never repeats it."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("ita.Item", on_delete=models.CASCADE, related_name="+")
    period_key = models.CharField(max_length=16)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item", "period_key", "kind"], name="disclosure_reminder_once"
            )
        ]
        indexes = [models.Index(fields=["agency", "sent_at"], name="disclosure_reminder_agency")]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} {self.period_key} → {self.user_id}"


# --------------------------------------------------------------------------- workflow tasks


class RoleReviewTask(Task):
    """A workflow step done by holders of one role in the evidence's agency (not by superusers
    as such), never by the person who submitted the evidence or wrote the revision under review.
    """

    role: Role = Role.EXECUTIVE
    admin_form_fields = Task.admin_form_fields

    class Meta:
        abstract = True

    def _policy(self) -> Any:  # noqa: ANN401
        from prongsai.disclosure import policy

        return policy

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return False

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        # Nobody edits while the evidence is under review: the owner withdraws it (or gets it
        # back with a reason) and submits again, so an approval always matches the content.
        return True

    def user_can_lock(self, obj: Any, user: Any) -> bool:
        return False

    def user_can_unlock(self, obj: Any, user: Any) -> bool:
        return False

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, Any, bool]]:
        task_state = obj.current_workflow_task_state
        if self._policy().review_refusal(obj, user, self.role, task_state) is not None:
            return []
        return self.action_labels()

    def action_labels(self) -> list[tuple[str, Any, bool]]:
        raise NotImplementedError

    def get_form_for_action(self, action: str) -> Any:  # noqa: ANN401
        from prongsai.disclosure.action_forms import ReasonForm, TaskCommentForm

        return ReasonForm if action == "reject" else TaskCommentForm

    def on_action(self, task_state: TaskState, user: Any, action_name: str, **kwargs: Any) -> None:
        from prongsai.disclosure import services

        comment = kwargs.get("comment", "") or ""
        if action_name == "approve":
            services.task_approve(task_state=task_state, user=user, comment=comment)
        elif action_name == "reject":
            services.task_return(task_state=task_state, user=user, reason=comment)
        else:
            raise PermissionDenied(f"unknown action {action_name!r}")

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        return self._policy().task_states_for_reviewer(self, user)


class ExecutiveApprovalTask(RoleReviewTask):
    """An executive of the agency approves the evidence or sends it back with a reason."""

    role = Role.EXECUTIVE

    class Meta:
        verbose_name = _("executive approval")
        verbose_name_plural = _("executive approvals")

    def action_labels(self) -> list[tuple[str, Any, bool]]:
        return [
            ("reject", _("Send back with a reason"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with a comment"), True),
        ]

    @classmethod
    def get_description(cls) -> Any:  # noqa: ANN401
        return _("An executive of the agency approves (never the person who submitted it).")


class PublicationTask(RoleReviewTask):
    """The PR unit publishes the approved revision, or sends it back with a reason."""

    role = Role.PR

    class Meta:
        verbose_name = _("PR publication")
        verbose_name_plural = _("PR publications")

    def action_labels(self) -> list[tuple[str, Any, bool]]:
        return [
            ("reject", _("Send back with a reason"), True),
            ("approve", _("Publish"), False),
        ]

    def start(self, workflow_state: Any, user: Any = None) -> TaskState:
        """Publication needs an executive approval of the latest revision in this workflow; if
        the evidence changed since (it came back and was resubmitted), approval starts again."""
        from prongsai.disclosure import policy

        if not policy.approved_revision_matches(workflow_state):
            approval = policy.approval_task_of(workflow_state.workflow)
            if approval is not None:
                return approval.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    @classmethod
    def get_description(cls) -> Any:  # noqa: ANN401
        return _("The PR unit publishes the approved version (never the person who submitted it).")
