"""What other apps tell the ledger: their action names, role labels, and two small hooks.

The ledger imports no domain app. Each app that records entries has a ``ledger_actions`` module
(found by ``autodiscover_modules`` when the ledger app is ready) that calls, for example::

    from django.utils.translation import gettext_lazy as _
    from prongsai import ledger

    ledger.register_action("item.approve", label=_("Item approved"))
    ledger.register_action("report.view", label=_("Report opened"), public=False)

``record()`` refuses an action that was never registered, so a typo cannot enter the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

_ACTION_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


class UnknownActionError(LookupError):
    """record() was given an action name that no app registered."""


@dataclass(frozen=True)
class Action:
    name: str
    label: Any  # str or a lazy translation
    public: bool = True  # may be shown on public pages (never for confidential entries)


@dataclass(frozen=True)
class ActorInfo:
    """How an actor is written into an entry. ``role`` is a role code, never a personal name."""

    role: str = ""
    unit: str = ""


ActorResolver = Callable[[Any, int | None], ActorInfo]
StaffScope = Callable[[Any], Iterable[int] | None]

_actions: dict[str, Action] = {}
_roles: dict[str, Any] = {}
_hooks: dict[str, Callable[..., Any]] = {}


def register_action(name: str, *, label: Any, public: bool = True) -> Action:
    """Declare an action name (``<app>.<verb>``); registering it again replaces the label."""
    if not _ACTION_RE.fullmatch(name) or len(name) > 64:
        raise ValueError(
            f"ชื่อการกระทำ {name!r} ต้องอยู่ในรูป app.verb ตัวพิมพ์เล็ก / "
            f"action name {name!r} must look like app.verb (lower case, at most 64 characters)"
        )
    action = Action(name, label, public)
    _actions[name] = action
    return action


def get_action(name: str) -> Action:
    try:
        return _actions[name]
    except KeyError:
        raise UnknownActionError(
            f"การกระทำ {name!r} ยังไม่ได้ลงทะเบียนกับบัญชี (ledger.register_action) / "
            f"the action {name!r} is not registered with the ledger (ledger.register_action)"
        ) from None


def actions() -> list[Action]:
    return sorted(_actions.values(), key=lambda a: a.name)


def action_label(name: str) -> Any:
    action = _actions.get(name)
    return action.label if action else name


def register_role(code: str, *, label: Any) -> None:
    """A display label for a role code written in entries (e.g. ``executive``)."""
    _roles[code] = label


def role_label(code: str) -> Any:
    return _roles.get(code, code)


def set_actor_resolver(resolver: ActorResolver | None) -> None:
    """``resolver(user, agency_id) -> ActorInfo``: the user's role and work group when acting."""
    _set_hook("actor", resolver)


def set_staff_scope(scope: StaffScope | None) -> None:
    """``scope(user) -> agency ids whose ledger the user may read, or None for every agency``.

    Called only for users who passed the permission check; without a hook they see every agency.
    """
    _set_hook("staff_scope", scope)


def _set_hook(name: str, hook: Callable[..., Any] | None) -> None:
    if hook is None:
        _hooks.pop(name, None)
    else:
        _hooks[name] = hook


def hook(name: str) -> Callable[..., Any] | None:
    return _hooks.get(name)
