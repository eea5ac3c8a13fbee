"""The catalogue file format: the shipped files are valid and bad files are refused with every
problem named (file, item or line, field) in Thai and English. No database needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prongsai.ita.schema import (
    CATALOGUE_DIR,
    FREQUENCY_RULES,
    KINDS,
    OWNER_KEYS,
    CatalogueError,
    load_catalogue_file,
    parse_catalogue,
    parse_s9_categories,
    s9_categories,
    shipped_catalogue_files,
    validate_catalogue,
)

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO.parent / "shared" / "reference" / "ita-and-oia.md"
FILE_2566 = CATALOGUE_DIR / "ita-2566.toml"


@pytest.fixture(scope="module")
def spec_2566():
    return load_catalogue_file(FILE_2566)


# ---------------------------------------------------------------------------- the shipped data


def test_the_2566_file_has_43_unique_items_each_with_an_element(spec_2566):
    codes = [it.code for it in spec_2566.items]
    assert len(codes) == 43
    assert len(set(codes)) == 43
    assert codes == [f"O{n}" for n in range(1, 44)]
    assert all(len(it.elements) >= 1 for it in spec_2566.items)
    assert all(any(e.required for e in it.elements) for it in spec_2566.items)


def test_the_2566_file_describes_its_year(spec_2566):
    assert spec_2566.fiscal_year == 2566
    assert spec_2566.answer_opens.isoformat() == "2023-03-01"
    assert spec_2566.answer_closes.isoformat() == "2023-04-30"
    assert len(spec_2566.sha256) == 64


def test_items_sit_under_the_seven_sub_indicators(spec_2566):
    leaves = {i.code for i in spec_2566.indicators if i.parent}
    assert leaves == {"9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"}
    assert {it.indicator for it in spec_2566.items} == leaves
    assert all(i.name_th for i in spec_2566.indicators)


def test_slugs_are_the_lower_case_codes(spec_2566):
    assert [it.slug for it in spec_2566.items] == [it.code.lower() for it in spec_2566.items]


def test_recalled_elements_are_marked_unconfirmed(spec_2566):
    elements = [e for it in spec_2566.items for e in it.elements]
    unconfirmed = [e for e in elements if not e.confirmed]
    assert 0 < len(unconfirmed) < len(elements)
    # Element keys are unique inside each item.
    for it in spec_2566.items:
        keys = [e.key for e in it.elements]
        assert len(keys) == len(set(keys)), it.code


def test_frequencies_and_period_rules_agree(spec_2566):
    for it in spec_2566.items:
        spans, units = FREQUENCY_RULES[it.frequency]
        assert it.period.span in spans and it.period.unit in units, it.code
        assert it.owner in OWNER_KEYS
        assert it.kind in KINDS


def test_special_kinds_are_mapped_by_the_data(spec_2566):
    kinds = [it.kind for it in spec_2566.items]
    for kind in (
        "procurement_summary",
        "complaint_statistics",
        "qa_channel",
        "complaint_channel",
        "news",
        "eservice",
        "work_manual",
        "service_manual",
        "complaint_guideline",
        "code_of_conduct",
        "integrity_measures",
        "integrity_measures_progress",
    ):
        assert kinds.count(kind) == 1, kind
    by_code = {it.code: it.kind for it in spec_2566.items}
    assert by_code["O14"] == "work_manual" and by_code["O39"] == "code_of_conduct"
    assert by_code["O42"] == "integrity_measures" and by_code["O43"].endswith("_progress")
    assert kinds.count("standard") > 25
    monthly = [it for it in spec_2566.items if it.frequency == "monthly"]
    assert [it.kind for it in monthly] == ["procurement_summary"]
    assert monthly[0].period.span == "h1" and monthly[0].period.unit == "month"
    assert monthly[0].nil_return_th == "ไม่มีการจัดซื้อจัดจ้าง"


def test_s9_categories_are_used_where_they_apply(spec_2566):
    used = {it.s9_category for it in spec_2566.items}
    assert used - {None} <= set(range(1, 9))
    assert {2, 3, 4, 8} <= used


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference is not next to the repo")
def test_titles_are_verbatim_from_the_reference(spec_2566):
    reference = {}
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (O\d+) \| ([^|]+) \|", line)
        if m:
            reference[m.group(1)] = m.group(2).strip()
    assert len(reference) == 43
    assert {it.code: it.title_th for it in spec_2566.items} == reference


def test_every_shipped_catalogue_file_is_valid():
    files = shipped_catalogue_files()
    assert FILE_2566 in files
    for path in files:
        assert validate_catalogue(path.read_bytes(), filename=path.name) == []


def test_the_eight_s9_categories():
    cats = s9_categories()
    assert [c.number for c in cats] == list(range(1, 9))
    assert cats[2].title_th == "แผนงาน โครงการ และงบประมาณรายจ่ายประจำปีของปีที่กำลังดำเนินการ"
    assert [c.confirmed for c in cats] == [True] * 5 + [False] * 3


# ---------------------------------------------------------------------------- malformed files

TEXT_2566 = FILE_2566.read_text(encoding="utf-8")
CODES = [it.code for it in load_catalogue_file(FILE_2566).items]


def nth(n: int) -> str:
    """The code of the n-th item of the 2566 file (tests pick items by position, not by code)."""
    return CODES[n - 1]


def _issues(text: str, filename: str = "ita-2566.toml"):
    with pytest.raises(CatalogueError) as err:
        parse_catalogue(text, filename=filename)
    return err.value.issues


def _replace_in_item(text: str, code: str, old: str, new: str) -> str:
    start = text.index(f'code = "{code}"\n')
    pos = text.index(old, start)
    return text[:pos] + new + text[pos + len(old) :]


def test_a_toml_syntax_error_names_the_line():
    lines = TEXT_2566.splitlines()
    target = next(n for n, line in enumerate(lines) if line.startswith("title_th = "))
    lines[target] = 'title_th = "unterminated'
    issues = _issues("\n".join(lines))
    assert len(issues) == 1
    assert issues[0].line == target + 1
    assert issues[0].file == "ita-2566.toml"
    assert "TOML" in issues[0].message_th and "TOML" in issues[0].message_en


def test_a_file_that_is_not_utf8_is_refused():
    issues = _issues(TEXT_2566.encode("tis-620", errors="replace"))
    assert "UTF-8" in issues[0].message_th


def test_a_duplicate_code_names_the_item_and_field():
    text = _replace_in_item(TEXT_2566, nth(2), f'code = "{nth(2)}"', f'code = "{nth(1)}"')
    issues = _issues(text)
    dup = [i for i in issues if i.field == "code"]
    assert len(dup) == 1
    assert dup[0].item == nth(1)
    assert "ซ้ำ" in dup[0].message_th and "twice" in dup[0].message_en
    assert dup[0].line is not None


def test_every_problem_is_reported_at_once():
    text = _replace_in_item(TEXT_2566, nth(5), 'frequency = "current"', 'frequency = "weekly"')
    text = _replace_in_item(text, nth(12), 'owner = "planning"', 'owner = "finance"')
    text = _replace_in_item(text, nth(21), 'unit = "month"', 'unit = "fortnight"')
    text = _replace_in_item(text, nth(30), "title_en =", "titel_en =")
    issues = _issues(text)
    found = {(i.item, i.field) for i in issues}
    assert (nth(5), "frequency") in found
    assert (nth(12), "owner") in found
    assert (nth(21), "period.unit") in found
    assert (nth(30), "titel_en") in found  # unknown field: a typo
    assert (nth(30), "title_en") in found  # and the real one is missing
    message = str(CatalogueError(issues))
    assert "ita-2566.toml" in message and nth(21) in message and "period.unit" in message


def test_a_period_rule_that_contradicts_the_frequency_is_refused():
    text = _replace_in_item(TEXT_2566, nth(21), 'span = "h1"', 'span = "current"')
    issues = _issues(text)
    assert [(i.item, i.field) for i in issues] == [(nth(21), "period.span")]
    assert "monthly" in issues[0].message_en


def test_an_item_without_elements_is_refused():
    start = TEXT_2566.index(f'code = "{nth(3)}"\n')
    el = TEXT_2566.index("[[items.elements]]", start)
    nxt = TEXT_2566.index("[[items]]", el)
    text = TEXT_2566[:el] + TEXT_2566[nxt:]
    issues = _issues(text)
    assert [(i.item, i.field) for i in issues] == [(nth(3), "elements")]


def test_wrong_types_and_bad_references_are_named():
    text = _replace_in_item(TEXT_2566, nth(4), "s9_category = 3", 's9_category = "3"')
    text = _replace_in_item(text, nth(7), 'indicator = "9.1"', 'indicator = "9.9"')
    text = _replace_in_item(text, nth(11), 'heading = "operation"', 'heading = "basic"')
    text = _replace_in_item(text, nth(19), 'key = "procurement_plan"', 'key = "Procurement Plan"')
    text = _replace_in_item(text, nth(23), "s9_category = 2", "s9_category = 12")
    issues = {(i.item, i.field): i for i in _issues(text)}
    assert "จำนวนเต็ม" in issues[(nth(4), "s9_category")].message_th
    assert (nth(7), "indicator") in issues
    assert "9.2" in issues[(nth(11), "heading")].message_en
    assert (nth(19), "elements[1].key") in issues
    assert "1 to 8" in issues[(nth(23), "s9_category")].message_en


def test_a_file_name_that_disagrees_with_the_year_is_refused():
    issues = _issues(TEXT_2566, filename="ita-2567.toml")
    assert [i.field for i in issues] == ["catalogue.fiscal_year"]
    assert "2567" in issues[0].message_th


def test_answer_dates_must_lie_in_the_fiscal_year():
    text = TEXT_2566.replace("answer_opens = 2023-03-01", "answer_opens = 2566-03-01")
    issues = _issues(text)
    fields = [i.field for i in issues]
    assert "catalogue.answer_opens" in fields
    assert any("CE" in i.message_en for i in issues)


def test_a_missing_catalogue_table_and_version_are_named():
    issues = _issues('[[items]]\ncode = "A1"\n', filename="x.toml")
    fields = {i.field for i in issues}
    assert {"schema_version", "catalogue", "indicators"} <= fields


def test_issue_text_is_bilingual_and_locates_the_problem():
    text = _replace_in_item(TEXT_2566, nth(9), 'kind = "social_network"', 'kind = "blog"')
    (issue,) = _issues(text)
    rendered = str(issue)
    assert "ita-2566.toml" in rendered
    assert f"รายการ {nth(9)}" in rendered and f"item {nth(9)}" in rendered
    assert "ช่อง kind" in rendered and "field kind" in rendered
    assert "ไม่ถูกต้อง" in rendered and "not a valid" in rendered


def test_a_missing_file_is_reported_not_raised_raw(tmp_path):
    with pytest.raises(CatalogueError) as err:
        load_catalogue_file(tmp_path / "ita-2599.toml")
    assert err.value.issues[0].file == "ita-2599.toml"


def test_a_broken_s9_file_is_refused():
    with pytest.raises(CatalogueError) as err:
        parse_s9_categories(
            'schema_version = 1\n[[categories]]\nnumber = 1\ntitle_th = "x"\ntitle_en = "y"\n',
            filename="oia-s9.toml",
        )
    assert "1 to 8" in err.value.issues[0].message_en
