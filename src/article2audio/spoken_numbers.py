"""English readings of numbers Piper gets wrong, found by listening (scripts/listen.py).

What the en_US voice said before these rules, as pocketsphinx heard it:

- "in 1975" -> "nineteen hundred seventy five"; "the 1990s" -> "nineteen hundred ninety s"
- "10:00" -> "ten zero zero"; "9:05" -> "nine zero five"
- "24 °C" -> "twenty four degrees c"; "500 g" -> "five hundred g"; "20 min" -> "twenty men"
- "II. WHAT GOES IN IT" -> "roman two what goes in i t"; "World War II" -> "world war roman two"
- "Baker St." -> "Baker so"
- "24/7" -> "twenty four slash seven"; "1/2" -> "one slash two"; "A/B" -> "A slash B"
- "No. 1" -> "no one"; "10x" -> "ten x"; "~5" -> "tilde five"

What it already reads well, and is left alone: "7:42 p.m.", "19:42", "08:51", "27%" after the
percent rule, "87,600", "3.5 million", "2nd", "21st", "2024" ("two thousand twenty four").
"""

from __future__ import annotations

import re

_ONES = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_DECADES = {
    "0": "hundreds",
    "1": "tens",
    "2": "twenties",
    "3": "thirties",
    "4": "forties",
    "5": "fifties",
    "6": "sixties",
    "7": "seventies",
    "8": "eighties",
    "9": "nineties",
}
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_YEAR_CONTEXT = re.compile(
    rf"\b(?:in|since|of|by|until|till|from|to|and|or|year|around|circa|c\.|early|late|mid"
    rf"|before|after|during|between|summer|winter|spring|autumn|fall|{_MONTHS}|\d{{1,2}}(?:st|nd|rd|th)?,?)\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d$€£.,:/-])(1[1-9]\d\d)(?![\d,.:]\d|\s?%|s\b|')")
_DECADE = re.compile(r"(?<![\d$€£.,])(?:(1[1-9]|20)(\d)0|'(\d)0)s\b")
_TIME = re.compile(
    r"(?<![\d:.])(\d{1,2}):(\d{2})(?![\d:])(\s?(?:[ap]\.?m\.?)(?![a-z]))?", re.IGNORECASE
)
_MONTH_DAY = re.compile(rf"\b({_MONTHS})\.? (\d{{1,2}})(?!\d|:|st|nd|rd|th)\b")
_DAY_MONTH = re.compile(rf"(?<![\d.,])\b(\d{{1,2}}) ({_MONTHS})\b")
_UNITS = {
    "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "mph": ("mile per hour", "miles per hour"),
    "km": ("kilometer", "kilometers"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"),
    "g": ("gram", "grams"),
    "ml": ("milliliter", "milliliters"),
    "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"),
    "hrs": ("hour", "hours"),
    "hr": ("hour", "hours"),
    "ms": ("millisecond", "milliseconds"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "kW": ("kilowatt", "kilowatts"),
    "GHz": ("gigahertz", "gigahertz"),
    "MHz": ("megahertz", "megahertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "Hz": ("hertz", "hertz"),
    "TB": ("terabyte", "terabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "MB": ("megabyte", "megabytes"),
    "KB": ("kilobyte", "kilobytes"),
    "kB": ("kilobyte", "kilobytes"),
}
_UNIT = re.compile(
    r"(\d(?:[\d,]*\d)?(?:\.\d+)?)\s?("
    + "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
    + r")(?![\w/])"
)
_ROMAN = r"(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_AFTER_WORD = re.compile(
    rf"\b(Chapter|Part|Book|Volume|Vol\.|Act|Section|War|Phase|Stage|Round|Article|Scene|Canto)\s({_ROMAN})\b"
)
_ROMAN_HEADING = re.compile(rf"^({_ROMAN})\.\s+(?=\S)")
_SAINT_STREET = re.compile(r"(^|\S*\s+)St\.(?=\s)")


_NUMBER_SIGN = re.compile(r"(?:\bNo\.|#)\s?(?=\d)")
_APPROX = re.compile(r"(?<![\w~])~\s?(?=\d)")
_TIMES = re.compile(r"\b(\d+(?:\.\d+)?)x\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
_FRACTION = re.compile(r"(?<![\d/.])(\d+(?:\.\d+)?)/(\d+)(?![\d/])")
_FRACTIONS = {
    ("1", "2"): "a half",
    ("1", "3"): "a third",
    ("2", "3"): "two thirds",
    ("1", "4"): "a quarter",
    ("3", "4"): "three quarters",
}
_WORD_SLASH = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")


def number_words(number: int) -> str:
    """0-999 as English words ("forty-two")."""
    if number < 10:
        return _ONES[number]
    if number < 20:
        return _TEENS[number - 10]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(number, 100)
    return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")


def ordinal(number: int) -> str:
    """1 -> 1st, 22 -> 22nd, 13 -> 13th."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def year_words(year: int) -> str:
    """1975 -> nineteen seventy-five, 1900 -> nineteen hundred, 1905 -> nineteen oh five."""
    century, rest = divmod(year, 100)
    if rest == 0:
        return f"{number_words(century)} hundred"
    if rest < 10:
        return f"{number_words(century)} oh {_ONES[rest]}"
    return f"{number_words(century)} {number_words(rest)}"


def roman_value(numeral: str) -> int:
    """The value of a valid Roman numeral."""
    values = [_ROMAN_VALUES[ch] for ch in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def speak_heading_number(heading: str) -> str:
    """A heading numbered in Roman numerals says the number: "II. Methods" -> "Two. Methods"."""
    match = _ROMAN_HEADING.match(heading)
    if not match or (len(match.group(1)) == 1 and match.group(1) not in "IVX"):
        return heading
    return f"{number_words(roman_value(match.group(1))).capitalize()}. {heading[match.end() :]}"


def speak_numbers(text: str) -> str:
    """Apply the rules above (all but the heading rule) to a sentence of English text."""
    text = _ROMAN_AFTER_WORD.sub(_roman_after_word, text)
    text = _SAINT_STREET.sub(_saint_or_street, text)
    text = _DECADE.sub(_decade, text)
    text = _YEAR.sub(lambda m: _year(m, text), text)
    text = _TIME.sub(_time, text)
    text = _MONTH_DAY.sub(lambda m: f"{m.group(1)} {ordinal(int(m.group(2)))}", text)
    text = _DAY_MONTH.sub(lambda m: f"the {ordinal(int(m.group(1)))} of {m.group(2)}", text)
    text = _UNIT.sub(_unit, text)
    return _speak_signs_and_slashes(text)


def _speak_signs_and_slashes(text: str) -> str:
    """No. 1 / #1 -> number 1, ~5 -> about 5, 10x -> 10 times, and the slash rules."""
    text = _NUMBER_SIGN.sub("number ", text)
    text = _APPROX.sub("about ", text)
    text = _TIMES.sub(r"\1 times", text)
    text = _SLASH_DATE.sub(lambda m: " ".join(m.groups()), text)
    text = _FRACTION.sub(_fraction, text)
    return _WORD_SLASH.sub(" ", text)


def _fraction(match: re.Match[str]) -> str:
    """1/2 -> a half, 3/4 -> three quarters, 4.5/5 -> 4.5 out of 5, 24/7 and 50/50 as said."""
    top, bottom = match.group(1), match.group(2)
    if (top, bottom) in _FRACTIONS:
        return _FRACTIONS[top, bottom]
    if top == bottom or (top, bottom) == ("24", "7"):
        return f"{top} {bottom}"
    if float(top) <= float(bottom) <= 10 or bottom in ("10", "100"):
        return f"{top} out of {bottom}"
    return f"{top} {bottom}"


def _roman_after_word(match: re.Match[str]) -> str:
    """ "Chapter IV" -> "Chapter four"; a lone C or L stays a letter ("Section C")."""
    word, numeral = match.group(1), match.group(2)
    if len(numeral) == 1 and numeral not in "IVX":
        return match.group(0)
    return f"{word} {number_words(roman_value(numeral))}"


def _saint_or_street(match: re.Match[str]) -> str:
    """ "Baker St." -> "Baker Street" after a name; "near St. Paul" -> "near Saint Paul"."""
    before = match.group(1)
    word = before.strip()
    after_name = word[:1].isupper() and word[-1:].isalpha()
    return f"{before}{'Street' if after_name else 'Saint'}"


def _decade(match: re.Match[str]) -> str:
    century, tens, short_tens = match.groups()
    if short_tens is not None:
        return _DECADES[short_tens]
    if century == "20" and tens == "0":
        return "two thousands"
    return f"{number_words(int(century))} {_DECADES[tens]}"


def _year(match: re.Match[str], text: str) -> str:
    """Read a year as a year when the words before it say it is one."""
    if not _YEAR_CONTEXT.search(text[: match.start()]):
        return match.group(0)
    return year_words(int(match.group(1)))


def _time(match: re.Match[str]) -> str:
    """10:00 -> 10 o'clock, 9:05 -> 9 oh 5, 10:00 a.m. -> 10 a.m.; other times unchanged."""
    hours, minutes, meridiem = match.group(1), match.group(2), match.group(3) or ""
    if int(hours) > 23 or int(minutes) > 59:
        return match.group(0)
    hour = str(int(hours))
    if minutes == "00":
        if meridiem:
            return f"{hour}{meridiem}"
        return f"{hour} hundred" if hours.startswith("0") or int(hours) > 12 else f"{hour} o'clock"
    if minutes.startswith("0"):
        return f"{hour} oh {minutes[1]}{meridiem}"
    return f"{hour} {minutes}{meridiem}"


def _unit(match: re.Match[str]) -> str:
    amount, unit = match.group(1), match.group(2)
    singular, plural = _UNITS[unit]
    return f"{amount} {singular if amount == '1' else plural}"
