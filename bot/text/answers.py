"""Reading typed answers: numbers written as digits or Vietnamese words, and a button label typed
with or without diacritics.

    parse_number("12 tháng") == 12; parse_number("mười hai") == 12; parse_number("5,5") == 5.5
    match_option("khong bi ky luat", {"none": "Không bị kỷ luật", ...}) == "none"
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.text.normalize import fold

_DIGITS = re.compile(r"(?<![\d.,])(-?\d+(?:[.,]\d+)?)(?![\d.,]*\d)")
# Folded Vietnamese number words (mười and mươi both fold to "muoi"; lăm/mốt/tư are the
# forms used after a ten).
_UNITS = {
    "khong": 0,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
_TEN, _HUNDRED, _THOUSAND = "muoi", "tram", ("nghin", "ngan")
_ODD = "linh", "le"  # "một trăm linh năm"


def parse_number(text: str) -> float | None:
    """The one number in `text` (digits with an optional decimal comma or point, or Vietnamese
    words up to the thousands), ignoring unit words ("12 tháng", "85 người"); None if there is
    no number or more than one."""
    found = _DIGITS.findall(text)
    if len(found) == 1:
        return float(found[0].replace(",", "."))
    if found:
        return None
    return _words_number(fold(text).split())


def _words_number(words: list[str]) -> float | None:
    total, chunk, seen = 0, 0, False
    for word in words:
        if word in _UNITS:
            chunk += _UNITS[word]
        elif word == _TEN:
            chunk = (chunk or 1) * 10
        elif word == _HUNDRED:
            total += (chunk or 1) * 100
            chunk = 0
        elif word in _THOUSAND:
            total = (total + chunk or 1) * 1000
            chunk = 0
        elif word in _ODD and seen:
            continue
        else:
            continue  # a unit word ("tháng", "người")
        seen = True
    return float(total + chunk) if seen else None


def match_option(text: str, options: Mapping[str, str]) -> str | None:
    """The option whose key or label `text` names: the same words with or without diacritics, or
    the beginning of exactly one label ("hoan thanh xuat sac" → Hoàn thành xuất sắc nhiệm vụ)."""
    typed = fold(text)
    if not typed:
        return None
    for key, label in options.items():
        if typed in (fold(label), fold(key.replace("_", " "))):
            return key
    starts = [key for key, label in options.items() if f"{fold(label)} ".startswith(f"{typed} ")]
    return starts[0] if len(starts) == 1 else None


def parse_counts(text: str, options: Mapping[str, str]) -> dict[str, int] | None:
    """Counts per option typed as "2 cơ sở, 1 tỉnh" or "hai cấp cơ sở và một toàn quốc" (an
    option without a number counts one; "0" or "không có" is none at all); None when a number
    names no option, or nothing is recognised."""
    words = fold(text).split()
    if words in (["0"], ["khong"], ["khong", "co"], ["none"]):
        return {}
    aliases = sorted(
        {
            tuple(alias.split()): key
            for key, label in options.items()
            for alias in (
                fold(label).removeprefix("cap "),
                key.replace("_", " "),
                *(part for part in key.split("_") if len(part) > 1),
            )
            if alias
        }.items(),
        key=lambda item: -len(item[0]),
    )
    counts: dict[str, int] = {}
    number: list[str] = []
    i = 0
    while i < len(words):
        alias = next((a for a in aliases if tuple(words[i : i + len(a[0])]) == a[0]), None)
        if alias is not None:
            value = parse_number(" ".join(number)) if number else 1.0
            if value is None or value != int(value):
                return None
            counts[alias[1]] = counts.get(alias[1], 0) + int(value)
            number = []
            i += len(alias[0])
            continue
        if words[i].isdigit() or words[i] in _UNITS or words[i] in (_TEN, _HUNDRED):
            number.append(words[i])
        i += 1
    if number or not counts:
        return None
    return counts
