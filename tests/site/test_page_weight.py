"""A first visit to the home page and to an ITA item page transfers at most 200 KB.

Counted without compression (a worst case): the HTML, every stylesheet and script it links, every
image it shows, and every font file the stylesheets can load.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

BUDGET = 200 * 1024


def _static_path(url: str) -> Path:
    assert url.startswith("/static/"), f"asset served from elsewhere: {url}"
    found = finders.find(url.removeprefix("/static/"))
    assert found, f"missing static file {url}"
    return Path(found)


def first_visit_bytes(client: Client, url: str) -> dict[str, int]:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    sizes = {url: len(response.content)}
    assets = re.findall(r'<link[^>]+href="(/static/[^"]+)"', html)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', html)
    assets += re.findall(r'<img[^>]+src="(/static/[^"]+)"', html)
    for asset in set(assets):
        path = _static_path(asset)
        sizes[asset] = path.stat().st_size
        if path.suffix == ".css":
            for font in re.findall(r"url\(([^)]+\.woff2)\)", path.read_text()):
                font_path = (path.parent / font.strip("'\"")).resolve()
                sizes[str(font_path.name)] = font_path.stat().st_size
    return sizes


@pytest.fixture
def catalogue(db):
    call_command("ita_load", verbosity=0)


@pytest.mark.parametrize("url", ["/", "/ita/2566/o21/", "/en/"])
def test_first_visit_fits_the_budget(world, catalogue, url):
    sizes = first_visit_bytes(Client(), url)
    total = sum(sizes.values())
    assert total <= BUDGET, f"{url}: {total} bytes: {sizes}"
    assert any(name.endswith(".woff2") for name in sizes)  # the Thai web font is part of it
