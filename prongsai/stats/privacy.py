"""Pure helpers that decide what may be counted and in what form (no Django, no database).

* ``is_bot``: known crawlers, monitors, link previewers and HTTP libraries are not visitors.
* ``clean_query``: a search as it is counted: normalised like the index, case-folded, and with
  anything that looks like personal data (e-mail addresses, phone or ID numbers) blanked out.
* ``visitor_hash``: a 64-bit keyed hash of the connection with the day's salt.
"""

from __future__ import annotations

import hashlib
import re

from prongsai.thai.normalise import normalise

__all__ = ["MAX_QUERY", "clean_query", "is_bot", "visitor_hash"]

# Substrings (lower case) of user agents that are not people reading the site.
_BOT_WORDS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "scrapy",
    "archiver",
    "preview",
    "facebookexternalhit",
    "embedly",
    "whatsapp",
    "line-poker",
    "skypeuripreview",
    "headlesschrome",
    "phantomjs",
    "lighthouse",
    "pagespeed",
    "gtmetrix",
    "pingdom",
    "uptime",
    "monitor",
    "statuscake",
    "curl/",
    "wget/",
    "python-requests",
    "python-urllib",
    "aiohttp",
    "httpx",
    "go-http-client",
    "java/",
    "okhttp",
    "libwww-perl",
    "apache-httpclient",
    "node-fetch",
    "axios/",
    "postmanruntime",
    "insomnia",
    "feedfetcher",
    "feedparser",
    "rss",
    "validator",
    "checklink",
    "zgrab",
    "masscan",
    "nmap",
    "nikto",
    "sqlmap",
)
_BOT_RE = re.compile("|".join(re.escape(w) for w in _BOT_WORDS))
# A browser always says which engine it is; anything else is a program.
_BROWSER_RE = re.compile(r"mozilla/|opera/")


def is_bot(user_agent: str | None, headers: dict[str, str] | None = None) -> bool:
    """Whether a request comes from a program rather than a person.

    No user agent, a known robot or library, or a browser prefetching a page it may never show
    (``Sec-Purpose: prefetch``/``Purpose: prefetch``) all count as not a visit.
    """
    ua = (user_agent or "").strip().lower()
    if not ua or _BOT_RE.search(ua) or not _BROWSER_RE.search(ua):
        return True
    if headers:
        purpose = (headers.get("Sec-Purpose") or headers.get("Purpose") or "").lower()
        if "prefetch" in purpose or "prerender" in purpose:
            return True
    return False


MAX_QUERY = 100
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
# Nine or more digits, perhaps with spaces or dashes: phone numbers, the 13-digit ID number,
# bank accounts. Years (2566) and amounts up to 8 digits stay.
_LONG_NUMBER = re.compile(r"\d(?:[\s\-]?\d){8,}")
_EDGE_PUNCT = re.compile(r"^[\s\"'“”‘’.,;:!?()\[\]{}<>]+|[\s\"'“”‘’.,;:!?()\[\]{}<>]+$")
REDACTED_EMAIL = "[อีเมล]"
REDACTED_NUMBER = "[ตัวเลข]"


def clean_query(text: str | None) -> str:
    """A search query in the one form in which it is counted (empty if nothing is left).

    >>> clean_query("  ผลการจัดซื้อจัดจ้าง  ๒๕๖๖ ")
    'ผลการจัดซื้อจัดจ้าง 2566'
    >>> clean_query("โทร 081-234-5678")
    'โทร [ตัวเลข]'
    """
    if not text:
        return ""
    s = normalise(str(text)[: MAX_QUERY * 4]).casefold()
    s = _EDGE_PUNCT.sub("", s)
    s = _EMAIL.sub(REDACTED_EMAIL, s)
    s = _LONG_NUMBER.sub(REDACTED_NUMBER, s)
    return s[:MAX_QUERY].strip()


def visitor_hash(salt: str, agency_id: int, address: str, user_agent: str) -> str:
    """16 hex digits that are the same for one connection on one day and one site, and that
    nobody can link back to the address once the day's salt is deleted."""
    h = hashlib.blake2b(key=salt.encode()[:64], digest_size=8)
    h.update(f"{agency_id}\x00{address}\x00{user_agent}".encode("utf-8", "replace"))
    return h.hexdigest()
