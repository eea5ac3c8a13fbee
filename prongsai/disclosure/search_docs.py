"""What search sees of evidence: published evidence pages only (drafts are never indexed), with
the text of their files, which the search app reads in the background after publication."""

from __future__ import annotations

from typing import Any

from django.utils.html import strip_tags


def search_key(page: Any) -> str:  # noqa: ANN401
    return f"{page._meta.label_lower}:{page.pk}"


def to_document(page: Any) -> Any:  # noqa: ANN401
    """A ``SearchDocument`` of a live evidence page, or None (not published: not searchable)."""
    from prongsai.disclosure import content
    from prongsai.disclosure.receivers import page_path
    from prongsai.search.documents import SearchDocument
    from prongsai.search.selectors import extracted_text_for
    from prongsai.thai import fiscal_year

    if not page.live:
        return None
    attachments = content.attachments_of(page)
    items = content.items_of(page)
    body = "\n".join(
        part
        for part in [
            page.summary,
            strip_tags(str(page.body or "")),
            *(a.display_name for a in attachments),
            extracted_text_for(search_key(page)),
        ]
        if part
    )
    published = page.last_published_at
    # Evidence of a period belongs to that period's fiscal year; standing evidence (a manual,
    # the code of conduct) to the year it was published in, whichever year's criteria list it.
    year = page.period.fiscal_year or (
        fiscal_year(published) if published else (items[0]["year"] if items else None)
    )
    return SearchDocument(
        key=search_key(page),
        title=page.title,
        body=body,
        url=page_path(page),
        kind="evidence",
        is_public=True,
        work_group=page.work_group.name_th,
        fiscal_year=year,
        ita_item=items[0]["item"] if items else "",
        file_type=attachments[0].kind if attachments else "",
        date=published.date() if published else None,
    )


def _queryset() -> Any:  # noqa: ANN401
    from prongsai.disclosure.models import EvidencePage

    return EvidencePage.objects.live().select_related("work_group")


def register() -> None:
    """Tell the search app about evidence (called when this app is ready)."""
    from prongsai import search
    from prongsai.disclosure.models import EvidencePage

    search.register(EvidencePage, to_document=to_document, queryset=_queryset)


def index_later(page: Any) -> None:  # noqa: ANN401
    """After the transaction commits: read the text of the published files and (re)index the
    page, or remove it from the index when it is no longer published. Runs in the background."""
    from prongsai.disclosure import content
    from prongsai.search import service
    from prongsai.search.models import ExtractedFile

    key = search_key(page)
    names = [a.upload.name for a in content.attachments_of(page)] if page.live else []
    # Files no longer published must not keep feeding the page's search text.
    ExtractedFile.objects.filter(owner_key=key).exclude(storage_name__in=names).delete()
    for attachment in content.attachments_of(page) if page.live else []:
        service.extracted_file_submit(
            owner_key=key, storage_name=attachment.upload.name, filename=attachment.original_name
        )
    service.search_index_later(instance=page)
