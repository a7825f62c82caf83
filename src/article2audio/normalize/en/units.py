"""Units of measure after a number, compound units with "/", and percentages.

"500 MB/s" -> "five hundred megabytes per second", "5 mg/kg" -> "five milligrams per
kilogram", "300 K" -> "three hundred kelvin", "1 km" -> "one kilometer"; before a noun after
"a" the unit is singular ("a 5 km run" -> "a five kilometer run").
"""

from __future__ import annotations

import re

from ..numbers import GROUPED, number
from .symbols import scientific

# symbol -> (singular, plural); a plural of None adds "s".
UNITS: dict[str, tuple[str, str | None]] = {
    "nm": ("nanometer", None), "μm": ("micrometer", None), "µm": ("micrometer", None),
    "um": ("micrometer", None), "mm": ("millimeter", None), "cm": ("centimeter", None),
    "m": ("meter", None), "km": ("kilometer", None), "ft": ("foot", "feet"),
    "yd": ("yard", None), "mi": ("mile", None), "ly": ("light-year", None),
    "au": ("astronomical unit", None), "AU": ("astronomical unit", None),
    "μg": ("microgram", None), "µg": ("microgram", None), "mcg": ("microgram", None),
    "ng": ("nanogram", None), "mg": ("milligram", None), "g": ("gram", None),
    "kg": ("kilogram", None), "lb": ("pound", None), "lbs": ("pound", None),
    "oz": ("ounce", None), "kDa": ("kilodalton", None), "Da": ("dalton", None),
    "μL": ("microliter", None), "µL": ("microliter", None), "uL": ("microliter", None),
    "mL": ("milliliter", None), "ml": ("milliliter", None), "dL": ("deciliter", None),
    "cL": ("centiliter", None), "L": ("liter", None), "gal": ("gallon", None),
    "ns": ("nanosecond", None), "μs": ("microsecond", None), "µs": ("microsecond", None),
    "ms": ("millisecond", None), "s": ("second", None), "sec": ("second", None),
    "secs": ("second", None), "min": ("minute", None), "mins": ("minute", None),
    "h": ("hour", None), "hr": ("hour", None), "hrs": ("hour", None), "wk": ("week", None),
    "wks": ("week", None), "yr": ("year", None), "yrs": ("year", None),
    "Hz": ("hertz", "hertz"), "kHz": ("kilohertz", "kilohertz"), "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"), "THz": ("terahertz", "terahertz"),
    "rpm": ("revolution per minute", "revolutions per minute"),
    "bit": ("bit", None), "bits": ("bit", None), "kB": ("kilobyte", None), "KB": ("kilobyte", None),
    "MB": ("megabyte", None), "GB": ("gigabyte", None), "TB": ("terabyte", None),
    "PB": ("petabyte", None), "KiB": ("kibibyte", None), "MiB": ("mebibyte", None),
    "GiB": ("gibibyte", None), "TiB": ("tebibyte", None), "kb": ("kilobit", None),
    "Kb": ("kilobit", None), "Mb": ("megabit", None), "Gb": ("gigabit", None),
    "Tb": ("terabit", None),
    "kbps": ("kilobit per second", "kilobits per second"),
    "Kbps": ("kilobit per second", "kilobits per second"),
    "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"),
    "Tbps": ("terabit per second", "terabits per second"),
    "MBps": ("megabyte per second", "megabytes per second"),
    "GBps": ("gigabyte per second", "gigabytes per second"),
    "W": ("watt", None), "mW": ("milliwatt", None), "kW": ("kilowatt", None),
    "MW": ("megawatt", None), "GW": ("gigawatt", None), "TW": ("terawatt", None),
    "Wh": ("watt-hour", None), "kWh": ("kilowatt-hour", None), "MWh": ("megawatt-hour", None),
    "GWh": ("gigawatt-hour", None), "TWh": ("terawatt-hour", None), "J": ("joule", None),
    "kJ": ("kilojoule", None), "MJ": ("megajoule", None), "kcal": ("kilocalorie", None),
    "cal": ("calorie", None), "eV": ("electron volt", None), "keV": ("kilo electron volt", None),
    "MeV": ("mega electron volt", None), "GeV": ("giga electron volt", None),
    "TeV": ("tera electron volt", None), "pg": ("picogram", None), "fg": ("femtogram", None), "V": ("volt", None), "mV": ("millivolt", None),
    "kV": ("kilovolt", None), "mA": ("milliamp", None), "mAh": ("milliamp-hour", None),
    "Ω": ("ohm", None), "kΩ": ("kilohm", None), "Pa": ("pascal", None), "kPa": ("kilopascal", None),
    "MPa": ("megapascal", None), "GPa": ("gigapascal", None), "hPa": ("hectopascal", None),
    "bar": ("bar", None), "mbar": ("millibar", None), "psi": ("p s i", "p s i"),
    "atm": ("atmosphere", None), "mmHg": ("millimeter of mercury", "millimeters of mercury"),
    "°C": ("degree Celsius", "degrees Celsius"), "℃": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"), "℉": ("degree Fahrenheit", "degrees Fahrenheit"),
    "K": ("kelvin", "kelvin"), "°": ("degree", None),
    "mM": ("millimolar", "millimolar"), "μM": ("micromolar", "micromolar"),
    "µM": ("micromolar", "micromolar"), "uM": ("micromolar", "micromolar"),
    "nM": ("nanomolar", "nanomolar"), "pM": ("picomolar", "picomolar"),
    "mol": ("mole", None), "mmol": ("millimole", None),
    "ppm": ("part per million", "parts per million"), "ppb": ("part per billion", "parts per billion"),
    "dB": ("decibel", None), "dBA": ("decibel", None), "mph": ("mile per hour", "miles per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"), "kn": ("knot", None),
    "kt": ("knot", None), "ha": ("hectare", None), "px": ("pixel", None), "dpi": ("d p i", "d p i"),
    "fps": ("frame per second", "frames per second"), "FPS": ("frame per second", "frames per second"),
    "Gy": ("gray", "gray"), "mGy": ("milligray", "milligray"), "Sv": ("sievert", None),
    "mSv": ("millisievert", None), "μSv": ("microsievert", None), "Bq": ("becquerel", None),
    "lm": ("lumen", None), "lx": ("lux", "lux"), "Nm": ("newton meter", None),
    "kN": ("kilonewton", None), "TFLOPS": ("teraflop", None), "GFLOPS": ("gigaflop", None),
    "pp": ("percentage point", None), "ppt": ("percentage point", None),
    "bp": ("basis point", None), "bps": ("basis point", None),
    "req": ("request", None), "reqs": ("request", None), "ops": ("operation", None),
    "tok": ("token", None), "tokens": ("token", None), "tx": ("transaction", None),
    "GPUs": ("G P U", None), "cores": ("core", None), "bbl": ("barrel", None),
}  # fmt: skip
# Units that need a space after the number: "4K" is a resolution, "5m" often millions, "10s"
# a decade or a plural, "15kt" a kiloton; glued, "5V", "65W", "24h", "100g" are units.
_NEEDS_SPACE = frozenset({"K", "s", "m", "J", "ha", "kn", "kt", "bar", "cal"})
_POWERS = {"²": "square", "2": "square", "³": "cubic", "3": "cubic"}
_COMPOUND_ONLY = frozenset({"req", "reqs", "ops", "tok", "tokens", "tx", "GPUs", "cores"})
_UNIT_NAMES = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
_UNIT = rf"(?:{_UNIT_NAMES})(?:\^?[²³23](?![\d]))?"
_AMOUNT = (
    rf"(?<![\w.,^])([-−]?{GROUPED}(?:\.\d+)?(?:\s?[×x]\s?10)?(?:\^[-−+]?\d+|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?)"
)
_SCALE_WORD = r"(?:\s(?:thousand|million|billion|trillion)|(?:K|k|M|B|bn)(?=\s))?"  # "4.6 billion km", "1.2M req/s"
_SCALES = {"K": " thousand", "k": " thousand", "M": " million", "B": " billion", "bn": " billion"}
_MEASURE = re.compile(rf"{_AMOUNT}({_SCALE_WORD})(\s?|-)({_UNIT}(?:/{_UNIT})*)(?![\w/])(?!\.\d)")
_PER = re.compile(rf"(?<=[a-z0-9])/({_UNIT})(?![\w/])")
_PER_WORD = re.compile(
    r"(?<=[a-z0-9])/(month|year|week|day|hour|night|person|head|user|seat|share|barrel|ton"
    r"|tonne|unit|mo|yr|hr|wk)\b"
)
_PER_AFTER_MONEY = re.compile(
    r"\b(dollars?|cents?|euros?|pounds|pence|yen|yuan|rupees?)\s?/\s?(?=[A-Za-z])"
)
_PER_WORDS = {"mo": "month", "yr": "year", "hr": "hour", "wk": "week"}
_BARE_COMPOUND = re.compile(rf"(?<![\w/])({_UNIT_NAMES})/({_UNIT_NAMES})(?![\w/])")
_PERCENT = re.compile(rf"{_AMOUNT}\s?%")
# "100,000s kg", "1000s of users", "10s of ms": a round number made plural is an order of magnitude.
_MAGNITUDE = re.compile(
    rf"(?<![\w.,])(10|100|1,?000|10,?000|100,?000|1,?000,?000)s\s"
    rf"(?:(of)\s(?:({_UNIT_NAMES})\b(?![\w/]))?|({_UNIT_NAMES})\b(?![\w/]))"
)
_MAGNITUDES = {
    "10": "tens",
    "100": "hundreds",
    "1000": "thousands",
    "10000": "tens of thousands",
    "100000": "hundreds of thousands",
    "1000000": "millions",
}
_COORDINATE = re.compile(r"(\d+(?:\.\d+)?)\s?°\s?([NSEW])\b")  # 37.2°N
_COMPASS = {"N": "north", "S": "south", "E": "east", "W": "west"}
# A measure followed by another in a list: "25 cm and 5 cm stereo images".
_NEXT_MEASURE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|to|by|x|×)\s+)(?=[-−]?\d)")
_DETERMINER = re.compile(
    r"\b(?:a|an|the|this|that|its|each|every|one|another|their|our)\s+"
    r"(?:(?!(?:is|was|are|were|has|have|had|hit|set|put|\w+ed|\w*[^\Wsui']s)\b)[\w-]+,?\s+){0,4}$",
    re.IGNORECASE,
)


def speak_units(text: str) -> str:
    """Numbers with units or percent signs in words; "/unit" after a word as "per unit"."""
    text = _PERCENT.sub(lambda m: f"{_percent_number(m.group(1))} percent", text)
    text = text.replace("%", " percent")
    text = _MAGNITUDE.sub(_magnitude, text)
    text = _COORDINATE.sub(lambda m: f"{m.group(1)} degrees {_COMPASS[m.group(2)]}", text)
    text = _MEASURE.sub(_measure, text)
    if "/" not in text:
        return text
    text = _BARE_COMPOUND.sub(_bare_compound, text)
    text = _PER_WORD.sub(lambda m: f" per {_PER_WORDS.get(m.group(1), m.group(1))}", text)
    text = _PER.sub(lambda m: f" per {_unit_words(m.group(1), singular=True)}", text)
    return _PER_AFTER_MONEY.sub(r"\1 per ", text)


def _magnitude(match: re.Match[str]) -> str:
    """100,000s kg -> hundreds of thousands of kilograms; 10s of ms -> tens of milliseconds."""
    amount, of, unit_after_of, unit = match.groups()
    words = _MAGNITUDES[amount.replace(",", "")]
    unit = unit or unit_after_of
    if unit is None:
        return f"{words} of "
    return f"{words} of {_unit_words(unit, False)}"


def _bare_compound(match: re.Match[str]) -> str:
    """pg/mL with no number -> picograms per milliliter."""
    first, second = match.groups()
    if len(first) < 2 or first in _COMPOUND_ONLY:
        return match.group(0)
    return f"{_unit_words(first, False)} per {_unit_words(second, True)}"


def _percent_number(written: str) -> str:
    """5.50 -> five point five (a percentage's trailing zeros are not said)."""
    if "." in written:
        written = written.rstrip("0").rstrip(".")
    return number(written)


def _measure(match: re.Match[str]) -> str:
    amount, scale, gap, units = match.groups()
    parts = units.split("/")
    first = parts[0]
    base = re.sub(r"\^?[²³23]$", "", first) if first not in UNITS else first
    if base in _COMPOUND_ONLY and len(parts) == 1:
        return match.group(0)
    if scale in _SCALES and (not gap or "." in amount and scale in "Kk"):
        return match.group(0)  # "5Mb" is not 5 million bits
    decimal_seconds = base == "s" and "." in amount  # "took 2.5s"
    if not gap and base in _NEEDS_SPACE and len(parts) == 1 and not decimal_seconds:
        return match.group(0)  # "5m" may be millions, "0.5m/s" is meters per second
    if scale and not gap:
        return match.group(0)
    singular = amount in ("1", "-1", "−1") and not scale or gap == "-" or is_adjective(match)
    words = [_unit_words(first, singular)] + [_unit_words(unit, True) for unit in parts[1:]]
    return f"{scientific(amount)}{_SCALES.get(scale, scale)} {' per '.join(words)}"


def _unit_words(unit: str, singular: bool) -> str:
    """One unit in words, with "square" or "cubic" for a power."""
    power = ""
    if unit not in UNITS:
        power = _POWERS[unit[-1]] + " "
        unit = unit.rstrip("^²³23")
    one, many = UNITS[unit]
    return power + (one if singular else many or one + "s")


_NOT_A_NOUN = frozenset(
    """of per in on at to and or for from away long high wide deep tall thick old apart ago later
    earlier each is was are were be been has have had will would can could should may might must
    do does did a an the by with than into onto over under above below across along through
    about around between while when where if so yet also still just now then there here more
    less further farther faster slower higher lower longer shorter yesterday today tomorrow
    tonight it its they he she we you i this that these those which who or nor but as up down
    off out per after before since until during against toward towards behind beyond within
    without across""".split()
)


# Nouns a measure describes even with no determiner before it ("at 10 m resolution").
MEASURED_NOUNS = frozenset(
    """resolution range radius diameter depth height altitude orbit wavelength bandwidth band
    window limit threshold cap capacity increment step interval gap spacing margin buffer
    tolerance accuracy precision offset lens aperture mirror telescope dish antenna sensor
    pixel battery dose tablet pill race run walk swim ride journey trip flight drive stretch
    section segment zone ceiling floor boost cut rise drop""".split()
)


def is_adjective(match: re.Match[str]) -> bool:
    """ "a 5 km run", "10 nm resolution": a measure before a noun is an adjective (singular);
    in a list ("25 cm and 5 cm images") each measure is what the last one is."""
    rest = match.string[match.end() :]
    joined = _NEXT_MEASURE.match(rest)
    if joined:
        following = _MEASURE.match(match.string, match.end() + joined.end())
        if following:
            return is_adjective(following)
    after = re.match(r"\s([A-Za-z]+)\b", match.string[match.end() :])
    if not after:
        return False
    word = after.group(1)
    if word.lower() in _NOT_A_NOUN or word.endswith(("ly", "er", "est")):
        return False
    if word.lower().removesuffix("s") in MEASURED_NOUNS:
        return True  # "at 10 m resolution", "in 5 mm steps"
    return bool(_DETERMINER.search(match.string[: match.start()]))
