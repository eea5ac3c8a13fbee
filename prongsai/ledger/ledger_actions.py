"""The ledger's own actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from prongsai.ledger.registry import register_action

register_action("ledger.export", label=_("Ledger exported"), public=False)
