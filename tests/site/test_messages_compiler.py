"""The pure-Python .po -> .mo compiler (scripts/compile_messages.py), without Django."""

from __future__ import annotations

import gettext
import importlib.util
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "compile_messages", REPO_ROOT / "scripts" / "compile_messages.py"
)
assert _spec and _spec.loader
cm = importlib.util.module_from_spec(_spec)
sys.modules["compile_messages"] = cm
_spec.loader.exec_module(cm)

CATALOGUE = r"""# a comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: views.py:1
#, python-format
msgid "Page '%(title)s' deleted."
msgstr "ลบหน้า '%(title)s' แล้ว"

msgctxt "Noun"
msgid "Draft"
msgstr "ฉบับร่าง"

msgid "Draft"
msgstr "ร่าง"

#, python-format
msgid "Delete 1 page"
msgid_plural "Delete %(counter)s pages"
msgstr[0] "ลบ %(counter)s หน้า"

msgid ""
"A long message "
"on two lines with \"quotes\"\n"
msgstr ""
"ข้อความยาว "
"สองบรรทัด \"อัญประกาศ\"\n"

#, fuzzy
msgid "Approve"
msgstr "ยืนยัน"

msgid "Untranslated"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "เลิกใช้"
"""


def translations(data: bytes) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(data))


def test_compiled_catalogue_translates_contexts_plurals_and_long_strings():
    t = translations(cm.mo_bytes(cm.parse_po(CATALOGUE)))
    assert t.gettext("Page '%(title)s' deleted.") == "ลบหน้า '%(title)s' แล้ว"
    assert t.pgettext("Noun", "Draft") == "ฉบับร่าง"
    assert t.gettext("Draft") == "ร่าง"
    for n in (0, 1, 2, 5):
        assert t.ngettext("Delete 1 page", "Delete %(counter)s pages", n) == "ลบ %(counter)s หน้า"
    assert t.gettext('A long message on two lines with "quotes"\n') == (
        'ข้อความยาว สองบรรทัด "อัญประกาศ"\n'
    )


def test_fuzzy_untranslated_and_obsolete_entries_are_left_out():
    t = translations(cm.mo_bytes(cm.parse_po(CATALOGUE)))
    assert t.gettext("Approve") == "Approve"
    assert t.gettext("Untranslated") == "Untranslated"
    assert t.gettext("Obsolete") == "Obsolete"


def test_header_declares_one_plural_form():
    entries = cm.parse_po(CATALOGUE)
    assert cm.nplurals(entries) == 1
    assert cm.check_catalogue(entries) == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_same_catalogue_as_gnu_msgfmt(tmp_path):
    for po in sorted((REPO_ROOT / "prongsai").rglob("LC_MESSAGES/*.po")):
        ours = translations(cm.mo_bytes(cm.read_po(po)))._catalog
        gnu = subprocess.run(["msgfmt", "-o", "-", str(po)], check=True, capture_output=True)
        theirs = translations(gnu.stdout)._catalog
        # msgfmt drops POT-Creation-Date from the header; every message must be equal.
        assert {k: v for k, v in ours.items() if k} == {k: v for k, v in theirs.items() if k}


def test_compile_po_writes_the_mo_beside_the_po_and_skips_current_ones(tmp_path):
    po = tmp_path / "th" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(CATALOGUE, encoding="utf-8")
    assert cm.compile_po(po) is True
    assert translations(po.with_suffix(".mo").read_bytes()).gettext("Draft") == "ร่าง"
    assert cm.compile_po(po) is False
    assert cm.compile_po(po, force=True) is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', "duplicate msgid"),
        ('msgid "a"\n', "msgid without msgstr"),
        ("msgid a\nmsgstr b\n", "string must be quoted"),
        ('msgid "a"\nmsgstr "b\n', "string must be quoted"),
        ('msgid "a"\nmsgstr "\\x1"\n', "malformed string"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[1] "b"\n', "out of order"),
        ('msgstr "b"\n', "unknown keyword"),
    ],
)
def test_bad_input_gets_a_clear_error_in_thai_and_english(text, expected):
    with pytest.raises(cm.PoError) as error:
        cm.parse_po(text, "bad.po")
    message = str(error.value)
    assert "bad.po:" in message and expected in message
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in message)  # and a Thai explanation


def test_compile_refuses_a_catalogue_that_loses_a_placeholder_and_keeps_the_old_mo(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(CATALOGUE, encoding="utf-8")
    cm.compile_po(po)
    before = po.with_suffix(".mo").read_bytes()
    po.write_text(CATALOGUE.replace("ลบหน้า '%(title)s' แล้ว", "ลบหน้าแล้ว"), encoding="utf-8")
    with pytest.raises(cm.PoError, match="placeholders differ"):
        cm.compile_po(po, force=True)
    assert po.with_suffix(".mo").read_bytes() == before


def test_command_line_reports_problems_and_exits_non_zero(tmp_path, capsys):
    po = tmp_path / "django.po"
    po.write_text(CATALOGUE.replace("ลบ %(counter)s หน้า", "ลบ 1 หน้า"), encoding="utf-8")
    assert cm.main(["--check", str(po)]) == 1
    assert "%(counter)s" in capsys.readouterr().err
    good = tmp_path / "good.po"
    good.write_text(CATALOGUE, encoding="utf-8")
    assert cm.main([str(good)]) == 0
    assert good.with_suffix(".mo").exists()
