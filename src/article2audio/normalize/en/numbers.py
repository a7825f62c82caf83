"""Every number left after the other rules, in words: years, ordinals, Roman numerals after a
name ("Charles III" -> "Charles the Third"), versions, fractions, scale suffixes ("300K users"),
signs ("#1", "~5", "10x"), then plain numbers.

A four-digit number from 1100 to 2099 is read as a year ("in 1975" -> "nineteen seventy-five")
unless a plural noun follows it ("1975 rows" counts rows).
"""

from __future__ import annotations

import re

from ..numbers import cardinal, digits, number, ordinal, year

_ROMAN = r"(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
COUNTING_WORDS = (
    "Chapter|Part|Book|Volume|Act|Section|War|Phase|Stage|Round|Article|Scene|Canto|Type|Class"
    "|Category|Level|Grade|Tier|Title|Schedule|Annex|Appendix|Division|Series|Season|Episode"
    "|Mark|Vatican|Bowl|Amendment|Corps|Rocky|Apollo|Gemini|Saturn|Wars|Stage|Mk"
)
REGNAL_NAMES = (
    "Charles|Elizabeth|Henry|George|Edward|William|James|Louis|Philip|Felipe|Richard|John|Paul"
    "|Benedict|Pius|Leo|Gregory|Frederick|Peter|Catherine|Mary|Napoleon|Alexander|Nicholas|Ivan"
    "|Constantine|Juan Carlos|Carl|Gustaf|Harald|Olav|Haakon|Rama|Victor Emmanuel|Umberto"
    "|Wilhelm|Friedrich|Ludwig|Otto|Francis|Clement|Innocent|Urban|Boniface|Sixtus|Julius"
    "|Stephen|Robert|David|Malcolm|Alfonso|Ferdinand|Isabella|Manuel|Pedro|Sancho|Ramesses"
    "|Amenhotep|Thutmose|Ptolemy|Antiochus|Darius|Xerxes|Artaxerxes|Mohammed|Mehmed|Murad"
    "|Selim|Suleiman|Abdullah|Hussein|Faisal|Fahd|Salman|Willem|Margrethe|Beatrix|Juliana"
    "|Christian|Frederik|Albert|Baudouin|Leopold|Philippe|Rainier|Hans|Adam|Pepin|Lothair|Otto"
)
_ROMAN_AFTER_COUNTING = re.compile(rf"\b({COUNTING_WORDS})\s({_ROMAN})\b")
_REGNAL = re.compile(
    rf"\b(?=\w+\s+[IVXLC]+\b)((?:(?:King|Queen|Pope|Emperor|Empress|Tsar|Czar|Sultan|Prince|Princess|Duke|Kaiser)"
    rf"\s[A-Z][a-z]+)|{REGNAL_NAMES})\s({_ROMAN})\b(?!-|\.\s[A-Z][a-z])"
)
_AFTER_NAME = re.compile(
    rf"\b([A-Z][a-z]{{2,}})\s((?=[IVXL]{{2,}}\b){_ROMAN}|V(?=\s[a-z]))\b(?!-|\.\s[A-Z][a-z])"
)
_ROMAN_PAIR = re.compile(r"\b(I{1,3}|IV|VI{0,3})-(I{1,3}|IV|VI{0,3})\b")
_ROMAN_HEADING = re.compile(rf"^({_ROMAN})\.\s+(?=\S)")
_WORLD_WAR = re.compile(r"\bWW(I{1,2})\b")
_VERSION = re.compile(r"(?<![\w./])v(?:er\.?\s?)?(\d+(?:\.\d+)*)(?:-([a-z]+)\.?(\d+)?)?\b(?!\.\d)")
_VERSION_AFTER = re.compile(
    r"\b(version|release|Python|Node(?:\.js)?|Java|iOS|iPadOS|Android|Windows|macOS|Ubuntu|Debian"
    r"|Fedora|Rust|Go|PHP|Ruby|Perl|Kotlin|Swift|Linux|kernel|Firefox|Chrome|GPT|Llama|Gemini"
    r"|Claude|Django|Rails|React|Angular|Vue|TypeScript|Postgres|PostgreSQL|MySQL|Redis|Kubernetes"
    r"|Docker|HTTP|TLS|SSL|Bluetooth|USB|IPv|Unicode|OpenSSL|Qt|GTK|Emacs|Vim|Excel|Office|Xcode"
    r"|Gradle|Maven|npm|pip|Spring|Flutter|Dart|Elixir|Erlang|Haskell|Scala|Julia|Lua|Mistral)"
    r"([\s-])(\d+(?:\.\d+)+)\b(?!\.\d)"
)
_DOTTED_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+){2,})(?!\w|\.\d)")
_CVE = re.compile(r"\bCVE-(\d{4})-(\d{4,7})\b")
_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_MIXED_FRACTION = re.compile(r"(?<![\d/.])(\d+)[\s-](\d)/(\d{1,2})(?![\d/])")
_ORDINAL = re.compile(r"(?<![\w.])(\d[\d,]*)(st|nd|rd|th)\b")
_SCALED = re.compile(
    r"(?<![\w.,-])(\d[\d,]*(?:\.\d+)?)(K|k|M|bn|mn|tn|B)\b(?!\s(?:video|resolution|display|screens?|TVs?|monitors?|run|race|textures?))"
)
_NUMBER_SIGN = re.compile(r"(?<![\w&])#\s?(\d+)\b")
_APPROX = re.compile(r"(?<![\w~])~\s?(?=\d)")
_TIMES = re.compile(r"(?<![\w.=+*/(-])(?<![=+*/(-]\s)(\d+(?:\.\d+)?)x\b(?!\s*[-+=*/^)])")
_FUNCTION = re.compile(r"\b([a-zA-Z])\(([a-z])\)")
_PLUS_AFTER = re.compile(r"(?<=[\w])\+(?=\s|$|[,.;:)])")
_VULGAR = {"½": "a half", "¼": "a quarter", "¾": "three quarters", "⅓": "a third",
           "⅔": "two thirds", "⅛": "an eighth", "⅜": "three eighths", "⅝": "five eighths",
           "⅞": "seven eighths", "⅕": "a fifth"}  # fmt: skip
_MIXED_VULGAR = re.compile(rf"(\d+)\s?([{''.join(_VULGAR)}])")
_FRACTION = re.compile(r"(?<![\d/.])(\d+(?:\.\d+)?)/(\d+)(?![\d/])")
_FRACTIONS = {
    ("1", "2"): "a half",
    ("1", "3"): "a third",
    ("2", "3"): "two thirds",
    ("1", "4"): "a quarter",
    ("3", "4"): "three quarters",
}
_WORD_SLASH = re.compile(r"(?<=[^\W\d_])/(?=[^\W_])")
_YEAR = re.compile(r"(?<![\d$€£.,:/-])(1[1-9]\d\d|20\d\d)(?![\d,.:]\d|\s?%|')")
_NOT_YEAR_BEFORE = re.compile(
    r"\b(?:page|pages|number|no|room|flight|route|model|item|issue|pr|port|rule|step|line|code|"
    r"bus|highway|interstate|exit|suite|unit|about|around|nearly|almost|over|under|than|some|"
    r"roughly|approximately|exactly|only|just)\s$",
    re.IGNORECASE,
)
_PLURAL_AFTER = re.compile(r"\s(?:[a-z]+[^su\W]s|people|men|women|children|staff|feet|[a-z]+ies)\b")
_YEAR_WORDS_AFTER = re.compile(
    r"\s(?:its|this|thus|perhaps|always|towards|afterwards|besides|whereas|unless|series|news"
    r"|elections|olympics|games|midterms|levels|figures|results|earnings|numbers|rules|budgets"
    r"|plans|models|sales|forecasts|estimates|guidelines|polls|census|accounts|standards)\b"
)
_LEADING_ZERO = re.compile(r"(?<![\w.,])0\d+(?![\d.,])")
_DIGIT_GROUPS = re.compile(r"(?<![\w.-])\d{3,}(?:-\d{3,}){1,4}(?![\w-])")
_PLAIN = re.compile(r"(?<![\w])([-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?![\w])")


def roman_value(numeral: str) -> int:
    """The value of a valid Roman numeral."""
    values = [_ROMAN_VALUES[ch] for ch in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def speak_heading_number(heading: str) -> str:
    """A heading numbered in Roman numerals says the number: "II. Methods" -> "Two: Methods"."""
    match = _ROMAN_HEADING.match(heading)
    if not match or (len(match.group(1)) == 1 and match.group(1) not in "IVX"):
        return heading
    return f"{cardinal(roman_value(match.group(1))).capitalize()}: {heading[match.end() :]}"


def speak_roman(text: str) -> str:
    """Roman numerals after counting words (cardinal) and after names (regnal ordinal)."""
    text = _WORLD_WAR.sub(lambda m: f"World War {'One' if m.group(1) == 'I' else 'Two'}", text)
    text = _ROMAN_AFTER_COUNTING.sub(_counting, text)
    text = _REGNAL.sub(_regnal, text)
    text = _ROMAN_PAIR.sub(
        lambda m: f"{cardinal(roman_value(m.group(1)))} {cardinal(roman_value(m.group(2)))}", text
    )
    return _AFTER_NAME.sub(_counting, text)


def _counting(match: re.Match[str]) -> str:
    """ "Chapter IV" -> "Chapter four"; a lone C or L stays a letter ("Section C")."""
    word, numeral = match.group(1), match.group(2)
    if not numeral or len(numeral) == 1 and numeral not in "IVX":
        return match.group(0)
    return f"{word} {cardinal(roman_value(numeral))}"


def _regnal(match: re.Match[str]) -> str:
    name, numeral = match.group(1), match.group(2)
    if not numeral:
        return match.group(0)
    if len(numeral) == 1 and numeral not in "IVX":
        return match.group(0)
    return f"{name} the {ordinal(roman_value(numeral)).capitalize()}"


def speak_versions(text: str) -> str:
    """v2.3.1 -> version two point three point one; Python 3.12 -> Python three point twelve."""
    text = _VERSION.sub(_version, text)
    text = _VERSION_AFTER.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{version_words(m.group(3))}", text
    )
    return _DOTTED_NUMBER.sub(lambda m: version_words(m.group(1)), text)


def version_words(written: str) -> str:
    """2.3.1 -> two point three point one (each part a whole number)."""
    return " point ".join(
        digits(part) if len(part) > 1 and part.startswith("0") else cardinal(int(part))
        for part in written.split(".")
    )


def _version(match: re.Match[str]) -> str:
    words = f"version {version_words(match.group(1))}"
    if match.group(2):
        words += f" {match.group(2)}" + (
            f" {cardinal(int(match.group(3)))}" if match.group(3) else ""
        )
    return words


def speak_numbers(text: str) -> str:
    """Signs, fractions, ordinals, scale suffixes, years, then every plain number, in words."""
    text = _CVE.sub(lambda m: f"C V E {year(int(m.group(1)))} {id_number(m.group(2))}", text)
    text = _NUMBER_SIGN.sub(lambda m: f"number {id_number(m.group(1))}", text)
    text = _APPROX.sub("about ", text)
    text = _FUNCTION.sub(r"\1 of \2", text)
    text = _TIMES.sub(lambda m: f"{number(m.group(1))} times", text)
    text = _PLUS_AFTER.sub(" plus", text)
    text = _MIXED_VULGAR.sub(lambda m: f"{m.group(1)} and {_VULGAR[m.group(2)]}", text)
    for symbol, words in _VULGAR.items():
        text = text.replace(symbol, f" {words} ")
    text = _MIXED_FRACTION.sub(_mixed_fraction, text)
    text = _FRACTION.sub(_fraction, text)
    text = _WORD_SLASH.sub(" ", text)
    text = _ORDINAL.sub(lambda m: ordinal(int(m.group(1).replace(",", ""))), text)
    text = _SCALED.sub(_scaled, text)
    text = _YEAR.sub(_year, text)
    text = _LETTER_DIGIT.sub(" ", text)
    text = _DIGIT_GROUPS.sub(lambda m: ", ".join(digits(g) for g in m.group(0).split("-")), text)
    text = _LEADING_ZERO.sub(lambda m: digits(m.group(0)), text)
    return _PLAIN.sub(lambda m: number(m.group(1)), text)


def id_number(written: str) -> str:
    """An issue or id number: 4412 -> forty-four twelve; short ones whole, long ones digit by
    digit."""
    if len(written) == 4 and not written.startswith("0"):
        return year(int(written))
    if len(written) <= 3 and not written.startswith("0"):
        return cardinal(int(written))
    return digits(written)


def _mixed_fraction(match: re.Match[str]) -> str:
    """1 1/2 -> one and a half; 4-1/4 -> four and a quarter."""
    whole, top, bottom = match.groups()
    fraction = _FRACTIONS.get((top, bottom))
    if not fraction:
        return match.group(0)
    return f"{cardinal(int(whole))} and {fraction}"


def _scaled(match: re.Match[str]) -> str:
    """300K -> three hundred thousand; after a name ("Pad 39B") it is a label, left alone."""
    if re.search(r"\b[A-Z][a-z]+\s$", match.string[: match.start()]):
        return match.group(0)
    scale = {"k": "thousand", "m": "million", "b": "billion", "t": "trillion"}[
        match.group(2)[0].lower()
    ]
    return f"{number(match.group(1))} {scale}"


def _year(match: re.Match[str]) -> str:
    """Read a four-digit number as a year unless it counts something ("1975 rows")."""
    before = match.string[: match.start()]
    after = match.string[match.end() :]
    if _NOT_YEAR_BEFORE.search(before):
        return match.group(0)
    if _PLURAL_AFTER.match(after) and not _YEAR_WORDS_AFTER.match(after):
        return match.group(0)
    return year(int(match.group(1)))


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
