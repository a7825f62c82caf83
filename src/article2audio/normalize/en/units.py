"""Units of measure after a number, compound units with "/", and percentages.

- ~180 units, plural or singular ("1 km" -> one kilometer), with squares and cubes ("W/m²"),
  compounds ("500 MB/s", "10 mg/kg/day", "mL/min/1.73 m²" with "per"; with no number "pg/mL",
  "W/m²"; "m/s²" is meters per second squared), astronomy (M⊕, R⊕,
  M☉), "GeV/c²", blood pressure ("145/92 mmHg" -> one forty-five over ninety-two);
- glued units where the glue is unambiguous ("5V", "24h", "2.5s", "after 30s"; "5m" may be
  millions and stays), degrees without their sign in a sentence about temperatures ("47.2C");
- a scale word between the number and the unit ("4.6 billion km", "5.2 mln bbl");
- percentages ("5.50%" -> five point five percent), orders of magnitude ("1000s of users"),
  coordinates (37.2°N), "per" after money ("$5/month", "$47/bbl");
- the unit is singular as an adjective: after a determiner before a noun ("a 5 km run"),
  before a measured noun ("at 10 m resolution"), or in a list that ends with one; a rate of a
  count stays plural ("the 411.2 parts per million peak", "a 60 frames per second game");
- glued seconds before a noun of waiting ("a 10s connect timeout": ten second), never after a
  designation ("F-16s" are planes: the identifier rules say them first).
"""

from __future__ import annotations

import re

from ..numbers import GROUPED, number
from .dates import DURATION_AFTER, DURATION_BEFORE
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
    "mo": ("month", None), "mos": ("month", None),
    "hp": ("horsepower", "horsepower"), "bhp": ("brake horsepower", "brake horsepower"),
    "in.": ("inch", "inches"), "A": ("amp", None),
    "sq km": ("square kilometer", None), "sq mi": ("square mile", None),
    "sq ft": ("square foot", "square feet"), "sq m": ("square meter", None),
    "cu ft": ("cubic foot", "cubic feet"), "cu m": ("cubic meter", None),
    "M⊕": ("Earth mass", "Earth masses"), "R⊕": ("Earth radius", "Earth radii"),
    "M☉": ("solar mass", "solar masses"), "R☉": ("solar radius", "solar radii"),
    "L☉": ("solar luminosity", "solar luminosities"), "M♃": ("Jupiter mass", "Jupiter masses"),
    "MJup": ("Jupiter mass", "Jupiter masses"), "pc": ("parsec", None), "kpc": ("kiloparsec", None),
    "Mpc": ("megaparsec", None), "Gpc": ("gigaparsec", None), "Å": ("angstrom", None),
    "bpm": ("beat per minute", "beats per minute"), "RJup": ("Jupiter radius", "Jupiter radii"),
    "GeV/c²": ("giga electron volt per c squared", "giga electron volts per c squared"),
    "MeV/c²": ("mega electron volt per c squared", "mega electron volts per c squared"),
}  # fmt: skip
# Units that need a space after the number: "4K" is a resolution, "5m" often millions, "10s"
# a decade or a plural, "15kt" a kiloton; glued, "5V", "65W", "24h", "100g" are units.
_NEEDS_SPACE = frozenset({"K", "s", "m", "J", "ha", "kn", "kt", "bar", "cal", "A", "in."})
# An amp ("2 A") only before a sign or the end, never before a word ("2 A students").
_BEFORE_A_WORD = re.compile(r"\s[A-Za-z]")
# Rates of a count ("parts per million", "frames per second") stay plural as adjectives: "the
# 411.2 parts per million peak", "a 60 frames per second game".
_PLURAL_ADJECTIVES = frozenset({"ppm", "ppb", "fps", "FPS", "rpm"})
_TIME_UNITS = frozenset({"s", "ms", "μs", "µs", "ns", "min", "h", "hr", "sec"})
_POWERS = {"²": "square", "2": "square", "³": "cubic", "3": "cubic"}
_COMPOUND_ONLY = frozenset({"req", "reqs", "ops", "tok", "tokens", "tx", "GPUs", "cores"})
UNIT_NAMES = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
_UNIT_NAMES = UNIT_NAMES
_UNIT = rf"(?:{_UNIT_NAMES})(?:\^?[²³23](?![\d]))?"
_AMOUNT = (
    rf"(?<![\w.,^])([-−]?{GROUPED}(?:\.\d+)?(?:\s?[×x]\s?10)?(?:\^[-−+]?\d+|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?)"
)
# "4.6 billion km", "5.2 mln bbl", "1.2M req/s"
_SCALE_WORD = r"(?:\s(?:thousand|million|billion|trillion|mln|mn|bln)|(?:K|k|M|B|bn)(?=\s))?"
_SCALES = {"K": " thousand", "k": " thousand", "M": " million", "B": " billion", "bn": " billion",
           " mln": " million", " mn": " million", " bln": " billion"}  # fmt: skip
# (a unit may be followed by "/day": "10 mg/kg/day", said by the per-word rule after it)
_MEASURE = re.compile(rf"{_AMOUNT}({_SCALE_WORD})(\s?|-)({_UNIT}(?:/{_UNIT})*)(?!\w)(?!\.\d)")
# "mL/min/1.73 m²": a slash before a measure is "per"; "145/92 mmHg" is a blood pressure, "over".
_PER_MEASURE = re.compile(rf"(?<=[a-z])\s?/\s?(?=[\d.]+\s?(?:{_UNIT_NAMES})(?![A-Za-z]))")
_BLOOD_PRESSURE = re.compile(r"(?<![\d/])(\d{2,3})/(\d{2,3})(?=\s?mm\s?Hg\b)")
_PER = re.compile(rf"(?<=[a-z0-9])/({_UNIT})(?![\w/])")
_PER_WORD = re.compile(
    r"(?<=[a-z0-9])/(month|year|week|day|hour|night|person|head|user|seat|share|barrel|ton"
    r"|tonne|unit|mo|yr|hr|wk|d)\b"
)
_PER_AFTER_MONEY = re.compile(
    r"\b(dollars?|cents?|euros?|pounds|pence|yen|yuan|rupees?)\s?/\s?(?:(b|bbl)\b|(?=[A-Za-z]))"
)
_PER_WORDS = {"mo": "month", "yr": "year", "hr": "hour", "wk": "week", "d": "day"}
_BARE_COMPOUND = re.compile(rf"(?<![\w/])({_UNIT_NAMES})/({_UNIT})(?![\w/])")
_DECIMAL_COMMA = re.compile(rf"(?<![\d,.])(\d+),(\d{{1,2}})(?=\s?(?:{_UNIT_NAMES})(?!\w))")
_INVERSE = re.compile(rf"(?<=[\w])\s?({_UNIT_NAMES})⁻([¹²³])")  # s⁻¹, cm⁻³: per ...
_PERCENT = re.compile(rf"{_AMOUNT}\s?%")
_INCH_DOT = re.compile(r"(?<=\d)-in\.(?=\s[a-z])")  # "a 1.5-in. bit": an inch, its dot not said
# "940 mb" in a sentence about air pressure is millibars (elsewhere megabits, or a sloppy MB).
_PRESSURE_WORDS = re.compile(r"\b(?:pressure|barometric|hurricane|typhoon|cyclone|storm)s?\b", re.I)
_MILLIBARS = re.compile(r"(?<=\d)\s?mb\b")
# "a 30-yr. bond", "5 oz. of gold": the dot of a unit inside a sentence is not said.
_UNIT_DOT = re.compile(
    r"(?<=[\d/])([\s-]?(?:yrs?|mos?|wks?|hrs?|mins?|secs?|oz|lbs?|ft|mi|gal|qt))\.(?=\s[a-z])"
)
# "4.7 wt%", "12 vol.%": a percentage by weight, volume, moles or atoms.
_PERCENT_OF = re.compile(rf"{_AMOUNT}\s?(wt|vol|mol|at)\.?\s?%")
_PERCENT_KINDS = {"wt": "weight", "vol": "volume", "mol": "mole", "at": "atomic"}
# "74+ mph": at least the amount, said after its unit ("seventy-four miles per hour or more").
_AT_LEAST = re.compile(rf"{_AMOUNT}\+\s?({_UNIT}(?:/{_UNIT})*)(?![\w+])")
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
# A temperature written without its degree sign, in a sentence about temperatures.
_GLUED_DEGREES = re.compile(r"(?<![\w.,])([-−]?\d+(?:\.\d+)?)([CF])\b")
_TEMPERATURE_WORDS = re.compile(
    r"\b(?:temperatures?|degrees?|heat(?:wave)?|hot|hottest|cold|coldest|warm\w*|cool\w*"
    r"|freez\w*|weather|forecasts?|thermometers?|Celsius|Fahrenheit|highs?|lows?|records?"
    r"|scorch\w*|fever)\b",
    re.IGNORECASE,
)
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
    if "," in text:  # "2,3 MB": a decimal comma before a unit
        text = _DECIMAL_COMMA.sub(r"\1.\2", text)
    if "⁻" in text:  # "35 s⁻¹", "3 m s⁻¹": per second; "g cm⁻³": per cubic centimeter
        text = _INVERSE.sub(lambda m: f"/{m.group(1)}{m.group(2).strip('¹')}", text)
    if "+" in text:
        text = _AT_LEAST.sub(r"\1 \2 or more", text)
    if "%" in text:
        text = _PERCENT_OF.sub(
            lambda m: f"{_percent_number(m.group(1))} {_PERCENT_KINDS[m.group(2)]} percent", text
        )
    text = _PERCENT.sub(lambda m: f"{_percent_number(m.group(1))} percent", text)
    text = text.replace("%", " percent")
    text = _MAGNITUDE.sub(_magnitude, text)
    text = _COORDINATE.sub(lambda m: f"{m.group(1)} degrees {_COMPASS[m.group(2)]}", text)
    if _TEMPERATURE_WORDS.search(text):  # "hit 47.2C (117F)"
        text = _GLUED_DEGREES.sub(r"\1°\2", text)
    if "/" in text:
        text = _BLOOD_PRESSURE.sub(r"\1 over \2", text)
        text = _PER_MEASURE.sub(" per ", text)
    if "mb" in text and _PRESSURE_WORDS.search(text):
        text = _MILLIBARS.sub(" mbar", text)
    text = _MEASURE.sub(_measure, _UNIT_DOT.sub(r"\1", _INCH_DOT.sub("-inch", text)))
    if "/" not in text:
        return text
    text = _BARE_COMPOUND.sub(_bare_compound, text)
    text = _PER_WORD.sub(lambda m: f" per {_PER_WORDS.get(m.group(1), m.group(1))}", text)
    text = _PER.sub(lambda m: f" per {_unit_words(m.group(1), singular=True)}", text)
    return _PER_AFTER_MONEY.sub(
        lambda m: f"{m.group(1)} per {'barrel' if m.group(2) else ''}", text
    )


def _magnitude(match: re.Match[str]) -> str:
    """100,000s kg -> hundreds of thousands of kilograms; 10s of ms -> tens of milliseconds."""
    amount, of, unit_after_of, unit = match.groups()
    words = _MAGNITUDES[amount.replace(",", "")]
    unit = unit or unit_after_of
    if unit is None:
        return f"{words} of "
    return f"{words} of {_unit_words(unit, False)}"


def _bare_compound(match: re.Match[str]) -> str:
    """pg/mL with no number -> picograms per milliliter; W/m² -> watts per square meter."""
    first, second = match.groups()
    if len(first) < 2 and second in UNITS or first in _COMPOUND_ONLY:
        return match.group(0)  # "A/B" is no unit; "W/m²", with its power, is
    return f"{_unit_words(first, False)} per {_unit_words(second, True)}"


def _percent_number(written: str) -> str:
    """5.50 -> five point five (a percentage's trailing zeros are not said)."""
    if "." in written:
        written = written.rstrip("0").rstrip(".")
    return number(written)


def _measure(match: re.Match[str]) -> str:
    amount, scale, gap, units = match.groups()
    parts = [units] if units in UNITS else units.split("/")  # "GeV/c²" is one unit
    first = parts[0]
    base = re.sub(r"\^?[²³23]$", "", first) if first not in UNITS else first
    if base in _COMPOUND_ONLY and len(parts) == 1:
        return match.group(0)
    if scale in _SCALES and (not gap or "." in amount and scale in "Kk"):
        return match.group(0)  # "5Mb" is not 5 million bits
    if not gap and base in _NEEDS_SPACE and len(parts) == 1 and not _glued_unit(match, base):
        return match.group(0)  # "5m" may be millions, "0.5m/s" is meters per second
    if scale and not gap:
        return match.group(0)
    if gap == "-" and base in _NEEDS_SPACE:
        return match.group(0)  # "10-K" is a filing, "8-K" a form
    if base == "A" and _BEFORE_A_WORD.match(match.string, match.end()):
        return match.group(0)
    singular = amount in ("1", "-1", "−1") and not scale or gap == "-" or is_adjective(match)
    if base in _PLURAL_ADJECTIVES and gap != "-":
        singular = amount in ("1", "-1", "−1") and not scale
    words = [_unit_words(first, singular)] + [_unit_words(unit, True) for unit in parts[1:]]
    return f"{scientific(amount)}{_SCALES.get(scale, scale)} {' per '.join(words)}"


_DIMENSION_AFTER = re.compile(
    r"\s(?:tall|long|high|deep|wide|away|across|thick|apart|above|below|under|in diameter|from)\b"
)


def _glued_unit(match: re.Match[str], base: str) -> bool:
    """Whether a unit that usually needs a space is meant though glued: meters before a word of
    size ("2.3m tall"), seconds after a decimal ("took 2.5s"), after a number that is no decade
    ("after 45s") or after a word of duration ("time out after 30s"; "in their 30s" was read as
    a decade by the date rules), or before a noun of waiting ("a 10s connect timeout")."""
    if base == "m":  # "2.3m tall" is meters, "2.3m people" millions (the number rules)
        return bool(_DIMENSION_AFTER.match(match.string, match.end()))
    if base != "s":
        return False
    amount = match.group(1)
    if "." in amount or not amount.endswith("0"):
        return True
    if DURATION_AFTER.match(match.string, match.end()):  # "a 10s connect timeout"
        return True
    return bool(DURATION_BEFORE.search(match.string, 0, match.start()))


def _unit_words(unit: str, singular: bool) -> str:
    """One unit in words, with "square" or "cubic" for a power."""
    power = ""
    if unit not in UNITS:
        power = _POWERS[unit[-1]] + " "
        unit = unit.rstrip("^²³23")
    one, many = UNITS[unit]
    name = one if singular else many or one + "s"
    if power and unit in _TIME_UNITS:  # m/s²: meters per second squared
        return f"{name} {'squared' if power.startswith('square') else 'cubed'}"
    return power + name


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


# A plural noun right after a measure is what the measure describes ("64 MiB chunks").
_PLURAL_NOUN = re.compile(r"[a-z]{3,}[^\Wsuie']s")
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
    if _PLURAL_NOUN.fullmatch(word):
        return True  # "uses 64 MiB chunks", "at 10 Gbps speeds"
    return bool(_DETERMINER.search(match.string[: match.start()]))
