"""Public ledger pages: checkpoints for outside copies, and /verify/ for anyone holding a file."""

from __future__ import annotations

import base64
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.ledger import selectors, signing
from prongsai.ledger.forms import VerifyForm
from prongsai.ledger.models import LedgerCheckpoint

PAGE_SIZE = 1000


def _agency_id(request: HttpRequest) -> int | None:
    agency = getattr(request, "agency", None)
    return agency.pk if agency is not None else None


def _checkpoint_dict(cp: LedgerCheckpoint) -> dict[str, Any]:
    return {
        "size": cp.size,
        "root": cp.root,
        "root_base64": base64.b64encode(bytes.fromhex(cp.root)).decode("ascii"),
        "signed_at": cp.ts.isoformat().replace("+00:00", "Z"),
        "key_id": cp.key_id,
        "note": cp.note,
    }


@require_GET
@cache_control(public=True, max_age=60)
def checkpoints_json(request: HttpRequest) -> JsonResponse:
    """Signed checkpoints, oldest first. ``?after=<size>`` pages through them."""
    try:
        after = int(request.GET.get("after", "-1"))
    except ValueError:
        return JsonResponse(
            {"error": "after ต้องเป็นจำนวนเต็ม / after must be a whole number"}, status=400
        )
    verifier = signing.get_verifier()
    rows = list(LedgerCheckpoint.objects.filter(size__gt=after).order_by("size")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    payload: dict[str, Any] = {
        "origin": verifier.name if verifier else None,
        "verifier_key": verifier.vkey() if verifier else None,
        "checkpoints": [_checkpoint_dict(cp) for cp in rows],
        "next": f"{request.path}?after={rows[-1].size}" if more else None,
        "how_to_verify": "python -m prongsai.ledger.verify export ledger.jsonl "
        "--key <verifier_key> --checkpoints checkpoints.json",
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
@cache_control(public=True, max_age=60)
def checkpoint_latest(request: HttpRequest) -> HttpResponse:
    """The latest signed checkpoint in the C2SP text form."""
    cp = selectors.latest_checkpoint()
    if cp is None:
        return HttpResponse(
            "ยังไม่มีจุดตรวจที่ลงนาม / no signed checkpoint yet\n",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(cp.note, content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=3600)
def verifier_key(request: HttpRequest) -> HttpResponse:
    verifier = signing.get_verifier()
    if verifier is None:
        raise Http404
    return HttpResponse(verifier.vkey() + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=300)
def consistency_json(request: HttpRequest) -> JsonResponse:
    """``?old=<size>&new=<size>``: an RFC 6962 consistency proof between two signed sizes."""
    try:
        old, new = int(request.GET["old"]), int(request.GET["new"])
    except (KeyError, ValueError):
        return JsonResponse(
            {"error": "ต้องระบุ old และ new เป็นจำนวนเต็ม / give old and new as whole numbers"},
            status=400,
        )
    latest = selectors.latest_checkpoint()
    if latest is None or not 0 < old <= new <= latest.size:
        return JsonResponse(
            {"error": "ขนาดต้องอยู่ระหว่าง 1 กับจุดตรวจล่าสุด / sizes must be 1..latest checkpoint"},
            status=400,
        )
    proof = selectors.consistency_proof(old, new)
    return JsonResponse({"old": old, "new": new, "proof": [h.hex() for h in proof]})


# --- /verify/ ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    """Thai first: upload a file or paste its SHA-256 (the upload only computes the hash)."""
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            return redirect(f"{reverse('ledger-verify')}?sha256={form.cleaned_data['sha256']}")
        return render(request, "ledger/verify.html", {"form": form}, status=400)
    sha256 = request.GET.get("sha256", "")
    if not sha256:
        return render(request, "ledger/verify.html", {"form": VerifyForm()})
    form = VerifyForm({"sha256": sha256})
    if not form.is_valid():
        return render(request, "ledger/verify.html", {"form": form}, status=400)
    digest = form.cleaned_data["sha256"]
    publications = selectors.publications_of(digest, agency_id=_agency_id(request))
    context = {
        "form": VerifyForm(initial={"sha256": digest}),
        "sha256": digest,
        "publications": publications,
        "searched": True,
        "latest": selectors.latest_checkpoint(),
    }
    return render(request, "ledger/verify.html", context)


@require_GET
def proof_json(request: HttpRequest, seq: int) -> HttpResponse:
    """The inclusion proof of a public entry against the latest signed checkpoint."""
    entry = selectors.public_entries().filter(seq=seq).first()
    cp = selectors.latest_checkpoint()
    if entry is None:
        raise Http404(_("No public ledger entry has this number."))
    if cp is None or cp.size < entry.seq:
        return HttpResponse(
            _("This entry is not yet covered by a signed checkpoint; try again later.") + "\n",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    document = selectors.proof_document(entry, cp)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="ledger-proof-{entry.seq}.json"'
    return response
