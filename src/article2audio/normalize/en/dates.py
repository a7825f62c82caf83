"""Dates, years, decades, quarters and clock times as a person says them.

- ISO and numeric dates; numeric ones follow the article's locale (month first for US English,
  the default; day first for en-GB, en-AU, en-IE, en-NZ, en-IN, en-ZA, or when the sentence
  names such a place); a date only one order makes valid is read in that order;
- month names and abbreviations with days and years, ranges ("June 15–17", "June 30–July 2",
  "15–17 June", "March–April"), abbreviated weekdays before a date ("Tue 09 Apr 2024");
- decades ("1990s", "'90s", "the 60s", "60s hits"; "after 30s" is left for the unit rules as
  seconds), "mid-2025", quarters (Q3 2024), halves (H1), fiscal years (FY25), AD and BC;
- clock times: 10:30, 9:05 (nine oh five), 10:00 (ten o'clock), 15:00 and 07:00 on a 24-hour
  clock (fifteen hundred, oh seven hundred), seconds ("12:00:00" drops zero seconds),
  a.m./p.m. in any case, time zones (ET -> Eastern Time), military time (0700 GMT), split
  times (1:23.5) and time ranges.
"""

from __future__ import annotations

import re

from ..numbers import cardinal, digits, ordinal, year

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_BY_ABBREVIATION = {month[:3]: month for month in MONTHS} | {"Sept": "September"}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_YEAR = r"(1[0-9]\d\d|2[01]\d\d)"
# 2024-03-15 and 2024/03/15 (with a time: 2024-03-15T10:00Z)
_ISO_DATE = re.compile(
    r"(?<![\d/-])(\d{4})([-/])(\d{2})\2(\d{2})(?:T\d{2}:\d{2}(?::\d{2})?Z?)?(?![\d/-])"
)
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|\.\d)")
_TH = r"(?:st|nd|rd|th)?"
_THE_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|their|his|her|our)\s$", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|this|that|its|their|his|her|our|each|every)\s$", re.I)
_DASH = r"\s?[-–]\s?"
_DAY_TO = rf"({_DASH}|\s(?:to|through|and)\s)"  # the word between the days of a range
# "June 15", "June 15, 2025", "June 15–17, 2025", "June 30–July 2"
_MONTH_DAY = re.compile(
    rf"\b{_MONTH}\.?\s(\d{{1,2}}){_TH}(?:{_DAY_TO}(?:{_MONTH}\.?\s)?(\d{{1,2}}){_TH})?(?![\d:]|\.\d)"
    rf"(?:(,?\s){_YEAR}\b)?"
)
# "15 June", "the 15th of June 2025", "15–17 June 2025"
_DAY_MONTH = re.compile(
    rf"(?<![\d.,])\b(\d{{1,2}}){_TH}(?:{_DAY_TO}(?:the\s)?(\d{{1,2}}){_TH})?\s(?:of\s)?{_MONTH}\b\.?"
    rf"(?:(,?\s){_YEAR}\b)?"
)
# "March–April", "May 2024–June 2025": a dash before a month is "to".
_MONTH_RANGE = re.compile(rf"\b{_MONTH}\.?{_DASH}{_MONTH}\b\.?(?!\s?\d{{1,2}}\b(?!,?\s?\d{{4}}))")
_YEAR_TO_MONTH = re.compile(rf"(?<=\b{_YEAR}){_DASH}(?={_MONTH}\b)")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\.?(,?\s){_YEAR}\b")
_DECADE = re.compile(r"(?<![\d$€£.,])(?:(1[1-9]|20)(\d)0|'(\d)0)s\b")
_SHORT_DECADE = re.compile(
    r"(?<![\w$€£.,'’])(?:the|mid-?|early|late|low|high|upper|lower|his|her|their|our)\s([2-9]0)s\b"
)
# "60s hits": a decade with no word before it, unless a word of time makes it seconds
# ("time out after 30s"; the unit rules say those).
_BARE_DECADE = re.compile(r"(?<![\w$€£.,'’-])([2-9]0)s\b(?!-\d)")
DURATION_BEFORE = re.compile(
    r"\b(?:after|every|for|within|than|under|over|about|of|to|in|at|by|takes?|took|lasts?|from"
    r"|timeout|interval|delay|previously|default|equals)\s\(?$",
    re.IGNORECASE,
)
# A noun of waiting after a glued "30s": seconds, not a decade ("a 10s connect timeout").
DURATION_AFTER = re.compile(
    r"\s(?:[a-z]+\s)?(?:timeouts?|time-?outs?|delays?|intervals?|waits?|cooldowns?|backoffs?"
    r"|pauses?|deadlines?|TTLs?|heartbeats?|grace period|polling|retry|retries|sleep|countdown)\b"
)
_PREFIXED_YEAR = re.compile(r"\b(mid|pre|post|early|late)-((?:1[1-9]|20)\d\d)\b", re.IGNORECASE)
_ERA = re.compile(r"\b(?:(AD|CE)\s(\d{1,4})\b|(\d{1,4})\s?(BC|BCE|AD|CE)\b)")
# "Mon., Oct. 7", "Tue 09 Apr 2024": an abbreviated weekday before a date.
_WEEKDAY = re.compile(
    r"\b(Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(\.?,|\.?)(?=\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:of\s)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|(?:Jan|Feb|Mar|Apr|May|Jun|Jul"
    r"|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d))"
)
_WEEKDAYS = {
    "Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday",
    "Thu": "Thursday", "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday",
    "Sat": "Saturday", "Sun": "Sunday",
}  # fmt: skip
_DAY = r"(Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?"
_WEEKDAY_RANGE = re.compile(rf"\b{_DAY}\.?\s?[-–]\s?{_DAY}\b\.?")  # "Mon-Fri", "Mon.–Fri."
_TIME_RANGE = re.compile(r"(?<=\b[ap] m)\s?[-–]\s?(?=[a-z])|(?<=o'clock)\s?[-–]\s?(?=[a-z])")
_MILITARY = re.compile(
    r"(?<![\d,.])([01]\d|2[0-3])([0-5]\d)(?=\s*(?:hours|hrs)\b|\s+to\s+\d{4}\s+hours"
    r"|\s?(?:GMT|UTC|Z)\b)"
)
_QUARTER = re.compile(r"\b(?:(in|during|for|of|by)\s)?([1-4])?Q([1-4])\b(?:\s?(\d{4}|'?\d{2})\b)?")
# "2Q24", "in 4Q 2023": the quarter's number first, as some wires write it.
_QUARTER_FIRST = re.compile(r"\b(?:(in|during|for|of|by)\s)?()([1-4])Q(?:\s?(\d{4}|'?\d{2}))?\b")
_HALF = re.compile(r"\b(?:(in|during|for|of|by)\s)?H([12])(\s?\d{4}|\s?'\d{2}|\s\d{2})\b")
_FISCAL = re.compile(r"\bFY\s?'?(\d{4}|\d{2})\b(?:\s?[-–]\s?(?:FY\s?)?'?(\d{4}|\d{2})\b)?")
# "in '08": a year by its last two digits (a decade "'90s" is read by the decade rule)
_SHORT_YEAR = re.compile(r"(?<![\w'’])['’](\d\d)\b(?![s'’]|\.\d)")
_MERIDIEM = r"(?:\s?([ap])\.?\s?m\b\.?|\s?([AP])\.?M\b\.?)"
TIME_ZONES = {
    "ET": "Eastern Time",
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CT": "Central Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MT": "Mountain Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PT": "Pacific Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "GMT": "G M T",
    "UTC": "U T C",
    "BST": "British Summer Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "IST": "India Standard Time",
    "JST": "Japan Standard Time",
    "AEST": "Australian Eastern Standard Time",
    "AEDT": "Australian Eastern Daylight Time",
    "HKT": "Hong Kong Time",
    "SGT": "Singapore Time",
}
_ZONE = (
    rf"(?:\s\(?({'|'.join(sorted(TIME_ZONES, key=len, reverse=True))})\b(?:\s?[+-]\d{{1,2}})?\)?)?"
)
_CLOCK = re.compile(
    rf"(?<![\d:.$])(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?(?![\d:]){_MERIDIEM}?{_ZONE}"
)
_HOUR_MERIDIEM = re.compile(rf"(?<![\d:.,$])(\d{{1,2}}){_MERIDIEM}(?!\w){_ZONE}")


def speak_dates(text: str, day_first: bool = False) -> str:
    """ISO and numeric dates, month-name dates, decades, quarters and fiscal years in words."""
    text = _WEEKDAY.sub(lambda m: _WEEKDAYS[m.group(1)] + ("," if "," in m.group(2) else ""), text)
    text = _WEEKDAY_RANGE.sub(
        lambda m: f"{_day(m.group(1))} to {_day(m.group(2))}{_kept_stop(m)}", text
    )
    text = _ISO_DATE.sub(_iso_date, text)
    text = _NUMERIC_DATE.sub(lambda m: _numeric_date(m, day_first), text)
    text = _MONTH_RANGE.sub(
        lambda m: f"{month_name(m.group(1))} to {month_name(m.group(2))}{_kept_stop(m)}", text
    )
    text = _YEAR_TO_MONTH.sub(" to ", text)
    text = _MONTH_DAY.sub(_month_day, text)
    text = _DAY_MONTH.sub(_day_month, text)
    text = _MONTH_YEAR.sub(
        lambda m: f"{month_name(m.group(1))}{m.group(2)}{year(int(m.group(3)))}", text
    )
    text = _DECADE.sub(_decade, text)
    text = _PREFIXED_YEAR.sub(lambda m: f"{m.group(1)} {year(int(m.group(2)))}", text)
    text = _SHORT_DECADE.sub(
        lambda m: m.group(0)[: -len(m.group(1)) - 1] + _DECADES[m.group(1)[0]], text
    )
    text = _BARE_DECADE.sub(_bare_decade, text)
    text = _QUARTER.sub(_quarter, text)
    text = _QUARTER_FIRST.sub(_quarter, text)
    text = _HALF.sub(_half, text)
    text = _FISCAL.sub(_fiscal, text)
    return _SHORT_YEAR.sub(lambda m: _two_digit_year(m.group(1)), text)


def _fiscal(match: re.Match[str]) -> str:
    """FY25 -> fiscal twenty twenty-five; FY2019–FY2023 -> fiscal twenty nineteen to twenty
    twenty-three."""
    first, last = match.groups()
    words = f"fiscal {_year_words(first)}"
    return f"{words} to {_year_words(last)}" if last else words


def _two_digit_year(written: str) -> str:
    """'08 -> oh eight, '98 -> ninety-eight."""
    return f"oh {digits(written[1])}" if written.startswith("0") else cardinal(int(written))


def speak_times(text: str) -> str:
    """Clock times: 10:30 -> ten thirty, 9:05 -> nine oh five, 2 p.m. ET -> two p m Eastern Time."""
    text = _MILITARY.sub(lambda m: _military(m.group(1), m.group(2)), text)
    text = _LAP.sub(_lap, text)
    text = _ERA.sub(_era, text)
    text = _CLOCK.sub(_clock, text)
    text = _HOUR_MERIDIEM.sub(_hour_meridiem, text)
    return _TIME_RANGE.sub(" to ", text)


_LAP = re.compile(r"(?<![\d:.])(\d{1,2}):([0-5]\d)\.(\d{1,3})(?![\d:])")  # a split time: 1:23.5


def _lap(match: re.Match[str]) -> str:
    """1:23.5 -> one minute twenty-three point five seconds."""
    minutes, seconds, fraction = int(match.group(1)), int(match.group(2)), match.group(3)
    minute_words = f"{cardinal(minutes)} minute{'' if minutes == 1 else 's'} " if minutes else ""
    return f"{minute_words}{cardinal(seconds)} point {digits(fraction)} seconds"


def _day(written: str) -> str:
    """Mon -> Monday; a full name stays."""
    return _WEEKDAYS.get(written, written) if len(written) <= 5 else written


def _military(hours: str, minutes: str) -> str:
    """0800 -> oh eight hundred, 1730 -> seventeen thirty."""
    hour_words = ("oh " if hours.startswith("0") else "") + cardinal(int(hours))
    if minutes == "00":
        return f"{hour_words} hundred"
    return f"{hour_words} {'oh ' if minutes.startswith('0') else ''}{cardinal(int(minutes))}"


def _era(match: re.Match[str]) -> str:
    """AD 79 -> A D seventy-nine; 753 BC -> seven fifty-three B C."""
    era_before, year_after, year_before, era_after = match.groups()
    era = era_before or era_after
    words = year(int(year_after or year_before))
    spelled = " ".join(era)
    return f"{spelled} {words}" if era_before else f"{words} {spelled}"


def month_name(written: str) -> str:
    """Jan -> January; a full name stays."""
    return (
        _MONTH_BY_ABBREVIATION.get(
            written[:4] if written.startswith("Sept") else written[:3], written
        )
        if len(written) <= 4
        else written
    )


def _year_words(written: str) -> str:
    """A two- or four-digit year in words ('05 and 05 -> two thousand five)."""
    digits = written.lstrip("'")
    if len(digits) == 2:
        number = int(digits)
        return year(2000 + number if number < 50 else 1900 + number)
    return year(int(digits))


def _date(month: int, day: int, year_text: str | None) -> str:
    words = f"{MONTHS[month - 1]} {ordinal(day)}"
    return f"{words}, {_year_words(year_text)}" if year_text else words


def _iso_date(match: re.Match[str]) -> str:
    year_text, month, day = match.group(1), int(match.group(3)), int(match.group(4))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return _date(month, day, year_text)


def _numeric_date(match: re.Match[str], day_first: bool) -> str:
    first, second, year_text = int(match.group(1)), int(match.group(3)), match.group(4)
    if match.group(2) == "." and len(year_text) == 2:
        return match.group(0)  # 1.2.25 is a version more often than a date
    if first > 12 and 1 <= second <= 12:
        day_first = True
    elif second > 12 and 1 <= first <= 12:
        day_first = False
    month, day = (second, first) if day_first else (first, second)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    if day_first:
        the = "" if _THE_BEFORE.search(match.string, 0, match.start()) else "the "
        return f"{the}{ordinal(day)} of {MONTHS[month - 1]}, {_year_words(year_text)}"
    return _date(month, day, year_text)


def _month_day(match: re.Match[str]) -> str:
    """June 15 -> June fifteenth; June 15–17, 2025 -> June fifteenth to seventeenth, twenty
    twenty-five; June 30–July 2 -> June thirtieth to July second."""
    month, day, joint, month_to, day_to, _, year_text = match.groups()
    if not all(1 <= int(d) <= 31 for d in (day, day_to or day)):
        return match.group(0)
    words = f"{month_name(month)} {ordinal(int(day))}"
    if day_to:
        month_to = f"{month_name(month_to)} " if month_to else ""
        words += f" {_joint(joint)} {month_to}{ordinal(int(day_to))}"
    return f"{words}, {year(int(year_text))}" if year_text else words


def _day_month(match: re.Match[str]) -> str:
    """15 June -> the fifteenth of June; 15–17 June -> the fifteenth to the seventeenth of June."""
    day, joint, day_to, month, _, year_text = match.groups()
    if not all(1 <= int(d) <= 31 for d in (day, day_to or day)):
        return match.group(0)
    before = match.string[: match.start()]
    if _DETERMINER_BEFORE.search(before) and not day_to:  # "a 26 December 2019 ruling"
        words = f"{month_name(month)} {ordinal(int(day))}"
    else:
        the = "" if re.search(r"\bthe\s$", before, re.IGNORECASE) else "the "
        days = f"{the}{ordinal(int(day))}"
        if day_to:
            days += f" {_joint(joint)} the {ordinal(int(day_to))}"
        words = f"{days} of {month_name(month)}"
    words = f"{words}, {year(int(year_text))}" if year_text else words
    return words + _kept_stop(match)


def _joint(written: str) -> str:
    """The word between the two days of a range: a dash is "to"."""
    word = written.strip(" -–")
    return word or "to"


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


def _decade(match: re.Match[str]) -> str:
    century, tens, short_tens = match.groups()
    if short_tens is not None:
        return _DECADES[short_tens]
    if century == "20" and tens == "0":
        return "two thousands"
    return f"{cardinal(int(century))} {_DECADES[tens]}"


def _bare_decade(match: re.Match[str]) -> str:
    """ "60s hits" -> sixties hits; "after 30s", "a 30s delay" stay for the unit rules
    (seconds)."""
    if DURATION_BEFORE.search(match.string, 0, match.start()) or DURATION_AFTER.match(
        match.string, match.end()
    ):
        return match.group(0)
    return _DECADES[match.group(1)[0]]


def _quarter(match: re.Match[str]) -> str:
    """Q3 -> third quarter; in Q3 2024 -> in the third quarter of twenty twenty-four."""
    preposition, _, quarter, year_text = match.groups()
    words = f"{ordinal(int(quarter))} quarter"
    if preposition:
        words = f"{preposition} the {words}"
    return f"{words} of {_year_words(year_text)}" if year_text else words


def _half(match: re.Match[str]) -> str:
    preposition, half, year_text = match.groups()
    the = "" if _THE_BEFORE.search(match.string, 0, match.start()) else "the "
    words = f"{the}{'first' if half == '1' else 'second'} half of {_year_words(year_text.strip())}"
    return f"{preposition} {words}" if preposition else words


def _meridiem(match: re.Match[str], start: int) -> str:
    letter = match.group(start) or match.group(start + 1)
    return f" {letter.lower()} m" if letter else ""


def _zone(match: re.Match[str], index: int) -> str:
    """The zone's name; a closing bracket taken after it that the zone did not open is kept
    ("(10:52 a.m. EDT)")."""
    zone = match.group(index)
    if not zone:
        return ""
    whole = match.group(0)
    return f" {TIME_ZONES[zone]}" + (")" if whole.endswith(")") and "(" not in whole else "")


def _clock(match: re.Match[str]) -> str:
    hours, minutes, seconds = int(match.group(1)), int(match.group(2)), match.group(3)
    if hours > 24 or minutes > 59:
        return match.group(0)
    meridiem = _meridiem(match, 4)
    zone = _zone(match, 6)
    if seconds is not None and hours < 10 and not (meridiem or zone):
        return _duration(hours, minutes, int(seconds))
    if seconds is not None and int(seconds):
        minute_words = _minutes(hours, minutes, match.group(1))
        second_words = f"{cardinal(int(seconds))} second{'' if int(seconds) == 1 else 's'}"
        words = f"{minute_words} and {second_words}"
        return words + meridiem + zone + _kept_stop(match)
    if minutes == 0 and meridiem:
        return f"{cardinal(hours)}{meridiem}{zone}{_kept_stop(match)}"
    return f"{_minutes(hours, minutes, match.group(1))}{meridiem}{zone}{_kept_stop(match)}"


def _minutes(hours: int, minutes: int, written_hours: str) -> str:
    """The hour and minutes: 9:05 -> nine oh five, 10:00 -> ten o'clock, 07:00 and 15:00 (a
    24-hour clock) -> oh seven hundred, fifteen hundred."""
    if minutes:
        return f"{cardinal(hours)} {'oh ' if minutes < 10 else ''}{cardinal(minutes)}"
    if written_hours.startswith("0") or hours > 12:
        return f"{'oh ' if written_hours.startswith('0') else ''}{cardinal(hours)} hundred"
    return f"{cardinal(hours)} o'clock"


def _duration(hours: int, minutes: int, seconds: int) -> str:
    """2:09:56 -> two hours nine minutes and fifty-six seconds."""
    parts = [
        f"{cardinal(value)} {unit}{'' if value == 1 else 's'}"
        for value, unit in ((hours, "hour"), (minutes, "minute"))
        if value
    ]
    return " ".join(parts) + f" and {cardinal(seconds)} second{'' if seconds == 1 else 's'}"


def _hour_meridiem(match: re.Match[str]) -> str:
    hours = int(match.group(1))
    if not 1 <= hours <= 12:
        return match.group(0)
    return f"{cardinal(hours)}{_meridiem(match, 2)}{_zone(match, 4)}{_kept_stop(match)}"


def _kept_stop(match: re.Match[str]) -> str:
    """The dot of "p.m." when it also ended the sentence."""
    rest = match.string[match.end() :].strip(" \"')")
    return "." if match.group(0).endswith(".") and not rest else ""
