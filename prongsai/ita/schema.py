"""The ITA catalogue file format: parse, validate and describe one fiscal year's criteria.

Pure Python (stdlib ``tomllib``), no Django: the importer, the management commands and the tests
all use it. ``parse_catalogue`` returns a typed ``CatalogueSpec`` or raises ``CatalogueError`` that
carries EVERY problem found, each naming the file, the item code (or the line, for TOML syntax
errors and for tables that have no code) and the field, in Thai and in English.

The format is documented in ``docs/ita-catalogue.md``. Item codes, titles and elements are data;
nothing here knows any particular item.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"
CATALOGUE_FILE_RE = re.compile(r"^ita-(\d{4})\.toml$")
S9_FILE = CATALOGUE_DIR / "oia-s9.toml"

# How often an item's evidence is renewed.
FREQUENCIES: dict[str, tuple[str, str]] = {
    "monthly": ("รายเดือน", "monthly"),
    "quarterly": ("รายไตรมาส", "quarterly"),
    "h1": ("รอบ 6 เดือนแรกของปีงบประมาณ", "first half of the fiscal year"),
    "yearly": ("รายปี", "yearly"),
    "current": ("ข้อมูลเป็นปัจจุบัน", "kept current"),
    "per_event": ("ทุกครั้งที่มีเหตุการณ์", "per event"),
    "always_on": ("เปิดใช้งานตลอดเวลา", "always available"),
}
# Which stretch of time the evidence must cover, relative to the catalogue's fiscal year.
SPANS: dict[str, tuple[str, str]] = {
    "h1": ("6 เดือนแรกของปีงบประมาณ", "first half of the fiscal year"),
    "year": ("ปีงบประมาณที่ประเมิน", "the assessed fiscal year"),
    "previous_year": ("ปีงบประมาณที่ผ่านมา", "the previous fiscal year"),
    "current": ("ข้อมูลปัจจุบัน", "current information"),
}
# The unit each piece of evidence must cover inside the span ("any": at least one dated in the span).
UNITS: dict[str, tuple[str, str]] = {
    "month": ("ทุกเดือน", "every month"),
    "quarter": ("ทุกไตรมาส", "every quarter"),
    "half": ("ทุกครึ่งปี", "every half year"),
    "year": ("ทั้งปี", "the whole year"),
    "current": ("ข้อมูลปัจจุบัน", "current information"),
    "any": ("อย่างน้อยหนึ่งรายการในช่วงเวลา", "at least one piece dated in the span"),
}
# frequency -> (allowed spans, allowed units)
FREQUENCY_RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "monthly": (frozenset({"h1", "year"}), frozenset({"month"})),
    "quarterly": (frozenset({"h1", "year"}), frozenset({"quarter"})),
    "h1": (frozenset({"h1"}), frozenset({"month", "quarter", "half", "any"})),
    "yearly": (frozenset({"year", "previous_year"}), frozenset({"year", "any"})),
    "current": (frozenset({"current"}), frozenset({"current"})),
    "always_on": (frozenset({"current"}), frozenset({"current"})),
    "per_event": (frozenset({"h1", "year"}), frozenset({"any"})),
}
# Item kinds: special behaviour is keyed by kind, never by item code.
KINDS: dict[str, tuple[str, str]] = {
    "standard": ("ทั่วไป", "standard"),
    "news": ("ข่าวประชาสัมพันธ์", "news"),
    "qa_channel": ("ช่องทางถาม-ตอบ", "Q&A channel"),
    "social_network": ("เครือข่ายสังคมออนไลน์", "social network links"),
    "eservice": ("บริการออนไลน์", "online service"),
    "service_statistics": ("สถิติการให้บริการ", "service statistics"),
    "procurement_summary": ("สรุปผลการจัดซื้อจัดจ้างรายเดือน", "monthly procurement summary"),
    "complaint_channel": ("ช่องทางร้องเรียนการทุจริต", "corruption-complaint channel"),
    "complaint_statistics": ("สถิติเรื่องร้องเรียนการทุจริต", "complaint statistics"),
    # Content prepared and approved in the integrity app, handed to the publishing workflow.
    "complaint_guideline": ("แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต", "complaint-handling guideline"),
    "work_manual": ("คู่มือการปฏิบัติงาน", "work manual"),
    "service_manual": ("คู่มือการให้บริการ", "service manual"),
    "code_of_conduct": ("ประมวลจริยธรรม", "code of conduct"),
    "integrity_measures": ("มาตรการส่งเสริมคุณธรรม", "integrity measures"),
    "integrity_measures_progress": (
        "ผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม",
        "progress of the integrity measures",
    ),
}
# The usual owner of an item: a role-like key that the organisation model maps to the agency's
# real work groups (the keys are the values of prongsai.org.models.WorkGroupKind, less "other").
OWNER_KEYS: dict[str, tuple[str, str]] = {
    "admin": ("ฝ่ายบริหารทั่วไป", "general administration"),
    "planning": ("กลุ่มงานยุทธศาสตร์และแผนงาน", "strategy and planning"),
    "procurement": ("งานพัสดุ", "procurement"),
    "hr": ("กลุ่มงานบริหารทรัพยากรบุคคล", "human resources"),
    "pr": ("งานประชาสัมพันธ์", "public relations"),
    "integrity": ("ศูนย์ปฏิบัติการต่อต้านการทุจริต", "integrity and anti-corruption"),
    "audit": ("หน่วยตรวจสอบภายใน", "internal audit"),
    "legal": ("งานกฎหมาย", "legal affairs"),
    "service": ("งานบริการประชาชน", "public services"),
    "it": ("งานเทคโนโลยีสารสนเทศ", "information technology"),
}
S9_CATEGORY_RANGE = range(1, 9)

CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{1,3}$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
_INDICATOR_RE = re.compile(r"^[0-9]{1,2}(?:\.[0-9]{1,2})?$")
_TOML_LINE_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


# ---------------------------------------------------------------------------- issues


@dataclass(frozen=True)
class Issue:
    """One problem in a catalogue file."""

    file: str
    field: str
    message_th: str
    message_en: str
    item: str | None = None
    line: int | None = None

    def where(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"บรรทัด {self.line} (line {self.line})")
        if self.item:
            parts.append(f"รายการ {self.item} (item {self.item})")
        if self.field:
            parts.append(f"ช่อง {self.field} (field {self.field})")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message_th} / {self.message_en}"


class CatalogueError(ValueError):
    """A catalogue file was refused; ``issues`` lists every problem found."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: list[Issue] = list(issues)
        head = (
            f"ไฟล์เกณฑ์ถูกปฏิเสธทั้งไฟล์ พบปัญหา {len(self.issues)} รายการ "
            f"(catalogue file refused whole: {len(self.issues)} problem(s))"
        )
        super().__init__("\n".join([head, *(f"- {i}" for i in self.issues)]))


# ---------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class PeriodRule:
    span: str
    unit: str


@dataclass(frozen=True)
class ElementSpec:
    key: str
    text_th: str
    text_en: str
    confirmed: bool
    required: bool
    order: int


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_th: str
    name_en: str
    parent: str | None
    confirmed: bool
    note: str
    order: int


@dataclass(frozen=True)
class HeadingSpec:
    key: str
    indicator: str
    title_th: str
    title_en: str
    confirmed: bool
    order: int


@dataclass(frozen=True)
class ItemSpec:
    code: str
    slug: str
    title_th: str
    title_en: str
    indicator: str
    heading: str | None
    kind: str
    frequency: str
    period: PeriodRule
    owner: str
    s9_category: int | None
    nil_return_th: str
    nil_return_en: str
    source: str
    note_th: str
    note_en: str
    elements: tuple[ElementSpec, ...]
    order: int


@dataclass(frozen=True)
class CatalogueSpec:
    fiscal_year: int
    title_th: str
    title_en: str
    source: str
    answer_opens: dt.date
    answer_closes: dt.date
    grace_days: int
    indicators: tuple[IndicatorSpec, ...]
    headings: tuple[HeadingSpec, ...]
    items: tuple[ItemSpec, ...]
    filename: str
    sha256: str

    def item(self, code: str) -> ItemSpec:
        for it in self.items:
            if it.code == code:
                return it
        raise KeyError(code)


@dataclass(frozen=True)
class S9Category:
    number: int
    title_th: str
    title_en: str
    confirmed: bool
    note: str


# ---------------------------------------------------------------------------- checker

_TYPE_NAMES = {
    str: ("ข้อความ", "a string"),
    int: ("จำนวนเต็ม", "an integer"),
    bool: ("true หรือ false", "true or false"),
    dt.date: ("วันที่ (เช่น 2023-03-01)", "a date (e.g. 2023-03-01)"),
    dict: ("ตาราง", "a table"),
    list: ("รายการของตาราง", "an array of tables"),
}


def _is(value: Any, typ: type) -> bool:
    if typ is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if typ is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return isinstance(value, typ)


class _Checker:
    """Collects issues while reading one file; every accessor reports instead of raising."""

    def __init__(self, filename: str, text: str) -> None:
        self.filename = filename
        self.issues: list[Issue] = []
        self._lines = text.splitlines()

    def add(
        self,
        field: str,
        th: str,
        en: str,
        *,
        item: str | None = None,
        line: int | None = None,
    ) -> None:
        self.issues.append(Issue(self.filename, field, th, en, item=item, line=line))

    def header_lines(self, name: str) -> list[int]:
        """Line numbers (1-based) of each ``[[name]]`` header, in order."""
        pat = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]\s*(#.*)?$")
        return [n for n, text in enumerate(self._lines, start=1) if pat.match(text)]

    def get(
        self,
        table: Mapping[str, Any],
        key: str,
        typ: type,
        *,
        path: str,
        item: str | None = None,
        line: int | None = None,
        required: bool = True,
        default: Any = None,
        nonempty: bool = True,
    ) -> Any:
        fname = f"{path}.{key}" if path else key
        if key not in table:
            if required:
                self.add(
                    fname,
                    f"ไม่มีช่อง '{fname}' ซึ่งต้องระบุ",
                    f"required field '{fname}' is missing",
                    item=item,
                    line=line,
                )
            return default
        value = table[key]
        if not _is(value, typ):
            th, en = _TYPE_NAMES[typ]
            self.add(
                fname,
                f"ช่อง '{fname}' ต้องเป็น{th} แต่พบ {value!r}",
                f"field '{fname}' must be {en}, found {value!r}",
                item=item,
                line=line,
            )
            return default
        if typ is str and nonempty and not value.strip():
            if required:
                self.add(
                    fname,
                    f"ช่อง '{fname}' ต้องไม่ว่าง",
                    f"field '{fname}' must not be empty",
                    item=item,
                    line=line,
                )
            return default
        return value.strip() if typ is str else value

    def choice(
        self,
        table: Mapping[str, Any],
        key: str,
        choices: Mapping[str, Any] | Iterable[str],
        *,
        path: str,
        item: str | None = None,
        line: int | None = None,
    ) -> str | None:
        value = self.get(table, key, str, path=path, item=item, line=line)
        if value is None:
            return None
        allowed = list(choices)
        if value not in allowed:
            fname = f"{path}.{key}" if path else key
            listed = ", ".join(allowed)
            self.add(
                fname,
                f"ค่า '{value}' ในช่อง '{fname}' ไม่ถูกต้อง ต้องเป็นหนึ่งใน: {listed}",
                f"'{value}' is not a valid {fname}; expected one of: {listed}",
                item=item,
                line=line,
            )
            return None
        return value

    def unknown(
        self,
        table: Mapping[str, Any],
        known: Iterable[str],
        *,
        path: str,
        item: str | None = None,
        line: int | None = None,
    ) -> None:
        known_set = set(known)
        for key in table:
            if key not in known_set:
                fname = f"{path}.{key}" if path else key
                self.add(
                    fname,
                    f"ไม่รู้จักช่อง '{fname}' (สะกดผิดหรือไม่)",
                    f"unknown field '{fname}' (a typo?)",
                    item=item,
                    line=line,
                )

    def tables(
        self, data: Mapping[str, Any], key: str, *, required: bool = True
    ) -> list[tuple[dict[str, Any], int | None]]:
        """The array of tables ``key`` with each table's header line (when it can be found)."""
        raw = data.get(key)
        if raw is None:
            if required:
                self.add(
                    key,
                    f"ไม่มีส่วน [[{key}]] ซึ่งต้องมีอย่างน้อยหนึ่งรายการ",
                    f"section [[{key}]] is missing; at least one entry is required",
                )
            return []
        if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
            self.add(
                key,
                f"'{key}' ต้องเป็นรายการของตาราง [[{key}]]",
                f"'{key}' must be an array of tables [[{key}]]",
            )
            return []
        if required and not raw:
            self.add(
                key,
                f"ส่วน [[{key}]] ต้องมีอย่างน้อยหนึ่งรายการ",
                f"section [[{key}]] needs at least one entry",
            )
        lines: list[int | None] = list(self.header_lines(key))
        if len(lines) != len(raw):
            lines = [None] * len(raw)
        return list(zip(raw, lines, strict=True))


# ---------------------------------------------------------------------------- parsing


def _decode(data: bytes | str, checker: _Checker) -> dict[str, Any] | None:
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            checker.add(
                "",
                f"ไฟล์ต้องเข้ารหัส UTF-8 (พบไบต์ที่อ่านไม่ได้ที่ตำแหน่ง {exc.start})",
                f"the file must be UTF-8 (undecodable byte at offset {exc.start})",
            )
            return None
    else:
        text = data
    checker._lines = text.splitlines()
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_LINE_RE.search(message)
        line = int(match.group(1)) if match else None
        checker.add(
            "",
            f"รูปแบบ TOML ไม่ถูกต้อง: {message}",
            f"invalid TOML syntax: {message}",
            line=line,
        )
        return None


def _sha256(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def _check_catalogue_table(
    c: _Checker, data: Mapping[str, Any]
) -> tuple[int | None, dict[str, Any]]:
    table = data.get("catalogue")
    if not isinstance(table, dict):
        c.add(
            "catalogue",
            "ไม่มีตาราง [catalogue] ที่ระบุปีงบประมาณและชื่อเกณฑ์",
            "the [catalogue] table (fiscal year and title) is missing",
        )
        return None, {}
    path = "catalogue"
    c.unknown(
        table,
        (
            "fiscal_year",
            "title_th",
            "title_en",
            "source",
            "answer_opens",
            "answer_closes",
            "grace_days",
        ),
        path=path,
    )
    out: dict[str, Any] = {}
    fy = c.get(table, "fiscal_year", int, path=path)
    if fy is not None and not 2500 <= fy <= 2800:
        c.add(
            "catalogue.fiscal_year",
            f"ปีงบประมาณ {fy} ต้องเป็นปีพุทธศักราช (เช่น 2566)",
            f"fiscal year {fy} must be a Buddhist-era year (e.g. 2566)",
        )
        fy = None
    match = CATALOGUE_FILE_RE.match(c.filename)
    if fy is not None and match and int(match.group(1)) != fy:
        c.add(
            "catalogue.fiscal_year",
            f"ชื่อไฟล์ระบุปี {match.group(1)} แต่ fiscal_year เป็น {fy}",
            f"the file name says {match.group(1)} but fiscal_year is {fy}",
        )
    out["title_th"] = c.get(table, "title_th", str, path=path) or ""
    out["title_en"] = c.get(table, "title_en", str, path=path) or ""
    out["source"] = c.get(table, "source", str, path=path, required=False, default="")
    opens = c.get(table, "answer_opens", dt.date, path=path)
    closes = c.get(table, "answer_closes", dt.date, path=path)
    if opens is not None and closes is not None and opens > closes:
        c.add(
            "catalogue.answer_closes",
            "วันปิดรับคำตอบต้องไม่ก่อนวันเปิดรับคำตอบ",
            "answer_closes must not be before answer_opens",
        )
    if fy is not None:
        first, last = dt.date(fy - 544, 10, 1), dt.date(fy - 543, 9, 30)
        for key, value in (("answer_opens", opens), ("answer_closes", closes)):
            if value is not None and not first <= value <= last:
                c.add(
                    f"catalogue.{key}",
                    f"วันที่ {value.isoformat()} อยู่นอกปีงบประมาณ {fy} (วันที่ในไฟล์ TOML เป็นคริสต์ศักราช)",
                    f"{value.isoformat()} is outside fiscal year {fy} (TOML dates are CE)",
                )
    out["answer_opens"], out["answer_closes"] = opens, closes
    grace = c.get(table, "grace_days", int, path=path, required=False, default=30)
    if grace is not None and not 0 <= grace <= 366:
        c.add(
            "catalogue.grace_days",
            "grace_days ต้องอยู่ระหว่าง 0 ถึง 366 วัน",
            "grace_days must be between 0 and 366",
        )
    out["grace_days"] = grace
    return fy, out


def _check_indicators(c: _Checker, data: Mapping[str, Any]) -> list[IndicatorSpec]:
    specs: list[IndicatorSpec] = []
    seen: dict[str, int | None] = {}
    rows = c.tables(data, "indicators")
    for order, (table, line) in enumerate(rows, start=1):
        path = "indicators"
        c.unknown(
            table,
            ("code", "parent", "name_th", "name_en", "confirmed", "note"),
            path=path,
            line=line,
        )
        code = c.get(table, "code", str, path=path, line=line)
        if code is not None and not _INDICATOR_RE.match(code):
            c.add(
                "indicators.code",
                f"รหัสตัวชี้วัด '{code}' ต้องเป็นตัวเลข เช่น 9 หรือ 9.1",
                f"indicator code '{code}' must look like 9 or 9.1",
                line=line,
            )
            code = None
        if code is not None and code in seen:
            c.add(
                "indicators.code",
                f"รหัสตัวชี้วัด '{code}' ซ้ำ",
                f"duplicate indicator code '{code}'",
                line=line,
            )
            code = None
        name_th = c.get(table, "name_th", str, path=path, line=line)
        name_en = c.get(table, "name_en", str, path=path, line=line)
        parent = c.get(table, "parent", str, path=path, line=line, required=False)
        confirmed = c.get(table, "confirmed", bool, path=path, line=line, required=False)
        note = c.get(table, "note", str, path=path, line=line, required=False, default="")
        if code is None:
            continue
        seen[code] = line
        specs.append(
            IndicatorSpec(
                code=code,
                name_th=name_th or "",
                name_en=name_en or "",
                parent=parent,
                confirmed=True if confirmed is None else confirmed,
                note=note,
                order=order,
            )
        )
    by_code = {s.code: s for s in specs}
    for spec in specs:
        line = seen[spec.code]
        if spec.parent is None:
            if "." in spec.code:
                c.add(
                    "indicators.parent",
                    f"ตัวชี้วัดย่อย '{spec.code}' ต้องระบุตัวชี้วัดหลัก (parent)",
                    f"sub-indicator '{spec.code}' needs a parent",
                    line=line,
                )
            continue
        parent = by_code.get(spec.parent)
        if parent is None:
            c.add(
                "indicators.parent",
                f"ไม่มีตัวชี้วัดหลัก '{spec.parent}' ที่ตัวชี้วัด '{spec.code}' อ้างถึง",
                f"indicator '{spec.code}' names parent '{spec.parent}', which is not defined",
                line=line,
            )
        elif parent.parent is not None:
            c.add(
                "indicators.parent",
                f"ตัวชี้วัดหลัก '{spec.parent}' เป็นตัวชี้วัดย่อยอยู่แล้ว (ซ้อนได้สองระดับเท่านั้น)",
                f"parent '{spec.parent}' is itself a sub-indicator (only two levels allowed)",
                line=line,
            )
        elif not spec.code.startswith(spec.parent + "."):
            c.add(
                "indicators.code",
                f"รหัส '{spec.code}' ต้องขึ้นต้นด้วยรหัสตัวชี้วัดหลัก '{spec.parent}.'",
                f"code '{spec.code}' must start with its parent's code '{spec.parent}.'",
                line=line,
            )
    return specs


def _check_headings(
    c: _Checker, data: Mapping[str, Any], leaf_indicators: set[str]
) -> list[HeadingSpec]:
    specs: list[HeadingSpec] = []
    seen: set[str] = set()
    for order, (table, line) in enumerate(c.tables(data, "headings", required=False), start=1):
        path = "headings"
        c.unknown(
            table,
            ("key", "indicator", "title_th", "title_en", "confirmed"),
            path=path,
            line=line,
        )
        key = c.get(table, "key", str, path=path, line=line)
        if key is not None and not KEY_RE.match(key):
            c.add(
                "headings.key",
                f"คีย์หัวข้อ '{key}' ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ _",
                f"heading key '{key}' must be lower-case letters, digits or _",
                line=line,
            )
            key = None
        if key is not None and key in seen:
            c.add(
                "headings.key",
                f"คีย์หัวข้อ '{key}' ซ้ำ",
                f"duplicate heading key '{key}'",
                line=line,
            )
            key = None
        indicator = c.get(table, "indicator", str, path=path, line=line)
        if indicator is not None and indicator not in leaf_indicators:
            c.add(
                "headings.indicator",
                f"หัวข้อ '{key}' อ้างถึงตัวชี้วัดย่อย '{indicator}' ที่ไม่มีในไฟล์",
                f"heading '{key}' names sub-indicator '{indicator}', which is not defined",
                line=line,
            )
            indicator = None
        title_th = c.get(table, "title_th", str, path=path, line=line)
        title_en = c.get(table, "title_en", str, path=path, line=line)
        confirmed = c.get(table, "confirmed", bool, path=path, line=line, required=False)
        if key is None or indicator is None:
            continue
        seen.add(key)
        specs.append(
            HeadingSpec(
                key=key,
                indicator=indicator,
                title_th=title_th or "",
                title_en=title_en or "",
                confirmed=True if confirmed is None else confirmed,
                order=order,
            )
        )
    return specs


def _check_elements(c: _Checker, table: Mapping[str, Any], code: str) -> tuple[ElementSpec, ...]:
    raw = table.get("elements")
    if raw is None or raw == []:
        c.add(
            "elements",
            "ต้องมีองค์ประกอบที่ต้องแสดง [[items.elements]] อย่างน้อยหนึ่งข้อ",
            "at least one required element [[items.elements]] is needed",
            item=code,
        )
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        c.add(
            "elements",
            "'elements' ต้องเป็นรายการของตาราง [[items.elements]]",
            "'elements' must be an array of tables [[items.elements]]",
            item=code,
        )
        return ()
    specs: list[ElementSpec] = []
    seen: set[str] = set()
    for order, el in enumerate(raw, start=1):
        path = f"elements[{order}]"
        c.unknown(el, ("key", "text_th", "text_en", "confirmed", "required"), path=path, item=code)
        key = c.get(el, "key", str, path=path, item=code)
        if key is not None and not KEY_RE.match(key):
            c.add(
                f"{path}.key",
                f"คีย์องค์ประกอบ '{key}' ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ _ และขึ้นต้นด้วยตัวอักษร",
                f"element key '{key}' must be lower-case letters, digits or _, "
                f"starting with a letter",
                item=code,
            )
            key = None
        if key is not None and key in seen:
            c.add(
                f"{path}.key",
                f"คีย์องค์ประกอบ '{key}' ซ้ำในรายการเดียวกัน",
                f"duplicate element key '{key}' in this item",
                item=code,
            )
            key = None
        text_th = c.get(el, "text_th", str, path=path, item=code)
        text_en = c.get(el, "text_en", str, path=path, item=code)
        confirmed = c.get(el, "confirmed", bool, path=path, item=code, required=False)
        required = c.get(el, "required", bool, path=path, item=code, required=False)
        if key is None:
            continue
        seen.add(key)
        specs.append(
            ElementSpec(
                key=key,
                text_th=text_th or "",
                text_en=text_en or "",
                confirmed=True if confirmed is None else confirmed,
                required=True if required is None else required,
                order=order,
            )
        )
    if specs and not any(s.required for s in specs):
        c.add(
            "elements",
            "ต้องมีองค์ประกอบที่บังคับ (required) อย่างน้อยหนึ่งข้อ",
            "at least one element must be required",
            item=code,
        )
    return tuple(specs)


_ITEM_FIELDS = (
    "code",
    "slug",
    "title_th",
    "title_en",
    "indicator",
    "heading",
    "kind",
    "frequency",
    "period",
    "owner",
    "s9_category",
    "nil_return_th",
    "nil_return_en",
    "source",
    "note_th",
    "note_en",
    "elements",
)


def _check_items(
    c: _Checker,
    data: Mapping[str, Any],
    leaf_indicators: set[str],
    headings: Mapping[str, HeadingSpec],
) -> list[ItemSpec]:
    specs: list[ItemSpec] = []
    codes: set[str] = set()
    slugs: dict[str, str] = {}
    for order, (table, line) in enumerate(c.tables(data, "items"), start=1):
        raw_code = table.get("code")
        label = raw_code if isinstance(raw_code, str) and raw_code.strip() else f"#{order}"
        kw: dict[str, Any] = {"path": "", "item": label, "line": line}
        c.unknown(table, _ITEM_FIELDS, **kw)
        code = c.get(table, "code", str, **kw)
        if code is not None and not CODE_RE.match(code):
            c.add(
                "code",
                f"รหัสรายการ '{code}' ต้องเป็นอักษรอังกฤษตัวใหญ่ 1-4 ตัวตามด้วยตัวเลข 1-3 หลัก",
                f"item code '{code}' must be 1-4 capital letters then 1-3 digits",
                item=label,
                line=line,
            )
            code = None
        if code is not None and code in codes:
            c.add(
                "code",
                f"รหัสรายการ '{code}' ซ้ำกับรายการก่อนหน้า",
                f"item code '{code}' is used twice",
                item=label,
                line=line,
            )
            code = None
        slug = c.get(table, "slug", str, **kw, required=False)
        if slug is None and code is not None:
            slug = code.lower()
        if slug is not None and not _SLUG_RE.match(slug):
            c.add(
                "slug",
                f"slug '{slug}' ใช้ได้เฉพาะอักษรอังกฤษตัวเล็ก ตัวเลข และ -",
                f"slug '{slug}' may contain only lower-case letters, digits and -",
                item=label,
                line=line,
            )
            slug = None
        if slug is not None and slug in slugs:
            c.add(
                "slug",
                f"slug '{slug}' ซ้ำกับรายการ {slugs[slug]}",
                f"slug '{slug}' is already used by item {slugs[slug]}",
                item=label,
                line=line,
            )
            slug = None
        title_th = c.get(table, "title_th", str, **kw)
        title_en = c.get(table, "title_en", str, **kw)
        indicator = c.get(table, "indicator", str, **kw)
        if indicator is not None and indicator not in leaf_indicators:
            c.add(
                "indicator",
                f"ตัวชี้วัดย่อย '{indicator}' ไม่มีในไฟล์ (รายการต้องอยู่ใต้ตัวชี้วัดที่ไม่มีตัวชี้วัดย่อย)",
                f"indicator '{indicator}' is not defined as a leaf (sub-)indicator in this file",
                item=label,
                line=line,
            )
            indicator = None
        heading = c.get(table, "heading", str, **kw, required=False)
        if heading is not None:
            hspec = headings.get(heading)
            if hspec is None:
                c.add(
                    "heading",
                    f"ไม่มีหัวข้อ '{heading}' ในส่วน [[headings]]",
                    f"heading '{heading}' is not defined in [[headings]]",
                    item=label,
                    line=line,
                )
                heading = None
            elif indicator is not None and hspec.indicator != indicator:
                c.add(
                    "heading",
                    f"หัวข้อ '{heading}' อยู่ใต้ตัวชี้วัด {hspec.indicator} ไม่ใช่ {indicator} ของรายการนี้",
                    f"heading '{heading}' belongs to indicator {hspec.indicator}, "
                    f"not to this item's {indicator}",
                    item=label,
                    line=line,
                )
                heading = None
        kind = c.choice(table, "kind", KINDS, **kw)
        frequency = c.choice(table, "frequency", FREQUENCIES, **kw)
        period = _check_period(c, table, frequency, label, line)
        owner = c.choice(table, "owner", OWNER_KEYS, **kw)
        s9 = c.get(table, "s9_category", int, **kw, required=False)
        if s9 is not None and s9 not in S9_CATEGORY_RANGE:
            c.add(
                "s9_category",
                f"หมวดตามมาตรา 9 ต้องเป็นเลข 1 ถึง 8 แต่พบ {s9}",
                f"s9_category must be 1 to 8, found {s9}",
                item=label,
                line=line,
            )
            s9 = None
        nil_th = c.get(table, "nil_return_th", str, **kw, required=False, default="")
        nil_en = c.get(table, "nil_return_en", str, **kw, required=False, default="")
        if bool(nil_th) != bool(nil_en):
            c.add(
                "nil_return_en" if nil_th else "nil_return_th",
                "ต้องระบุ nil_return_th และ nil_return_en คู่กัน",
                "nil_return_th and nil_return_en go together",
                item=label,
                line=line,
            )
        source = c.get(table, "source", str, **kw, required=False, default="")
        note_th = c.get(table, "note_th", str, **kw, required=False, default="")
        note_en = c.get(table, "note_en", str, **kw, required=False, default="")
        elements = _check_elements(c, table, label)
        if code is not None:
            codes.add(code)
        if slug is not None and code is not None:
            slugs[slug] = code
        if None in (code, slug, title_th, title_en, indicator, kind, frequency, period, owner):
            continue
        specs.append(
            ItemSpec(
                code=code,
                slug=slug,
                title_th=title_th,
                title_en=title_en,
                indicator=indicator,
                heading=heading,
                kind=kind,
                frequency=frequency,
                period=period,
                owner=owner,
                s9_category=s9,
                nil_return_th=nil_th,
                nil_return_en=nil_en,
                source=source,
                note_th=note_th,
                note_en=note_en,
                elements=elements,
                order=order,
            )
        )
    return specs


def _check_period(
    c: _Checker,
    table: Mapping[str, Any],
    frequency: str | None,
    label: str,
    line: int | None,
) -> PeriodRule | None:
    raw = c.get(table, "period", dict, path="", item=label, line=line)
    if raw is None:
        return None
    kw: dict[str, Any] = {"path": "period", "item": label, "line": line}
    c.unknown(raw, ("span", "unit"), **kw)
    span = c.choice(raw, "span", SPANS, **kw)
    unit = c.choice(raw, "unit", UNITS, **kw)
    if span is None or unit is None:
        return None
    if frequency is not None:
        spans, units = FREQUENCY_RULES[frequency]
        if span not in spans:
            allowed = ", ".join(sorted(spans))
            c.add(
                "period.span",
                f"ความถี่ '{frequency}' ใช้ช่วงเวลา '{span}' ไม่ได้ (ใช้ได้: {allowed})",
                f"frequency '{frequency}' does not allow span '{span}' (allowed: {allowed})",
                item=label,
                line=line,
            )
            return None
        if unit not in units:
            allowed = ", ".join(sorted(units))
            c.add(
                "period.unit",
                f"ความถี่ '{frequency}' ใช้หน่วย '{unit}' ไม่ได้ (ใช้ได้: {allowed})",
                f"frequency '{frequency}' does not allow unit '{unit}' (allowed: {allowed})",
                item=label,
                line=line,
            )
            return None
    return PeriodRule(span=span, unit=unit)


def validate_catalogue(data: bytes | str, *, filename: str) -> list[Issue]:
    """Every problem in a catalogue file; an empty list means the file is valid."""
    try:
        parse_catalogue(data, filename=filename)
    except CatalogueError as exc:
        return exc.issues
    return []


def parse_catalogue(data: bytes | str, *, filename: str) -> CatalogueSpec:
    """Parse and validate a catalogue file; raise ``CatalogueError`` listing every problem."""
    filename = Path(filename).name
    c = _Checker(filename, "")
    doc = _decode(data, c)
    if doc is None:
        raise CatalogueError(c.issues)
    c.unknown(doc, ("schema_version", "catalogue", "indicators", "headings", "items"), path="")
    version = c.get(doc, "schema_version", int, path="")
    if version is not None and version != SCHEMA_VERSION:
        c.add(
            "schema_version",
            f"ไม่รองรับ schema_version {version} (รองรับเฉพาะ {SCHEMA_VERSION})",
            f"schema_version {version} is not supported (only {SCHEMA_VERSION})",
        )
    fy, head = _check_catalogue_table(c, doc)
    indicators = _check_indicators(c, doc)
    parents = {s.parent for s in indicators if s.parent}
    leaves = {s.code for s in indicators if s.code not in parents}
    headings = _check_headings(c, doc, leaves)
    items = _check_items(c, doc, leaves, {h.key: h for h in headings})
    used = {it.indicator for it in items}
    for spec in indicators:
        if spec.code in leaves and spec.code not in used and not c.issues:
            c.add(
                "indicators.code",
                f"ตัวชี้วัด '{spec.code}' ไม่มีรายการใดอยู่ใต้ตัวชี้วัดนี้",
                f"indicator '{spec.code}' has no items",
            )
    if c.issues or fy is None:
        raise CatalogueError(c.issues)
    return CatalogueSpec(
        fiscal_year=fy,
        title_th=head["title_th"],
        title_en=head["title_en"],
        source=head["source"],
        answer_opens=head["answer_opens"],
        answer_closes=head["answer_closes"],
        grace_days=head["grace_days"],
        indicators=tuple(indicators),
        headings=tuple(headings),
        items=tuple(items),
        filename=filename,
        sha256=_sha256(data),
    )


def load_catalogue_file(path: str | Path) -> CatalogueSpec:
    """Read and parse one catalogue file from disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(
            [
                Issue(
                    path.name,
                    "",
                    f"เปิดไฟล์ไม่ได้: {exc.strerror}",
                    f"cannot read the file: {exc.strerror}",
                )
            ]
        ) from exc
    return parse_catalogue(data, filename=path.name)


def shipped_catalogue_files() -> list[Path]:
    """The catalogue files shipped with Prongsai, oldest fiscal year first."""
    return sorted(p for p in CATALOGUE_DIR.glob("ita-*.toml") if CATALOGUE_FILE_RE.match(p.name))


# ---------------------------------------------------------------------------- s.9 categories


def parse_s9_categories(data: bytes | str, *, filename: str) -> tuple[S9Category, ...]:
    """Parse the Official Information Act s.9 category file (all eight categories, in order)."""
    filename = Path(filename).name
    c = _Checker(filename, "")
    doc = _decode(data, c)
    if doc is None:
        raise CatalogueError(c.issues)
    c.unknown(doc, ("schema_version", "law_th", "law_en", "categories"), path="")
    c.get(doc, "schema_version", int, path="")
    out: list[S9Category] = []
    for table, line in c.tables(doc, "categories"):
        c.unknown(
            table,
            ("number", "title_th", "title_en", "confirmed", "note"),
            path="categories",
            line=line,
        )
        number = c.get(table, "number", int, path="categories", line=line)
        title_th = c.get(table, "title_th", str, path="categories", line=line)
        title_en = c.get(table, "title_en", str, path="categories", line=line)
        confirmed = c.get(table, "confirmed", bool, path="categories", line=line, required=False)
        note = c.get(table, "note", str, path="categories", line=line, required=False, default="")
        if number is not None and title_th and title_en:
            out.append(
                S9Category(
                    number, title_th, title_en, True if confirmed is None else confirmed, note
                )
            )
    numbers = [cat.number for cat in out]
    if not c.issues and numbers != list(S9_CATEGORY_RANGE):
        c.add(
            "categories.number",
            "ต้องมีหมวด 1 ถึง 8 ครบและเรียงตามลำดับ",
            "categories 1 to 8 must all be present, in order",
        )
    if c.issues:
        raise CatalogueError(c.issues)
    return tuple(out)


@lru_cache(maxsize=1)
def s9_categories() -> tuple[S9Category, ...]:
    """The eight s.9 categories shipped with Prongsai."""
    return parse_s9_categories(S9_FILE.read_bytes(), filename=S9_FILE.name)


__all__ = [
    "CATALOGUE_DIR",
    "FREQUENCIES",
    "FREQUENCY_RULES",
    "KINDS",
    "OWNER_KEYS",
    "SCHEMA_VERSION",
    "SPANS",
    "UNITS",
    "CatalogueError",
    "CatalogueSpec",
    "ElementSpec",
    "HeadingSpec",
    "IndicatorSpec",
    "Issue",
    "ItemSpec",
    "PeriodRule",
    "S9Category",
    "load_catalogue_file",
    "parse_catalogue",
    "parse_s9_categories",
    "s9_categories",
    "shipped_catalogue_files",
    "validate_catalogue",
]
