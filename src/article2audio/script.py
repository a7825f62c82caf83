"""Article -> Script: what the voice will say, cue by cue, with the pauses between cues.

Each section gives a heading cue, then one cue per sentence of its text. Sentences longer
than `MAX_CUE_CHARS` are cut at ";" and then ", " so one cue stays short. Every cue's text
goes through `speakable`, which turns written conventions (URLs, symbols, abbreviations,
citations, emoji, typographic punctuation) into words a voice reads well.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from article2audio.lexicon import Lexicon
from article2audio.models import Article, Cue, Script
from article2audio.spoken_numbers import speak_heading_number, speak_numbers

logger = logging.getLogger(__name__)

PAUSE_AFTER_HEADING_MS = 800
PAUSE_BETWEEN_SENTENCES_MS = 250
PAUSE_AFTER_PARAGRAPH_MS = 700
PAUSE_AFTER_SECTION_MS = 1500
MAX_CUE_CHARS = 300

# Words that end in "." without ending the sentence (compared lower-case, without the dot).
# Dotted acronyms ("U.S.", "a.m.") and single-letter initials ("J.") count as well.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st mt ft vs cf al approx gen col lt capt sgt maj rev gov sen rep
    pres hon incl esp viz""".split()
)
# Abbreviations that only hold the sentence together before a number ("No. 5", "Fig. 2").
NUMBER_ABBREVIATIONS = frozenset(
    """no nos fig figs vol vols p pp ch sec art jan feb mar apr jun jul aug sep sept oct
    nov dec""".split()
)

_SENTENCE_BREAK = re.compile(r"""([.!?…]+["'”’)\]]*)\s+(?=["“‘'(\[]?[A-Z0-9])""")
_WORD_BEFORE = re.compile(r"(\S+)$")
_DOTTED_ACRONYM = re.compile(r"^(?:[a-z]\.)+[a-z]$")
_ROMAN_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Z][a-z]+)\.\s+")
_BULLET = re.compile(r"^\s*(?:[-*•+‣◦▪]|\(?[a-z0-9]\))\s+")


def build_script(article: Article, lexicon: Lexicon | None = None) -> Script:
    """Turn an Article into a Script: a heading cue per section, then its sentences."""
    lang = article.meta.get("lang") or "en"

    def say(text: str) -> str:
        return speakable(lexicon.apply(text) if lexicon else text, lang)

    def say_heading(text: str) -> str:
        return say(speak_heading_number(text) if lang == "en" else text)

    cues: list[Cue] = []
    for index, section in enumerate(article.sections):
        heading = say_heading(section.title) or say(article.title) or f"Part {index + 1}"
        cues.append(Cue(index, "heading", heading, PAUSE_AFTER_HEADING_MS))
        cues.extend(_section_cues(index, section.text, say))
        cues[-1].pause_after_ms = PAUSE_AFTER_SECTION_MS
    if cues:
        cues[-1].pause_after_ms = 0
    logger.debug("script: %d cues in %d sections", len(cues), len(article.sections))
    return Script(
        title=article.title,
        chapter_titles=[section.title for section in article.sections],
        cues=cues,
    )


def _section_cues(section_index: int, text: str, say: Callable[[str], str]) -> list[Cue]:
    """One cue per sentence of a section's text, with sentence and paragraph pauses."""
    cues: list[Cue] = []
    for paragraph in re.split(r"\n\s*\n", text):
        sentences = [
            spoken
            for line in paragraph.split("\n")
            for sentence in split_sentences(_BULLET.sub("", line))
            for piece in split_long(sentence)
            if (spoken := say(piece))
        ]
        for sentence in sentences:
            cues.append(Cue(section_index, "sentence", sentence, PAUSE_BETWEEN_SENTENCES_MS))
        if sentences:
            cues[-1].pause_after_ms = PAUSE_AFTER_PARAGRAPH_MS
    return cues


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at . ? ! before a capital, digit or quote; spare abbreviations."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        before_number = text[match.end() : match.end() + 1].isdigit()
        if _ends_with_abbreviation(text[start : match.end(1)], before_number):
            continue
        sentences.append(text[start : match.end(1)].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


def _ends_with_abbreviation(text: str, before_number: bool = False) -> bool:
    """Whether text ends with an abbreviation or an initial ("Mr.", "e.g.", "U.S.", "J.")."""
    if not text.endswith("."):
        return False
    match = _WORD_BEFORE.search(text)
    word = match.group(1).lstrip("\"'“‘([").lower().rstrip(".") if match else ""
    if word in ABBREVIATIONS or (before_number and word in NUMBER_ABBREVIATIONS):
        return True
    return (len(word) == 1 and word.isalpha()) or bool(_DOTTED_ACRONYM.match(word))


def split_long(sentence: str, limit: int = MAX_CUE_CHARS) -> list[str]:
    """Cut a sentence longer than `limit` at "; ", then ", ", then spaces, packing pieces."""
    if len(sentence) <= limit:
        return [sentence]
    for separator in ("; ", ", ", " "):
        pieces = _split_keeping(sentence, separator)
        if len(pieces) > 1:
            return [chunk for piece in _pack(pieces, limit) for chunk in split_long(piece, limit)]
    return [sentence]


def _split_keeping(text: str, separator: str) -> list[str]:
    """Split at a separator, keeping its punctuation at the end of the left piece."""
    kept = separator.strip()
    parts = text.split(separator)
    return [part + kept for part in parts[:-1]] + [parts[-1]]


def _pack(pieces: list[str], limit: int) -> list[str]:
    """Join consecutive pieces greedily while the result stays within `limit` characters."""
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(chunks[-1]) + 1 + len(piece) <= limit:
            chunks[-1] = f"{chunks[-1]} {piece}"
        else:
            chunks.append(piece)
    return chunks


# --- speech normalization -------------------------------------------------------------------

_URL = re.compile(r"""\b(?:https?://|www\.)[^\s<>"']*[^\s<>"'.,;:!?)\]’”]""", re.IGNORECASE)
_CITATION = re.compile(r"\s?\[\d+(?:\s?[,–-]\s?\d+)*\]")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0e\ufe0f\u200d\u20e3"
    "\U000e0020-\U000e007f]"
)
_EMAIL = re.compile(r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")
_MENTION_OR_TAG = re.compile(r"(?<![\w@#&/])[@#]([^\W\d]\w{1,30})\b")
_LATEX = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|\\[a-zA-Z]+(?:\{[^}]*\})*", re.DOTALL)
_SCALE_WORDS = {
    "k": "thousand",
    "thousand": "thousand",
    "m": "million",
    "mn": "million",
    "million": "million",
    "b": "billion",
    "bn": "billion",
    "billion": "billion",
    "trillion": "trillion",
}
_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)(?:\s?(k|mn?|bn?|thousand|million|billion|trillion)\b)?"
_CURRENCY_BEFORE = re.compile(r"([$€£])\s?" + _AMOUNT, re.IGNORECASE)
_CURRENCY_AFTER = re.compile(_AMOUNT + r"\s?([€£])", re.IGNORECASE)
_CURRENCY_NAMES = {"$": ("dollar", "dollars"), "€": ("euro", "euros"), "£": ("pound", "pounds")}
_WORD_ABBREVIATIONS = (
    (re.compile(r"\be\.\s?g\.(?=\s*$)", re.IGNORECASE), "for example."),
    (re.compile(r"\be\.\s?g\.", re.IGNORECASE), "for example"),
    (re.compile(r"\bi\.\s?e\.(?=\s*$)", re.IGNORECASE), "that is."),
    (re.compile(r"\bi\.\s?e\.", re.IGNORECASE), "that is"),
    (re.compile(r"\betc\.(?=\s*$)", re.IGNORECASE), "et cetera."),
    (re.compile(r"\betc\.", re.IGNORECASE), "et cetera"),
    (re.compile(r"\bvs\.?(?=\s)", re.IGNORECASE), "versus"),
    (re.compile(r"\bapprox\.(?=\s)", re.IGNORECASE), "approximately"),
    (re.compile(r"\bincl\.(?=\s)", re.IGNORECASE), "including"),
    (re.compile(r"\besp\.(?=\s)", re.IGNORECASE), "especially"),
    (re.compile(r"\ba\.k\.a\.|\baka\b(?=\s)", re.IGNORECASE), "also known as"),
    (re.compile(r"\bviz\.(?=\s)", re.IGNORECASE), "namely"),
    (re.compile(r"\bcf\.(?=\s)", re.IGNORECASE), "compare"),
    (re.compile(r"(?<!\w)w/o(?=\s)", re.IGNORECASE), "without"),
    (re.compile(r"(?<!\w)w/(?=\s)", re.IGNORECASE), "with"),
)
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u00ad": None,
        "\u200b": None,
        "…": "...",
    }
)


def speakable(text: str, lang: str = "en") -> str:
    """Rewrite written text as text a voice reads well (URLs, symbols, abbreviations, emoji).

    URLs, citations, emoji and typography are handled in every language; symbols and
    abbreviations become English words only for English text (a French voice's own
    front end already says "%" as "pour cent").
    """
    text = re.sub(r"([«‹])\s+", r"\1", re.sub(r"\s+([»›])", r"\1", text))  # « French »
    text = _unshout(text.translate(_QUOTES))
    text = _URL.sub(_url_domain, text)
    text = _MENTION_OR_TAG.sub(r"\1", text)
    text = _CITATION.sub("", text)
    text = _EMOJI.sub("", text)
    text = _LATEX.sub(" ", text)
    if lang == "en":
        text = _speak_english(text)
    text = _speak_dashes(text)
    return _tidy(text)


def _speak_english(text: str) -> str:
    """Money, percent, ampersand, Latin abbreviations, times and years as English words."""
    text = _EMAIL.sub(_spoken_email, text)
    text = _speak_currency(text)
    text = re.sub(r"(\d)\s?%", r"\1 percent", text).replace("%", " percent ")
    text = text.replace("&", " and ")
    for pattern, replacement in _WORD_ABBREVIATIONS:
        text = pattern.sub(lambda m, r=replacement: _same_case(m.group(0), r), text)
    return speak_numbers(text)


def _same_case(written: str, spoken: str) -> str:
    """The spoken words, capitalized when the written abbreviation was ("E.g." -> "For example")."""
    return spoken[:1].upper() + spoken[1:] if written[:1].isupper() else spoken


def _unshout(text: str) -> str:
    """An ALL CAPS line ("WHAT GOES IN IT") in sentence case, so short words are not spelled."""
    numbering = _ROMAN_NUMBERING.match(text)
    prefix, text = (numbering.group(0), text[numbering.end() :]) if numbering else ("", text)
    letters = [ch for ch in text if ch.isalpha()]
    words = [word for word in text.split() if any(ch.isalpha() for ch in word)]
    if len(letters) < 6 or len(words) < 2 or not all(ch.isupper() for ch in letters):
        return prefix + text
    lowered = text.lower()
    first = next(i for i, ch in enumerate(lowered) if ch.isalpha())
    return prefix + lowered[:first] + lowered[first].upper() + lowered[first + 1 :]


def _spoken_email(match: re.Match[str]) -> str:
    """jane.doe@example.com -> jane dot doe at example dot com."""
    user, domain = match.group(1), match.group(2)
    return f"{user.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}"


def _url_domain(match: re.Match[str]) -> str:
    """A URL's domain without "www." (the rest of the URL is not worth saying)."""
    url = match.group(0)
    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    except ValueError:  # "http://[your-server-ip]:8080/": a placeholder in brackets, no address
        bracketed = re.search(r"\[([^\]/]*)\]", url)
        host = bracketed.group(1) if bracketed else ""
    return host.removeprefix("www.")


def _speak_currency(text: str) -> str:
    """$5 -> 5 dollars, €2.5m -> 2.5 million euros, 10 € -> 10 euros."""
    text = _CURRENCY_BEFORE.sub(lambda m: _money(m.group(2), m.group(3), m.group(1)), text)
    return _CURRENCY_AFTER.sub(lambda m: _money(m.group(1), m.group(2), m.group(3)), text)


def _money(amount: str, scale: str | None, symbol: str) -> str:
    """Say an amount of money: number, scale word, currency name (singular for exactly 1)."""
    singular, plural = _CURRENCY_NAMES[symbol]
    name = singular if amount == "1" and not scale else plural
    scale_word = f" {_SCALE_WORDS[scale.lower()]}" if scale else ""
    return f"{amount}{scale_word} {name}"


def _speak_dashes(text: str) -> str:
    """En/em dashes: between numbers "to", between words a comma pause; hyphens kept."""
    text = re.sub(r"(\d)\s?[–—]\s?(\d)", r"\1 to \2", text)
    text = re.sub(r"(\S)\s*[–—]+\s*(?=\S)", r"\1, ", text)
    text = re.sub(r"([^\W\d])\s+--?\s+(?=[^\W\d])", r"\1, ", text)
    return re.sub(r"[–—]", " ", text)


def _tidy(text: str) -> str:
    """Collapse whitespace and mend punctuation left stranded by the rewrites."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r"([.!?;:]),", r"\1", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    return " ".join(text.split()).strip(" ,;")
