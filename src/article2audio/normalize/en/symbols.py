"""Ranges, scores, ratios and the symbols of math and science, said as words.

"5-10" and "3-1" -> "5 to 10", "3 to 1" (a hyphen between two numbers is a range or a score);
"2:1" -> "2 to 1"; "p < 0.05" -> "p less than 0.05"; "1.5 × 10⁶" -> "1.5 times ten to the
sixth"; "E = mc²" -> "E equals m c squared"; "10^-9" -> "ten to the minus ninth"; Greek
letters by name. Digits are left for the number rules, which run after these.
"""

from __future__ import annotations

import re

from ..numbers import number, ordinal

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "µ": "mu",
    "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "gamma", "Δ": "delta", "Θ": "theta", "Λ": "lambda", "Ξ": "xi", "Π": "pi",
    "Σ": "sigma", "Φ": "phi", "Ψ": "psi", "Ω": "omega",
}  # fmt: skip
RELATIONS = {
    "≤": "less than or equal to",
    "<=": "less than or equal to",
    "≥": "greater than or equal to",
    ">=": "greater than or equal to",
    "≠": "not equal to",
    "!=": "not equal to",
    "≈": "approximately",
    "~=": "approximately",
    "≃": "approximately",
    "≡": "is equivalent to",
    "±": "plus or minus",
    "+/-": "plus or minus",
    "∓": "minus or plus",
    "×": "times",
    "÷": "divided by",
    "·": "times",
    "∙": "times",
    "⋅": "times",
    "→": "to",
    "⇒": "implies",
    "←": "from",
    "∞": "infinity",
    "√": "the square root of",
    "∑": "the sum of",
    "∫": "the integral of",
    "∂": "partial",
    "∈": "in",
    "∝": "proportional to",
    "‰": "per mille",
    "−": "minus",
}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_RANGE = re.compile(
    r"(?<![\w.,/$€£¥₹-])(\d[\d,]*(?:\.\d+)?)(%|\s?[a-zA-Z°μ]{1,4}(?=[-–]))?(?:[-–]|\s–\s)"
    r"(\d[\d,]*(?:\.\d+)?)(?![\d-]|\.\d)"
)
_YEAR_RANGE = re.compile(r"(?<![\w.,/-])((?:1[1-9]|20)\d\d)[-–](\d\d)(?![\d-])")
_MODEL_NAME = re.compile(
    r"\b(?:Boeing|Airbus|Embraer|Bombardier|Cessna|Tupolev|Antonov|Ilyushin)\s$"
)
_RATIO = re.compile(r"(?<![\d:.])(\d{1,3}):(\d{1,3})(?![\d:])")
_POWER = re.compile(r"(\w)\s?\^\s?\(?([-−+]?\d+(?:\.\d+)?|[a-z])\)?")
_SUPERSCRIPT = re.compile(r"(?<=[\w)])([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SUBSCRIPT = re.compile(r"(?<=[A-Za-z)])([₀₁₂₃₄₅₆₇₈₉]+)")
_EQUALS = re.compile(r"(?<=[\w)²³])\s*=\s*(?=[-−\w(√])")
_LESS = re.compile(r"(?<=[\w)])\s*<\s*(?=[-−\w.(])|(?<![\w)])<\s?(?=[\w.$(])")
_GREATER = re.compile(r"(?<=[\w)])\s*>\s*(?=[-−\w.(])|(?<![\w)])>\s?(?=[\w.$(])")
# A spaced hyphen between operands of a formula is a minus: "(2^(BITS - 1) - 1)".
_SPACED_MINUS = re.compile(r"(?<=[\w)])\s[-−]\s(?=[\w(])")
_FORMULA_MARK = re.compile(r"[=^*+<>]")
_POWER_OF = re.compile(r"(?<=\w)\s?\^\s?(?=\(|[A-Za-z_]{2,})")  # 2^(n - 1), 2^SERIAL_BITS
_SIGNED_PAIR = re.compile(r"(?<![\w])([+−-]\d+(?:\.\d+)?)/([+−-]\d+(?:\.\d+)?)")
_DIMENSIONS = re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)(?!10\s?(?:\^|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]))")
ISOTOPES = {
    "H": "hydrogen", "C": "carbon", "N": "nitrogen", "O": "oxygen", "U": "uranium",
    "Pu": "plutonium", "Co": "cobalt", "Cs": "cesium", "Sr": "strontium", "Am": "americium",
    "Tc": "technetium", "Th": "thorium", "Ra": "radium", "Rn": "radon", "Xe": "xenon",
    "Kr": "krypton", "I": "iodine", "K": "potassium", "Ar": "argon", "Pb": "lead",
    "Po": "polonium", "Np": "neptunium", "Cm": "curium", "He": "helium", "Be": "beryllium",
}  # fmt: skip
_ISOTOPE = re.compile(rf"\b({'|'.join(ISOTOPES)})-(\d{{1,3}})\b(?!-)")
_PLUS = re.compile(r"(?<=[\w)])\s*\+\s*(?=[\w(])")
_STAR = re.compile(r"(?<=[\w)])\s?\*\s?(?=[\w(])")
_MINUS_NUMBER = re.compile(r"(?<![\w)])[-−](?=\d)")
_COEFFICIENT = re.compile(
    r"(?<![\w.])(\d+)([a-z])\b(?=\s*[-+=*/^)]|\s*$)|(?<=[=+*/(-]\s)(\d+)([a-z])\b"
)
_GREEK_RUN = re.compile("[" + "".join(GREEK) + "]")
_FORMULA_LETTERS = re.compile(r"(?<=equals )([a-z])([a-z])(?= squared| cubed| to the|[\s,.]|$)")


# A verb or adverb that already says which way a figure moved: its sign is not said again
# ("fell -3.7%" -> "fell 3.7%").
_DIRECTION_WORDS = (
    r"(?:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)"
    r"|gain(?:s|ed|ing)?|los(?:e|es|t|ing)|slip(?:s|ped)?|sl(?:id|ides)|slump(?:s|ed)?|sank|sinks?"
    r"|jump(?:s|ed)?|climb(?:s|ed)?|surg(?:e|es|ed)|soar(?:s|ed)?|tumbl(?:e|es|ed)|plung(?:e|es|ed)"
    r"|plummet(?:s|ed)?|dip(?:s|ped)?|advanc(?:e|es|ed)|retreat(?:s|ed)?|increas(?:e|es|ed)"
    r"|decreas(?:e|es|ed)|gr(?:ew|ows?|own)|shr(?:ank|inks?|unk)|contract(?:s|ed)|expand(?:s|ed)"
    r"|add(?:s|ed)|shed|shedding|up|down|higher|lower)"
)
_SIGN_AFTER_DIRECTION = re.compile(
    rf"\b({_DIRECTION_WORDS}(?:\s(?:by|another|a\sfurther))?\s)[-−+](?=[$€£¥₹]?\.?\d)",
    re.IGNORECASE,
)
# "(+0.4%)", "(-12 bps)": a signed change in brackets says its direction.
_SIGNED_CHANGE = re.compile(
    r"\((\s?)([-−+])(?=[$€£¥₹]?\d[\d,.]*\s?(?:%|bps?\b|basis points|pts?\b|points?\b|pp\b)[^()]{0,20}\))"
)


def speak_changes(text: str) -> str:
    """A signed figure after a verb of direction loses its sign ("fell -3.7%"), and one in
    brackets says "up" or "down" ("(+0.4%)")."""
    text = _SIGN_AFTER_DIRECTION.sub(r"\1", text)
    return _SIGNED_CHANGE.sub(lambda m: "(up " if m.group(2) == "+" else "(down ", text)


def speak_ranges(text: str) -> str:
    """A hyphen or dash between two numbers is "to" (a range or a score); 2:1 is "2 to 1";
    7 x 7 is "7 by 7"; +9/-6 is "+9 -6"; Pu-238 is "plutonium 238"."""
    text = speak_changes(text)
    text = _ISOTOPE.sub(_isotope, text)
    text = _MIXED_FRACTION.sub(_mixed_fraction, text)
    text = _SIGNED_PAIR.sub(r"\1 \2", text)
    text = _DIMENSIONS.sub(" by ", text)
    text = _YEAR_RANGE.sub(_year_range, text)
    text = _RANGE.sub(_range, text)
    return _RATIO.sub(lambda m: f"{m.group(1)} to {m.group(2)}", text)


_MIXED_FRACTION = re.compile(r"(?<![\d/.])(\d+)[\s-](1/2|1/4|3/4|1/3|2/3)(?![\d/])")
_FRACTION_WORDS = {
    "1/2": "a half",
    "1/4": "a quarter",
    "3/4": "three quarters",
    "1/3": "a third",
    "2/3": "two thirds",
}


def _mixed_fraction(match: re.Match[str]) -> str:
    """1 1/2 -> 1 and a half; 4-1/4 -> 4 and a quarter."""
    return f"{match.group(1)} and {_FRACTION_WORDS[match.group(2)]}"


def _isotope(match: re.Match[str]) -> str:
    """Pu-238 -> plutonium 238 (C-130, an aircraft, stays: carbon has no isotope above 16)."""
    element, mass = match.groups()
    limits = {"H": 3, "C": 16, "N": 16, "O": 18, "He": 6, "Be": 10, "K": 42, "I": 140}
    lowest = {"I": 110, "K": 39}  # "I-95" is a highway
    if int(mass) > limits.get(element, 300) or int(mass) < lowest.get(element, 0):
        return match.group(0)
    return f"{ISOTOPES[element]} {mass}"


def _year_range(match: re.Match[str]) -> str:
    """2010-15 -> 2010 to 2015."""
    start, end = match.group(1), match.group(2)
    if int(end) <= int(start[2:]):
        return match.group(0)
    return f"{start} to {start[:2]}{end}"


def _range(match: re.Match[str]) -> str:
    """5-10 -> 5 to 10, 5%-6% -> 5 to 6%, 5km-10km -> 5 to 10km; a phone number stays."""
    first, unit, second = match.groups()
    whole = first.isdigit() and second.isdigit()
    if whole and len(first) == 3 and len(second) == 4 and not unit:
        return match.group(0)  # 555-1234
    before = match.string[: match.start()]
    is_year = re.fullmatch(r"1[1-9]\d\d|20\d\d", first)
    if whole and not unit and min(len(first), len(second)) >= 3 and not is_year:
        if _MODEL_NAME.search(before):
            return f"{first} {second}"  # the Boeing 737-800: a model, not a range
    if unit == "%" and not match.string[match.end() :].startswith("%"):
        return f"{first} to {second}%"
    return f"{first} to {second}"


def speak_math(text: str) -> str:
    """Powers, superscripts, subscripts, relations, operators and Greek letters as words."""
    formula = bool(_FORMULA_MARK.search(text))
    text = _COEFFICIENT.sub(lambda m: " ".join(g for g in m.groups() if g), text)
    text = _SUBSCRIPT.sub(lambda m: " " + m.group(1).translate(_SUBSCRIPTS) + " ", text)
    text = _SUPERSCRIPT.sub(lambda m: _power(m.group(1).translate(_SUPERSCRIPTS)), text)
    text = _POWER.sub(lambda m: m.group(1) + _power(m.group(2)), text)
    text = _POWER_OF.sub(" to the power of ", text)
    if formula:
        text = _SPACED_MINUS.sub(" minus ", text)
    for symbol in sorted(RELATIONS, key=len, reverse=True):
        if symbol in text:
            text = text.replace(symbol, f" {RELATIONS[symbol]} ")
    text = _EQUALS.sub(" equals ", text)
    text = _LESS.sub(" less than ", text)
    text = _GREATER.sub(" greater than ", text)
    text = _PLUS.sub(" plus ", text)
    text = _STAR.sub(" times ", text)
    text = _MINUS_NUMBER.sub("minus ", text)
    text = _GREEK_RUN.sub(lambda m: f" {GREEK[m.group(0)]} ", text)
    return _FORMULA_LETTERS.sub(r"\1 \2", text)


_SCIENTIFIC = re.compile(r"^(.*?)(?:\s?[×x]\s?(10))?(?:\^([-−+]?\d+)|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))$")


def scientific(amount: str) -> str:
    """A number, possibly with a power of ten: "1.5×10⁶" -> one point five times ten to the
    sixth; "10^-9" -> ten to the minus nine."""
    match = _SCIENTIFIC.match(amount)
    if not match:
        return number(amount)
    mantissa, ten, caret, superscript = match.groups()
    exponent = caret or superscript.translate(_SUPERSCRIPTS)
    words = number(mantissa) + _power(exponent)
    return words.replace(" to the", " times ten to the", 1) if ten else words


def _power(exponent: str) -> str:
    """² -> squared, ³ -> cubed, ⁶ -> to the sixth, ⁻⁹ -> to the minus ninth."""
    exponent = exponent.replace("−", "-")
    if exponent == "2":
        return " squared"
    if exponent == "3":
        return " cubed"
    sign = "minus " if exponent.startswith("-") else ""
    digits = exponent.lstrip("+-")
    if digits.isdigit():
        return f" to the {sign}{ordinal(int(digits))}"
    if re.fullmatch(r"\d+\.\d+", digits):
        return f" to the power of {sign}{digits}"
    return f" to the {sign}{digits}"
