"""Abbreviations said in full, and every dot that espeak would take for a sentence end removed.

espeak (Piper's phonemizer) ends a sentence at "Dr.", "Gov.", "U.S.", "J.", "Fig.", "et al."
... whatever follows, so each of them is expanded or loses its dots. The rules:

- titles before a name ("Dr. Fauci" -> Doctor Fauci; not "Dr." ending a line), street and
  company words after a name ("Elm St.", "Acme Inc."), "St." before a name (Saint);
- Latin and common abbreviations ("e.g.", "etc.", "vs.", "approx.", "nb of", dosing "b.i.d.");
- words that belong to a number: "No. 5", "Fig. S3", "Docket No. R-1531", "CO2 Eq."
  (`speak_number_abbreviations`, run before the number rules read the number);
- Congress: bills and amendments ("H.R. 815", "H.J.Res. 61", "S.Amdt. 2640"), party and state
  tags ("D-Wash." -> Democrat of Washington, "(D)" after a name), state abbreviations;
- stock tickers with their exchange ("NVDA.O" -> N V D A) and index codes "(.SX7P)" dropped;
- dotted acronyms and initials de-dotted ("U.S." -> U S, "J. K. Rowling");
- acronyms in capitals spelled unless they read as a word (`sayable_as_word`: a word list,
  then English-shaped syllables), not inside a shouted phrase of words ("NEW YORK");
- `shouted_word`: how a word of an ALL CAPS line is cased in sentence case (months and
  weekdays capitalized, "EDT", "GDP" and vowel-less words kept in capitals).
"""

from __future__ import annotations

import functools
import re

from .dates import TIME_ZONES
from .numbers import model_number

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
    "Bldg": "Building",
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
    "rm": "room",
    "ext": "extension",
    "ste": "suite",
    "apt": "apartment",
    "tab": "table",
    "ref": "reference",
    "ex": "example",
    "pt": "part",
    "ver": "version",
    "rev": "revision",
    "op": "opus",
    "cat": "category",  # "a Cat. 4 hurricane"
    "res": "resolution",  # "UNSC Res. 2334"
}
LATIN_AND_COMMON = (
    (r"e\.\s?g\.", "for example"),
    (r"i\.\s?e\.", "that is"),
    (r"etc\.", "et cetera"),
    (r"et al\.", "et al"),
    (r"vs\.", "versus"),
    (r"v\.(?=\s+[A-Z])", "versus"),
    (r"Ret\.(?=\s*[),])", "retired"),
    (r"§§", "sections"),
    (r"§", "section"),
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
    (r"eg(?=:\s)", "for example"),
    (r"q\.\s?d\.", "once daily"),
    (r"b\.\s?i\.\s?d\.", "twice daily"),
    (r"t\.\s?i\.\s?d\.", "three times daily"),
    (r"q\.\s?i\.\s?d\.", "four times daily"),
    (r"p\.\s?r\.\s?n\.", "as needed"),
    (r"P\.S\.", "P S"),
    (r"(?:nb|nbr|num|no\.)(?=\s+of\s)", "number"),  # "maximum nb of threads"
)


def _clue(pattern: str) -> str:
    """The literal start every match of a LATIN_AND_COMMON pattern contains ("incl." of
    "incl\\."): a cheap test before the regex."""
    literal = re.match(r"(?:\\[^A-Za-z]|[^\\[(?*+{|^$])*", pattern)
    text = re.sub(r"\\(.)", r"\1", literal.group(0) if literal else "")
    if "|" in pattern:
        return ""  # alternatives share no start: always tried
    return text.lower() if len(text) >= 2 else pattern.replace("\\", "")[:2].lower()


_LATIN = [
    (re.compile(rf"(?<![\w.]){pattern}(?=\s*$)", re.IGNORECASE), f"{words}.", _clue(pattern))
    for pattern, words in LATIN_AND_COMMON
    if pattern.endswith(".")
] + [
    (re.compile(rf"(?<![\w./]){pattern}", re.IGNORECASE), words, _clue(pattern))
    for pattern, words in LATIN_AND_COMMON
]  # (pattern, words, two letters every match of it contains: a cheap test before the regex)
_TITLE = re.compile(
    rf"\b(?:({'|'.join(map(re.escape, TITLES))})\.|({'|'.join(_DOT_OPTIONAL)})\b)"
    r"(?=\s+(?:[A-Z]|[a-z]+\s+[A-Z]))"
)
_TITLE_ELECT = re.compile(rf"\b({'|'.join(map(re.escape, TITLES))})\.(?=-(?:elect|designate)\b)")
_CAPS_TITLE = re.compile(r"\b(MR|MRS|DR|ST)\.(?=\s+[A-Z])")  # a book's "MR. UTTERSON"
_AFTER = re.compile(
    rf"\b([A-Z0-9][\w']*,?\s)({'|'.join(map(re.escape, AFTER_NAME))})\.(?!\s+[A-Z][a-z])"
)
_AFTER_BEFORE_NAME = re.compile(r"\b([A-Z0-9][\w']*,?\s)(Jr|Sr|Inc|Corp|Co|Ltd|Ave|Blvd|Rd)\.")
# ... before a number, a Roman numeral or an identifier ("Docket No. R-1531", "No. A12").
_NUMBER_WORD = re.compile(
    rf"(?<!\.)\b({'|'.join(map(re.escape, BEFORE_NUMBER))})\.\s?(?=[#\d]|[IVXL]+\b|[A-Z]{{1,3}}-?\d)",
    re.IGNORECASE,
)
# A stock ticker with its exchange (Reuters codes: "NVDA.O", "BP.L", "SAP.DE"): said as
# the ticker; the exchange code is not read.
_TICKER = re.compile(r"\b([A-Z]{2,5})\.[A-Z]{1,2}\b(?!\w|\.\w)")
_INDEX_CODE = re.compile(r"\s?\(\.[A-Z][A-Z0-9]{1,8}\)")  # "banks (.SX7P)": not read
_EQUIVALENT = re.compile(r"\b(CO2|CO₂|CH4|CH₄|N2O|N₂O)[\s-]?(?:[Ee]q\.|[Ee]q\b|e\b)")
# Bills, resolutions and amendments of Congress: "S. 4361", "H.R. 815", "H.J.Res. 61",
# "S.Amdt. 2640" -> S forty-three sixty-one, H R eight fifteen, H J Res sixty-one, S Amendment ...
_BILL = re.compile(
    r"(?<![\w.])(S|H\.\s?R|(?:[HS]\.\s?(?:J\.\s?|Con\.\s?)?(?:Res|Amdt)))\.\s?(\d{1,5})\b"
)
_BILL_PARTS = {"Res": "Res", "Con": "Con", "Amdt": "Amendment"}
_SAINT = re.compile(r"\bSt\.?(?=\s+[A-Z])")
_DOTTED_ACRONYM = re.compile(r"(?<![\w.])((?:[A-Za-z]\.){2,})(?!\w)")
_PHD = re.compile(r"\bPh\.\s?D\.?", re.IGNORECASE)
_INITIAL = re.compile(r"(?<![\w.'])([A-Z])\.(?=\s+[A-Z])")
PARTIES = {"D": "Democrat", "R": "Republican", "I": "Independent"}
STATES = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas",
    "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia",
    "Wash.": "Washington", "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}  # fmt: skip
POSTAL_CODES = dict(
    zip(
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ"
        " NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split(),
        "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida"
        "|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland"
        "|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada"
        "|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma"
        "|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah"
        "|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|D C".split("|"),
        strict=True,
    )
)
_STATE_NAMES = "|".join(re.escape(s) for s in sorted(STATES, key=len, reverse=True))
_FULL_STATE_NAMES = "|".join(name for name in POSTAL_CODES.values() if name != "D C")
_PARTY_STATE = re.compile(
    rf"\b([DRI])-({_STATE_NAMES}|(?:{'|'.join(POSTAL_CODES)}|{_FULL_STATE_NAMES})\b)"
)
# "Gov. Kathy Hochul (D)": the party of the person named.
_PARTY_ALONE = re.compile(r"(\b[A-Z][a-z]+\s)\(([DRI])\)")
_STATE_AFTER_COMMA = re.compile(rf"([A-Z][a-z]+,\s)({_STATE_NAMES})(?=\s|$|[,;)])")
_MONTH_DOT = re.compile(r"\b([A-Z][a-z]{2,4})\.(?=\s)")
# A month or a weekday before a comma or at the end ("since late Nov.", "in early Aug.,
# before", "on Thurs., and"); a weekday only after a word of time ("the Sun." stays). The dot
# that also ends the sentence is kept.
_DATE_WORD_DOT_END = re.compile(
    r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat"
    r"|Sun)\.(?=[,;:)]|\s*$)"
)
_WEEKDAY_NAMES = frozenset("Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split())
_TIME_WORD_BEFORE = re.compile(
    r"\b(?:on|by|until|till|since|last|next|from|through|to|and|or|before|after)\s$"
)
_MONTH_NAMES = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June",
    "Jul": "July", "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October",
    "Nov": "November", "Dec": "December", "Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday",
    "Wed": "Wednesday", "Thu": "Thursday", "Thur": "Thursday", "Thurs": "Thursday",
    "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday",
}  # fmt: skip
_LETTER_NAMES = {"A": "A-"}  # a lone "A" is read as the article; "A-" as the letter


def speak_abbreviations(text: str) -> str:
    """Expand titles, street words, Latin abbreviations; de-dot acronyms and initials."""
    lowered = text.lower()
    for pattern, words, clue in _LATIN:
        if clue in lowered:
            text = pattern.sub(functools.partial(_latin, words), text)
    text = _BILL.sub(_bill, text)
    text = _PHD.sub("P H D", text)
    text = _TICKER.sub(r"\1", text)
    text = _INDEX_CODE.sub("", text)
    text = _PARTY_STATE.sub(_party_state, text)
    text = _PARTY_ALONE.sub(lambda m: f"{m.group(1)}({PARTIES[m.group(2)]})", text)
    text = _STATE_AFTER_COMMA.sub(lambda m: m.group(1) + STATES[m.group(2)], text)
    text = _AFTER.sub(_after_name, text)
    text = _AFTER_BEFORE_NAME.sub(_after_name, text)
    text = _SAINT.sub("Saint", text)
    text = _TITLE.sub(lambda m: TITLES[m.group(1) or m.group(2)], text)
    if "-elect" in text or "-designate" in text:  # "Gov.-elect Josh Stein"
        text = _TITLE_ELECT.sub(lambda m: TITLES[m.group(1)], text)
    if "R." in text or "T." in text:
        text = _CAPS_TITLE.sub(lambda m: TITLES.get(m.group(1).capitalize(), "Saint"), text)
    text = _MONTH_DOT.sub(lambda m: _MONTH_NAMES.get(m.group(1), m.group(0)), text)
    text = _DATE_WORD_DOT_END.sub(_date_word_alone, text)
    text = _DOTTED_ACRONYM.sub(_acronym, text)
    return _INITIAL.sub(lambda m: _LETTER_NAMES.get(m.group(1), m.group(1)), text)


def _date_word_alone(match: re.Match[str]) -> str:
    """ "late Nov." -> late November; "on Thurs.," -> on Thursday; "the Sun." stays."""
    before = match.string[max(0, match.start() - 8) : match.start()]
    if match.group(1) in _WEEKDAY_NAMES and not _TIME_WORD_BEFORE.search(before):
        return match.group(0)
    return _MONTH_NAMES[match.group(1)] + _kept_dot(match)


def speak_number_abbreviations(text: str) -> str:
    """Abbreviations that belong to the number after them, expanded before the number rules
    read it: "No. 5", "Fig. 2", "Docket No. R-1531", "CO2 Eq." (carbon dioxide equivalent)."""
    text = _NUMBER_WORD.sub(_before_number, text)
    return _EQUIVALENT.sub(lambda m: f"{m.group(1)} equivalent{_kept_dot(m)}", text)


def _kept_dot(match: re.Match[str]) -> str:
    """The dot of an abbreviation that also ended the sentence."""
    return "." if match.group(0).endswith(".") and not match.string[match.end() :].strip() else ""


def _bill(match: re.Match[str]) -> str:
    """H.R. 815 -> H R eight fifteen; S.Amdt. 2640 -> S Amendment twenty-six forty."""
    parts = [part for part in re.split(r"[.\s]+", match.group(1)) if part]
    words = [_BILL_PARTS.get(part, " ".join(part)) for part in parts]
    return f"{' '.join(words)} {model_number(match.group(2))}"


def _latin(words: str, match: re.Match[str]) -> str:
    return same_case(match.group(0), words)


def _party_state(match: re.Match[str]) -> str:
    """(D-CO) -> Democrat of Colorado; D-Wash. -> Democrat of Washington."""
    party = PARTIES[match.group(1)]
    written = match.group(2)
    state = STATES.get(written) or POSTAL_CODES.get(written)
    state = state or (written if written in POSTAL_CODES.values() else None)
    return f"{party} of {state}" if state else match.group(0)


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


# Acronyms said as a word, though their letters would allow spelling; everything else in
# capitals that cannot be said as an English word is spelled ("GDP" -> "G D P").
WORD_ACRONYMS = frozenset(
    """NASA NATO OPEC FEMA NAFTA ASEAN UNESCO UNICEF COVID AIDS SARS MERS LASER RADAR SCUBA
    NASDAQ JPEG FIFA UEFA ICE RAM ROM SIM PIN LAN WAN CAPTCHA BASIC COBOL UNIX POSIX LIDAR
    SONAR CUDA SWIFT ASCII SCOTUS POTUS FLOTUS NIMBY MAGA SPAC OPEX CAPEX FOMO BRICS NOAA
    JAXA LEO TESS MAVEN LIGO ALMA SOFIA ORION GAAP NIST OSHA HIPAA DARPA CERN ISIS REST CRUD
    AJAX SOAP WIFI GIF PAC SALT START DOGE PEP CRISPR NVIDIA ICANN CENTCOM SOCOM AFRICOM
    NORTHCOM UNRWA ISRO ARPA FAFSA PEPFAR GAVI AUKUS ECOWAS MERCOSUR INTERPOL EUROPOL FRONTEX
    NASCAR MOOC NORAD OSINT SIGINT HUMINT SETI NEOWISE SPHEREX GEDI CAGR SOFR DAX CAC TOPIX
    KOSPI SENSEX STOXX""".split()
)
# English words written in capitals for emphasis ("should NOT be", "A L L servers" otherwise).
CAPITALIZED_WORDS = frozenset(
    """NOT AND THE ALL ANY BUT YES NOW OFF OUT TOO OWN NEW OLD BIG HOT TOP ONE TWO SIX TEN FEW
    WAY DAY GET SET PUT RUN USE CAN MAY HAS HAD WAS ARE DID ITS OUR HIS HER YOU SHE HOW WHY
    FOR NOR YET""".split()
)
SPELLED_ACRONYMS = frozenset("USAF USMC USDA ACLU AARP AMA IEA IAEA NYSE UEFI".split())
_ONSETS = frozenset(
    "bl br cl cr dr fl fr gl gr pl pr sc sk sl sm sn sp st sw tr tw wh th sh ch ph qu kn wr".split()
)
_CODAS = frozenset(
    """st sk sp nd nt ng nk ns rs rt rd rn rm rk rp rl rb rc rg ld lt lk lm lp ls ft pt ct ks ps
    ts ds ms ck ch sh th ss ll ff gh mp nc sc dd nch tch rch lch nth lth rth sts nds nts rds rts
    lds lts mps nks cks rks lks ght rst nst xt""".split()
)
# Two vowel letters English reads as one sound or two ("ea", "io"); others ("ii", "aa") are spelled.
_VOWEL_PAIRS = frozenset(
    "ai au ay ea ee ei eu ey ie io oa oe oi oo ou oy ua ue ui ia eo iu".split()
)
# Word acronyms whose letters do not show how they are said (espeak says them so already;
# the spoken text says what is heard).
SAID_AS = {"CRISPR": "crisper", "CAGR": "kagger", "SOFR": "sofer"}
_ACRONYM = re.compile(r"(?<![\w'’.-])([a-z]?)([A-Z]{2,6})((?:'?s)?)(?![A-Za-z_])")
_VOWELS = set("AEIOUY")
# Acronyms joined by hyphens, each said on its own: "the PAN-PRI-PRD alliance".
_ACRONYM_CHAIN = re.compile(r"(?<![\w'’.-])[A-Z]{2,6}(?:-[A-Z]{2,6})+(?![\w-])")
# A lower-case word with no vowel is a name said letter by letter (npm, nghttp, ssh) ...
_NO_VOWEL_WORD = re.compile(r"(?<![\w'’.@/#$-])[b-df-hj-np-tv-xz]{2,6}(?![\w'’@/-]|\.\w)")
# ... except the interjections and short forms English writes that way.
_NO_VOWEL_WORDS = frozenset(
    "hm hmm hmmm mm mmm sh shh brr grr nth tsk psst pst zzz pfft ft lb lbs hr hrs pt pts cf pp vs"
    " nd rd th st sq mr mrs ms jr sr bn mn tn wk wks yr yrs mth mths".split()
)


def speak_acronyms(text: str) -> str:
    """Spell capital-letter acronyms that are not words: "GDP" -> "G D P", "mRNA" -> "m R N A";
    a chain of them one by one ("PAN-PRI-PRD"), and a lower-case name with no vowel ("npm")."""
    if "-" in text:
        text = _ACRONYM_CHAIN.sub(
            lambda m: "-".join(_ACRONYM.sub(_spelled, part) for part in m.group(0).split("-")),
            text,
        )
    text = _NO_VOWEL_WORD.sub(_spelled_lower, text)
    return _ACRONYM.sub(_spelled, text)


def _spelled_lower(match: re.Match[str]) -> str:
    """ "npm" -> "N P M" (what espeak says too, now in the text for any voice)."""
    word = match.group(0)
    return word if word in _NO_VOWEL_WORDS else " ".join(word.upper())


def _spelled(match: re.Match[str]) -> str:
    prefix, letters, plural = match.groups()
    if _in_capitals_phrase(match):
        return match.group(0)
    if not prefix and letters in SAID_AS:
        return SAID_AS[letters] + plural
    if not prefix and not sayable_as_word(letters):
        return " ".join(letters) + plural
    if prefix:
        return " ".join(prefix + letters) + plural
    return match.group(0)


def _in_capitals_phrase(match: re.Match[str]) -> bool:
    """Whether the word stands beside a word in capitals that reads as an English word
    ("NEW YORK,"), a phrase in capitals rather than an acronym ("IETF RFC" are two acronyms)."""
    if match.group(3) or match.group(1):
        return False  # "APIs", "SDK's", "mRNA": lower-case letters are not a shouted phrase
    before = re.search(r"([A-Z]{3,})[\s,]+$", match.string[: match.start()])
    after = re.match(r"[\s,]+([A-Z]{3,})\b", match.string[match.end() :])
    neighbours = [found.group(1) for found in (before, after) if found]
    return len(match.group(2)) >= 3 and any(sayable_as_word(word) for word in neighbours)


def sayable_as_word(letters: str) -> bool:
    """Whether an acronym in capitals is said as a word (NASA, NATO) rather than spelled: a
    word list, then a rule: the letters make English syllables, a consonant cluster before
    the first vowel that can start an English word, one after the last that can end one
    (or a final R, L or M said as a syllable of its own: CRISPR "crisper", TOML "tommel"),
    at most two consonants between vowels, and vowel pairs English reads (no "ii", "aa")."""
    if letters in WORD_ACRONYMS or letters in CAPITALIZED_WORDS:
        return True
    if (
        letters in SPELLED_ACRONYMS
        or len(letters) <= 3
        or not _VOWELS & set(letters[1:-1] or letters)
    ):
        return False
    word = re.sub(r"^y(?=[aeiou])", "j", letters.lower())  # YAML: a "y" before a vowel
    runs = re.findall(r"[aeiouy]{2,}", word)
    if any(len(run) > 2 or run not in _VOWEL_PAIRS for run in runs):
        return False
    if re.search(r"[^aeiouy][rlm]$", word) and _syllables_fit(word[:-1]):
        return True
    return _syllables_fit(word)


def _syllables_fit(word: str) -> bool:
    """Whether the consonants around and between the vowels of `word` are English-shaped."""
    if not any(ch in "aeiouy" for ch in word):
        return False
    first_vowel = next((i for i, ch in enumerate(word) if ch in "aeiouy"), len(word))
    last_vowel = max(i for i, ch in enumerate(word) if ch in "aeiouy")
    onset, coda = word[:first_vowel], word[last_vowel + 1 :]
    onset_ok = len(onset) <= 1 or onset in _ONSETS
    coda_ok = len(coda) <= 1 or coda in _CODAS
    middle = re.findall(r"[^aeiouy]+", word[first_vowel : last_vowel + 1])
    return onset_ok and coda_ok and all(len(cluster) <= 2 for cluster in middle)


# Short words of an ALL CAPS line that are English words (lower-cased) besides those shaped
# consonant-vowel-consonant ("SAW", "BIG"); any other word of up to three letters ("EDT", "GDP",
# "CEO") keeps its capitals and is spelled.
SHORT_WORDS = frozenset(
    """a i am an as at be by do go he if in is it me my no of oh ok on or so to up us we
    the and for are you all any one our out too how who why new now old two she use age ago
    aid air ask arm art act add ant ape are awe axe ear eat egg end era eve ewe eye ice ill
    ink ion ire its oak oar oat odd ode off oil old one opt orb ore owe owl own urn via yea
    yes yet boy toy joy sea tea pie tie lie die dye due cue sue fee tee see bee toe foe hoe
    woe row low tow bow cow how now sow vow new few dew sew jaw law raw saw paw fly cry dry
    fry pry shy sky spy sly try why who""".split()
)
_MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
_CVC = re.compile(r"[^aeiou][aeiouy][^aeiou]", re.IGNORECASE)


def shouted_word(word: str) -> str | None:
    """How a word of an ALL CAPS line is written in sentence case: months and weekdays
    capitalized, "I" and time zones kept, other short words that are not English-shaped
    ("EDT", "CEO") and words with no vowel ("HTML") kept in capitals; None for lower case."""
    lowered = word.lower()
    if lowered in _MONTHS_AND_DAYS or word == "I":
        return word.capitalize()
    if word in TIME_ZONES or "." in word or lowered in SHORT_WORDS:
        return word if word in TIME_ZONES else None
    if len(word) <= 3:
        return None if _CVC.fullmatch(word) else word
    return word if not _VOWELS & set(word) else None
