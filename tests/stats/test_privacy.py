"""Pure helpers: who is a robot, how a search is counted, the visitor hash (no Django)."""

from __future__ import annotations

import pytest

from prongsai.stats.privacy import MAX_QUERY, clean_query, is_bot, visitor_hash

CHROME = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
LINE_APP = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.9.0"


@pytest.mark.parametrize(
    "ua", [CHROME, SAFARI, LINE_APP, "Opera/9.80 (Windows NT 6.1) Presto/2.12"]
)
def test_browsers_are_people(ua):
    assert not is_bot(ua)


@pytest.mark.parametrize(
    "ua",
    [
        None,
        "",
        "   ",
        "Googlebot/2.1",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)",
        "Mozilla/5.0 (compatible; YandexBot/3.0)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0",
        "curl/8.5.0",
        "Wget/1.21",
        "python-requests/2.32.3",
        "Go-http-client/2.0",
        "UptimeRobot/2.0",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Linux) Chrome-Lighthouse",
        "some-custom-client/1.0",
    ],
)
def test_programs_are_not(ua):
    assert is_bot(ua)


def test_prefetches_are_not_visits():
    assert is_bot(CHROME, {"Sec-Purpose": "prefetch;prerender"})
    assert is_bot(CHROME, {"Purpose": "prefetch"})
    assert not is_bot(CHROME, {"Accept": "text/html"})


@pytest.mark.parametrize(
    ("raw", "counted"),
    [
        ("  ผลการจัดซื้อจัดจ้าง  ๒๕๖๖ ", "ผลการจัดซื้อจัดจ้าง 2566"),
        ("ITA O12", "ita o12"),
        ("น\u0e4d\u0e32ประปา", "นำประปา"),  # nikhahit + sara aa is sara am
        ("“งบประมาณ”?", "งบประมาณ"),
        ("โทร 0812345678", "โทร [ตัวเลข]"),
        ("เลขบัตร 1-2345-67890-12-3", "เลขบัตร [ตัวเลข]"),
        ("ติดต่อ a.b@example.go.th ด่วน", "ติดต่อ [อีเมล] ด่วน"),
        ("งบ 2566 วงเงิน 12500000", "งบ 2566 วงเงิน 12500000"),
        ("", ""),
        (None, ""),
        ("   ", ""),
    ],
)
def test_queries_are_counted_normalised_and_without_personal_data(raw, counted):
    assert clean_query(raw) == counted


def test_queries_are_cut_to_a_bounded_length():
    assert len(clean_query("ก" * 5000)) == MAX_QUERY


def test_the_visitor_hash_is_stable_within_a_salt_and_unlinkable_across():
    a = visitor_hash("salt-1", 1, "198.51.100.7", CHROME)
    assert a == visitor_hash("salt-1", 1, "198.51.100.7", CHROME)
    assert len(a) == 16 and int(a, 16) >= 0
    assert a != visitor_hash("salt-2", 1, "198.51.100.7", CHROME)  # the next day
    assert a != visitor_hash("salt-1", 2, "198.51.100.7", CHROME)  # another agency's site
    assert a != visitor_hash("salt-1", 1, "198.51.100.8", CHROME)
    assert "198.51.100.7" not in a
