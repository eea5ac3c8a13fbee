from __future__ import annotations

import pytest

from prongsai.thai import to_arabic_digits, to_thai_digits


@pytest.mark.parametrize(
    ("arabic", "thai"),
    [
        ("0123456789", "๐๑๒๓๔๕๖๗๘๙"),
        ("5 มกราคม 2566", "๕ มกราคม ๒๕๖๖"),
        ("05/01/2566 เวลา 14:05 น.", "๐๕/๐๑/๒๕๖๖ เวลา ๑๔:๐๕ น."),
        ("", ""),
        ("ไม่มีตัวเลข", "ไม่มีตัวเลข"),
    ],
)
def test_it_converts_both_ways(arabic: str, thai: str) -> None:
    assert to_thai_digits(arabic) == thai
    assert to_arabic_digits(thai) == arabic


def test_each_digit_maps_to_its_own_value() -> None:
    for value in range(10):
        thai = chr(0x0E50 + value)
        assert to_thai_digits(str(value)) == thai
        assert to_arabic_digits(thai) == str(value)


def test_it_leaves_everything_else_alone() -> None:
    text = "O21 ก.ค. ½ ٣ 𝟓 x²"  # other scripts' digits are not Thai or ASCII digits
    assert to_thai_digits(text) == "O๒๑ ก.ค. ½ ٣ 𝟓 x²"
    assert to_arabic_digits("๑" + text) == "1" + text


def test_mixed_digits_become_one_kind() -> None:
    assert to_arabic_digits("๒๕66") == "2566"
    assert to_thai_digits("๒๕66") == "๒๕๖๖"


def test_it_accepts_ints() -> None:
    assert to_thai_digits(2566) == "๒๕๖๖"
    assert to_arabic_digits(-12) == "-12"


@pytest.mark.parametrize("bad", [None, 3.5, True, b"12"])
def test_it_rejects_other_types(bad: object) -> None:
    with pytest.raises(TypeError):
        to_thai_digits(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_arabic_digits(bad)  # type: ignore[arg-type]
