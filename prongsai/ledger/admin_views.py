"""Staff view of the ledger (Wagtail admin) for auditors and executives, with a CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from prongsai import ledger
from prongsai.ledger import canonical, registry, selectors
from prongsai.ledger.forms import StaffFilterForm
from prongsai.ledger.leaf import format_ts
from prongsai.ledger.models import LedgerEntry

PAGE_SIZE = 50
CSV_COLUMNS = [
    "seq",
    "ts",
    "action",
    "actor",
    "role",
    "unit",
    "object_type",
    "object_id",
    "agency_id",
    "content_hash",
    "confidential",
    "data",
    "entry_hash",
]


def _bound(day: date | None, *, end: bool = False) -> datetime | None:
    if day is None:
        return None
    if end:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def _actor_id(text: str) -> str:
    """Staff type a user name; entries hold ``u:<id>``. Raw ids (u:…, p:…, system) pass through."""
    text = text.strip()
    if not text or text == "system" or text[:2] in {"u:", "p:"}:
        return text
    user = (
        get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: text}).first()
    )
    return f"u:{user.pk}" if user else "u:?"


def filtered_entries(request: HttpRequest) -> tuple[StaffFilterForm, QuerySet[LedgerEntry]]:
    """The entries this user may read (PermissionDenied otherwise), narrowed by the filters."""
    entries = selectors.get_entries_for_user(request.user)
    form = StaffFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        entries = selectors.filter_entries(
            entries,
            action=data["action"],
            actor=_actor_id(data["actor"]),
            unit=data["unit"],
            start=_bound(data["start"]),
            end=_bound(data["end"], end=True),
        )
    elif form.is_bound:
        entries = entries.none()
    else:
        entries = entries.order_by("-seq")
    return form, entries


class LedgerEntriesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "ledger/admin/entries.html"
    page_title = gettext_lazy("Ledger")
    header_icon = "list-ul"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, entries = filtered_entries(self.request)
        before = self.request.GET.get("before", "")
        if before.isdigit():
            entries = entries.filter(seq__lt=int(before))
        page = list(entries[: PAGE_SIZE + 1])
        query = self.request.GET.copy()
        query.pop("before", None)
        context.update(
            form=form,
            entries=page[:PAGE_SIZE],
            next_before=page[PAGE_SIZE - 1].seq if len(page) > PAGE_SIZE else None,
            query=query.urlencode(),
            actions=registry.actions(),
            units=selectors.units_in(selectors.get_entries_for_user(self.request.user)),
            latest=selectors.latest_checkpoint(),
            head=selectors.head(),
            csv_url=reverse("ledger_admin_csv") + ("?" + query.urlencode() if query else ""),
        )
        return context


def _csv_rows(entries: QuerySet[LedgerEntry]) -> Iterator[list[str]]:
    yield CSV_COLUMNS
    for entry in entries.iterator(chunk_size=2000):
        yield [
            str(entry.seq),
            format_ts(entry.ts),
            entry.action,
            entry.actor,
            entry.role,
            entry.unit,
            entry.object_type,
            entry.object_id,
            "" if entry.agency_id is None else str(entry.agency_id),
            entry.content_hash,
            "1" if entry.confidential else "0",
            canonical.dumps_unchecked(entry.data),
            entry.entry_hash,
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def entries_csv(request: HttpRequest) -> HttpResponse:
    _form, entries = filtered_entries(request)
    with transaction.atomic():
        ledger.record(
            action="ledger.export",
            actor=request.user,
            data={"filters": {k: v for k, v in request.GET.items() if k != "before"}},
        )
    writer = csv.writer(_Echo())
    stream = (writer.writerow(row) for row in _csv_rows(entries))
    response = StreamingHttpResponse(_with_bom(stream), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="ledger-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _with_bom(rows: Iterator[str]) -> Iterator[str]:
    yield "\ufeff"  # so spreadsheet programs read the Thai text as UTF-8
    yield from rows
