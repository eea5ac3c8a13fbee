"""Reads for search that domain apps use when they describe their objects."""

from __future__ import annotations

from django.db.models import QuerySet

from prongsai.search.models import ExtractedFile


def extracted_text_for(owner_key: str) -> str:
    """The text of every readable file of one object, for its search document body."""
    texts = ExtractedFile.objects.filter(
        owner_key=owner_key,
        status__in=[ExtractedFile.Status.OK, ExtractedFile.Status.OCR],
    ).values_list("text", flat=True)
    return "\n".join(texts)


def extracted_files_for_staff(*, status: str = "") -> QuerySet[ExtractedFile]:
    qs = ExtractedFile.objects.defer("text").order_by("-updated_at")
    if status:
        qs = qs.filter(status=status)
    return qs
