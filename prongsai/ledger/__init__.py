"""The tamper-evident ledger: a hash-chained, Merkle-tree, signed record of decisions.

Other apps use it as::

    from prongsai import ledger

    ledger.register_action("item.approve", label=_("Item approved"))   # in <app>/ledger_actions.py
    with transaction.atomic():
        ...  # the change
        ledger.record(action="item.approve", actor=user, obj=item, data={...})

The pure modules (canonical, merkle, leaf, checkpoint, builder, verify) import no Django, so this
package's top level loads the Django-facing API lazily: ``python -m prongsai.ledger.verify``
runs where Django is not installed.
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "record": ("prongsai.ledger.services", "entry_record"),
    "Actor": ("prongsai.ledger.services", "Actor"),
    "ObjectRef": ("prongsai.ledger.services", "ObjectRef"),
    "LedgerError": ("prongsai.ledger.services", "LedgerError"),
    "pseudonym": ("prongsai.ledger.services", "pseudonym"),
    "register_action": ("prongsai.ledger.registry", "register_action"),
    "register_role": ("prongsai.ledger.registry", "register_role"),
    "set_actor_resolver": ("prongsai.ledger.registry", "set_actor_resolver"),
    "set_staff_scope": ("prongsai.ledger.registry", "set_staff_scope"),
    "ActorInfo": ("prongsai.ledger.registry", "ActorInfo"),
    "UnknownActionError": ("prongsai.ledger.registry", "UnknownActionError"),
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'prongsai.ledger' has no attribute {name!r}") from None
    from importlib import import_module

    value = getattr(import_module(module_name), attribute)
    globals()[name] = value
    return value
