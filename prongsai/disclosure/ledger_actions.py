"""The ledger actions of the publishing workflow (found by the ledger app's autodiscovery).

Each is written in the same transaction as the change it records (``receivers.py``); the
publication entry carries the SHA-256 of the content and of every file (docs/disclosure.md).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from prongsai.ledger.registry import register_action

ACTIONS = {
    "disclosure.setup": _("Evidence publishing set up for the agency"),
    "disclosure.submit": _("Evidence submitted for approval"),
    "disclosure.resubmit": _("Evidence submitted again after changes"),
    "disclosure.withdraw": _("Evidence withdrawn from approval"),
    "disclosure.approve": _("Evidence approved by an executive"),
    "disclosure.return": _("Evidence sent back by an executive"),
    "disclosure.publication_return": _("Evidence sent back by the PR unit"),
    "disclosure.schedule": _("Evidence scheduled for publication"),
    "disclosure.publish": _("Evidence published"),
    "disclosure.unpublish": _("Evidence unpublished"),
}

for _name, _label in ACTIONS.items():
    register_action(_name, label=_label)
