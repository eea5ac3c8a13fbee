"""Serving evidence files: the published ones to anyone (through the evidence page's route), drafts
to staff who may read them (``admin_views``). Same safe headers either way."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest

_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/;]+')


def content_disposition(filename: str, *, fallback_stem: str = "evidence") -> str:
    """An RFC 6266 ``attachment`` header that keeps a Thai file name: an ASCII ``filename`` for
    old clients and the UTF-8 ``filename*`` (RFC 8187) that browsers prefer."""
    name = unicodedata.normalize("NFC", _UNSAFE.sub("_", filename)).strip(" .") or "file"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ascii_ext = re.sub(r"[^A-Za-z0-9]", "", ext)[:10]
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_") or fallback_stem
    fallback = f"{ascii_stem}.{ascii_ext}" if ascii_ext else ascii_stem
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_response(
    attachment: Any, *, request: HttpRequest, private: bool = False
) -> FileResponse:  # noqa: ANN401
    """Stream a stored evidence file with its checked type, its original (Thai) name and headers
    that stop browsers from sniffing or running it."""
    try:
        handle = default_storage.open(attachment.upload.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=attachment.mime)
    response["Content-Disposition"] = content_disposition(
        attachment.original_name, fallback_stem=f"evidence-{attachment.key.hex[:8]}"
    )
    if attachment.size:
        response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    # No 'sandbox': Chromium blocks downloads from sandboxed responses.
    response["Content-Security-Policy"] = "default-src 'none'"
    response["ETag"] = f'"{attachment.sha256}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    return response
