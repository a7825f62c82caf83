"""English rules, in the order they must run: each turns its tokens into words, so the number
rules at the end only meet the digits no other rule claimed."""

from __future__ import annotations

import re

from .abbreviations import speak_abbreviations, speak_acronyms
from .code import speak_code
from .currency import speak_currency
from .dates import speak_dates, speak_times
from .numbers import (
    speak_heading_number,
    speak_identifiers,
    speak_numbers,
    speak_roman,
    speak_versions,
)
from .symbols import speak_math, speak_ranges
from .units import speak_units

_APPROX = re.compile(r"(?<![\w~])~\s?(?=[$€£¥\d])")
# "Preferences > Profiles > Keyboard": a path through menus, said as a list.
_BREADCRUMB = re.compile(r"(?<=\w)\s+(?:->|>|»)\s+(?=`?[A-Z][a-z]{2})")
_SLASH_BETWEEN_WORDS = re.compile(r"(?<=[^\W\d_])\s+/\s+(?=[^\W\d_])")  # "shape / size"
# Quick checks that let a sentence skip the rules that cannot apply to it.
_DIGIT = re.compile(r"\d")
_CODE_MARKS = re.compile(
    r"[`@/\\_~|&=!+]|\(\)|\.[A-Za-z]|0x|[0-9a-f]{7}|(?i:ctrl|alt|cmd)-|[a-z]\d[a-z]*\.\d"
)
_CURRENCY_MARKS = re.compile(r"[$€£¥₹₩₽₺₪₦₱฿₫₴¢]|\b[A-Z]{3}\b|\bRs\b")
_UNIT_MARKS = re.compile(r"\d|%|/")
_MATH_MARKS = re.compile(
    r"[=<>^±×÷·∙⋅→⇒←∞√∑∫∂∈∝‰−≤≥≠≈≃≡∓*+⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺₀-₉\u0370-\u03ff]|\d\s?-|\s-\d"
)


def normalize_english(text: str, day_first: bool = False) -> str:
    """Written English -> the words a narrator says (code, dates, money, units, symbols ...)."""
    if ">" in text or "»" in text:
        text = _BREADCRUMB.sub(", ", text)
    if _CODE_MARKS.search(text):
        text = _SLASH_BETWEEN_WORDS.sub(" or ", speak_code(text))
    if _DIGIT.search(text):  # most rules need a digit; a sentence without one skips them
        text = _APPROX.sub("about ", text)
        text = speak_dates(text, day_first)
        text = speak_versions(text)
        text = speak_times(text)
        text = speak_ranges(text)
        text = speak_identifiers(text)
    if _CURRENCY_MARKS.search(text):
        text = speak_currency(text)
    if _UNIT_MARKS.search(text):
        text = speak_units(text)
    if _MATH_MARKS.search(text):
        text = speak_math(text)
    text = text.replace("&", " and ")
    text = speak_roman(text)
    text = speak_abbreviations(text)
    return speak_numbers(speak_acronyms(text))


__all__ = ["normalize_english", "speak_heading_number"]
