"""Numbers as words, in the article's language: num2words, with the fixes English needs.

num2words says "one thousand and twenty-four" and "one million, two hundred thousand"; an
American narrator says neither the "and" nor the pause, so for English both are dropped. A
decimal is said digit by digit after the point from its written form ("1.40" -> "one point
four zero"), which num2words cannot do from a float.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

DIGIT_WORDS = "zero one two three four five six seven eight nine".split()
# A whole number as written: "1,234,567", the Indian grouping "1,30,000", or bare digits.
GROUPED = r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d\d)+,\d{3}|\d+)"
_NUMBER = re.compile(r"^([-+−]?)(\d[\d,]*)?(?:\.(\d+))?$")


def num2words(number: int, **options: Any) -> str:
    """num2words, imported on first use (it loads every language: a quarter of a second)."""
    from num2words import num2words as convert

    return str(convert(number, **options))


def _tidy(words: str, lang: str) -> str:
    """Drop num2words's British "and" and its commas (English); keep other languages as they are."""
    if lang.startswith("en"):
        words = words.replace(",", "").replace(" and ", " ")
    return " ".join(words.split())


@lru_cache(maxsize=4096)
def cardinal(number: int, lang: str = "en") -> str:
    """42 -> "forty-two"."""
    return _tidy(num2words(number, lang=lang), lang)


@lru_cache(maxsize=1024)
def ordinal(number: int, lang: str = "en") -> str:
    """21 -> "twenty-first"."""
    return _tidy(num2words(number, lang=lang, to="ordinal"), lang)


@lru_cache(maxsize=1024)
def year(number: int, lang: str = "en") -> str:
    """1975 -> "nineteen seventy-five", 2005 -> "two thousand five", 2024 -> "twenty twenty-four"."""
    return _tidy(num2words(number, lang=lang, to="year"), lang).replace("oh-", "oh ")


def digits(text: str) -> str:
    """ "007" -> "zero zero seven"."""
    return " ".join(DIGIT_WORDS[int(ch)] for ch in text if ch.isdigit())


def number(text: str, lang: str = "en") -> str:
    """A written number in words: "87,600" -> "eighty-seven thousand six hundred", "-0.05" ->
    "minus zero point zero five"."""
    match = _NUMBER.match(text.strip())
    if not match or not (match.group(2) or match.group(3)):
        return text
    sign, whole, fraction = match.groups()
    words = cardinal(int(whole.replace(",", "")), lang) if whole else "zero"
    if fraction is not None:
        words += f" point {digits(fraction)}"
    return ("minus " if sign in "-−" and sign else "plus " if sign == "+" else "") + words
