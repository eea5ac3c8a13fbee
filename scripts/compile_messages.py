"""Compile the project's gettext catalogues (.po) into binary .mo files, in pure Python.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt`` on the PATH. This script needs nothing
but Python, so ``make run`` works on a machine without gettext. It follows the algorithm of
CPython's ``Tools/i18n/msgfmt.py`` (sorted key table, no hash table, which GNU and Python readers
accept) and adds what that tool lacks: message contexts, plural forms, skipping fuzzy entries, and
a check that every translation keeps the placeholders of its msgid.

    python scripts/compile_messages.py            # compile every .po under prongsai/
    python scripts/compile_messages.py --check    # only check; exit 1 on any problem
    python scripts/compile_messages.py a.po b.po  # compile the given files

A .mo is rewritten only when its .po is newer. Errors name the file and line, in Thai and English.
"""

from __future__ import annotations

import argparse
import ast
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ROOTS = (REPO_ROOT / "prongsai",)

# Python %-format placeholders (``%(name)s``, ``%s``, ``%d``, ``%%``) and str.format /
# JavaScript-interpolation placeholders (``{count}``, ``{0}``).
PERCENT_RE = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[sdifgeExXroc%]")
BRACE_RE = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*\}|(?<!\{)\{\d*\}")


class PoError(ValueError):
    """A .po file that cannot be read or compiled; the message is in Thai and English."""


@dataclass
class PoEntry:
    msgid: str
    msgstr: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid_plural: str | None = None
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(token: str, path: Path, lineno: int) -> str:
    token = token.strip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise PoError(
            f"{path}:{lineno}: ข้อความต้องอยู่ในเครื่องหมายคำพูด / string must be quoted: {token!r}"
        )
    try:
        value = ast.literal_eval(token)
    except (SyntaxError, ValueError) as exc:
        raise PoError(
            f"{path}:{lineno}: ข้อความไม่ถูกต้อง / malformed string: {token!r} ({exc})"
        ) from exc
    if not isinstance(value, str):
        raise PoError(f"{path}:{lineno}: ข้อความไม่ถูกต้อง / malformed string: {token!r}")
    return value


def parse_po(text: str, path: Path | str = "<string>") -> list[PoEntry]:
    """Parse the text of a .po file into entries (the header is the entry with msgid "")."""
    path = Path(path)
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    pending_flags: set[str] = set()
    pending_refs: list[str] = []
    pending_line = 0
    # which field a continuation line ("...") extends: ("msgid"|"msgid_plural"|"msgctxt"|"msgstr", n)
    section: tuple[str, int] | None = None
    seen_msgstr = False

    def finish() -> None:
        nonlocal entry, section, seen_msgstr
        if entry is not None:
            if not seen_msgstr:
                raise PoError(
                    f"{path}:{entry.line}: ข้อความ msgid ไม่มี msgstr / msgid without msgstr"
                )
            entries.append(entry)
        entry = None
        section = None
        seen_msgstr = False

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            continue  # obsolete entry
        if line.startswith("#"):
            if entry is not None and seen_msgstr:
                finish()
            if line.startswith("#,"):
                pending_flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("#:"):
                pending_refs.extend(line[2:].split())
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and (entry is None or seen_msgstr)):
            if entry is not None:
                finish()
            entry = PoEntry(msgid="", flags=pending_flags, references=pending_refs)
            entry.line = pending_line or lineno
            pending_flags, pending_refs, pending_line = set(), [], 0
        if entry is None:
            if line.startswith('"'):
                raise PoError(f"{path}:{lineno}: ข้อความลอย / stray string outside an entry")
            raise PoError(f"{path}:{lineno}: ไม่รู้จักคำสั่ง / unknown keyword: {keyword!r}")
        if keyword == "msgctxt":
            entry.msgctxt = _unquote(rest, path, lineno)
            section = ("msgctxt", 0)
        elif keyword == "msgid":
            entry.msgid = _unquote(rest, path, lineno)
            section = ("msgid", 0)
        elif keyword == "msgid_plural":
            entry.msgid_plural = _unquote(rest, path, lineno)
            section = ("msgid_plural", 0)
        elif keyword == "msgstr":
            entry.msgstr = [_unquote(rest, path, lineno)]
            section = ("msgstr", 0)
            seen_msgstr = True
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            if index != len(entry.msgstr):
                raise PoError(f"{path}:{lineno}: ลำดับ msgstr[n] ไม่ต่อเนื่อง / msgstr[n] out of order")
            entry.msgstr.append(_unquote(rest, path, lineno))
            section = ("msgstr", index)
            seen_msgstr = True
        elif line.startswith('"'):
            if section is None:
                raise PoError(f"{path}:{lineno}: ข้อความลอย / stray string outside an entry")
            value = _unquote(line, path, lineno)
            name, index = section
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
        else:
            raise PoError(f"{path}:{lineno}: ไม่รู้จักคำสั่ง / unknown keyword: {keyword!r}")
    finish()

    seen: dict[tuple[str | None, str], int] = {}
    for e in entries:
        if e.key in seen:
            raise PoError(
                f"{path}:{e.line}: msgid ซ้ำกับบรรทัด {seen[e.key]} / "
                f"duplicate msgid (first at line {seen[e.key]}): {e.msgid!r}"
            )
        seen[e.key] = e.line
    return entries


def read_po(path: Path | str) -> list[PoEntry]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PoError(f"{path}: ไฟล์ไม่ใช่ UTF-8 / file is not UTF-8 ({exc})") from exc
    return parse_po(text, path)


def placeholders(text: str) -> list[str]:
    """The placeholders in a message, sorted (``%%`` is an escaped percent sign, not one)."""
    found = [p for p in PERCENT_RE.findall(text) if p != "%%"]
    found += BRACE_RE.findall(text)
    return sorted(found)


def nplurals(entries: list[PoEntry]) -> int | None:
    """The number of plural forms that the catalogue's header declares."""
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    match = re.search(r"nplurals\s*=\s*(\d+)", "".join(header.msgstr)) if header else None
    return int(match[1]) if match else None


def check_entry(
    entry: PoEntry, path: Path | str = "<string>", *, plural_forms: int | None = None
) -> list[str]:
    """Problems with one translated entry: lost or invented placeholders, wrong plural count."""
    problems: list[str] = []
    if not entry.msgid or not entry.translated:
        return problems
    where = f"{path}:{entry.line}"
    if entry.msgid_plural is None and len(entry.msgstr) != 1:
        problems.append(f"{where}: msgid ไม่มีพหูพจน์แต่มี msgstr[n] / msgstr[n] without plural")
    if entry.msgid_plural is not None and plural_forms and len(entry.msgstr) != plural_forms:
        problems.append(
            f"{where}: ต้องมี msgstr[n] {plural_forms} รูป / "
            f"expected {plural_forms} plural form(s), found {len(entry.msgstr)}"
        )
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    wanted = {tuple(placeholders(s)) for s in sources}
    if entry.msgid_plural is not None and plural_forms == 1:
        # A language with one plural form (Thai) uses it for every count, one included: it
        # must carry the placeholders of the plural msgid, since the singular often spells
        # the number out ("Delete 1 page" / "Delete %(counter)s pages").
        wanted = {tuple(placeholders(entry.msgid_plural))}
    python_format = "python-format" in entry.flags or entry.msgid_plural is not None
    for translation in entry.msgstr:
        got = tuple(placeholders(translation))
        if not python_format:
            got = tuple(p for p in got if not p.startswith("%"))
            wanted_cmp = {tuple(p for p in w if not p.startswith("%")) for w in wanted}
        else:
            wanted_cmp = wanted
        if got not in wanted_cmp:
            expected = " หรือ / or ".join(
                repr(list(w)) for w in sorted(wanted_cmp, key=len, reverse=True)
            )
            problems.append(
                f"{where}: ตัวแทนค่าในคำแปลไม่ตรงกับต้นฉบับ / placeholders differ: "
                f"msgid {entry.msgid!r} needs {expected}, msgstr has {list(got)}"
            )
    return problems


def check_catalogue(entries: list[PoEntry], path: Path | str = "<string>") -> list[str]:
    problems: list[str] = []
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    if header is None or "charset=UTF-8" not in "".join(header.msgstr):
        problems.append(f"{path}: ไม่มีส่วนหัว UTF-8 / missing UTF-8 header entry")
    forms = nplurals(entries)
    for entry in entries:
        if not entry.fuzzy:
            problems.extend(check_entry(entry, path, plural_forms=forms))
    return problems


def mo_bytes(entries: list[PoEntry]) -> bytes:
    """The GNU .mo encoding of the translated, non-fuzzy entries (and the header)."""
    messages: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.msgid and (entry.fuzzy or not entry.translated):
            continue
        key = entry.msgid
        if entry.msgid_plural is not None:
            key += "\0" + entry.msgid_plural
        if entry.msgctxt is not None:
            key = entry.msgctxt + "\x04" + key
        messages[key.encode("utf-8")] = "\0".join(entry.msgstr).encode("utf-8")
    keys = sorted(messages)
    ids = strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for k in keys:
        offsets.append((len(ids), len(k), len(strs), len(messages[k])))
        ids += k + b"\0"
        strs += messages[k] + b"\0"
    count = len(keys)
    keystart = 7 * 4 + 16 * count
    valuestart = keystart + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    table = struct.pack(f"{len(koffsets)}i", *koffsets) + struct.pack(
        f"{len(voffsets)}i", *voffsets
    )
    return header + table + ids + strs


def compile_po(po_path: Path, *, force: bool = False) -> bool:
    """Write ``<name>.mo`` beside ``po_path``; return whether it was (re)written."""
    mo_path = po_path.with_suffix(".mo")
    entries = read_po(po_path)
    problems = check_catalogue(entries, po_path)
    if problems:
        raise PoError("\n".join(problems))
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    data = mo_bytes(entries)
    tmp = mo_path.with_suffix(".mo.tmp")
    tmp.write_bytes(data)
    tmp.replace(mo_path)
    return True


def find_po_files(roots: tuple[Path, ...] = DEFAULT_ROOTS) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("LC_MESSAGES/*.po"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "files", nargs="*", type=Path, help=".po files (default: all under prongsai/)"
    )
    parser.add_argument("--check", action="store_true", help="check only, write nothing")
    parser.add_argument("--force", action="store_true", help="rewrite .mo files even if current")
    args = parser.parse_args(argv)
    files = args.files or find_po_files()
    failed = False
    written = 0
    for po in files:
        try:
            if args.check:
                problems = check_catalogue(read_po(po), po)
                if problems:
                    raise PoError("\n".join(problems))
            elif compile_po(po, force=args.force):
                written += 1
        except (OSError, PoError) as exc:
            failed = True
            sys.stderr.write(f"{exc}\n")
    if not args.check:
        sys.stdout.write(f"compiled {written} of {len(files)} catalogue(s)\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
