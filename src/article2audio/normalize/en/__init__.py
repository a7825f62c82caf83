"""English rules, in the order they must run: each turns its tokens into words, so the number
rules at the end only meet the digits no other rule claimed.

code -> (digits only) number abbreviations, dates, versions, times, ranges, identifiers ->
money -> units -> math -> abbreviations -> acronyms -> numbers -> acronyms again (letters that
were glued to digits, "3GPP") -> leftovers (any symbol or digit no rule said). A sentence skips
the rules its characters show cannot apply (no digit: no date, number or range rule).
"""

from __future__ import annotations

import re

from .abbreviations import (
    shouted_word,
    speak_abbreviations,
    speak_acronyms,
    speak_number_abbreviations,
)
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
from .symbols import speak_leftovers, speak_math, speak_ranges
from .units import speak_units

_APPROX = re.compile(r"(?<![\w~])(\b(?:an?|An?)\s)?~\s?(?=[$€£¥\d])")  # "~5", "a ~3x speedup"
# "Preferences > Profiles > Keyboard": a path through menus, said as a list.
_BREADCRUMB = re.compile(r"(?<=\w)\s+(?:->|>|»)\s+(?=`?[A-Z][a-z]{2})")
_SLASH_BETWEEN_WORDS = re.compile(r"(?<=[^\W\d_])\s+/\s+(?=[^\W\d_])")  # "shape / size"
_AMPERSAND = re.compile(r"(?:\band\s+)?&&?(?:\s+and\b)?")
# Quick checks that let a sentence skip the rules that cannot apply to it.
_DIGIT = re.compile(r"\d")
_CODE_MARKS = re.compile(
    r"[`@/\\_~|&=!+]|\(\)|\.[A-Za-z]|0x|[0-9a-f]{7}|(?i:ctrl|alt|cmd)-|[a-z]\d[a-z]*\.\d"
)
_CURRENCY_MARKS = re.compile(r"[$€£¥₹₩₽₺₪₦₱฿₫₴¢]|\b[A-Z]{3}\b|\bRs\b|\d[pc]\b|\bR\d")
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
    digits = bool(_DIGIT.search(text))
    if digits:  # most rules need a digit; a sentence without one skips them
        text = _APPROX.sub(lambda m: f"{m.group(1)}roughly " if m.group(1) else "about ", text)
        text = speak_number_abbreviations(text)
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
    if "&" in text:  # "R&D", "&&"; an "and" already before it is not said twice
        text = _AMPERSAND.sub(" and ", text)
    text = speak_roman(text)
    text = speak_abbreviations(text)
    text = speak_numbers(speak_acronyms(text))
    if digits:
        text = speak_acronyms(text)  # again: letters glued to digits ("3GPP") stand alone now
    return speak_leftovers(text)


__all__ = ["normalize_english", "shouted_word", "speak_heading_number"]
