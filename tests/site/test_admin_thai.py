"""The staff admin speaks Thai: no English on the daily-journey screens, placeholders kept.

Wagtail's own Thai catalogue covers about a third of the admin; prongsai/locale_admin fills and
corrects the rest (docs/admin-thai-glossary.md). These tests sign in as agency staff with Thai
active, walk the screens a staff member meets every day with Django's test client, and look for
English words in everything a person reads or a screen reader speaks: text, and the alt, title,
placeholder and aria-label attributes. Scripts and styles are not read.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from prongsai.org.models import Agency, AgencyRoleGroup, Role, WorkGroup
from prongsai.site.models import StandardPage
from tests.conftest import PASSWORD

REPO_ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "compile_messages", REPO_ROOT / "scripts" / "compile_messages.py"
)
assert _spec and _spec.loader
compile_messages = importlib.util.module_from_spec(_spec)
sys.modules["compile_messages"] = compile_messages
_spec.loader.exec_module(compile_messages)

OUR_CATALOGUES = sorted((REPO_ROOT / "prongsai" / "locale_admin").rglob("*.po"))

# Words that may stay in Latin letters on a Thai screen. Keep this list short: every entry is a
# name, a file format or a key printed on the keyboard, not a sentence that could be translated.
ALLOWED_WORDS = {
    # brand and product names, and the name of the national assessment as Thai documents write it
    "Wagtail",
    "Prongsai",
    "JavaScript",
    "ITA",
    # the language picker names each language in that language
    "English",
    # file formats and technical identifiers that Thai staff read as they are
    "PDF",
    "CSV",
    "XLSX",
    "URL",
    "HTML",
    "JSON",
    "UTC",
    # units and the image formats that settings allow
    "KB",
    "MB",
    "GB",
    "JPG",
    "JPEG",
    "PNG",
    "WEBP",
    "GIF",
    "AVIF",
    "SVG",
}

# Elements whose text nobody reads on the screen, and keyboard keys (<kbd>Ctrl</kbd>), which are
# named as printed on the keyboard.
_SKIPPED = {"script", "style", "noscript", "svg", "kbd"}
# Attributes read aloud by screen readers or shown as tooltips and hints.
_READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


class _ReadableText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in _SKIPPED:
            if tag in _SKIPPED:
                self.skipping.append(tag)
            return
        for name, value in attrs:
            if value and name in _READ_ATTRIBUTES:
                self.chunks.append(value)
        kind = dict(attrs).get("type")
        if tag == "input" and kind in {"submit", "button", "reset"}:
            self.chunks.append(dict(attrs).get("value") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.chunks.append(data)


# JSON that the admin's React parts (sidebar, explorer) render from: the values under these keys
# become visible labels.
_JSON_SCRIPT = re.compile(
    r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', re.DOTALL | re.IGNORECASE
)
_JSON_LABEL_KEYS = {"label", "title", "placeholder", "text", "help_text", "aria_label"}


def _json_labels(value: object, key: str = "", in_strings: bool = False) -> list[str]:
    if isinstance(value, dict):
        return [
            text
            for k, v in value.items()
            for text in _json_labels(v, k, in_strings or k == "STRINGS")
        ]
    if isinstance(value, list):
        return [text for v in value for text in _json_labels(v, key, in_strings)]
    if isinstance(value, str) and (in_strings or key in _JSON_LABEL_KEYS):
        return [value]
    return []


# Wagtail renders an empty side-panel counter as Python's None inside a hidden element; the
# script replaces it with a number before it is shown.
_HIDDEN_NONE = re.compile(r"<(\w+)[^>]*\shidden[^>]*>\s*None\s*</\1>")


def readable_text(html: str) -> str:
    """What a person reads or hears on the page: text, labels, and the React parts' labels."""
    html = _HIDDEN_NONE.sub("", html)
    parser = _ReadableText()
    parser.feed(html)
    parser.close()
    chunks = list(parser.chunks)
    for raw in _JSON_SCRIPT.findall(html):
        chunks.extend(_json_labels(json.loads(raw)))
    return "\n".join(c.strip() for c in chunks if c.strip())


# Not words: placeholders that scripts fill in (%(count)s, {title}), image dimensions (800x600)
# and code identifiers of page types (site.standardpage).
_NOT_WORDS = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|\b\d+x\d+\b|\b[a-z_]+\.[a-z_]+\b")


def english_words(text: str, allowed: set[str]) -> list[str]:
    """Latin-letter words in `text` that are neither allowed words nor part of user data."""
    for value in sorted(allowed, key=len, reverse=True):
        if not value.isalpha():
            text = text.replace(value, " ")
    text = _NOT_WORDS.sub(" ", text)
    return sorted({w for w in _WORD.findall(text) if w not in allowed})


def test_readable_text_skips_scripts_and_reads_labels():
    html = (
        '<html><head><style>.a{color:red}</style><script>var x = "Hello";</script></head>'
        '<body><p>สวัสดี <b>world</b></p><img alt="Logo" src="x.png">'
        '<button aria-label="Close">×</button><input type="submit" value="Send">'
        '<input type="hidden" value="secret"><svg><title>Icon</title></svg></body></html>'
    )
    text = readable_text(html)
    assert english_words(text, set()) == ["Close", "Logo", "Send", "world"]
    assert "Hello" not in text and "secret" not in text and "Icon" not in text


def test_readable_text_reads_the_labels_of_the_react_sidebar():
    html = (
        '<script id="wagtail-sidebar-props" type="application/json">'
        '{"modules": [{"_args": [{"name": "explorer", "label": "Pages", "icon_name": "folder"}]}]}'
        '</script><script id="wagtail-config" type="application/json">'
        '{"CSRF_HEADER_NAME": "X-CSRFToken", "STRINGS": {"ITEM": {"ALL": "All items"}}}</script>'
    )
    assert english_words(readable_text(html), set()) == ["All", "Pages", "items"]


# --- the world the screens are walked in ---------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), (31, 59, 115)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def journey(world):
    """A page in the middle of an approval workflow, a document and an image, all in Thai.

    The work-group staff member somchai drafted the page and submitted it; the agency's
    executives review it.
    """
    agency = world.agency
    home = agency.site.root_page.specific
    page = home.add_child(
        instance=StandardPage(
            title="ข้อมูลการจัดซื้อจัดจ้าง",
            slug="procurement",
            work_group=world.groups["finance"],
            body="<p>ประกาศผลการจัดซื้อจัดจ้างประจำเดือน</p>",
            owner=world.users["somchai"],
            live=False,
        )
    )
    page.save_revision(user=world.users["somchai"])
    page.title = "ข้อมูลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2567"
    page.save_revision(user=world.users["somchai"])

    executives = AgencyRoleGroup.objects.get(agency=agency, role=Role.EXECUTIVE).group
    task = GroupApprovalTask.objects.create(name="ผู้บริหารพิจารณา")
    task.groups.set([executives])
    workflow = Workflow.objects.create(name="อนุมัติการเผยแพร่ข้อมูล")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home)
    workflow_state = workflow.start(page, world.users["somchai"])

    collection = Collection.objects.get(name=agency.name_th)
    document = get_document_model().objects.create(
        title="ประกาศผลการจัดซื้อ",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="prakat.pdf"),
        collection=collection,
        uploaded_by_user=world.users["somchai"],
    )
    image = get_image_model().objects.create(
        title="ภาพกิจกรรมวันสตรีสากล",
        file=ContentFile(png_bytes(), name="kitjakam.png"),
        width=4,
        height=3,
        collection=collection,
        uploaded_by_user=world.users["somchai"],
    )
    return {
        "page": page,
        "home": home,
        "document": document,
        "image": image,
        "task_state": workflow_state.current_task_state,
    }


def user_data() -> set[str]:
    """What people typed in, which may be in Latin letters: names of users, groups, workflows,
    collections, pages and sites, e-mail addresses, file names. It is data, not interface."""
    data: set[str] = set()
    for user in get_user_model().objects.all():
        data |= {user.get_username(), user.first_name, user.last_name, user.email}
        data.add(f"{user.first_name} {user.last_name}")
    data |= set(Group.objects.values_list("name", flat=True))
    data |= set(Workflow.objects.values_list("name", flat=True))
    data |= set(Task.objects.values_list("name", flat=True))
    data |= set(Collection.objects.values_list("name", flat=True))
    for title, slug in Page.objects.values_list("title", "slug"):
        data |= {title, slug}
    for name, hostname in Site.objects.values_list("site_name", "hostname"):
        data |= {name, hostname}
    for agency in Agency.objects.all():
        data |= {agency.name_en, agency.slug, agency.email}
    for code, name in WorkGroup.objects.values_list("code", "name_th"):
        data |= {code, name}
    for model in (get_document_model(), get_image_model()):
        for title, file in model.objects.values_list("title", "file"):
            data |= {title, Path(file).name}
    return {d for d in data if d}


def signed_in(username: str) -> Client:
    """Sign in through the admin's own login form, as a person would."""
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def screens(journey) -> dict[str, str]:
    page, home, task_state = journey["page"], journey["home"], journey["task_state"]
    return {
        "dashboard": "/admin/",
        "page explorer": f"/admin/pages/{home.pk}/",
        "page search": "/admin/pages/search/?q=จัดซื้อ",
        "page edit": f"/admin/pages/{page.pk}/edit/",
        "page create": f"/admin/pages/add/site/standardpage/{home.pk}/",
        "page history": f"/admin/pages/{page.pk}/history/",
        "page revisions": f"/admin/pages/{page.pk}/revisions/compare/earliest...latest/",
        "workflow history": f"/admin/pages/{page.pk}/workflow_history/",
        "workflow history detail": (
            f"/admin/pages/{page.pk}/workflow_history/detail/{task_state.workflow_state_id}/"
        ),
        "approve (dialog)": (
            f"/admin/pages/workflow/collect_action_data/{page.pk}/approve/{task_state.pk}/"
        ),
        "request changes (dialog)": (
            f"/admin/pages/workflow/collect_action_data/{page.pk}/reject/{task_state.pk}/"
        ),
        "documents": "/admin/documents/",
        "document upload": "/admin/documents/multiple/add/",
        "document edit": f"/admin/documents/edit/{journey['document'].pk}/",
        "images": "/admin/images/",
        "image upload": "/admin/images/multiple/add/",
        "image edit": f"/admin/images/{journey['image'].pk}/",
        "workflow report": "/admin/reports/workflow/",
        "workflow tasks report": "/admin/reports/workflow_tasks/",
        "locked pages report": "/admin/reports/locked/",
        "aging pages report": "/admin/reports/aging-pages/",
        "page types usage report": "/admin/reports/page-types-usage/",
        "site history report": "/admin/reports/site-history/",
        "account": "/admin/account/",
    }


# The screens each role must reach (so that a permission change cannot silently shrink the walk).
MUST_SEE = {
    "somchai": {
        "dashboard",
        "page explorer",
        "page search",
        "page edit",
        "page create",
        "page history",
        "workflow history",
        "workflow history detail",
        "documents",
        "document upload",
        "document edit",
        "images",
        "image upload",
        "image edit",
        "account",
    },
    "deputy": {"dashboard", "approve (dialog)", "request changes (dialog)", "account"},
    "admin": {"dashboard", "page explorer", "workflow report", "site history report"},
}


def _screen_html(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html", "")
    return response.content.decode()


@pytest.mark.parametrize("username", sorted(MUST_SEE))
def test_daily_journey_screens_show_no_english(world, journey, username):
    client = signed_in(username)
    allowed = ALLOWED_WORDS | user_data()
    english: dict[str, list[str]] = {}
    seen = set()
    for name, url in screens(journey).items():
        response = client.get(url)
        if response.status_code in (302, 403, 404):
            continue  # not this role's screen
        assert response.status_code == 200, (name, url, response.status_code)
        seen.add(name)
        html = _screen_html(response)
        assert '<html lang="th"' in html or name.endswith("(dialog)"), name
        words = english_words(readable_text(html), allowed)
        if words:
            english[name] = words
    assert MUST_SEE[username] <= seen, sorted(MUST_SEE[username] - seen)
    assert not english, json.dumps(english, ensure_ascii=False, indent=1)


@pytest.mark.parametrize(
    "url", ["/admin/login/", "/admin/password_reset/", "/admin/logout/", "/admin/reset/x/y/"]
)
def test_sign_in_screens_show_no_english(world, url):
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    response = client.get(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th"' in html
    assert english_words(readable_text(html), ALLOWED_WORDS | user_data()) == []


def test_failed_sign_in_says_why_in_thai(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    response = client.post("/admin/login/", {"username": "somchai", "password": "wrong"})
    text = readable_text(response.content.decode())
    assert "หรือรหัสผ่านไม่ถูกต้อง กรุณาลองอีกครั้ง" in text
    assert english_words(text, ALLOWED_WORDS | user_data()) == []


def test_submitting_and_approving_speak_thai(world, journey):
    """The messages after the daily actions: save a draft, approve with a comment."""
    page, task_state = journey["page"], journey["task_state"]
    deputy = signed_in("deputy")
    response = deputy.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
        {"comment": "เห็นชอบ"},
        follow=True,
    )
    assert response.status_code == 200
    text = readable_text(response.content.decode())
    assert "อนุมัติ" in text
    assert english_words(text, ALLOWED_WORDS | user_data()) == []


def test_javascript_catalogue_is_thai(world):
    """Wagtail's admin scripts take their strings from /admin/jsi18n/: ours override there too."""
    client = signed_in("somchai")
    js = client.get("/admin/jsi18n/").content.decode()
    ours = compile_messages.read_po(
        REPO_ROOT / "prongsai" / "locale_admin" / "th" / "LC_MESSAGES" / "djangojs.po"
    )
    for entry in ours:
        if entry.msgid and entry.msgid_plural is None:
            assert json.dumps(entry.msgstr[0]) in js, entry.msgid
    assert "const v = 0;" in js  # Thai has one plural form (nplurals=1; plural=0)


# --- the catalogue itself ------------------------------------------------------------------


@pytest.mark.parametrize("po", OUR_CATALOGUES, ids=lambda p: p.name)
def test_every_translation_keeps_the_placeholders_of_its_msgid(po):
    entries = compile_messages.read_po(po)
    assert compile_messages.nplurals(entries) == 1
    with_placeholders = [e for e in entries if compile_messages.placeholders(e.msgid)]
    assert len(with_placeholders) > (100 if po.name == "django.po" else 5)
    assert compile_messages.check_catalogue(entries, po) == []


_BAD_CATALOGUE = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#, python-format
msgid "Page '%(title)s' deleted."
msgstr "ลบหน้าแล้ว"

#, python-format
msgid "Delete 1 page"
msgid_plural "Delete %(counter)s pages"
msgstr[0] "ลบ 1 หน้า"

#, python-brace-format
msgid "Locked by {user}"
msgstr "ล็อกโดย {usr}"
"""


def test_placeholder_check_catches_a_lost_placeholder():
    problems = compile_messages.check_catalogue(compile_messages.parse_po(_BAD_CATALOGUE))
    assert len(problems) == 3
    assert "%(title)s" in problems[0] and "%(counter)s" in problems[1] and "{usr}" in problems[2]


def test_every_daily_journey_msgid_is_translated():
    """After a Wagtail or Django upgrade, new admin strings fail here until translated."""
    _spec_cov = importlib.util.spec_from_file_location(
        "admin_thai_coverage", REPO_ROOT / "scripts" / "admin_thai_coverage.py"
    )
    assert _spec_cov and _spec_cov.loader
    coverage = importlib.util.module_from_spec(_spec_cov)
    sys.modules["admin_thai_coverage"] = coverage
    _spec_cov.loader.exec_module(coverage)
    rows = coverage.measure()
    assert sum(r.total for r in rows) > 1500
    missing = {r.catalogue: r.missing for r in rows if r.missing}
    assert not missing, missing


def test_glossary_terms_are_used_consistently():
    """The words of docs/admin-thai-glossary.md, not their rejected alternatives."""
    text = "\n".join(
        e.msgstr[0] for po in OUR_CATALOGUES for e in compile_messages.read_po(po) if e.msgid
    )
    for wrong in ("ตีพิมพ์", "จัดพิมพ์", "เวอร์ชั่น", "เวอร์ชัน", "ลิงค์", "เว็บไซด์", "อัพโหลด", "เซฟ"):
        assert wrong not in text, wrong
