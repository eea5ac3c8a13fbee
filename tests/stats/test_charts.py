"""Server-side SVG charts: accessible names, escaping, scales (no Django)."""

from __future__ import annotations

import defusedxml.ElementTree as ET
import pytest

from prongsai.stats.charts import bar_chart, column_chart, line_chart, nice_max

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 4), (3, 4), (7, 10), (13, 20), (21, 25), (240, 250), (251, 500)]
)
def test_axis_maximum_is_round(value, expected):
    assert nice_max(value) == expected


@pytest.mark.parametrize("top", [1, 3, 5, 7, 13, 21, 99, 240, 1234])
def test_axis_labels_are_whole_numbers(top):
    root = ET.fromstring(column_chart([("a", top)], chart_id="c", title="t"))
    labels = [t.text for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert labels[0] == "0" and all("." not in label for label in labels)


@pytest.mark.parametrize(
    "draw",
    [
        lambda **kw: column_chart([("ต.ค. 65", 5), ("พ.ย. 65", 12)], **kw),
        lambda **kw: line_chart([("1 ต.ค.", 5), ("2 ต.ค.", 12)], second=[2, 3], **kw),
        lambda **kw: bar_chart([("น้ำประปา", 5), ("ค่าธรรมเนียม", 12)], **kw),
    ],
)
def test_each_chart_is_one_named_and_described_image(draw):
    svg = draw(chart_id="c1", title="การเข้าชม <รายเดือน>", unit="ครั้ง")
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{NS}title").text == "การเข้าชม <รายเดือน>"
    desc = root.find(f"{NS}desc").text
    assert "สูงสุด 12 ครั้ง" in desc and "รวม 17 ครั้ง" in desc


def test_bars_are_as_long_as_their_values():
    root = ET.fromstring(bar_chart([("a", 10), ("b", 5)], chart_id="b", title="t"))
    widths = [float(r.get("width")) for r in root.iter(f"{NS}rect")]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_labels_are_escaped_and_long_ones_shortened():
    svg = bar_chart([("<script>" + "ก" * 80, 1)], chart_id="x", title="t")
    assert "<script>" not in svg
    assert "…" in svg


def test_empty_data_draws_an_empty_chart():
    root = ET.fromstring(column_chart([], chart_id="e", title="t"))
    assert "ไม่มีข้อมูล" in root.find(f"{NS}desc").text
