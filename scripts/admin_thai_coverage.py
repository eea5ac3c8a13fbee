"""Measure how much of the staff admin is in Thai: upstream catalogues against ours.

The staff admin is Wagtail's admin, which also shows strings from Django and django-taggit. For
every English msgid of the catalogues below (the daily-journey scope), this reports whether the
installed package's own Thai catalogue translates it, and whether it is translated once the
project's catalogue in ``prongsai/locale_admin`` (which comes first in ``LOCALE_PATHS`` and so
overrides the packages) is added.

    python scripts/admin_thai_coverage.py            # a Markdown table
    python scripts/admin_thai_coverage.py --missing  # also list every untranslated msgid

Run it after upgrading Wagtail or Django: new msgids show up as missing. It needs the packages
installed but no Django settings. Exit status 1 when anything in scope is untranslated.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compile_messages import BRACE_RE, PERCENT_RE, PoEntry, read_po  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
OUR_LOCALE = REPO_ROOT / "prongsai" / "locale_admin"

Key = tuple[str, str | None, str]  # (domain, msgctxt, msgid)


def _everything(reference: str) -> bool:
    return True


def _django_core(reference: str) -> bool:
    # Language names, the welcome page of an unconfigured project, debug and generic views
    # never reach a staff member's screen.
    excluded = (
        "conf/global_settings.py",
        "contrib/",
        "views/templates/",
        "views/generic/",
        "views/static.py",
        "views/debug.py",
    )
    return not reference.startswith(excluded)


def _django_auth(reference: str) -> bool:
    # django.contrib.admin is not installed (Wagtail's admin is the staff area) and the
    # password-hasher field names appear only there.
    return not reference.startswith(("contrib/auth/admin.py", "contrib/auth/hashers.py"))


@dataclass(frozen=True)
class Catalogue:
    package: str  # importable package whose locale/ directory holds the catalogue
    domain: str  # "django" or "djangojs"
    in_scope: Callable[[str], bool]
    locale_dir: str = "locale"

    def path(self, language: str) -> Path | None:
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:
            return None
        base = Path(next(iter(spec.submodule_search_locations)))
        return base / self.locale_dir / language / "LC_MESSAGES" / f"{self.domain}.po"


SCOPE: tuple[Catalogue, ...] = (
    Catalogue("wagtail.admin", "django", _everything),
    Catalogue("wagtail.admin", "djangojs", _everything),
    Catalogue("wagtail", "django", _everything),
    Catalogue("wagtail.documents", "django", _everything),
    Catalogue("wagtail.images", "django", _everything),
    Catalogue("wagtail.snippets", "django", _everything),
    Catalogue("wagtail.users", "django", _everything),
    Catalogue("wagtail.sites", "django", _everything),
    Catalogue("wagtail.embeds", "django", _everything),
    Catalogue("wagtail.search", "django", _everything),
    Catalogue("taggit", "django", _everything),
    Catalogue("django.contrib.auth", "django", _django_auth),
    Catalogue("django.contrib.contenttypes", "django", _everything),
    Catalogue("django", "django", _django_core, locale_dir="conf/locale"),
)


def _key(domain: str, entry: PoEntry) -> Key:
    return (domain, entry.msgctxt, entry.msgid)


_ENGLISH_WORD = re.compile(r"[a-z]{2,}")


def _is_translation(entry: PoEntry) -> bool:
    """Translated, and not merely copied: some upstream Thai entries repeat the English."""
    if not (entry.msgid and entry.translated and not entry.fuzzy):
        return False
    copied = entry.msgstr[0] in (entry.msgid, entry.msgid_plural)
    words = BRACE_RE.sub("", PERCENT_RE.sub("", entry.msgid))
    return not (copied and _ENGLISH_WORD.search(words))


def _translated(entries: list[PoEntry]) -> dict[tuple[str | None, str], PoEntry]:
    return {e.key: e for e in entries if _is_translation(e)}


def scope_entries(catalogue: Catalogue) -> list[PoEntry]:
    """The English entries of one catalogue that a staff member can meet."""
    path = catalogue.path("en")
    if path is None or not path.exists():
        return []
    return [
        e
        for e in read_po(path)
        if e.msgid and (not e.references or any(catalogue.in_scope(r) for r in e.references))
    ]


def all_scope_keys() -> dict[Key, PoEntry]:
    keys: dict[Key, PoEntry] = {}
    for catalogue in SCOPE:
        for entry in scope_entries(catalogue):
            keys.setdefault(_key(catalogue.domain, entry), entry)
    return keys


def our_catalogue(
    domain: str, locale_root: Path = OUR_LOCALE
) -> dict[tuple[str | None, str], PoEntry]:
    path = locale_root / "th" / "LC_MESSAGES" / f"{domain}.po"
    return _translated(read_po(path)) if path.exists() else {}


@dataclass
class Row:
    catalogue: str
    total: int
    upstream: int
    effective: int
    missing: list[str]


def measure(locale_root: Path = OUR_LOCALE) -> list[Row]:
    ours = {d: our_catalogue(d, locale_root) for d in ("django", "djangojs")}
    # Django merges every installed app's catalogue of a domain, so a msgid that one package
    # leaves untranslated may be translated by another: "upstream" is their union.
    upstream_all: dict[str, dict[tuple[str | None, str], PoEntry]] = {"django": {}, "djangojs": {}}
    for catalogue in SCOPE:
        th_path = catalogue.path("th")
        if th_path and th_path.exists():
            for key, entry in _translated(read_po(th_path)).items():
                upstream_all[catalogue.domain].setdefault(key, entry)
    rows: list[Row] = []
    for catalogue in SCOPE:
        entries = scope_entries(catalogue)
        if not entries:
            continue
        upstream = upstream_all[catalogue.domain]
        missing = [
            e.msgid
            for e in entries
            if e.key not in upstream and e.key not in ours[catalogue.domain]
        ]
        rows.append(
            Row(
                catalogue=f"{catalogue.package} ({catalogue.domain})",
                total=len(entries),
                upstream=sum(1 for e in entries if e.key in upstream),
                effective=len(entries) - len(missing),
                missing=missing,
            )
        )
    return rows


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missing", action="store_true", help="list untranslated msgids")
    args = parser.parse_args(argv)
    rows = measure()
    out = ["| catalogue | msgids | upstream Thai | with ours |", "|---|---:|---:|---:|"]
    for r in rows:
        out.append(
            f"| {r.catalogue} | {r.total} | {r.upstream} ({_pct(r.upstream, r.total)}) "
            f"| {r.effective} ({_pct(r.effective, r.total)}) |"
        )
    total = sum(r.total for r in rows)
    upstream = sum(r.upstream for r in rows)
    effective = sum(r.effective for r in rows)
    out.append(
        f"| **all** | {total} | {upstream} ({_pct(upstream, total)}) "
        f"| {effective} ({_pct(effective, total)}) |"
    )
    if args.missing:
        for r in rows:
            for msgid in r.missing:
                out.append(f"missing in {r.catalogue}: {msgid!r}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0 if effective == total else 1


if __name__ == "__main__":
    sys.exit(main())
