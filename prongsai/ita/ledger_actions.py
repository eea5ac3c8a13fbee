"""The ledger actions the ITA catalogue records (found by the ledger app's autodiscovery)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from prongsai.ledger.registry import register_action

for _name, _label in [
    ("ita.catalogue_import", _("ITA catalogue imported")),
    ("ita.catalogue_clone", _("ITA catalogue copied to a new year")),
    ("ita.catalogue_create", _("ITA catalogue created")),
    ("ita.catalogue_update", _("ITA catalogue changed")),
    ("ita.indicator_save", _("ITA indicator saved")),
    ("ita.item_create", _("ITA item created")),
    ("ita.item_update", _("ITA item changed")),
]:
    register_action(_name, label=_label)
