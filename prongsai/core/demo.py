"""The demo agency that `make run` loads: สำนักงานจังหวัดร้อยเอ็ด.

Every record is made through the same services as real use, so the demo's ledger is populated and
verifies. Each app may add its part in a `demo.py` module with `ORDER` and `seed(ctx)`; this module
runs them in order. Running it again changes nothing.
"""

from __future__ import annotations

import importlib
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.management import call_command
from django.db import transaction

from prongsai.org.models import Agency, Position, WorkGroup

DEMO_SLUG = "roiet"
_PASSWORD_FILE = "demo_password"  # noqa: S105 - a file name, not a password


@dataclass
class DemoContext:
    agency: Agency
    password: str
    users: dict[str, AbstractBaseUser] = field(default_factory=dict)
    groups: dict[str, WorkGroup] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)


def _password_path() -> Path:
    return Path(settings.VAR_DIR) / _PASSWORD_FILE


def demo_password() -> str:
    """A random password for the demo accounts, made on first run and kept under var/."""
    path = _password_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(9), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def demo_logins() -> dict[str, Any] | None:
    from prongsai.org.demo import DEMO_PEOPLE

    if not _password_path().exists() or not Agency.objects.filter(slug=DEMO_SLUG).exists():
        return None
    return {
        "password": demo_password(),
        "users": [(p.username, p.describe()) for p in DEMO_PEOPLE],
    }


def _app_seeders() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("prongsai."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "seed"):
            modules.append(module)
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 100))


def ensure_wagtail_roots() -> Any:
    """The rows Wagtail's migrations make: the default locale, the root page and collection.

    They are always there after `migrate`; a database that was flushed (as transactional tests
    do) has lost them, and the demo recreates them rather than fail.
    """
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


@transaction.atomic
def seed_demo(password: str | None = None) -> DemoContext | None:
    """Load the demo agency unless it is already there. Returns None when nothing was done."""
    if Agency.objects.filter(slug=DEMO_SLUG).exists():
        return None
    from prongsai.org.demo import create_demo_agency

    ensure_wagtail_roots()
    ctx = create_demo_agency(password or demo_password())
    for module in _app_seeders():
        if module.__name__ != "prongsai.org.demo":
            module.seed(ctx)
    # Sign a checkpoint now, so that /verify/ shows the demo's publications as checkpointed.
    transaction.on_commit(lambda: call_command("ledger_checkpoint", "--force", verbosity=0))
    return ctx
