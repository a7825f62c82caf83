"""Abbreviations said in full, and every dot that espeak would take for a sentence end removed.

espeak (Piper's phonemizer) ends a sentence at "Dr.", "Gov.", "U.S.", "J.", "Fig.", "et al."
... whatever follows, so each of them is expanded ("Doctor", "Governor", "Figure") or loses
its dots ("U S", "J K Rowling"). Titles are expanded only before a capitalized name, so "Dr."
at the end of a line stays a word.
"""

from __future__ import annotations

import re

# Before a name: "Dr. Fauci" -> "Doctor Fauci".
TITLES = {
    "Dr": "Doctor",
    "Mr": "Mister",
    "Mrs": "Missus",
    "Ms": "Miz",
    "Mx": "Mix",
    "Prof": "Professor",
    "Gov": "Governor",
    "Sen": "Senator",
    "Rep": "Representative",
    "Reps": "Representatives",
    "Sens": "Senators",
    "Pres": "President",
    "Gen": "General",
    "Lt": "Lieutenant",
    "Col": "Colonel",
    "Capt": "Captain",
    "Cpt": "Captain",
    "Sgt": "Sergeant",
    "Cmdr": "Commander",
    "Adm": "Admiral",
    "Maj": "Major",
    "Cpl": "Corporal",
    "Pvt": "Private",
    "Rev": "Reverend",
    "Fr": "Father",
    "Hon": "Honorable",
    "Supt": "Superintendent",
    "Det": "Detective",
    "Insp": "Inspector",
    "Amb": "Ambassador",
    "Atty": "Attorney",
    "Gov's": "Governor's",
    "Mt": "Mount",
    "Ft": "Fort",
    "Pt": "Point",
}
_DOT_OPTIONAL = ("Mr", "Mrs", "Ms", "Dr", "Prof")
# After a name or number: "Elm St." -> "Elm Street", "Acme Inc." -> "Acme Inc".
AFTER_NAME = {
    "St": "Street",
    "Ave": "Avenue",
    "Blvd": "Boulevard",
    "Rd": "Road",
    "Ln": "Lane",
    "Dr": "Drive",
    "Ct": "Court",
    "Pl": "Place",
    "Sq": "Square",
    "Hwy": "Highway",
    "Pkwy": "Parkway",
    "Jr": "Junior",
    "Sr": "Senior",
    "Inc": "Inc",
    "Corp": "Corporation",
    "Co": "Company",
    "Ltd": "Limited",
    "Bros": "Brothers",
    "Mfg": "Manufacturing",
    "Assn": "Association",
    "Dept": "Department",
    "Univ": "University",
    "Intl": "International",
    "Esq": "Esquire",
}
# Before a number: "Fig. 2" -> "Figure 2".
BEFORE_NUMBER = {
    "no": "number",
    "nos": "numbers",
    "fig": "figure",
    "figs": "figures",
    "eq": "equation",
    "eqs": "equations",
    "vol": "volume",
    "vols": "volumes",
    "ch": "chapter",
    "chap": "chapter",
    "sec": "section",
    "art": "article",
    "p": "page",
    "pp": "pages",
    "para": "paragraph",
    "tab": "table",
    "ref": "reference",
    "ex": "example",
    "pt": "part",
    "ver": "version",
    "rev": "revision",
    "op": "opus",
}
LATIN_AND_COMMON = (
    (r"e\.\s?g\.", "for example"),
    (r"i\.\s?e\.", "that is"),
    (r"etc\.", "et cetera"),
    (r"et al\.", "et al"),
    (r"vs?\.", "versus"),
    (r"approx\.", "approximately"),
    (r"incl\.", "including"),
    (r"esp\.", "especially"),
    (r"a\.k\.a\.|aka(?=\s)", "also known as"),
    (r"viz\.", "namely"),
    (r"cf\.", "compare"),
    (r"ca\.(?=\s*\d)", "circa"),
    (r"c\.(?=\s*\d{3,4}\b)", "circa"),
    (r"est\.(?=\s*\d)", "established"),
    (r"avg\.", "average"),
    (r"max\.", "maximum"),
    (r"min\.(?=\s+[a-z])", "minimum"),
    (r"dept\.", "department"),
    (r"govt\.", "government"),
    (r"int'l", "international"),
    (r"misc\.", "miscellaneous"),
    (r"w/o(?=\s)", "without"),
    (r"w/(?=\s)", "with"),
    (r"n/a", "not applicable"),
    (r"P\.S\.", "P S"),
)
_LATIN = [
    (re.compile(rf"(?<![\w.]){pattern}(?=\s*$)", re.IGNORECASE), f"{words}.")
    for pattern, words in LATIN_AND_COMMON
    if pattern.endswith(".")
] + [
    (re.compile(rf"(?<![\w./]){pattern}", re.IGNORECASE), words)
    for pattern, words in LATIN_AND_COMMON
]
_TITLE = re.compile(
    rf"\b(?:({'|'.join(map(re.escape, TITLES))})\.|({'|'.join(_DOT_OPTIONAL)})\b)"
    r"(?=\s+(?:[A-Z]|[a-z]+\s+[A-Z]))"
)
_AFTER = re.compile(rf"\b([A-Z0-9][\w']*,?\s)({'|'.join(map(re.escape, AFTER_NAME))})\.")
_NUMBER_WORD = re.compile(
    rf"\b({'|'.join(map(re.escape, BEFORE_NUMBER))})\.\s?(?=[#\d]|[IVXL]+\b)", re.IGNORECASE
)
_SAINT = re.compile(r"\bSt\.?(?=\s+[A-Z])")
_DOTTED_ACRONYM = re.compile(r"(?<![\w.])((?:[A-Za-z]\.){2,})(?!\w)")
_PHD = re.compile(r"\bPh\.\s?D\.?", re.IGNORECASE)
_INITIAL = re.compile(r"(?<![\w.'])([A-Z])\.(?=\s+[A-Z])")
_MONTH_DOT = re.compile(
    r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.(?=\s)"
)
_MONTH_NAMES = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June",
    "Jul": "July", "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October",
    "Nov": "November", "Dec": "December", "Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday",
    "Wed": "Wednesday", "Thu": "Thursday", "Thur": "Thursday", "Thurs": "Thursday",
    "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday",
}  # fmt: skip
_LETTER_NAMES = {"A": "Ay"}  # a lone "A" is read as the article


def speak_abbreviations(text: str) -> str:
    """Expand titles, street words, Latin abbreviations; de-dot acronyms and initials."""
    for pattern, words in _LATIN:
        text = pattern.sub(lambda m, w=words: same_case(m.group(0), w), text)
    text = _NUMBER_WORD.sub(_before_number, text)
    text = _PHD.sub("P H D", text)
    text = _AFTER.sub(_after_name, text)
    text = _SAINT.sub("Saint", text)
    text = _TITLE.sub(lambda m: TITLES[m.group(1) or m.group(2)], text)
    text = _MONTH_DOT.sub(lambda m: _MONTH_NAMES[m.group(1)], text)
    text = _DOTTED_ACRONYM.sub(_acronym, text)
    return _INITIAL.sub(lambda m: _LETTER_NAMES.get(m.group(1), m.group(1)), text)


def _before_number(match: re.Match[str]) -> str:
    """ "Fig. 2" -> "figure 2" ("Figure" at the start of the sentence)."""
    words = BEFORE_NUMBER[match.group(1).lower()]
    return (words.capitalize() if match.start() == 0 else words) + " "


def _after_name(match: re.Match[str]) -> str:
    """ "Elm St." -> "Elm Street"; the dot is kept when it ended the sentence."""
    word = AFTER_NAME[match.group(2)]
    at_end = not match.string[match.end() :].strip()
    return match.group(1) + (f"{word}." if at_end else word)


def _acronym(match: re.Match[str]) -> str:
    """U.S. -> U S (a.m. and p.m. -> a m, p m); the final dot is kept at the sentence end."""
    letters = " ".join(ch.upper() if ch.isupper() else ch for ch in match.group(1) if ch.isalpha())
    at_end = not match.string[match.end() :].strip()
    return f"{letters}." if at_end else letters


def same_case(written: str, spoken: str) -> str:
    """The spoken words, capitalized when the written abbreviation was ("E.g." -> "For example")."""
    return spoken[:1].upper() + spoken[1:] if written[:1].isupper() else spoken
