"""Ranges, scores, ratios and the symbols of math and science, said as words.

- a hyphen or dash between numbers is "to" (a range or a score: "5-10", "3-1", "2017‒2018"),
  "2:1" is "2 to 1", "7 x 7" is "7 by 7", a signed change after a verb of direction loses its
  sign ("fell -3.7%") and one in brackets says up or down ("(+0.4%)"), isotopes (Pu-238);
- powers of ten: "1.5 × 10⁶", "3 x 10 to the eighth", "1e6" and "2.5e-3" (times ten to the ...);
- formulas: relations (< > ≤ ≥ = ≠ ≈ ±), operators, superscripts and subscripts, "^",
  Greek letters by name; terms of symbol letters said letter by letter ("kT" -> k T,
  "E = mc2" -> m c squared, a lost superscript), a slash between terms is "over"
  ("kT/μg", "(x + y)/2"), an arrow " -> " is "to", a named function is said ("ln(C/C₀)" -> the
  natural log of C over C zero);
- the last step, `speak_leftovers`: any symbol no rule said is named ("#" hash, "@" at) or,
  as a separator ("Home | About"), a pause; a shell variable ("$ORIGIN") is said by its name,
  "C#" is C sharp, and a digit left anywhere is a number. Digits are otherwise left for the
  number rules, which run after these.
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
_POWER = re.compile(r"(\w)\s?\^\s?\(?([-−+]?\d+(?:\.\d+)?|[a-z](?![a-z]))\)?")
_SUPERSCRIPT = re.compile(r"(?<=[\w)])([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SUBSCRIPT = re.compile(r"(?<=[A-Za-z)])([₀₁₂₃₄₅₆₇₈₉]+)")
_EQUALS = re.compile(r"(?<=[\w)²³])\s*=\s*(?=[-−\w(√])")
_LESS = re.compile(r"(?<=[\w)])\s*<\s*(?=[-−\w.(])|(?<![\w)])<\s?(?=[\w.$(])")
_GREATER = re.compile(r"(?<=[\w)])\s*>\s*(?=[-−\w.(])|(?<![\w)])>\s?(?=[\w.$(])")
# A spaced hyphen between operands of a formula is a minus: "(2^(BITS - 1) - 1)".
_SPACED_MINUS = re.compile(r"(?<=[\w)])\s[-−]\s(?=[\w(])")
_FORMULA_MARK = re.compile(r"[=^*+<>]")
_ARROW = re.compile(r"(?<=\s)(?:-+>|=>)(?=\s)")  # "rename a -> b": "to"
_POWER_OF = re.compile(r"(?<=\w)\s?\^\s?(?=\(|[A-Za-z_]{2,})")  # 2^(n - 1), 2^SERIAL_BITS
_SIGNED_PAIR = re.compile(r"(?<![\w])([+−-]\d+(?:\.\d+)?)/([+−-]\d+(?:\.\d+)?)")
_POWER_OF_TEN_AFTER = r"10\s?(?:\^|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]|to the\b)"  # "x 10^6", "× 10⁶", "x 10 to the"
_DIMENSIONS = re.compile(rf"(?<=\d)\s?[x×]\s?(?=\d)(?!{_POWER_OF_TEN_AFTER})")
_TIMES_TEN = re.compile(rf"(?<=\d)\s?x\s?(?={_POWER_OF_TEN_AFTER})")  # "3 x 10 to the eighth"
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
# In a formula, a term of letters with no vowel ("mc", "kT") is a product of symbols, said
# letter by letter, and a lower-case term ending in 2 or 3 is a lost superscript ("E = mc2",
# "E/c2"); a slash between terms is "over" ("kT/μg", "(x + y)/2").
_FORMULA_TERM = re.compile(r"\b([b-df-hj-np-tv-zA-Z]{1,3})([23])?\b(?![.']\w)")
_OPERATOR_BEFORE = re.compile(r"(?:[=/+*^(]|\s[-−]|\bequals|\bplus|\bminus|\btimes)\s?$")
_OPERATOR_AFTER = re.compile(r"\s?(?:[=/+*^)]|[-−]\s|equals\b|plus\b|minus\b|times\b)")
_OPERAND = re.compile(r"[\d.]+|[A-Za-z]|[b-df-hj-np-tv-zA-Z]{2,3}[23]?|[µ\u0370-\u03ff]\w?|")
# A named function applied in a formula: "5.35 ln(C/C₀)" -> the natural log of C over C zero.
_FUNCTIONS = {"ln": "the natural log of", "log": "the log of", "exp": "the exponential of",
              "sqrt": "the square root of", "sin": "the sine of", "cos": "the cosine of",
              "tan": "the tangent of"}  # fmt: skip
_FUNCTION_CALL = re.compile(rf"\b({'|'.join(_FUNCTIONS)})(?=\()")
_OVER = re.compile(r"(?<=[\w)²³])\s?/\s?(?=[\w(\u0370-\u03ff])")


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


_E_NOTATION = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)[eE]([-+]?\d{1,3})(?![\w.])")  # 1e6, 2.5e-3


def _e_notation(match: re.Match[str]) -> str:
    """1e6 -> 10^6, 2.5e-3 -> 2.5×10^-3: written as a power of ten for the unit and math rules."""
    mantissa, exponent = match.groups()
    return f"10^{exponent}" if mantissa == "1" else f"{mantissa}×10^{exponent}"


def speak_ranges(text: str) -> str:
    """A hyphen or dash between two numbers is "to" (a range or a score); 2:1 is "2 to 1";
    7 x 7 is "7 by 7"; +9/-6 is "+9 -6"; Pu-238 is "plutonium 238"."""
    text = speak_changes(text)
    text = _E_NOTATION.sub(_e_notation, text)
    text = _ISOTOPE.sub(_isotope, text)
    text = _MIXED_FRACTION.sub(_mixed_fraction, text)
    text = _SIGNED_PAIR.sub(r"\1 \2", text)
    text = _TIMES_TEN.sub(" times ", text)
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
    text = _ARROW.sub("to", text)
    formula = bool(_FORMULA_MARK.search(text))
    text = _COEFFICIENT.sub(lambda m: " ".join(g for g in m.groups() if g), text)
    text = _SUBSCRIPT.sub(lambda m: " " + m.group(1).translate(_SUBSCRIPTS) + " ", text)
    text = _SUPERSCRIPT.sub(lambda m: _power(m.group(1).translate(_SUPERSCRIPTS)), text)
    text = _POWER.sub(lambda m: m.group(1) + _power(m.group(2)), text)
    text = _POWER_OF.sub(" to the power of ", text)
    if formula:
        text = _FORMULA_TERM.sub(_formula_term, text)
        text = _SPACED_MINUS.sub(" minus ", text)
        text = _FUNCTION_CALL.sub(lambda m: f"{_FUNCTIONS[m.group(1)]} ", text)
        text = _OVER.sub(_over, text)
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
    return text


def _formula_term(match: re.Match[str]) -> str:
    """ "mc2" -> "m c squared", "kT" -> "k T", next to an operator; a word ("and", "The"),
    an element ("Hg") or a molecule ("H2") is left alone."""
    letters, power = match.groups()
    text = match.string
    beside_operator = _OPERATOR_BEFORE.search(text, 0, match.start()) or _OPERATOR_AFTER.match(
        text, match.end()
    )
    if not beside_operator or (len(letters) == 1 and not power):
        return match.group(0)
    if len(letters) > 1 and (letters.istitle() or letters.isupper()):
        return match.group(0)  # "Hg", "CO": an element or an acronym
    if power and not letters.islower():
        return match.group(0)  # "H2", "O2": a molecule
    return " ".join(letters) + (_power(power) if power else "")


def _over(match: re.Match[str]) -> str:
    """A slash between the terms of a formula: "over"; between words it stays for the
    number and word rules ("and/or")."""
    before = re.search(r"(\S+)$", match.string[: match.start()])
    after = re.match(r"(\S+)", match.string[match.end() :])
    operands = [found.group(1).strip("()[],.;:") for found in (before, after) if found]
    if all(_OPERAND.fullmatch(word) for word in operands):
        return " over "
    return match.group(0)


_SCIENTIFIC = re.compile(r"^(.*?)(?:\s?[×x]\s?(10))?(?:\^([-−+]?\d+)|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))$")


def scientific(amount: str) -> str:
    """A number, possibly with a power of ten: "1.5×10⁶" -> one point five times ten to the
    sixth; "10^-9" -> ten to the minus nine."""
    match = _SCIENTIFIC.match(amount)
    if not match:
        return number(amount)
    mantissa, ten, caret, superscript = match.groups()
    exponent = caret or superscript.translate(_SUPERSCRIPTS)
    return number(mantissa) + (" times ten" if ten else "") + _power(exponent)


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


# The last step: a symbol no rule said is named (or, as a separator, a pause), so the voice
# never meets one; a digit no rule said is a number.
SYMBOL_NAMES = {
    "#": "hash", "@": "at", "*": "star", "~": "tilde", "=": "equals", "^": "caret",
    "<": "less than", ">": "greater than", "\\": "backslash", "%": "percent", "°": "degrees",
    "×": "times", "÷": "divided by", "±": "plus or minus", "$": "dollars", "€": "euros",
    "£": "pounds", "¥": "yen", "₹": "rupees", "&": "and", "/": "slash", "+": "plus",
}  # fmt: skip
_LEFTOVER = re.compile(r"[#@*~=^<>\\%°×÷±$€£¥₹&/|+\d]")
_VARIABLE = re.compile(r"\$(?=[A-Za-z_{])")  # $ORIGIN, $a: a shell variable, said by its name
_SHARP = re.compile(r"\b([A-G])#(?!\w)")  # C#, F#: a language or a note, "sharp"
_SEPARATOR = re.compile(r"(?:^|(?<=\s))[/|\\](?=\s|$)|\|")  # "Home | About", "10:00 / Opening"
_SYMBOL = re.compile(r"[#@*~=^<>\\%°×÷±$€£¥₹&/]+|(?<!\w)\+|\+(?!\w)")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def speak_leftovers(text: str) -> str:
    """Any symbol or digit the other rules left: arrows as "to", a shell variable by its name,
    a lone slash or bar as a pause, other symbols by name, digits as a number."""
    if not _LEFTOVER.search(text):
        return text
    text = _VARIABLE.sub("", text)
    text = _SHARP.sub(r"\1 sharp", text)
    text = _SEPARATOR.sub(",", text)
    text = _SYMBOL.sub(lambda m: " " + " ".join(SYMBOL_NAMES[ch] for ch in m.group(0)) + " ", text)
    return _DIGITS.sub(lambda m: f" {number(m.group(0))} ", text)
