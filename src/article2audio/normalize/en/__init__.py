"""English rules, in the order they must run: each turns its tokens into words, so the number
rules at the end only meet the digits no other rule claimed."""

from __future__ import annotations

import re

from .abbreviations import speak_abbreviations, speak_acronyms
from .code import speak_code
from .currency import speak_currency
from .dates import speak_dates, speak_times
from .numbers import speak_heading_number, speak_numbers, speak_roman, speak_versions
from .symbols import speak_math, speak_ranges
from .units import speak_units

_APPROX = re.compile(r"(?<![\w~])~\s?(?=[$€£¥\d])")
# Quick checks that let a sentence skip the rules that cannot apply to it.
_DIGIT = re.compile(r"\d")
_CODE_MARKS = re.compile(r"[`@/\\_~|&=!+]|\(\)|\.[A-Za-z]")
_CURRENCY_MARKS = re.compile(r"[$€£¥₹₩₽₺₪₦₱฿₫₴]|\b[A-Z]{3}\b")
_UNIT_MARKS = re.compile(r"\d|%|/")
_MATH_MARKS = re.compile(
    r"[=<>^±×÷·∙⋅→⇒←∞√∑∫∂∈∝‰−≤≥≠≈≃≡∓*+⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺₀-₉\u0370-\u03ff]|\d\s?-|\s-\d"
)


def normalize_english(text: str, day_first: bool = False) -> str:
    """Written English -> the words a narrator says (code, dates, money, units, symbols ...)."""
    text = speak_code(text) if _CODE_MARKS.search(text) else text
    if _DIGIT.search(text):  # most rules need a digit; a sentence without one skips them
        text = _APPROX.sub("about ", text)
        text = speak_dates(text, day_first)
        text = speak_versions(text)
        text = speak_times(text)
        text = speak_ranges(text)
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
