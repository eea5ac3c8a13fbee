"""Per-file extraction status: what staff see when a document's text could not be read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtractedFile(models.Model):
    """The text of one attached file, and how reading it went.

    ``owner_key`` is the search key of the registered object the file belongs to
    ("app_label.model:pk"); its ``to_document`` adds the text of its files to the body.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be read")
        OK = "ok", _("Text read")
        OCR = "ocr", _("Text read with OCR")
        FAILED = "failed", _("Could not be read")

    owner_key = models.CharField(_("belongs to"), max_length=200, db_index=True)
    storage_name = models.CharField(_("stored file"), max_length=500)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    file_type = models.CharField(_("file type"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    error_code = models.CharField(max_length=30, blank=True)
    error_th = models.TextField(blank=True)
    error_en = models.TextField(blank=True)
    pages = models.PositiveIntegerField(default=0)
    ocr_pages = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("extracted file")
        verbose_name_plural = _("extracted files")
        constraints = [
            models.UniqueConstraint(fields=["owner_key", "storage_name"], name="search_file_once")
        ]
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
